/**
 * The plan field by field, for every kind: which fields of the file are compared with the tenant (with the defaults
 * the service stores for an absent boolean), how ids on the server become names in the plan, group members and
 * their problems, the objects that stay (kept or protected), and the summary counts a user reads.
 */
import { describe, expect, it } from 'vitest';
import { loadSources, FileProblems } from '../../src/provision/load.js';
import { nameOf, plan, protectedReason, summaryOf, type Plan } from '../../src/provision/plan.js';
import type { Actual } from '../../src/provision/read.js';
import { clientDto } from '../../src/api/resources/clients.js';
import { apiScopeDto } from '../../src/api/resources/apiScopes.js';
import { apiResourceDto } from '../../src/api/resources/apiResources.js';
import type { GroupDto } from '../../src/api/resources/groups.js';
import type { UserDto } from '../../src/api/resources/users.js';

const desired = (text: string) => loadSources([{ name: 't.yaml', text, dir: '/' }], { env: {}, readFile: async () => '' });

const group = (g: Partial<GroupDto> & { id: string; groupName: string }): GroupDto => ({
  groupDescription: null,
  roleIds: [],
  memberUserIds: [],
  memberExternalUserIds: [],
  memberClientIds: [],
  memberGroupIds: [],
  ...g,
});
const user = (userId: string, name: string): UserDto => ({ userId, name, firstName: null, lastName: null, email: null, resetPasswordOnLogin: false, externalLogins: null });

function tenant(over: Partial<Actual> = {}): Actual {
  return {
    apiScopes: [apiScopeDto({ name: 'orders.read', displayName: 'Orders', description: 'Read orders', isEnabled: true, userClaims: ['email'] }), apiScopeDto({ name: null as never })],
    apiResources: [
      apiResourceDto({ name: 'orders', displayName: 'Orders API', isEnabled: true, scopes: ['orders.read'], userClaims: ['role'], allowedAccessTokenSigningAlgorithms: ['RS256'] }),
      apiResourceDto({ name: 'https://mcp.example.com/' }),
      apiResourceDto({ name: null as never }),
    ],
    roles: [
      { id: 'AA0000000000000000000001', name: 'Reader' },
      { id: 'aa0000000000000000000002', name: 'Writer' },
      { id: null, name: 'NoId' },
      { id: 'aa0000000000000000000009', name: null },
    ],
    clients: [
      clientDto({ rtId: 'BB0000000000000000000001', clientId: 'app', clientName: 'App', isEnabled: true, allowedGrantTypes: ['client_credentials'], allowedScopes: ['openid', 'profile', 'email', 'role'] }),
      clientDto({ rtId: 'bb0000000000000000000002', clientId: 'svc' }),
      clientDto({ rtId: null as never, clientId: 'noRtId' }),
    ],
    groups: [
      group({ id: 'CC0000000000000000000001', groupName: 'Team', groupDescription: 'The team', roleIds: ['aa0000000000000000000001'], memberClientIds: ['bb0000000000000000000001'], memberUserIds: ['DD0000000000000000000001'], memberGroupIds: ['cc0000000000000000000002'] }),
      group({ id: 'cc0000000000000000000002', groupName: 'Sub' }),
      group({ id: 'cc0000000000000000000003', groupName: 'Empty', roleIds: undefined as never, memberClientIds: undefined as never, memberUserIds: undefined as never, memberGroupIds: undefined as never }),
    ],
    users: [user('dd0000000000000000000001', 'Alice'), user('dd0000000000000000000002', 'Bob'), user(null as never, 'Ghost')],
    clientSecrets: new Map(),
    clientRoles: new Map([['app', ['aa0000000000000000000002', 'ee0000000000000000000000']]]),
    ...over,
  };
}

const only = (p: Plan) => {
  expect(p.changes).toHaveLength(1);
  return p.changes[0]!;
};
function problems(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FileProblems);
    return (err as FileProblems).problems;
  }
  throw new Error('expected FileProblems');
}

