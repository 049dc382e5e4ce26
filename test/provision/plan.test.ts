/**
 * The plan as a pure function of the files and the tenant: only fields in the file are compared, lists as sets, the
 * client's OIDC default scopes as the service adds them, secrets by hash (never their value), references by name;
 * prune deletes only listed kinds and never a protected object.
 */
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/provision/load.js';
import { plan, type Plan } from '../../src/provision/plan.js';
import type { Actual } from '../../src/provision/read.js';
import { planJson, planText } from '../../src/provision/render.js';
import { clientDto } from '../../src/api/resources/clients.js';
import { apiScopeDto } from '../../src/api/resources/apiScopes.js';
import { hashSecret } from '../../src/shared/secrets.js';
import { FileProblems } from '../../src/provision/load.js';

const desired = (text: string) => loadSources([{ name: 't.yaml', text, dir: '/' }], { env: {}, readFile: async () => '' });

function tenant(over: Partial<Actual> = {}): Actual {
  return {
    apiScopes: [apiScopeDto({ name: 'octo_api', isEnabled: true, showInDiscoveryDocument: true }), apiScopeDto({ name: 'old.scope', isEnabled: true })],
    apiResources: [],
    roles: [
      { id: '660000000000000000000001', name: 'TenantManagement' },
      { id: 'aa0000000000000000000001', name: 'DataAnalyst' },
      { id: 'aa0000000000000000000002', name: 'Legacy' },
    ],
    clients: [
      clientDto({ rtId: '660000000000000000000031', clientId: 'octo-cli', allowedScopes: ['openid', 'profile', 'email', 'role', 'octo_api'] }),
      clientDto({ rtId: 'bb0000000000000000000001', clientId: 'octo-dcr-abc', dynamicRegistration: true }),
      clientDto({ rtId: 'bb0000000000000000000002', clientId: 'ci-bot' }),
      clientDto({ rtId: 'bb0000000000000000000003', clientId: 'old-app' }),
      clientDto({
        rtId: 'bb0000000000000000000004',
        clientId: 'dash',
        clientName: 'Dash',
        isEnabled: true,
        redirectUris: ['https://d.example/cb', 'https://d.example/old'],
        allowedScopes: ['openid', 'profile', 'email', 'role', 'octo_api'],
        isOfflineAccessEnabled: false,
      }),
    ],
    groups: [],
    clientSecrets: new Map([['dash', [hashSecret('right')]]]),
    clientRoles: new Map([['dash', ['aa0000000000000000000002']]]),
    ...over,
  };
}

const fields = (p: Plan, name: string) => p.changes.find((c) => c.name === name)?.fields;

