/**
 * Issue 15 §5: what Describe says a command does comes from the command's declarations (`effect`, `output` in its
 * spec), and this file checks those declarations against what the commands really do. Every command runs
 * in-process against the real local Identity Service (one server for the file, tenants octosystem + child-a), in an
 * order that creates what the next one needs, while every HTTP request is recorded:
 * - effect: `local` sends no request, `read` only GETs (a token request to /connect/token changes nothing), `write`
 *   at least one POST/PUT/PATCH/DELETE, `delete` a DELETE, `write+delete` both a change and a DELETE;
 * - output: a table's header line is the declared columns, a key/value view's labels are the declared rows, and the
 *   `-o json` output has the declared type and top-level fields (required ones present, no undeclared ones).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { allCommands } from '../../src/commands/index.js';
import { declaredOutput } from '../../src/commands/describe.js';
import { describeOutputSchema } from '../../src/commands/describe-schema.js';
import { deviceLogin, startTestServer } from '../helpers/server.js';
import { runCli, tempHome, type RunOptions, type RunResult } from '../helpers/run.js';
import { decide, userCodeOf } from '../auth/helpers.js';

const ADMIN = 'root@example.com';
const ADMIN_PASSWORD = 'Str0ng!Admin';
const ROLE = { TenantManagement: '660000000000000000000001', Development: '660000000000000000000004', DashboardViewer: '660000000000000000000008', ReportingViewer: '66000000000000000000000a' };
const OWNERS_GROUP = '660000000000000000000040';

let server: RunningServer;
let home: string;
let cleanup: () => void;
let token = '';

interface Observed {
  methods: string[];
  runs: Array<{ argv: string[]; json: boolean; result: RunResult }>;
}
const observed = new Map<string, Observed>();

/** Runs one command in-process with every request recorded under its name; `-o json` when `json`. */
async function octo(argv: string[], opts: { json?: boolean; stdin?: string; env?: Record<string, string>; deps?: Partial<RunOptions>; signedIn?: boolean } = {}): Promise<RunResult> {
  const name = argv[1]!;
  const entry = observed.get(name) ?? { methods: [], runs: [] };
  observed.set(name, entry);
  const recording = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : undefined;
    entry.methods.push(`${(init?.method ?? request?.method ?? 'GET').toUpperCase()} ${new URL(String(request?.url ?? input)).pathname}`);
    return fetch(input, init);
  }) as typeof fetch;
  const env: Record<string, string> = { OCTO_CLI_TOKEN_STORE: 'file', ...(opts.signedIn === false ? {} : { OCTO_CLI_ACCESS_TOKEN: token }), ...opts.env };
  const full = opts.json ? [...argv, '-o', 'json'] : argv;
  const result = await runCli(full, { home, env, fetch: recording, sleep: async () => {}, ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}), ...opts.deps });
  entry.runs.push({ argv: full, json: opts.json === true, result });
  return result;
}