describe('API scopes', () => {
  it('every managed field, an absent boolean read as false', async () => {
    const d = await desired('apiScopes:\n  - name: orders.read\n    displayName: Orders!\n    description: All orders\n    isEnabled: false\n    showInDiscoveryDocument: true\n    isRequired: true\n    isEmphasize: true\n    userClaims: [email, name]\n');
    const c = only(plan(d, tenant(), { prune: false }));
    expect(c).toMatchObject({ action: 'update', kind: 'apiScope', name: 'orders.read' });
    expect(c.fields).toEqual([
      { path: 'displayName', from: 'Orders', to: 'Orders!' },
      { path: 'description', from: 'Read orders', to: 'All orders' },
      { path: 'isEnabled', from: true, to: false },
      { path: 'showInDiscoveryDocument', from: false, to: true },
      { path: 'isRequired', from: false, to: true },
      { path: 'isEmphasize', from: false, to: true },
      { path: 'userClaims', from: ['email'], to: ['email', 'name'], added: ['name'], removed: [] },
    ]);
  });

  it('the same values are unchanged; false for a field the server left null is the same', async () => {
    const t = tenant({ apiScopes: [{ ...apiScopeDto({ name: 'orders.read', displayName: 'Orders', isEnabled: true }), isRequired: null as never, userClaims: null }] });
    const p = plan(await desired('apiScopes:\n  - name: orders.read\n    displayName: Orders\n    isEnabled: true\n    isRequired: false\n    userClaims: []\n'), t, { prune: false });
    expect(p.changes).toEqual([]);
    expect(p.unchanged).toBe(1);
  });

  it('a new scope is a create without field changes', async () => {
    expect(only(plan(await desired('apiScopes:\n  - name: new.scope\n    displayName: New\n'), tenant(), { prune: false }))).toMatchObject({ action: 'create', kind: 'apiScope', name: 'new.scope', fields: [], dependsOn: [] });
  });
});

