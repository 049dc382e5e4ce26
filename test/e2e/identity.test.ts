/**
 * The identity commands end to end: every user, role, group, identity-provider, rule, mapping, provisioning, setup and client-extra
 * command of the **built** CLI (`node bin/octo-cli.js`, one child process per command) against the local Identity
 * Service over real HTTP, plus the acceptance flows:
 * - CreateUser → AddUserToRole → the user signs in on the device page → the access token carries the role;
 * - CreateGroup → AddUserToGroup → the group's roles are in the user's next token;
 * - AddClientToRole → the client's client_credentials token carries the role.
 *
 * One server for the file (tenants `octosystem` + child `child-a`), started without the admin user so that `Setup`
 * creates the first admin; that admin's device-flow token reaches the CLI through OCTO_CLI_ACCESS_TOKEN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '../../src/server/index.js';
import { startTestServer } from '../helpers/server.js';
import { commands as clientExtraCommands } from '../../src/commands/client-extras.js';
import { commands as userCommands } from '../../src/commands/users.js';
import { commands as roleCommands } from '../../src/commands/roles.js';
import { commands as groupCommands } from '../../src/commands/groups.js';
import { commands as groupMemberCommands } from '../../src/commands/group-members.js';
import { commands as providerCommands } from '../../src/commands/identity-providers.js';
import { commands as ruleCommands } from '../../src/commands/email-domain-rules.js';
import { commands as mappingCommands } from '../../src/commands/tenant-mappings.js';
import { commands as provisioningCommands } from '../../src/commands/admin-provisioning.js';
import { commands as setupCommands } from '../../src/commands/setup.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'octo-cli.js');

const OWNERS = '660000000000000000000040';
const ROLE = {
  TenantManagement: '660000000000000000000001',
  Development: '660000000000000000000004',
  DashboardViewer: '660000000000000000000008',
  ReportingManagement: '660000000000000000000009',
  ReportingViewer: '66000000000000000000000a',
  StreamDataAdmin: '66000000000000000000000c',
};
const ADMIN_EMAIL = 'root@example.com';
const ADMIN_PASSWORD = 'Str0ng!Admin';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

let server: RunningServer;
let home: string;
let accessToken = '';
/** Commands that exited 0 at least once. */
const succeeded = new Set<string>();

/** Runs the built CLI as a child process (no terminal); stdin is closed unless given. */
function octo(args: string[], stdin?: string, token = accessToken): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: home,
      env: { PATH: process.env.PATH, HOME: home, OCTO_CLI_HOME: home, NO_COLOR: '1', ...(token ? { OCTO_CLI_ACCESS_TOKEN: token } : {}) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.stdin.end(stdin ?? '');
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** `octo-cli -c <command> …` that must exit 0; records the command as covered. */
async function ok(command: string, ...args: string[]): Promise<Result> {
  const r = await octo(['-c', command, ...args]);
  expect(r.code, `octo-cli -c ${command} ${args.join(' ')}\n${r.stderr}`).toBe(0);
  succeeded.add(command);
  return r;
}

/** Same with `--output json`, parsed. */
async function okJson<T = any>(command: string, ...args: string[]): Promise<T> {
  const r = await ok(command, ...args, '--output', 'json');
  return JSON.parse(r.stdout) as T;
}

async function fails(command: string, ...args: string[]): Promise<Result> {
  const r = await octo(['-c', command, ...args]);
  expect(r.code, `expected octo-cli -c ${command} to fail\n${r.stdout}${r.stderr}`).not.toBe(0);
  return r;
}

function payload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The `role` claim as a sorted array (one value is a plain string, as Duende writes it). */
function roles(token: string): string[] {
  const role = payload(token).role;
  if (role === undefined) return [];
  return (Array.isArray(role) ? (role as string[]) : [role as string]).slice().sort();
}

const OCTO_CLI_BASIC = 'Basic ' + Buffer.from(`octo-cli:${encodeURIComponent('{AEE2DA50-065E-4071-A56E-7B3B4B175EFB}')}`).toString('base64');

/**
 * A user signs in like a person: device authorization for octo-cli, then the HTML device page with user name and
 * password (CSRF cookie included), then the token poll. Returns the access token.
 */
async function signInOnDevicePage(username: string, password: string, tenant = 'octosystem'): Promise<string> {
  const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
  const headers = { authorization: OCTO_CLI_BASIC, 'content-type': 'application/x-www-form-urlencoded' };
  const dar = await fetch(`${server.url}/connect/deviceauthorization`, {
    method: 'POST',
    headers,
    body: form({ scope: 'openid profile email role offline_access octo_api', acr_values: `tenant:${tenant}` }),
  });
  expect(dar.status).toBe(200);
  const { device_code, user_code, verification_uri_complete } = (await dar.json()) as Record<string, string>;
  const page = await fetch(verification_uri_complete!);
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const approved = await fetch(`${server.url}/${tenant}/device`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: form({ csrf, userCode: user_code!, username, password, action: 'approve' }),
  });
  expect(approved.status, await approved.clone().text()).toBe(200);
  const token = await fetch(`${server.url}/connect/token`, {
    method: 'POST',
    headers,
    body: form({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device_code! }),
  });
  const body = (await token.json()) as { access_token: string };
  expect(token.status, JSON.stringify(body)).toBe(200);
  return body.access_token;
}

