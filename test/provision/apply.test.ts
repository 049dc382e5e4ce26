/**
 * Apply against the local Identity Service over HTTP: create from empty, a second run that sends no write request
 * (the service's request counter), an update of every kind of managed field, partial failure (dependents skipped,
 * independent changes applied, exit 253) and convergence on the next run, and progress only on a terminal.
 */
import { describe, expect, it } from 'vitest';
import { AdminApi } from '../../src/api/client.js';
import { apiResources, apiScopes, clients, groups, roles, secrets } from '../../src/api/resources/index.js';
import { hashSecret } from '../../src/shared/secrets.js';
import { useService } from './live.js';

const live = useService();
const api = () => new AdminApi({ identityUrl: live.server.url, tenant: 'octosystem', fetch, getToken: async () => live.token, sleep: async () => {} });

const FIRST = `
apiScopes:
  - name: ap.read
    displayName: Read
    userClaims: [role]
apiResources:
  - name: apAPI
    displayName: AP API
    scopes: [ap.read]
roles:
  - name: ApAnalyst
  - name: ApViewer
clients:
  - clientId: ap-dashboard
    clientName: Dashboard
    allowedGrantTypes: [authorization_code]
    clientUri: https://dash.example.com/
    redirectUris: [https://dash.example.com/cb]
    allowedCorsOrigins: [https://dash.example.com]
    allowedScopes: [octo_api]
  - clientId: ap-worker
    clientName: Worker
    allowedGrantTypes: [client_credentials]
    allowedScopes: [ap.read]
    clientSecret: \${env:AP_SECRET}
    roles: [ApAnalyst]
groups:
  - groupName: ApChild
  - groupName: ApTeam
    groupDescription: The team
    roles: [ApAnalyst]
    memberClients: [ap-worker]
    memberGroups: [ApChild]
`;

const SECOND = `
apiScopes:
  - name: ap.read
    displayName: Read access
    description: Reads
    isEnabled: false
    isRequired: true
    userClaims: []
apiResources:
  - name: apAPI
    displayName: AP API v2
    showInDiscoveryDocument: false
    scopes: [ap.read, octo_api]
    userClaims: [email]
roles:
  - name: ApAnalyst
  - name: ApViewer
clients:
  - clientId: ap-dashboard
    clientName: Dashboard 2
    isOfflineAccessEnabled: true
    clientUri: https://dash2.example.com/
    redirectUris: [https://dash2.example.com/cb, https://dash.example.com/cb]
    postLogoutRedirectUris: [https://dash2.example.com/]
    allowedCorsOrigins: []
    allowedScopes: [octo_api, ap.read]
    frontChannelLogoutUri: https://dash2.example.com/logout
    autoProvisionInChildTenants: true
  - clientId: ap-worker
    clientName: Worker
    clientSecret: \${env:AP_SECRET}
    roles: [ApViewer, TenantManagement]
groups:
  - groupName: ApChild
  - groupName: ApTeam
    groupDescription: The whole team
    roles: [ApViewer]
    memberClients: [ap-dashboard]
    memberUsers: [admin]
    memberGroups: []
`;