describe('API resources', () => {
  it('every managed field', async () => {
    const d = await desired(
      'apiResources:\n  - name: orders\n    displayName: Orders\n    description: d\n    isEnabled: false\n    showInDiscoveryDocument: true\n    userClaims: []\n    scopes: [orders.read, openid]\n    allowedAccessTokenSigningAlgorithms: [ES256]\n',
    );
    const p = plan(d, tenant(), { prune: false });
    expect(only(p).fields).toEqual([
      { path: 'displayName', from: 'Orders API', to: 'Orders' },
      { path: 'description', from: null, to: 'd' },
      { path: 'isEnabled', from: true, to: false },
      { path: 'showInDiscoveryDocument', from: false, to: true },
      { path: 'userClaims', from: ['role'], to: [], added: [], removed: ['role'] },
      { path: 'scopes', from: ['orders.read'], to: ['orders.read', 'openid'], added: ['openid'], removed: [] },
      { path: 'allowedAccessTokenSigningAlgorithms', from: ['RS256'], to: ['ES256'], added: ['ES256'], removed: ['RS256'] },
    ]);
    expect(p.warnings).toEqual([]);
  });

  it('an unknown scope of a resource is a warning at its place; a scope created in the same file is a dependency', async () => {
    const p = plan(await desired('apiScopes:\n  - name: s.new\napiResources:\n  - name: r\n    scopes: [s.new, s.nope]\n'), tenant(), { prune: false });
    expect(p.warnings).toEqual(["t.yaml:5:21: apiResources[0].scopes[1]: API scope 's.nope' is neither in the file nor on the server"]);
    expect(p.changes.find((c) => c.name === 'r')?.dependsOn).toEqual(['apiScope:s.new']);
  });

  it('the MCP resource named by its URL is protected; so is octoAPI', () => {
    expect(protectedReason('apiResource', 'https://mcp.example.com/', undefined, {})).toBe('seeded default');
    expect(protectedReason('apiResource', 'http://mcp.local/', undefined, {})).toBe('seeded default');
    expect(protectedReason('apiResource', 'octoAPI', undefined, {})).toBe('seeded default');
    expect(protectedReason('apiResource', 'orders', undefined, {})).toBeUndefined();
    expect(protectedReason('apiResource', 'see https://x/', undefined, {})).toBeUndefined();
    expect(protectedReason('apiScope', 'https://mcp.example.com/', undefined, {})).toBeUndefined();
  });

  it('prune deletes resources not in the file but never the protected ones', async () => {
    const p = plan(await desired('apiResources: []\n'), tenant(), { prune: true });
    expect(p.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual(['delete apiResource orders']);
    expect(p.changes[0]).toMatchObject({ fields: [], dependsOn: [] });
    expect(p.kept).toEqual([{ kind: 'apiResource', name: 'https://mcp.example.com/', protected: 'seeded default' }]);
  });
});

describe('clients', () => {
  it('every managed scalar, with the service defaults for absent booleans', async () => {
    const d = await desired(
      [
        'clients:',
        '  - clientId: app',
        '    clientName: App 2',
        '    isEnabled: false',
        '    requireClientSecret: true',
        '    clientUri: https://app.example/',
        '    allowedGrantTypes: [client_credentials, authorization_code]',
        '    postLogoutRedirectUris: [https://app.example/out]',
        '    allowedCorsOrigins: [https://app.example]',
        '    isOfflineAccessEnabled: true',
        '    frontChannelLogoutUri: https://app.example/fc',
        '    frontChannelLogoutSessionRequired: true',
        '    backChannelLogoutUri: https://app.example/bc',
        '    backChannelLogoutSessionRequired: true',
        '    autoProvisionInChildTenants: true',
        '',
      ].join('\n'),
    );
    expect(only(plan(d, tenant(), { prune: false })).fields).toEqual([
      { path: 'clientName', from: 'App', to: 'App 2' },
      { path: 'isEnabled', from: true, to: false },
      { path: 'requireClientSecret', from: false, to: true },
      { path: 'clientUri', from: null, to: 'https://app.example/' },
      { path: 'allowedGrantTypes', from: ['client_credentials'], to: ['client_credentials', 'authorization_code'], added: ['authorization_code'], removed: [] },
      { path: 'postLogoutRedirectUris', from: [], to: ['https://app.example/out'], added: ['https://app.example/out'], removed: [] },
      { path: 'allowedCorsOrigins', from: [], to: ['https://app.example'], added: ['https://app.example'], removed: [] },
      { path: 'isOfflineAccessEnabled', from: false, to: true },
      { path: 'frontChannelLogoutUri', from: null, to: 'https://app.example/fc' },
      { path: 'frontChannelLogoutSessionRequired', from: false, to: true },
      { path: 'backChannelLogoutUri', from: null, to: 'https://app.example/bc' },
      { path: 'backChannelLogoutSessionRequired', from: false, to: true },
      { path: 'autoProvisionInChildTenants', from: false, to: true },
    ]);
  });

  it('false for booleans the server left null is unchanged; absent fields are not managed', async () => {
    const t = tenant({ clients: [{ ...clientDto({ clientId: 'app', rtId: 'bb0000000000000000000001' }), isEnabled: null as never, requireClientSecret: null as never, isOfflineAccessEnabled: null as never, frontChannelLogoutSessionRequired: null as never, backChannelLogoutSessionRequired: null as never, autoProvisionInChildTenants: null as never }] });
    const d = await desired('clients:\n  - clientId: app\n    isEnabled: false\n    requireClientSecret: false\n    isOfflineAccessEnabled: false\n    frontChannelLogoutSessionRequired: false\n    backChannelLogoutSessionRequired: false\n    autoProvisionInChildTenants: false\n');
    const p = plan(d, t, { prune: false });
    expect(p.changes).toEqual([]);
    expect(p.unchanged).toBe(1);
  });

  it("roles by name (any case) against the client's role ids; an id nobody knows is shown as it is", async () => {
    const c = only(plan(await desired('clients:\n  - clientId: app\n    roles: [READER, writer]\n'), tenant(), { prune: false }));
    expect(c.fields).toEqual([{ path: 'roles', from: ['Writer', 'ee0000000000000000000000'], to: ['READER', 'writer'], added: ['READER'], removed: ['ee0000000000000000000000'] }]);
    expect(c.dependsOn).toEqual([]);
    const none = only(plan(await desired('clients:\n  - clientId: svc\n    roles: [Reader]\n'), tenant(), { prune: false }));
    expect(none.fields).toEqual([{ path: 'roles', from: [], to: ['Reader'], added: ['Reader'], removed: [] }]);
  });

  it('an unchanged client secret is not a change; a second hash on the server is', async () => {
    const { hashSecret } = await import('../../src/shared/secrets.js');
    const d = await desired('clients:\n  - clientId: app\n    clientSecret: s3cret\n');
    expect(plan(d, tenant({ clientSecrets: new Map([['app', [hashSecret('s3cret')]]]) }), { prune: false }).changes).toEqual([]);
    expect(only(plan(d, tenant({ clientSecrets: new Map([['app', [hashSecret('s3cret'), hashSecret('old')]]]) }), { prune: false })).fields).toEqual([
      { path: 'clientSecret', from: '(set)', to: '(changes)', note: "replaces all of the client's secrets" },
    ]);
    expect(only(plan(d, tenant(), { prune: false })).fields).toEqual([{ path: 'clientSecret', from: '(none)', to: '(set)' }]);
  });

  it('protected clients: seeded, dynamically registered (flag or name), the signed-in one', () => {
    expect(protectedReason('client', 'octo-cli', undefined, {})).toBe('seeded default');
    expect(protectedReason('client', 'x', { dynamicRegistration: true }, {})).toBe('dynamically registered');
    expect(protectedReason('client', 'octo-dcr-1', undefined, {})).toBe('dynamically registered');
    expect(protectedReason('client', 'my-octo-dcr-1', { dynamicRegistration: false }, {})).toBeUndefined();
    expect(protectedReason('client', 'ci', {}, { signedInClient: 'ci' })).toBe('the signed-in client');
    expect(protectedReason('client', 'ci', {}, { signedInClient: 'other' })).toBeUndefined();
    expect(protectedReason('client', 'ci', {}, {})).toBeUndefined();
    expect(protectedReason('role', 'octo-dcr-1', undefined, { signedInClient: 'octo-dcr-1' })).toBeUndefined();
  });
});

describe('groups', () => {
  it('description, roles, member clients, users and groups by name', async () => {
    const d = await desired('groups:\n  - groupName: team\n    groupDescription: Our team\n    roles: [writer]\n    memberClients: [svc]\n    memberUsers: [BOB]\n    memberGroups: [Empty]\n');
    const c = only(plan(d, tenant(), { prune: false }));
    expect(c).toMatchObject({ action: 'update', kind: 'group', name: 'team' });
    expect(c.fields).toEqual([
      { path: 'groupDescription', from: 'The team', to: 'Our team' },
      { path: 'roles', from: ['Reader'], to: ['writer'], added: ['writer'], removed: ['Reader'] },
      { path: 'memberClients', from: ['app'], to: ['svc'], added: ['svc'], removed: ['app'] },
      { path: 'memberUsers', from: ['Alice'], to: ['BOB'], added: ['BOB'], removed: ['Alice'] },
      { path: 'memberGroups', from: ['Sub'], to: ['Empty'], added: ['Empty'], removed: ['Sub'] },
    ]);
  });

  it('the same members in another case are unchanged; a group with no lists on the server has none', async () => {
    const same = await desired('groups:\n  - groupName: TEAM\n    groupDescription: The team\n    roles: [READER]\n    memberClients: [app]\n    memberUsers: [alice]\n    memberGroups: [SUB]\n');
    expect(plan(same, tenant(), { prune: false }).changes).toEqual([]);
    const empty = await desired('groups:\n  - groupName: Empty\n    roles: []\n    memberClients: []\n    memberUsers: []\n    memberGroups: []\n');
    const p = plan(empty, tenant(), { prune: false });
    expect(p.changes).toEqual([]);
    expect(p.unchanged).toBe(1);
  });

  it('an unknown user, a group that is its own member, an unknown group: problems at their place', async () => {
    const d = await desired('groups:\n  - groupName: Team\n    memberUsers: [alice, Ghost, carol]\n    memberGroups: [team, nowhere]\n');
    expect(problems(() => plan(d, tenant(), { prune: false }))).toEqual([
      "t.yaml:4:26: groups[0].memberGroups[1]: group 'nowhere' is neither in the file nor on the server",
      "t.yaml:3:26: groups[0].memberUsers[1]: user 'Ghost' does not exist on the server",
      "t.yaml:3:33: groups[0].memberUsers[2]: user 'carol' does not exist on the server",
      't.yaml:4:20: groups[0].memberGroups[0]: a group cannot be a member of itself',
    ]);
  });

  it('without users read from the server, every member user is unknown', async () => {
    const d = await desired('groups:\n  - groupName: Team\n    memberUsers: [alice]\n');
    expect(problems(() => plan(d, tenant({ users: undefined }), { prune: false }))).toEqual(["t.yaml:3:19: groups[0].memberUsers[0]: user 'alice' does not exist on the server"]);
  });

  it('a new group that names groups and clients created in the same file depends on them', async () => {
    const d = await desired('clients:\n  - clientId: new-app\ngroups:\n  - groupName: Outer\n    memberGroups: [Inner]\n    memberClients: [new-app]\n  - groupName: Inner\n');
    const p = plan(d, tenant(), { prune: false });
    expect(p.changes.map((c) => `${c.action} ${c.kind} ${c.name} <- ${c.dependsOn.join(',')}`)).toEqual(['create client new-app <- ', 'create group Outer <- client:new-app,group:inner', 'create group Inner <- ']);
  });

  it('prune keeps the seeded tenantowners group and deletes the others not in the file', async () => {
    const t = tenant({ groups: [group({ id: 'cc0000000000000000000009', groupName: 'TenantOwners' }), group({ id: 'cc0000000000000000000001', groupName: 'Team' })] });
    const p = plan(await desired('groups: []\n'), t, { prune: true });
    expect(p.changes.map((c) => `${c.action} ${c.name}`)).toEqual(['delete Team']);
    expect(p.kept).toEqual([{ kind: 'group', name: 'TenantOwners', protected: 'seeded default' }]);
  });
});

describe('what stays, and the counts', () => {
  it('without prune, unlisted objects of listed kinds are kept (in reverse dependency order); unlisted kinds are not looked at', async () => {
    const p = plan(await desired('groups: []\nclients: []\nroles: []\n'), tenant(), { prune: false });
    expect(p.changes).toEqual([]);
    expect(p.kept.map((k) => `${k.kind}:${k.name}${k.protected ? ` (${k.protected})` : ''}`)).toEqual([
      'group:Team',
      'group:Sub',
      'group:Empty',
      'client:app',
      'client:svc',
      'client:noRtId',
      'role:Reader',
      'role:Writer',
      'role:NoId',
    ]);
  });

  it('an object that is in the file is neither kept nor deleted', async () => {
    const p = plan(await desired('roles:\n  - name: reader\n  - name: Writer\n  - name: NoId\n'), tenant(), { prune: true });
    expect(p.changes).toEqual([]);
    expect(p.kept).toEqual([]);
    expect(p.unchanged).toBe(3);
  });

  it('summary counts by action; names of server objects by kind', async () => {
    const p = plan(await desired('roles:\n  - name: New\n  - name: Reader\nclients:\n  - clientId: app\n    clientName: Changed\n'), tenant(), { prune: true });
    expect(summaryOf(p)).toEqual({ create: 1, update: 1, delete: 4, unchanged: 1 });
    expect(nameOf('client', { clientId: 'c', name: 'n' })).toBe('c');
    expect(nameOf('group', { groupName: 'g', name: 'n' })).toBe('g');
    expect(nameOf('role', { name: 'r', groupName: 'g' })).toBe('r');
    expect(nameOf('apiScope', { name: 's' })).toBe('s');
  });
});