async function ok(argv: string[], opts: Parameters<typeof octo>[1] = {}): Promise<RunResult> {
  const r = await octo(argv, opts);
  expect(r.code, `octo-cli ${argv.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
}
/** Both for people and as JSON; returns the JSON. */
async function both<T = any>(argv: string[], opts: Parameters<typeof octo>[1] = {}): Promise<T> {
  await ok(argv, opts);
  return JSON.parse((await ok(argv, { ...opts, json: true })).stdout) as T;
}
async function json<T = any>(argv: string[], opts: Parameters<typeof octo>[1] = {}): Promise<T> {
  return JSON.parse((await ok(argv, { ...opts, json: true })).stdout) as T;
}

/** The whole walk: every command at least once, most of them both for people and with -o json. */
async function walk(): Promise<void> {
  const c = (name: string, ...args: string[]) => ['-c', name, ...args];
  // General and contexts (local), then Setup, which creates the first admin of the fresh service.
  await ok(c('AddContext', '-n', 'local', '-isu', server.url, '-tid', 'octosystem'), { json: true, signedIn: false });
  await ok(c('AddContext', '-n', 'other', '-isu', server.url, '-tid', 'child-a'), { signedIn: false });
  await both(c('ListContexts'), { signedIn: false });
  await both(c('ListContexts', '-n', 'local'), { signedIn: false });
  await ok(c('UseContext', '-n', 'other'), { json: true, signedIn: false });
  await ok(c('UseContext', '-n', 'local'), { signedIn: false });
  await ok(c('UseContext'), { signedIn: false });
  await ok(c('Config', '-isu', server.url, '-tid', 'octosystem'), { json: true, signedIn: false });
  await ok(c('RemoveContext', '-n', 'other'), { json: true, signedIn: false });
  await ok(c('Completion', '-s', 'bash'), { signedIn: false });
  await ok(c('Describe', '-n', 'GetUsers'), { signedIn: false });
  await ok(c('GetApplySchema'), { signedIn: false });
  await ok(c('Setup', '-e', ADMIN, '-p', '-'), { stdin: ADMIN_PASSWORD, json: true, signedIn: false });
  token = (await deviceLogin(server, 'octosystem', ADMIN)).access_token;

  // Sign-in commands (stored tokens, no OCTO_CLI_ACCESS_TOKEN).
  const approve = async (url: string) => {
    const code = userCodeOf(url);
    setTimeout(() => void decide(server, code, 'approve', ADMIN).catch(() => {}), 50);
  };
  await ok(c('LogIn', '-i'), { json: true, signedIn: false, deps: { openUrl: approve } });
  await both(c('AuthStatus'), { signedIn: false });
  await ok(c('Doctor'), { signedIn: false });
  await ok(c('Doctor'), { json: true, signedIn: false });
  await ok(c('LogOut'), { json: true, signedIn: false });

  // Clients.
  await ok(c('AddClientCredentialsClient', '-id', 'robot', '-n', 'Robot', '-s', 'Robot-Secret1'), { json: true });
  await ok(c('AddClientCredentialsClient', '-id', 'robot2', '-n', 'Robot 2'));
  await ok(c('AddClientCredentialsClient', '-id', 'robot3', '-n', 'Robot 3'), { json: true });
  await ok(c('AddAuthorizationCodeClient', '-id', 'web', '-n', 'Web', '-u', 'https://web.example/', '-ru', 'https://web.example/cb'), { json: true });
  await ok(c('AddDeviceCodeClient', '-id', 'tv', '-n', 'TV'), { json: true });
  await ok(c('AddDeviceCodeClient', '-id', 'tv2', '-n', 'TV 2'));
  await both(c('GetClients'));
  await both(c('GetClient', '-id', 'robot'));
  await ok(c('UpdateClient', '-id', 'web', '-n', 'Web app'), { json: true });
  await ok(c('AddClientToRole', '-id', 'robot', '-r', 'Development'), { json: true });
  await ok(c('UpdateClientRoles', '-id', 'robot', '-rids', `${ROLE.TenantManagement},${ROLE.Development}`), { json: true });
  await ok(c('RemoveClientFromRole', '-id', 'robot', '-r', 'TenantManagement', '-y'), { json: true });
  await ok(c('AddClientToGroup', '-id', OWNERS_GROUP, '-cid', 'robot'), { json: true });
  await ok(c('RemoveClientFromGroup', '-id', OWNERS_GROUP, '-cid', 'robot'), { json: true });
  await ok(c('LogInClientCredentials', '-id', 'robot', '-s', '-'), { stdin: 'Robot-Secret1', json: true, signedIn: false });
  await ok(c('LogOut'), { signedIn: false });
  await both(c('TestClientCredentials', '-id', 'robot', '-s', '-'), { stdin: 'Robot-Secret1', signedIn: false });

  // Mirrors and overlays.
  await ok(c('SetClientAutoProvision', '-id', 'robot', '-e', 'true'), { json: true });
  await ok(c('ProvisionClientInExistingTenants', '-id', 'robot'));
  await ok(c('UnprovisionClientFromTenant', '-id', 'robot', '-ctid', 'child-a', '-y'), { json: true });
  await both(c('ProvisionClientInTenant', '-id', 'robot', '-ctid', 'child-a'));
  await ok(c('ProvisionClientInExistingTenants', '-id', 'robot'), { json: true });
  await both(c('GetClientMirrors', '-id', 'robot'));
  await ok(c('ApplyClientOverlay', '-id', 'web', '-n', 'dev.local', '-r', 'http://localhost:4300/', '-co', 'http://localhost:4300'));
  await ok(c('CleanClientOverlays', '-n', 'dev.local', '-y'));
  await ok(c('ApplyClientOverlay', '-id', 'web', '-n', 'dev.local', '-r', 'http://localhost:4300/'), { json: true });
  await ok(c('CleanClientOverlays', '-n', 'dev.local', '-y'), { json: true });

  // Scopes and resources.
  await ok(c('CreateApiScope', '-n', 'billing', '-dn', 'Billing'), { json: true });
  await both(c('GetApiScopes'));
  await ok(c('AddScopeToClient', '-id', 'robot', '-n', 'billing'), { json: true });
  await ok(c('UpdateApiScope', '-n', 'billing', '-d', 'The billing API'), { json: true });
  await ok(c('CreateApiResource', '-n', 'billingApi', '-s', 'billing'), { json: true });
  await both(c('GetApiResources'));
  await ok(c('UpdateApiResource', '-n', 'billingApi', '-dn', 'Billing API'), { json: true });

  // Secrets.
  await ok(c('CreateApiSecretClient', '-cid', 'robot2', '-d', 'first'));
  const clientSecret = await json<{ valueEncrypted: string }>(c('CreateApiSecretClient', '-cid', 'robot2', '-e', '2099-01-01'));
  const clientHashes = await both<Array<{ valueEncrypted: string }>>(c('GetApiSecretsClient', '-cid', 'robot2'));
  expect(clientHashes.length).toBeGreaterThanOrEqual(2);
  await ok(c('UpdateApiSecretClient', '-cid', 'robot2', '-s', clientSecret.valueEncrypted, '-d', 'second'), { json: true });
  await ok(c('DeleteApiSecretClient', '-cid', 'robot2', '-s', clientSecret.valueEncrypted, '-y'), { json: true });
  await ok(c('CreateApiSecretApiResource', '-n', 'billingApi'));
  const resourceSecret = await json<{ valueEncrypted: string }>(c('CreateApiSecretApiResource', '-n', 'billingApi', '-d', 'x'));
  await both(c('GetApiSecretsApiResource', '-n', 'billingApi'));
  await ok(c('UpdateApiSecretApiResource', '-n', 'billingApi', '-s', resourceSecret.valueEncrypted, '-e', '2098-01-01'), { json: true });
  await ok(c('DeleteApiSecretApiResource', '-n', 'billingApi', '-s', resourceSecret.valueEncrypted, '-y'), { json: true });
  await ok(c('RotateApiSecretClient', '-cid', 'robot2', '--overlap', '1d'));
  await ok(c('RotateApiSecretClient', '-cid', 'robot2', '--overlap', '0', '-y'), { json: true });
  await ok(c('RotateApiSecretApiResource', '-n', 'billingApi', '--overlap', '0', '-y'));
  await ok(c('RotateApiSecretApiResource', '-n', 'billingApi'), { json: true });
  await both(c('GetExpiringSecrets', '--within', '400000d'));

  // Users, roles, groups.
  await ok(c('CreateUser', '-un', 'alice', '-e', 'alice@example.com', '-p', '-'), { stdin: 'Alice-Pass1', json: true });
  await ok(c('CreateUser', '-un', 'bob', '-e', 'bob@example.com', '-p', '-'), { stdin: 'Bob-Pass1' });
  await both(c('GetUsers'));
  await ok(c('UpdateUser', '-un', 'alice', '-e', 'alice.smith@example.com'), { json: true });
  await ok(c('ResetPassword', '-un', 'alice', '-p', 'Alice-Pass2', '-y'), { json: true });
  await ok(c('AddUserToRole', '-un', 'alice', '-r', 'DashboardViewer'), { json: true });
  await ok(c('RemoveUserFromRole', '-un', 'alice', '-r', 'DashboardViewer', '-y'), { json: true });
  await ok(c('CreateRole', '-n', 'DataScientist'), { json: true });
  await both(c('GetRoles'));
  await ok(c('UpdateRole', '-n', 'DataScientist', '-nn', 'DataScientists'), { json: true });
  await ok(c('DeleteRole', '-n', 'DataScientists', '-y'), { json: true });
  const analysts = (await json<{ id: string }>(c('CreateGroup', '-n', 'Analysts', '-d', 'Readers', '-rids', ROLE.ReportingViewer))).id;
  const streamers = (await json<{ id: string }>(c('CreateGroup', '-n', 'Streamers'))).id;
  await both(c('GetGroups'));
  await both(c('GetGroup', '-id', analysts));
  await ok(c('UpdateGroup', '-id', analysts, '-n', 'Analysts2'), { json: true });
  await ok(c('UpdateGroupRoles', '-id', analysts, '-rids', `${ROLE.ReportingViewer},${ROLE.DashboardViewer}`), { json: true });
  await ok(c('AddUserToGroup', '-id', analysts, '-uid', 'alice'), { json: true });
  await ok(c('RemoveUserFromGroup', '-id', analysts, '-uid', 'alice'), { json: true });
  await ok(c('AddGroupToGroup', '-id', streamers, '-cgid', 'Analysts2'), { json: true });
  await ok(c('RemoveGroupFromGroup', '-id', streamers, '-cgid', analysts), { json: true });
  await ok(c('DeleteGroup', '-id', streamers), { json: true });

  // Identity providers.
  const google = (await json<{ id: string }>(c('AddOAuthIdentityProvider', '-n', 'Google', '-e', 'true', '-cid', 'google-client', '-cs', 'google-secret', '-t', 'google'))).id;
  await ok(c('AddAzureEntryIdIdentityProvider', '-n', 'Entra-ID', '-t', 'azure-tenant-id', '-e', 'true', '-cid', 'entra-client', '-cs', 'entra-secret'), { json: true });
  await ok(c('AddAdIdentityProvider', '-n', 'corp-ad', '-e', 'false', '-h', 'ad.example.com', '-p', '389'), { json: true });
  await ok(c('AddOpenLdapIdentityProvider', '-n', 'open.ldap', '-e', 'true', '-h', 'ldap.example.com', '-p', '636', '-ubdn', 'ou=people,dc=example,dc=com', '-uan', 'uid'), { json: true });
  await ok(c('AddOctoTenantIdentityProvider', '-n', 'parent-login', '-e', 'true', '-ptid', 'octosystem', '-asr', 'false'), { json: true });
  await both(c('GetIdentityProviders'));
  await ok(c('UpdateIdentityProvider', '-id', google, '-n', 'Google-Work', '-e', 'false'), { json: true });
  await ok(c('DeleteIdentityProvider', '-id', google, '-y'), { json: true });

  // E-mail domain rules, tenant mappings, admin provisioning.
  const rule = (await json<{ id: string }>(c('CreateEmailDomainGroupRule', '-edp', 'example.com', '-tgid', OWNERS_GROUP, '-d', 'Employees'))).id;
  await both(c('GetEmailDomainGroupRules'));
  await both(c('GetEmailDomainGroupRule', '-id', rule));
  await ok(c('UpdateEmailDomainGroupRule', '-id', rule, '-edp', 'example.org', '-tgid', OWNERS_GROUP), { json: true });
  await ok(c('DeleteEmailDomainGroupRule', '-id', rule), { json: true });
  const mapping = (await json<{ id: string }>(c('CreateExternalTenantUserMapping', '-stid', 'child-a', '-suid', 'user-1', '-sun', 'bob', '-rids', ROLE.Development))).id;
  await both(c('GetExternalTenantUserMappings'));
  await both(c('GetExternalTenantUserMapping', '-id', mapping));
  await ok(c('UpdateExternalTenantUserMapping', '-id', mapping, '-rids', ROLE.DashboardViewer), { json: true });
  await ok(c('DeleteExternalTenantUserMapping', '-id', mapping), { json: true });
  const alice = (await json<Array<{ name: string; userId: string }>>(c('GetUsers'))).find((u) => u.name === 'alice')!;
  const adminMapping = (await json<{ id: string }>(c('CreateAdminProvisioningMapping', '-ttid', 'child-a', '-stid', 'octosystem', '-suid', alice.userId, '-sun', 'alice', '-rids', ROLE.DashboardViewer))).id;
  await ok(c('ProvisionCurrentUser', '-ttid', 'child-a'), { json: true });
  await both(c('GetAdminProvisioningMappings', '-ttid', 'child-a'));
  await ok(c('DeleteAdminProvisioningMapping', '-ttid', 'child-a', '-mid', adminMapping), { json: true });

  // Provisioning files: Export, then Plan and Apply (with --prune a role created since goes).
  const file = join(home, 'tenant.yaml');
  await ok(c('Export', '-f', file));
  await ok(c('Export'), { json: true });
  await ok(c('CreateRole', '-n', 'Extra'));
  await ok(c('UpdateApiScope', '-n', 'billing', '-d', 'Changed since the export'));
  await ok(c('Plan', '-f', file, '--prune'));
  await ok(c('Plan', '-f', file), { json: true });
  await ok(c('Apply', '-f', file, '--prune', '-y'), { json: true });
  await ok(c('CreateRole', '-n', 'Extra2'));
  await ok(c('Apply', '-f', file, '--prune', '-y'));

  // Deletes last.
  await ok(c('DeleteApiResource', '-n', 'billingApi', '-y'), { json: true });
  await ok(c('DeleteApiScope', '-n', 'billing', '-y'), { json: true });
  await ok(c('DeleteUser', '-un', 'bob', '-y'), { json: true });
  await ok(c('DeleteClient', '-id', 'tv', '-y'), { json: true });
  for (const name of ['Agent 1', 'Agent 2']) {
    const registered = await fetch(`${server.url}/connect/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: name, redirect_uris: ['http://127.0.0.1:33418/callback'], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'none' }),
    });
    expect(registered.ok, await registered.text()).toBe(true);
  }
  await ok(c('DeleteDynamicClients', '--filter-name', 'Agent 1', '-y'));
  await ok(c('DeleteDynamicClients', '-y'), { json: true });
}