describe('comparing', () => {
  it('unchanged when every field in the file matches (absent fields, list order and the OIDC default scopes do not count)', async () => {
    const d = await desired('clients:\n  - clientId: dash\n    clientName: Dash\n    redirectUris: [https://d.example/old, https://d.example/cb]\n    allowedScopes: [octo_api]\n    clientSecret: right\n    roles: [legacy]\n');
    const p = plan(d, tenant(), { prune: false });
    expect(p.changes).toEqual([]);
    expect(p.unchanged).toBe(1);
  });

  it('updates name each changed field: scalars as old → new, lists as added/removed, the secret as (changes) only', async () => {
    const d = await desired(
      'clients:\n  - clientId: dash\n    clientName: Dashboard\n    isOfflineAccessEnabled: true\n    redirectUris: [https://d.example/cb, https://d.example/new]\n    allowedScopes: []\n    clientSecret: other-secret-value\n    roles: [DataAnalyst]\n',
    );
    const p = plan(d, tenant(), { prune: false });
    expect(p.changes.map((c) => [c.action, c.kind, c.name])).toEqual([['update', 'client', 'dash']]);
    expect(fields(p, 'dash')).toEqual([
      { path: 'clientName', from: 'Dash', to: 'Dashboard' },
      { path: 'redirectUris', from: ['https://d.example/cb', 'https://d.example/old'], to: ['https://d.example/cb', 'https://d.example/new'], added: ['https://d.example/new'], removed: ['https://d.example/old'] },
      { path: 'allowedScopes', from: ['openid', 'profile', 'email', 'role', 'octo_api'], to: ['openid', 'profile', 'email', 'role'], added: [], removed: ['octo_api'] },
      { path: 'isOfflineAccessEnabled', from: false, to: true },
      { path: 'roles', from: ['Legacy'], to: ['DataAnalyst'], added: ['DataAnalyst'], removed: ['Legacy'] },
      { path: 'clientSecret', from: '(set)', to: '(changes)', note: "replaces all of the client's secrets" },
    ]);
    const text = await planText({ io: { color: false } as never, wide: true }, p, { prune: false });
    expect(text).toContain('clientName: "Dash" → "Dashboard"');
    expect(text).toContain('redirectUris: +https://d.example/new -https://d.example/old');
    expect(text).toContain("clientSecret: (changes) (replaces all of the client's secrets)");
    expect(text).toMatch(/Plan: 0 to create, 1 to update, 0 to delete, 0 unchanged, 2 not in file \(kept\)\.\n$/);
    for (const out of [text, JSON.stringify(planJson(p))]) {
      expect(out).not.toContain('other-secret-value');
      expect(out).not.toContain(hashSecret('other-secret-value'));
    }
  });

  it('a new client with a secret shows (set); a new scope, resource, role and group are creates that later levels depend on', async () => {
    const d = await desired(
      'apiScopes:\n  - name: s.read\napiResources:\n  - name: r\n    scopes: [s.read]\nroles:\n  - name: NewRole\nclients:\n  - clientId: w\n    clientSecret: x\n    roles: [NewRole]\ngroups:\n  - groupName: G\n    memberClients: [w]\n    roles: [NewRole, TenantManagement]\n',
    );
    const p = plan(d, tenant(), { prune: false });
    expect(p.changes.map((c) => `${c.action} ${c.kind} ${c.name} <- ${c.dependsOn.join(',')}`)).toEqual([
      'create apiScope s.read <- ',
      'create apiResource r <- apiScope:s.read',
      'create role NewRole <- ',
      'create client w <- role:newrole',
      'create group G <- role:newrole,client:w',
    ]);
    expect(fields(p, 'w')).toEqual([{ path: 'clientSecret', from: '(none)', to: '(set)' }]);
  });

  it('an unknown role, client or user is an error at its place in the file; an unknown scope a warning', async () => {
    const d = await desired('clients:\n  - clientId: w\n    allowedScopes: [octo_apii, openid]\n    roles: [DataAnalist]\ngroups:\n  - groupName: G\n    memberClients: [nobody]\n');
    let err: unknown;
    try {
      plan(d, tenant(), { prune: false });
    } catch (e) {
      err = e;
    }
    expect((err as FileProblems).problems).toEqual([
      "t.yaml:4:13: clients[0].roles[0]: role 'DataAnalist' is neither in the file nor on the server (did you mean DataAnalyst?)",
      "t.yaml:7:21: groups[0].memberClients[0]: client 'nobody' is neither in the file nor on the server",
    ]);
    const ok = plan(await desired('clients:\n  - clientId: w\n    allowedScopes: [octo_apii, openid, offline_access]\n'), tenant(), { prune: false });
    expect(ok.warnings).toEqual(["t.yaml:3:21: clients[0].allowedScopes[0]: API scope 'octo_apii' is neither in the file nor on the server (did you mean octo_api?)"]);
  });
});

describe('deleting', () => {
  it('without prune nothing is deleted: objects not in the file are kept', async () => {
    const p = plan(await desired('clients: []\n'), tenant(), { prune: false });
    expect(p.changes).toEqual([]);
    expect(p.kept.filter((k) => !k.protected).map((k) => k.name)).toEqual(['ci-bot', 'old-app', 'dash']);
  });

  it('prune deletes only listed kinds, never seeded defaults, dynamically registered clients or the signed-in client', async () => {
    const p = plan(await desired('clients: []\nroles:\n  - name: DataAnalyst\n'), tenant(), { prune: true, signedInClient: 'ci-bot' });
    expect(p.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual(['delete client old-app', 'delete client dash', 'delete role Legacy']);
    expect(p.kept).toEqual([
      { kind: 'client', name: 'octo-cli', protected: 'seeded default' },
      { kind: 'client', name: 'octo-dcr-abc', protected: 'dynamically registered' },
      { kind: 'client', name: 'ci-bot', protected: 'the signed-in client' },
      { kind: 'role', name: 'TenantManagement', protected: 'seeded default' },
    ]);
    // apiScopes is not a key of the file: old.scope stays, not even reported.
    expect(JSON.stringify(planJson(p))).not.toContain('old.scope');
  });
});