async function clientCredentialsToken(clientId: string, secret: string, tenant = 'octosystem'): Promise<string> {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64');
  const res = await fetch(`${server.url}/connect/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'octo_api', acr_values: `tenant:${tenant}` }).toString(),
  });
  const body = (await res.json()) as { access_token: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.access_token;
}


beforeAll(async () => {
  server = await startTestServer({ seedAdminUser: false, tenants: ['octosystem', 'child-a'] });
  home = mkdtempSync(join(tmpdir(), 'octo-cli-identity-'));
  const ctx = await octo(['-c', 'AddContext', '-n', 'local', '-isu', server.url, '-tid', 'octosystem'], undefined, '');
  expect(ctx.code, ctx.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('identity commands with the built CLI against the local Identity Service', () => {
  it('Setup creates the first admin of a fresh installation (no token), who signs in on the device page', async () => {
    const weak = await octo(['-c', 'Setup', '-e', ADMIN_EMAIL, '-p', '-'], 'weakpass', '');
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toContain('password');

    const r = await octo(['-c', 'Setup', '-e', ADMIN_EMAIL, '-p', '-'], ADMIN_PASSWORD, '');
    expect(r.code, r.stderr).toBe(0);
    succeeded.add('Setup');
    expect(r.stderr + r.stdout).not.toContain(ADMIN_PASSWORD);

    const again = await octo(['-c', 'Setup', '-e', 'other@example.com', '-p', '-'], ADMIN_PASSWORD, '');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already has users');

    accessToken = await signInOnDevicePage(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(payload(accessToken)).toMatchObject({ tenant_id: 'octosystem', client_id: 'octo-cli' });
    expect(roles(accessToken)).toContain('TenantManagement');
  });

  it('roles: GetRoles, CreateRole, UpdateRole, DeleteRole', async () => {
    const seeded = await okJson<Array<{ id: string; name: string }>>('GetRoles');
    expect(seeded).toHaveLength(14);
    expect(seeded).toContainEqual({ id: ROLE.DashboardViewer, name: 'DashboardViewer' });

    await ok('CreateRole', '-n', 'DataScientist');
    await fails('CreateRole', '-n', 'datascientist');
    await ok('UpdateRole', '-n', 'DataScientist', '-nn', 'DataScientists');
    expect((await okJson<Array<{ name: string }>>('GetRoles')).map((x) => x.name)).toContain('DataScientists');
    await ok('DeleteRole', '-n', 'DataScientists', '-y');
    expect(await okJson<unknown[]>('GetRoles')).toHaveLength(14);
  });

  it('users: CreateUser → AddUserToRole → the user signs in on the device page and the token carries the role', async () => {
    // The password comes from stdin (`-p -`), so it is not in the process list.
    const created = await octo(['-c', 'CreateUser', '-un', 'Alice', '-e', 'Alice@Example.com', '-p', '-'], 'Alice-Pass1');
    expect(created.code, created.stderr).toBe(0);
    succeeded.add('CreateUser');
    await fails('CreateUser', '-un', 'weakling', '-e', 'weak@example.com', '-p', 'short');

    const users = await okJson<Array<{ name: string; email: string; userId: string }>>('GetUsers');
    const alice = users.find((u) => u.name === 'alice')!;
    expect(alice.email).toBe('alice@example.com');

    await ok('AddUserToRole', '-un', 'alice', '-r', 'DashboardViewer');
    const token = await signInOnDevicePage('alice', 'Alice-Pass1');
    expect(payload(token).sub).toBe(alice.userId);
    expect(roles(token)).toEqual(['DashboardViewer']);

    // The new user works with the CLI too (its token has octo_api).
    const asAlice = await octo(['-c', 'GetRoles', '--output', 'json'], undefined, token);
    expect(asAlice.code, asAlice.stderr).toBe(0);

    await ok('RemoveUserFromRole', '-un', 'alice', '-r', 'DashboardViewer', '-y');
    expect(roles(await signInOnDevicePage('alice', 'Alice-Pass1'))).toEqual([]);

    await ok('UpdateUser', '-un', 'alice', '-e', 'alice.smith@example.com');
    expect((await okJson<Array<{ name: string; email: string }>>('GetUsers')).find((u) => u.name === 'alice')!.email).toBe('alice.smith@example.com');
    await ok('ResetPassword', '-un', 'alice', '-p', 'Alice-Pass2', '-y');
    expect(roles(await signInOnDevicePage('alice.smith@example.com', 'Alice-Pass2'))).toEqual([]);

    const temp = await octo(['-c', 'CreateUser', '-un', 'temp.user', '-e', 'temp@example.com', '-p', '-'], 'Temp-Pass1');
    expect(temp.code, temp.stderr).toBe(0);
    await ok('DeleteUser', '-un', 'temp.user', '-y');
    expect((await okJson<Array<{ name: string }>>('GetUsers')).map((u) => u.name)).not.toContain('temp.user');
  });

  it('groups: CreateGroup → AddUserToGroup → the group roles are in the next token; nesting, updates, removal', async () => {
    const created = await okJson<{ id: string }>('CreateGroup', '-n', 'Analysts', '-d', 'Report readers', '-rids', ROLE.ReportingViewer);
    const analysts = created.id;
    expect(analysts).toMatch(/^[0-9a-f]{24}$/);
    await ok('AddUserToGroup', '-id', analysts, '-uid', 'alice');
    expect(roles(await signInOnDevicePage('alice', 'Alice-Pass2'))).toEqual(['ReportingViewer']);

    await ok('UpdateGroupRoles', '-id', analysts, '-rids', `${ROLE.ReportingViewer},${ROLE.ReportingManagement}`);
    expect(roles(await signInOnDevicePage('alice', 'Alice-Pass2'))).toEqual(['ReportingManagement', 'ReportingViewer']);

    const groups = await okJson<Array<{ id: string; groupName: string; memberUserIds: string[] }>>('GetGroups');
    expect(groups.map((g) => g.groupName)).toEqual(['TenantOwners', 'Analysts']);
    const one = await okJson<{ groupName: string; groupDescription: string; roleIds: string[] }>('GetGroup', '-id', analysts);
    expect(one).toMatchObject({ groupName: 'Analysts', groupDescription: 'Report readers', roleIds: [ROLE.ReportingViewer, ROLE.ReportingManagement] });
    await ok('UpdateGroup', '-id', analysts, '-n', 'Analysts2');
    expect(await okJson('GetGroup', '-id', analysts)).toMatchObject({ groupName: 'Analysts2', groupDescription: 'Report readers' });

    // Nested: Analysts2 inside Streamers → members of Analysts2 also get StreamDataAdmin.
    const streamers = (await okJson<{ id: string }>('CreateGroup', '-n', 'Streamers', '-rids', ROLE.StreamDataAdmin)).id;
    await ok('AddGroupToGroup', '-id', streamers, '-cgid', 'Analysts2');
    expect(roles(await signInOnDevicePage('alice', 'Alice-Pass2'))).toEqual(['ReportingManagement', 'ReportingViewer', 'StreamDataAdmin']);
    const cycle = await fails('AddGroupToGroup', '-id', analysts, '-cgid', streamers);
    expect(cycle.stderr).toContain('circular reference');
    await ok('RemoveGroupFromGroup', '-id', streamers, '-cgid', analysts);
    await ok('RemoveUserFromGroup', '-id', analysts, '-uid', 'alice');
    expect(roles(await signInOnDevicePage('alice', 'Alice-Pass2'))).toEqual([]);

    await ok('DeleteGroup', '-id', streamers);
    expect((await okJson<Array<{ groupName: string }>>('GetGroups')).map((g) => g.groupName)).toEqual(['TenantOwners', 'Analysts2']);
  });

  it('client roles: AddClientToRole → the client_credentials token carries the role; group membership, replace, remove', async () => {
    await ok('AddClientCredentialsClient', '-id', 'robot', '-n', 'Robot', '-s', 'Robot-Secret1');
    expect(roles(await clientCredentialsToken('robot', 'Robot-Secret1'))).toEqual([]);
    await ok('AddClientToRole', '-id', 'robot', '-r', 'Development');
    const token = await clientCredentialsToken('robot', 'Robot-Secret1');
    expect(payload(token).sub).toBeUndefined();
    expect(payload(token).client_id).toBe('robot');
    expect(roles(token)).toEqual(['Development']);

    const analysts = (await okJson<Array<{ id: string; groupName: string }>>('GetGroups')).find((g) => g.groupName === 'Analysts2')!.id;
    await ok('AddClientToGroup', '-id', analysts, '-cid', 'robot');
    expect(roles(await clientCredentialsToken('robot', 'Robot-Secret1'))).toEqual(['Development', 'ReportingManagement', 'ReportingViewer']);
    await ok('RemoveClientFromGroup', '-id', analysts, '-cid', 'robot');

    await ok('UpdateClientRoles', '-id', 'robot', '-rids', `${ROLE.TenantManagement},${ROLE.Development}`);
    expect(roles(await clientCredentialsToken('robot', 'Robot-Secret1'))).toEqual(['Development', 'TenantManagement']);
    await ok('RemoveClientFromRole', '-id', 'robot', '-r', 'TenantManagement', '-y');
    expect(roles(await clientCredentialsToken('robot', 'Robot-Secret1'))).toEqual(['Development']);
  });

  it('client overlays and mirrors: ApplyClientOverlay, CleanClientOverlays, SetClientAutoProvision, provisioning, GetClientMirrors', async () => {
    await ok('ApplyClientOverlay', '-id', 'octo-data-refinery-studio', '-n', 'dev.local', '-r', 'http://localhost:4300/', '-co', 'http://localhost:4300');
    const studio = await okJson<{ redirectUris: string[]; allowedCorsOrigins: string[] }>('GetClient', '-id', 'octo-data-refinery-studio');
    expect(studio.redirectUris).toContain('http://localhost:4300/');
    const cleaned = await ok('CleanClientOverlays', '-n', 'dev.local', '-y');
    expect(cleaned.stderr).toContain('2 entries removed');
    expect((await okJson<{ redirectUris: string[] }>('GetClient', '-id', 'octo-data-refinery-studio')).redirectUris).not.toContain('http://localhost:4300/');

    await fails('ProvisionClientInExistingTenants', '-id', 'robot');
    await ok('SetClientAutoProvision', '-id', 'robot', '-e', 'true');
    const backfill = await ok('ProvisionClientInExistingTenants', '-id', 'robot');
    expect(backfill.stderr).toContain('1 sub-tenant(s) considered, 1 newly provisioned, 0 already present');
    const mirrors = await okJson<Array<{ parentClientId: string; childTenantId: string }>>('GetClientMirrors', '-id', 'robot');
    expect(mirrors).toEqual([expect.objectContaining({ parentClientId: 'robot', parentTenantId: 'octosystem', childTenantId: 'child-a' })]);
    // The mirror is a working client of the child tenant with the same secret.
    expect(payload(await clientCredentialsToken('robot', 'Robot-Secret1', 'child-a')).tenant_id).toBe('child-a');

    await ok('UnprovisionClientFromTenant', '-id', 'robot', '-ctid', 'child-a', '-y');
    expect(await okJson('GetClientMirrors', '-id', 'robot')).toEqual([]);
    const single = await ok('ProvisionClientInTenant', '-id', 'robot', '-ctid', 'child-a');
    expect(single.stderr).toContain('1 newly provisioned');
    await ok('SetClientAutoProvision', '-id', 'robot', '-e', 'false');
    expect((await okJson<{ autoProvisionInChildTenants: boolean }>('GetClient', '-id', 'robot')).autoProvisionInChildTenants).toBe(false);
  });

  it('identity providers: the five Add* kinds, GetIdentityProviders, UpdateIdentityProvider, DeleteIdentityProvider', async () => {
    const google = await okJson<{ id: string }>('AddOAuthIdentityProvider', '-n', 'Google', '-e', 'true', '-cid', 'google-client', '-cs', 'google-secret', '-t', 'google');
    await ok('AddAzureEntryIdIdentityProvider', '-n', 'Entra-ID', '-t', 'azure-tenant-id', '-e', 'true', '-cid', 'entra-client', '-cs', 'entra-secret');
    await ok('AddAdIdentityProvider', '-n', 'corp-ad', '-e', 'false', '-h', 'ad.example.com', '-p', '389');
    await ok('AddOpenLdapIdentityProvider', '-n', 'open.ldap', '-e', 'true', '-h', 'ldap.example.com', '-p', '636', '-ubdn', 'ou=people,dc=example,dc=com', '-uan', 'uid');
    await ok('AddOctoTenantIdentityProvider', '-n', 'parent-login', '-e', 'true', '-ptid', 'octosystem', '-asr', 'false');

    const providers = await okJson<Array<Record<string, unknown>>>('GetIdentityProviders');
    expect(providers.map((p) => [p.name, p.$type])).toEqual([
      ['Google', 0],
      ['Entra-ID', 2],
      ['corp-ad', 3],
      ['open.ldap', 4],
      ['parent-login', 6],
    ]);
    expect(providers[3]).toMatchObject({ host: 'ldap.example.com', port: 636, userBaseDn: 'ou=people,dc=example,dc=com', userNameAttribute: 'uid' });
    expect(JSON.stringify(providers)).not.toContain('google-secret');
    const googleId = google.id ?? (providers[0]!.rtId as string);

    await ok('UpdateIdentityProvider', '-id', googleId, '-n', 'Google-Work', '-e', 'false');
    const updated = (await okJson<Array<Record<string, unknown>>>('GetIdentityProviders')).find((p) => p.rtId === googleId)!;
    expect(updated).toMatchObject({ name: 'Google-Work', isEnabled: false, clientId: 'google-client', $type: 0 });
    await ok('DeleteIdentityProvider', '-id', googleId, '-y');
    expect((await okJson<Array<{ name: string }>>('GetIdentityProviders')).map((p) => p.name)).not.toContain('Google-Work');
  });

  it('email domain group rules: Create, Get (list and one), Update, Delete', async () => {
    const created = await okJson<{ id: string }>('CreateEmailDomainGroupRule', '-edp', 'example.com', '-tgid', OWNERS, '-d', 'Employees');
    const rules = await okJson<Array<{ rtId: string; emailDomainPattern: string }>>('GetEmailDomainGroupRules');
    expect(rules.map((x) => x.emailDomainPattern)).toEqual(['example.com']);
    const id = created.id ?? rules[0]!.rtId;
    await ok('UpdateEmailDomainGroupRule', '-id', id, '-edp', 'example.org', '-tgid', OWNERS);
    expect(await okJson('GetEmailDomainGroupRule', '-id', id)).toMatchObject({ emailDomainPattern: 'example.org', targetGroupRtId: OWNERS, description: 'Employees' });
    await ok('DeleteEmailDomainGroupRule', '-id', id);
    expect(await okJson('GetEmailDomainGroupRules')).toEqual([]);
  });

  it('external tenant user mappings: Create, Get (list and one), Update, Delete', async () => {
    const created = await okJson<{ id: string }>('CreateExternalTenantUserMapping', '-stid', 'child-a', '-suid', 'user-1', '-sun', 'bob', '-rids', ROLE.Development);
    const list = await okJson<Array<{ id: string; sourceUserName: string }>>('GetExternalTenantUserMappings', '-stid', 'child-a');
    expect(list.map((m) => m.sourceUserName)).toEqual(['bob']);
    const id = created.id ?? list[0]!.id;
    await ok('UpdateExternalTenantUserMapping', '-id', id, '-rids', `${ROLE.DashboardViewer},${ROLE.ReportingViewer}`);
    expect(await okJson('GetExternalTenantUserMapping', '-id', id)).toMatchObject({ sourceTenantId: 'child-a', roleIds: [ROLE.DashboardViewer, ROLE.ReportingViewer] });
    await ok('DeleteExternalTenantUserMapping', '-id', id);
    expect(await okJson('GetExternalTenantUserMappings')).toEqual([]);
  });

  it('admin provisioning into the child tenant: Create, ProvisionCurrentUser, Get, Delete', async () => {
    expect(await okJson('GetAdminProvisioningMappings', '-ttid', 'child-a')).toEqual([]);
    const alice = (await okJson<Array<{ name: string; userId: string }>>('GetUsers')).find((u) => u.name === 'alice')!;
    const created = await okJson<{ id: string }>('CreateAdminProvisioningMapping', '-ttid', 'child-a', '-stid', 'octosystem', '-suid', alice.userId, '-sun', 'alice', '-rids', ROLE.DashboardViewer);
    await ok('ProvisionCurrentUser', '-ttid', 'child-a');
    const again = await okJson<{ created: boolean }>('ProvisionCurrentUser', '-ttid', 'child-a');
    expect(again.created).toBe(false);
    const mappings = await okJson<Array<{ id: string; sourceUserName: string; groupNames: string[] }>>('GetAdminProvisioningMappings', '-ttid', 'child-a');
    expect(mappings.map((m) => m.sourceUserName)).toEqual(['alice', ADMIN_EMAIL]);
    expect(mappings[1]!.groupNames).toEqual(['TenantOwners']);
    await ok('DeleteAdminProvisioningMapping', '-ttid', 'child-a', '-mid', created.id ?? mappings[0]!.id);
    expect((await okJson<unknown[]>('GetAdminProvisioningMappings', '-ttid', 'child-a'))).toHaveLength(1);
    const unknown = await fails('GetAdminProvisioningMappings', '-ttid', 'no-such-tenant');
    expect(unknown.stderr).toContain('no-such-tenant');
  });

  it('covered every command of the identity command files', () => {
    const all = [
      clientExtraCommands, userCommands, roleCommands, groupCommands, groupMemberCommands, providerCommands,
      ruleCommands, mappingCommands, provisioningCommands, setupCommands,
    ].flat();
    const names = new Set(all.map((spec) => spec.name));
    expect(names.size).toBeGreaterThanOrEqual(56);
    const missing = [...names].filter((n) => !succeeded.has(n));
    expect(missing).toEqual([]);
  });
});