beforeAll(async () => {
  server = await startTestServer({ seedAdminUser: false, tenants: ['octosystem', 'child-a'] });
  ({ home, cleanup } = tempHome());
  await walk();
}, 120_000);

afterAll(async () => {
  await server?.close();
  cleanup?.();
});

const declared = (name: string) => allCommands().find((c) => c.name === name)!;
const runsOf = (name: string) => observed.get(name)?.runs ?? [];

describe('every command is walked', () => {
  it('the walk ran every registered command at least once', () => {
    expect(allCommands().filter((c) => !observed.has(c.name)).map((c) => c.name)).toEqual([]);
  });
});

/** The sign-in endpoints: discovery and /connect/* (token, device authorization, revocation, userinfo). */
const isSignIn = (request: string) => / \/(connect\/|\.well-known\/)/.test(request);
const isTokenRequest = (request: string) => request === 'POST /connect/token';
const changes = (request: string) => /^(POST|PUT|PATCH|DELETE) /.test(request) && !isSignIn(request);

describe('effect: the requests each command sends match its declared effect', () => {
  it.each(allCommands().map((c) => [c.name, c.effect] as const))('%s is %s', (name, effect) => {
    const requests = observed.get(name)!.methods;
    const writes = requests.filter((r) => changes(r) && !r.startsWith('DELETE '));
    const deletes = requests.filter((r) => r.startsWith('DELETE ') && !isSignIn(r));
    switch (effect) {
      case 'local':
        expect(requests).toEqual([]);
        break;
      case 'read':
        expect(requests.length).toBeGreaterThan(0);
        expect(requests.filter((r) => !r.startsWith('GET ') && !isTokenRequest(r))).toEqual([]);
        break;
      case 'sign-in':
        expect(requests.filter((r) => !isSignIn(r))).toEqual([]);
        expect(requests.some((r) => !r.startsWith('GET '))).toBe(true);
        break;
      case 'write':
        expect(writes.length, requests.join('\n')).toBeGreaterThan(0);
        expect(deletes).toEqual([]);
        break;
      case 'delete':
        expect(deletes.length, requests.join('\n')).toBeGreaterThan(0);
        expect(writes).toEqual([]);
        break;
      case 'write+delete':
        expect(writes.length, requests.join('\n')).toBeGreaterThan(0);
        expect(deletes.length, requests.join('\n')).toBeGreaterThan(0);
        break;
      default:
        throw new Error(`${name}: no effect declared`);
    }
  });
});

