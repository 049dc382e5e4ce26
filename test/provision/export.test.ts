/**
 * Export against the local Identity Service: stable order, names not ids, defaults and read-only fields left out, no
 * secret value anywhere (every output and the exported file are searched for the secret and its hash); Plan of the
 * export against the same tenant says "No changes."; Export → Apply to a fresh service → Plan says "No changes.".
 */
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hashSecret } from '../../src/shared/secrets.js';
import { startService, useService, type LiveService } from './live.js';

const live = useService();
const SECRET = 'export-secret-Zq81';
const outputs: string[] = [];
const record = <T extends { stdout: string; stderr: string }>(r: T) => (outputs.push(r.stdout, r.stderr), r);

const TENANT = `
apiScopes:
  - name: ex.write
    displayName: Write
  - name: ex.read
    isRequired: true
apiResources:
  - name: exAPI
    scopes: [ex.write, ex.read]
    userClaims: [role]
roles:
  - name: ExRole
clients:
  - clientId: ex-worker
    clientName: Export Worker
    allowedGrantTypes: [client_credentials]
    allowedScopes: [ex.read, octo_api]
    clientSecret: \${env:EX_SECRET}
    roles: [ExRole]
  - clientId: ex-app
    clientName: Export App
    allowedGrantTypes: [authorization_code]
    clientUri: https://app.example.com/
    redirectUris: [https://app.example.com/b, https://app.example.com/a]
    isEnabled: false
groups:
  - groupName: ExGroup
    groupDescription: Exported
    roles: [ExRole, DashboardViewer]
    memberClients: [ex-worker]
`;

let fresh: LiveService | undefined;
afterAll(async () => {
  await fresh?.server.close();
});

describe('Export', () => {
  it('writes the tenant without secrets; Plan of the export against the same tenant says No changes', async () => {
    const env = { EX_SECRET: SECRET };
    expect(record(await live.octo(['-c', 'Apply', '-f', live.file('tenant.yaml', TENANT)], { env })).code).toBe(0);
    const out = join(live.dir, 'export.yaml');
    let r = record(await live.octo(['-c', 'Export', '-f', out]));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`Exported 2 apiScopes, 1 apiResources, 1 roles, 2 clients, 1 groups to ${out}\n`);
    const text = readFileSync(out, 'utf8');
    outputs.push(text);
    expect(parse(text)).toEqual({
      tenant: 'octosystem',
      apiScopes: [{ name: 'ex.read', isRequired: true }, { name: 'ex.write', displayName: 'Write' }],
      apiResources: [{ name: 'exAPI', userClaims: ['role'], scopes: ['ex.read', 'ex.write'] }],
      roles: [{ name: 'ExRole' }],
      clients: [
        { clientId: 'ex-app', clientName: 'Export App', isEnabled: false, clientUri: 'https://app.example.com/', allowedGrantTypes: ['authorization_code'], redirectUris: ['https://app.example.com/b', 'https://app.example.com/a'] },
        { clientId: 'ex-worker', clientName: 'Export Worker', requireClientSecret: true, allowedGrantTypes: ['client_credentials'], allowedScopes: ['ex.read', 'octo_api'], roles: ['ExRole'] },
      ],
      groups: [{ groupName: 'ExGroup', groupDescription: 'Exported', roles: ['DashboardViewer', 'ExRole'], memberClients: ['ex-worker'] }],
    });
    // Stable: a second export is byte for byte the same.
    expect(record(await live.octo(['-c', 'Export'])).stdout).toBe(text);

    r = record(await live.octo(['-c', 'Plan', '-f', out, '--detailed-exitcode']));
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toBe('No changes. 7 unchanged.\n');

    // With the seeded defaults too (and fields at their defaults): still no changes against the same tenant.
    r = record(await live.octo(['-c', 'Export', '--include-defaults', '-o', 'json']));
    const all = JSON.parse(r.stdout);
    expect(all.clients.map((c: { clientId: string }) => c.clientId)).toContain('octo-cli');
    const withDefaults = live.file('defaults.json', r.stdout);
    r = record(await live.octo(['-c', 'Plan', '-f', withDefaults, '--detailed-exitcode']));
    expect(r.code, r.stdout).toBe(0);
  });

  it("leaves the user's own files beside the exported one alone (a numbered backup is not a temp file of octo-cli)", async () => {
    const out = join(live.dir, 'backup-test.yaml');
    const backup = `${out}.1`;
    writeFileSync(backup, 'the user\'s backup\n');
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(backup, old, old); // older than a minute: what the temp-file sweep of contexts.json would remove
    const r = await live.octo(['-c', 'Export', '-f', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(backup)).toBe(true);
    expect(readFileSync(backup, 'utf8')).toBe("the user's backup\n");
  });

  it('Export → Apply to a fresh service → Plan says No changes', async () => {
    fresh = await startService();
    const file = fresh.file('from-live.yaml', readFileSync(join(live.dir, 'export.yaml'), 'utf8'));
    let r = record(await fresh.octo(['-c', 'Apply', '-f', file]));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Apply: 7 applied, 0 failed, 0 skipped.');
    r = record(await fresh.octo(['-c', 'Plan', '-f', file]));
    expect(r.stdout).toBe('No changes. 7 unchanged.\n');
    // Adding the secret to the exported file sets it; Plan then shows it set, never its value.
    const withSecret = fresh.file('with-secret.yaml', readFileSync(file, 'utf8').replace('  - clientId: ex-worker\n', '  - clientId: ex-worker\n    clientSecret: ${env:EX_SECRET}\n'));
    r = record(await fresh.octo(['-c', 'Apply', '-f', withSecret, '-o', 'json'], { env: { EX_SECRET: SECRET } }));
    expect(JSON.parse(r.stdout).changes[0].fields).toEqual([{ path: 'clientSecret', from: '(none)', to: '(set)' }]);
    r = record(await fresh.octo(['-c', 'Plan', '-f', withSecret, '--verbose'], { env: { EX_SECRET: SECRET } }));
    expect(r.stdout).toBe('No changes. 7 unchanged.\n');
  });

  it('no output and no exported file ever holds the secret or its hash', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const text of outputs) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(hashSecret(SECRET));
    }
  });
});
