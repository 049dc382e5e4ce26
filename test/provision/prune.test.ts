/**
 * Deletion is safe by default: without --prune nothing is deleted; with it only objects of the kinds the file lists,
 * never seeded defaults, dynamically registered clients or the client the CLI is signed in as; a prune asks on a
 * terminal and needs -y otherwise (also under CI). Against the local Identity Service over HTTP.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useService } from './live.js';

const live = useService();

const ALL = 'apiScopes:\n  - name: pr.keep\n  - name: pr.drop\nroles:\n  - name: PrKeep\n  - name: PrDrop\nclients:\n  - clientId: pr-bot\n    allowedGrantTypes: [client_credentials]\n    allowedScopes: [octo_api]\n    clientSecret: pr-bot-secret-value\n  - clientId: pr-drop\n';
// Lists roles and clients without the pr-drop ones and without any seeded object; apiScopes is absent.
const KEPT = 'roles:\n  - name: PrKeep\nclients:\n  - clientId: pr-other\n';

let dcrClient = '';
let botToken = '';
beforeAll(async () => {
  expect((await live.octo(['-c', 'Apply', '-f', live.file('all.yaml', ALL)])).code).toBe(0);
  const reg = await fetch(`${live.server.url}/connect/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'Agent', redirect_uris: ['http://127.0.0.1:33418/callback'], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'none' }),
  });
  dcrClient = ((await reg.json()) as { client_id: string }).client_id;
  const token = await fetch(`${live.server.url}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic ' + Buffer.from('pr-bot:pr-bot-secret-value').toString('base64') },
    body: 'grant_type=client_credentials&scope=octo_api',
  });
  botToken = ((await token.json()) as { access_token: string }).access_token;
});

describe('prune', () => {
  it('without --prune nothing is deleted: the objects are reported as not in file (kept)', async () => {
    const r = await live.octo(['-c', 'Apply', '-f', live.file('kept.yaml', KEPT)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^keep\s+client\s+pr-drop\s+not in file \(kept\)$/m);
    expect(r.stdout).toMatch(/^keep\s+role\s+PrDrop\s+not in file \(kept\)$/m);
    expect(r.stdout).not.toMatch(/^delete/m);
  });

  it('asks on a terminal (no → nothing deleted), refuses without a terminal or under CI unless -y', async () => {
    const f = live.file('prune.yaml', KEPT);
    const w = live.writes();
    let r = await live.octo(['-c', 'Apply', '-f', f, '--prune'], { tty: true, input: 'n\n' });
    expect(r.code).toBe(251);
    expect(r.stderr).toContain('Delete 3 objects that the file does not list (--prune)? (y/N)');
    r = await live.octo(['-c', 'Apply', '-f', f, '--prune']);
    expect(r.code).toBe(251);
    expect(r.stderr).toContain('confirmation required but stdin is not a terminal (pass --yes (-y) to confirm)');
    r = await live.octo(['-c', 'Apply', '-f', f, '--prune'], { tty: true, input: 'y\n', env: { CI: '1' } });
    expect(r.code).toBe(251);
    expect(r.stderr).toContain('CI is set');
    expect(live.writes()).toBe(w);
  });

  it('deletes only listed kinds and never seeded, dynamically registered or signed-in clients', async () => {
    const f = live.file('prune-bot.yaml', KEPT);
    // Signed in as pr-bot (a client-credentials token): pr-bot is not in the file but must stay.
    const env = { OCTO_CLI_ACCESS_TOKEN: botToken };
    let r = await live.octo(['-c', 'Plan', '-f', f, '--prune', '-o', 'json'], { env });
    const json = JSON.parse(r.stdout);
    expect(json.changes.map((c: { action: string; kind: string; name: string }) => `${c.action} ${c.kind} ${c.name}`).sort()).toEqual(['delete client pr-drop', 'delete role PrDrop']);
    const protectedOnes = Object.fromEntries(json.notInFile.map((k: { name: string; protected?: string }) => [k.name, k.protected]));
    expect(protectedOnes).toMatchObject({ 'pr-bot': 'the signed-in client', [dcrClient]: 'dynamically registered', 'octo-cli': 'seeded default', TenantManagement: 'seeded default' });

    r = await live.octo(['-c', 'Apply', '-f', f, '--prune', '-y'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^keep\s+client\s+pr-bot\s+protected: the signed-in client$/m);
    expect(r.stdout).toContain('Apply: 2 applied, 0 failed, 0 skipped.');
    const clientIds = (await (await fetch(`${live.server.url}/octosystem/v1/clients`, { headers: { authorization: `Bearer ${live.token}` } })).json()) as Array<{ clientId: string }>;
    const ids = clientIds.map((c) => c.clientId);
    expect(ids).toEqual(expect.arrayContaining(['pr-bot', 'pr-other', dcrClient, 'octo-cli', 'octo-data-refinery-studio']));
    expect(ids).not.toContain('pr-drop');
    // apiScopes is not a key of the file: pr.drop stays.
    const scopes = (await (await fetch(`${live.server.url}/octosystem/v1/apiScopes`, { headers: { authorization: `Bearer ${live.token}` } })).json()) as Array<{ name: string }>;
    expect(scopes.map((s) => s.name)).toContain('pr.drop');

    // A second prune has nothing left to do.
    const w = live.writes();
    r = await live.octo(['-c', 'Apply', '-f', f, '--prune'], { env });
    expect(r.code).toBe(0);
    expect(live.writes()).toBe(w);
  });
});