/** The header cells of a table's first line: tab-separated when piped; Plan/Apply align with spaces. */
const headerCells = (line: string) => (line.includes('\t') ? line.split('\t') : line.split(/ {2,}/));

describe('output for people: table headers and key/value labels as declared', () => {
  const tables = allCommands().filter((c) => c.output?.columns || c.output?.headers);
  it.each(tables.map((c) => [c.name] as const))('%s prints the declared columns', (name) => {
    const expected = declaredOutput(declared(name)).columns!;
    const printed = runsOf(name).filter((r) => !r.json && r.result.stdout !== '').map((r) => headerCells(r.result.stdout.split('\n')[0]!));
    const tablesPrinted = printed.filter((cells) => cells.length > 1 && cells.every((c) => c === c.toUpperCase()));
    expect(tablesPrinted.length, `no table of ${name} was printed by the walk`).toBeGreaterThan(0);
    for (const cells of tablesPrinted) expect(cells).toEqual(expected);
  });

  const views = allCommands().filter((c) => c.output?.rows);
  it.each(views.map((c) => [c.name] as const))('%s prints the declared key/value labels', (name) => {
    const rows = declaredOutput(declared(name)).rows!;
    const labels = rows.map((r) => r.label);
    let seen = 0;
    for (const run of runsOf(name).filter((r) => !r.json && r.result.stdout !== '')) {
      const block = run.result.stdout.split('\n\n')[0]!.split('\n').filter(Boolean);
      // A table (ListContexts without -n) is checked above.
      if (block.length > 0 && headerCells(block[0]!).length > 1 && block[0] === block[0]!.toUpperCase()) continue;
      seen++;
      const printed = block.map((line) => labels.filter((l) => line === l || (line.startsWith(l) && /^ {2,}/.test(line.slice(l.length)))).sort((a, b) => b.length - a.length)[0]);
      expect(printed.filter((l) => l === undefined), run.result.stdout).toEqual([]);
      expect(printed).toEqual(labels.filter((l) => printed.includes(l))); // in the declared order
      for (const row of rows) if (!row.optional) expect(printed, run.result.stdout).toContain(row.label);
    }
    expect(seen, `no key/value view of ${name} was printed by the walk`).toBeGreaterThan(0);
  });
});