describe('Apply', () => {
  it('creates from empty; a second run makes no write request and reports no changes', async () => {
    const f = live.file('first.yaml', FIRST);
    const env = { AP_SECRET: 'first-secret-value' };
    let w = live.writes();
    let r = await live.octo(['-c', 'Apply', '-f', f], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Plan: 8 to create, 0 to update, 0 to delete, 0 unchanged.');
    expect(r.stdout).toContain('Apply: 8 applied, 0 failed, 0 skipped.');
    expect(live.writes() - w).toBeGreaterThanOrEqual(8);
    expect(r.stderr).toBe('');

    const a = api();
    expect(await secrets.list(a, { kind: 'client', id: 'ap-worker' })).toMatchObject([{ valueEncrypted: hashSecret('first-secret-value') }]);
    const team = await groups.getByName(a, 'ApTeam');
    expect(team.memberClientIds).toEqual([await clients.rtId(a, 'ap-worker')]);
    expect(team.memberGroupIds).toEqual([await groups.rtId(a, 'ApChild')]);

    w = live.writes();
    r = await live.octo(['-c', 'Apply', '-f', f], { env });
    expect(r.code).toBe(0);
    expect(live.writes() - w).toBe(0);
    expect(r.stdout).toBe('No changes. 8 unchanged.\n');
  });

  it('updates every kind of managed field, then converges (Plan: no changes)', async () => {
    const f = live.file('second.yaml', SECOND);
    const env = { AP_SECRET: 'second-secret-value' };
    let r = await live.octo(['-c', 'Plan', '-f', f], { env });
    for (const line of [
      'displayName: "Read" → "Read access"',
      'isEnabled: true → false',
      'userClaims: -role',
      'scopes: +octo_api',
      'showInDiscoveryDocument: true → false',
      'redirectUris: +https://dash2.example.com/cb',
      'allowedCorsOrigins: -https://dash.example.com',
      'allowedScopes: +ap.read',
      'frontChannelLogoutUri: (none) → "https://dash2.example.com/logout"',
      'autoProvisionInChildTenants: false → true',
      "clientSecret: (changes) (replaces all of the client's secrets)",
      'roles: +ApViewer +TenantManagement -ApAnalyst',
      'groupDescription: "The team" → "The whole team"',
      'memberClients: +ap-dashboard -ap-worker',
      'memberUsers: +admin',
      'memberGroups: -ApChild',
    ]) expect(r.stdout).toContain(line);
    expect(r.stdout).toContain('Plan: 0 to create, 5 to update, 0 to delete, 3 unchanged.');

    r = await live.octo(['-c', 'Apply', '-f', f, '-o', 'json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.summary).toEqual({ create: 0, update: 5, delete: 0, unchanged: 3, applied: 5, failed: 0, skipped: 0 });
    expect(json.changes.every((c: { outcome: { status: string } }) => c.outcome.status === 'applied')).toBe(true);

    const a = api();
    expect(await apiScopes.get(a, 'ap.read')).toMatchObject({ displayName: 'Read access', description: 'Reads', isEnabled: false, isRequired: true, userClaims: [] });
    expect(await apiResources.get(a, 'apAPI')).toMatchObject({ displayName: 'AP API v2', showInDiscoveryDocument: false, isEnabled: true, userClaims: ['email'] });
    const dash = await clients.get(a, 'ap-dashboard');
    expect(dash).toMatchObject({ clientName: 'Dashboard 2', isOfflineAccessEnabled: true, allowedCorsOrigins: [], autoProvisionInChildTenants: true, allowedGrantTypes: ['authorization_code'] });
    expect(await secrets.list(a, { kind: 'client', id: 'ap-worker' })).toMatchObject([{ valueEncrypted: hashSecret('second-secret-value') }]);
    const roleNames = new Map((await roles.list(a)).map((x) => [x.id, x.name]));
    expect((await clients.roleIds(a, 'ap-worker')).map((id) => roleNames.get(id)).sort()).toEqual(['ApViewer', 'TenantManagement']);

    const w = live.writes();
    r = await live.octo(['-c', 'Plan', '-f', f, '--detailed-exitcode'], { env });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toBe('No changes. 8 unchanged.\n');
    expect(live.writes()).toBe(w);
  });

  it('a failed change: its dependents are skipped, independent ones applied, exit 253; the next run converges', async () => {
    const f = live.file('partial.yaml', 'apiScopes:\n  - name: flaky.read\napiResources:\n  - name: flakyAPI\n    scopes: [flaky.read]\nroles:\n  - name: SteadyRole\nclients:\n  - clientId: flaky-client\n    allowedScopes: [flaky.read]\n');
    // The service refuses the scope once (a store failure: HTTP 400 with an InternalServerErrorDto body).
    let failures = 1;
    const faulty: typeof fetch = async (input, init) => {
      if (init?.method === 'POST' && String(input).endsWith('/apiScopes') && failures-- > 0) {
        return new Response(JSON.stringify({ statusCode: 500, statusDescription: 'InternalServerError', message: 'store is read-only', details: null }), { status: 400, headers: { 'content-type': 'application/json' } });
      }
      return fetch(input, init);
    };
    let r = await live.octo(['-c', 'Apply', '-f', f], { fetch: faulty });
    expect(r.code).toBe(253);
    expect(r.stdout).toMatch(/^create\s+apiScope\s+flaky\.read\s+failed: .*store is read-only/m);
    expect(r.stdout).toMatch(/^create\s+apiResource\s+flakyAPI\s+skipped: apiScope 'flaky\.read' was not applied/m);
    expect(r.stdout).toMatch(/^create\s+client\s+flaky-client\s+skipped: apiScope 'flaky\.read' was not applied/m);
    expect(r.stdout).toContain('Apply: 1 applied, 1 failed, 2 skipped.');
    expect(r.stderr).toContain('error: 1 change failed, 2 skipped (fix the cause and run Apply again');
    expect((await roles.list(api())).some((x) => x.name === 'SteadyRole')).toBe(true);

    r = await live.octo(['-c', 'Apply', '-f', f]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Apply: 3 applied, 0 failed, 0 skipped.');
    // Objects of the earlier tests are not in this file: kept, and named as such.
    expect((await live.octo(['-c', 'Plan', '-f', f])).stdout).toMatch(/^keep\s+client\s+ap-worker\s+not in file \(kept\)$[\s\S]*^No changes\. 4 unchanged, \d+ not in file \(kept\)\.\n$/m);
  });

  it('shows progress on stderr on a terminal only (not when piped, not under CI)', async () => {
    const f = live.file('progress.yaml', 'roles:\n  - name: Prog1\n  - name: Prog2\n');
    let r = await live.octo(['-c', 'Apply', '-f', f], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\r\x1b\[2K\[\d\/2\]/);
    expect(r.stderr).toContain('[2/2]');
    expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
    // Plan (and Apply's read) spin while the tenant is read, and erase the spinner before the plan is printed.
    const plan = await live.octo(['-c', 'Plan', '-f', f], { tty: true });
    expect(plan.code).toBe(0);
    expect(plan.stderr).toMatch(/^\r\x1b\[2K. Reading the tenant \(\d+ requests\)/);
    expect(plan.stderr.endsWith('\r\x1b[2K')).toBe(true);
    expect((await live.octo(['-c', 'Plan', '-f', f])).stderr).toBe('');
    const g = live.file('progress2.yaml', 'roles:\n  - name: Prog3\n');
    r = await live.octo(['-c', 'Apply', '-f', g]);
    expect(r.stderr).toBe('');
    const h = live.file('progress3.yaml', 'roles:\n  - name: Prog4\n');
    r = await live.octo(['-c', 'Apply', '-f', h], { tty: true, env: { CI: 'true' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