describe('output with -o json: the declared type and top-level fields', () => {
  const withJson = allCommands().filter((c) => c.output?.json);
  it.each(withJson.map((c) => [c.name] as const))('%s', (name) => {
    const shape = declared(name).output!.json!;
    const fields = shape.fields.map((f) => f.replace(/\?$/, ''));
    const required = shape.fields.filter((f) => !f.endsWith('?'));
    const runs = runsOf(name).filter((r) => r.json);
    expect(runs.length, `${name} was not run with -o json`).toBeGreaterThan(0);
    let objects = 0;
    for (const run of runs) {
      const value = JSON.parse(run.result.stdout);
      expect(Array.isArray(value), run.argv.join(' ')).toBe(shape.array === true);
      for (const object of shape.array ? value : [value]) {
        objects++;
        expect(Object.keys(object).filter((k) => !fields.includes(k)), `undeclared fields of ${name}`).toEqual([]);
        expect(required.filter((k) => !(k in object)), `declared fields missing from ${name}`).toEqual([]);
      }
    }
    expect(objects, `${name}: the walk printed no JSON object to check`).toBeGreaterThan(0);
  });

  it('--dry-run -o json prints the declared dry-run shape', async () => {
    const r = await ok(['-c', 'UpdateRole', '-n', 'Development', '-nn', 'Developers', '--dry-run'], { json: true });
    const dry = declaredOutput(declared('UpdateRole')).dryRunJson as { required: string[] };
    expect(Object.keys(JSON.parse(r.stdout)).sort()).toEqual([...dry.required].sort());
  });
});

describe('Describe', () => {
  it('the JSON of every command validates against describe-schema.ts and carries the declarations', async () => {
    const r = await runCli(['-c', 'Describe'], { home });
    const doc = describeOutputSchema.parse(JSON.parse(r.stdout));
    for (const c of doc.commands) {
      const spec = declared(c.name);
      expect(c.effects.effect).toBe(spec.effect);
      expect(c.output.columns).toEqual(spec.output!.headers ? [...spec.output!.headers] : spec.output!.columns?.map((col) => col.header.toUpperCase()));
    }
  });
});
