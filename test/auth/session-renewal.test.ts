/**
 * Where renewed tokens go and which sign-in a command uses, against the real local Identity Service: a renewed token
 * stays in the store it came from (never silently in the insecure file store), tokens of the .NET tool leave
 * contexts.json only for a store that may be used, environment credentials never replace a user's device sign-in,
 * a refresh happens at most once per 401, `--context` selects the sign-in of an admin command, and ListContexts'
 * summary of each sign-in (valid, expired, no expiry recorded, none).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '../../src/server/index.js';
import { createSessionProvider, renew } from '../../src/auth/session.js';
import { tokenStores } from '../../src/auth/stores/index.js';
import { FileStore } from '../../src/auth/stores/file.js';
import { KeychainStore, type KeyringBackend } from '../../src/auth/stores/keychain.js';
import type { AuthContext } from '../../src/auth/context.js';
import type { StoredTokens } from '../../src/auth/types.js';
import { createLogger } from '../../src/cli/log.js';
import { ContextRepository } from '../../src/config/contexts.js';
import { deviceLogin, startTestServer } from '../helpers/server.js';
import { runCli, tempHome } from '../helpers/run.js';
import { addContext, createClientCredentialsClient, fileEnv, memoryKeyring, unreachableKeyring as unreachable } from './helpers.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
  await createClientCredentialsClient(server, 'renewal-ci', 'renewal-ci-secret-1234');
});
afterAll(() => server?.close());

const homes: Array<{ cleanup(): void }> = [];
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));

async function newHome(): Promise<string> {
  const h = tempHome();
  homes.push(h);
  await addContext(h.home, server, 'local', 'octosystem', fileEnv);
  return h.home;
}

/** The sign-in layer's context for one command run, its keychain being `keyring`; stderr is captured. */
function authContext(home: string, keyring: KeyringBackend, env: NodeJS.ProcessEnv = {}): { ctx: AuthContext; stderr: () => string; tokenRequests: () => number } {
  let err = '';
  let tokenRequests = 0;
  const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((err += s), true) } };
  const ctx: AuthContext = {
    env,
    now: Date.now,
    home,
    contexts: new ContextRepository(home),
    log: createLogger(io as never, { verbose: false }),
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).endsWith('/connect/token')) tokenRequests++;
      return fetch(input, init);
    }) as typeof fetch,
    sleep: async () => {},
    signal: new AbortController().signal,
  };
  tokenStores(ctx, { keyring });
  return { ctx, stderr: () => err, tokenRequests: () => tokenRequests };
}

const target = () => ({ contextName: 'local', identityUrl: server.url, tenant: 'octosystem' });
const key = () => ({ contextName: 'local', identityUrl: server.url });
const past = () => new Date(Date.now() - 60_000).toISOString();
const future = () => new Date(Date.now() + 3_600_000).toISOString();
const contextsOf = (home: string) => JSON.parse(readFileSync(join(home, 'contexts.json'), 'utf8'));

function writeLegacy(home: string, auth: Record<string, unknown>) {
  const file = contextsOf(home);
  file.Contexts.local.Authentication = auth;
  writeFileSync(join(home, 'contexts.json'), JSON.stringify(file, null, 2));
}

describe('renewed tokens stay where they were', () => {
  test('tokens of the .NET tool with no keychain and no permission for the file: renewed in contexts.json, no credentials file', async () => {
    const home = await newHome();
    const t = await deviceLogin(server);
    writeLegacy(home, { AccessToken: t.access_token, AccessTokenExpiresAt: past(), RefreshToken: t.refresh_token, Other: 'kept' });
    const { ctx, stderr } = authContext(home, unreachable);
    const renewed = await renew(ctx, target());
    expect(renewed?.how).toBe('refreshed');
    expect(renewed?.located.store?.kind).toBe('legacy');
    const auth = contextsOf(home).Contexts.local.Authentication;
    expect(auth.AccessToken).toBe(renewed!.located.tokens.accessToken);
    expect(auth.RefreshToken).toBe(renewed!.located.tokens.refreshToken);
    expect(auth.RefreshToken).not.toBe(t.refresh_token);
    expect(Date.parse(auth.AccessTokenExpiresAt)).toBeGreaterThan(Date.now());
    expect(auth.Other).toBe('kept');
    expect(existsSync(join(home, 'credentials.json'))).toBe(false);
    expect(stderr()).not.toContain('Moved the tokens');
  });

  test('tokens of the .NET tool with a keychain: renewed into the keychain, removed from contexts.json, and the user told', async () => {
    const home = await newHome();
    const t = await deviceLogin(server);
    writeLegacy(home, { AccessToken: t.access_token, AccessTokenExpiresAt: past(), RefreshToken: t.refresh_token });
    const keyring = memoryKeyring();
    const { ctx, stderr } = authContext(home, keyring);
    const renewed = await renew(ctx, target());
    expect(renewed?.located.store?.kind).toBe('keychain');
    expect(await new KeychainStore(keyring, 'octo-cli').get(key())).toMatchObject({ accessToken: renewed!.located.tokens.accessToken, method: 'device_code' });
    expect(contextsOf(home).Contexts.local.Authentication).toBeUndefined();
    expect(existsSync(join(home, 'credentials.json'))).toBe(false);
    expect(stderr()).toContain("Moved the tokens of context 'local' from contexts.json to ");
  });

  test('tokens in the file store (allowed earlier) stay there even when a keychain is reachable now', async () => {
    const home = await newHome();
    const t = await deviceLogin(server);
    await new FileStore(home).set(key(), { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: past(), method: 'device_code' });
    const keyring = memoryKeyring();
    const { ctx } = authContext(home, keyring);
    const renewed = await renew(ctx, target());
    expect(renewed?.located.store?.kind).toBe('file');
    expect((await new FileStore(home).get(key()))!.accessToken).toBe(renewed!.located.tokens.accessToken);
    expect(keyring.entries.size).toBe(0);
  });

  test('tokens in the keychain stay in the keychain; the file store is never created', async () => {
    const home = await newHome();
    const t = await deviceLogin(server);
    const keyring = memoryKeyring();
    await new KeychainStore(keyring, 'octo-cli').set(key(), { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: past(), method: 'device_code' });
    const { ctx } = authContext(home, keyring);
    const renewed = await renew(ctx, target());
    expect(renewed?.how).toBe('refreshed');
    expect(renewed?.located.store?.kind).toBe('keychain');
    expect((await new KeychainStore(keyring, 'octo-cli').get(key()))!.accessToken).toBe(renewed!.located.tokens.accessToken);
    expect(existsSync(join(home, 'credentials.json'))).toBe(false);
  });

  test('a token acquired from environment credentials with no keychain is kept for this process only, not in the file', async () => {
    const home = await newHome();
    const { ctx } = authContext(home, unreachable, { OCTO_CLI_CLIENT_ID: 'renewal-ci', OCTO_CLI_CLIENT_SECRET: 'renewal-ci-secret-1234' });
    const renewed = await renew(ctx, target());
    expect(renewed?.how).toBe('reacquired');
    expect(renewed?.located.store).toBeUndefined();
    expect(renewed?.located.tokens).toMatchObject({ method: 'client_credentials', clientId: 'renewal-ci' });
    expect(existsSync(join(home, 'credentials.json'))).toBe(false);
    expect(contextsOf(home).Contexts.local.Authentication).toBeUndefined();
  });

  test('a token acquired from environment credentials with a keychain is stored there', async () => {
    const home = await newHome();
    const keyring = memoryKeyring();
    const { ctx } = authContext(home, keyring, { OCTO_CLI_CLIENT_ID: ' renewal-ci ', OCTO_CLI_CLIENT_SECRET: 'renewal-ci-secret-1234' });
    const renewed = await renew(ctx, target());
    expect(renewed?.located.store?.kind).toBe('keychain');
    expect(await new KeychainStore(keyring, 'octo-cli').get(key())).toMatchObject({ method: 'client_credentials', clientId: 'renewal-ci' });
  });

  test('a valid token in the store is reused without a request, unless it is the one the server rejected', async () => {
    const home = await newHome();
    const t = await deviceLogin(server);
    await new FileStore(home).set(key(), { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: future(), method: 'device_code' });
    const first = authContext(home, unreachable);
    expect((await renew(first.ctx, target()))?.how).toBe('reused');
    expect((await renew(first.ctx, target(), { force: true, rejected: 'another-token' }))?.how).toBe('reused');
    expect(first.tokenRequests()).toBe(0);
    const forced = await renew(first.ctx, target(), { force: true, rejected: t.access_token });
    expect(forced?.how).toBe('refreshed');
    expect(first.tokenRequests()).toBe(1);
  });
});

describe("environment credentials and a user's device sign-in", () => {
  test('an expired device sign-in without a refresh token is not replaced by OCTO_CLI_CLIENT_ID/SECRET', async () => {
    const home = await newHome();
    const t = await deviceLogin(server);
    const stored: StoredTokens = { accessToken: t.access_token, accessTokenExpiresAt: past(), method: 'device_code' };
    await new FileStore(home).set(key(), stored);
    const env = { ...fileEnv, OCTO_CLI_CLIENT_ID: 'renewal-ci', OCTO_CLI_CLIENT_SECRET: 'renewal-ci-secret-1234' };
    const { ctx, tokenRequests } = authContext(home, unreachable, env);
    expect(await renew(ctx, target())).toBeUndefined();
    expect(tokenRequests()).toBe(0);
    const r = await runCli(['-c', 'GetApiScopes'], { home, env });
    expect(r.code).toBe(252);
    expect(r.stderr).toContain("error: the access token of context 'local' has expired and there is no refresh token to renew it (run `octo-cli -c LogIn`)");
    expect(await new FileStore(home).get(key())).toMatchObject(stored);
  });

  test('an expired client-credentials sign-in is re-acquired with them, and the hint without them says so', async () => {
    const home = await newHome();
    const ci = await runCli(['-c', 'LogInClientCredentials', '-id', 'renewal-ci', '-s', 'renewal-ci-secret-1234'], { home, env: fileEnv });
    expect(ci.code).toBe(0);
    const stored = (await new FileStore(home).get(key()))!;
    await new FileStore(home).set(key(), { ...stored, refreshToken: undefined, accessTokenExpiresAt: past() });
    const without = await runCli(['-c', 'GetApiScopes'], { home, env: fileEnv });
    expect(without.code).toBe(252);
    expect(without.stderr).toContain('run `octo-cli -c LogInClientCredentials` again, or set OCTO_CLI_CLIENT_ID and OCTO_CLI_CLIENT_SECRET to renew automatically');
    const withEnv = await runCli(['-c', 'GetApiScopes', '-o', 'json'], { home, env: { ...fileEnv, OCTO_CLI_CLIENT_ID: 'renewal-ci', OCTO_CLI_CLIENT_SECRET: 'renewal-ci-secret-1234' } });
    expect(withEnv.code).toBe(0);
    expect(Date.parse((await new FileStore(home).get(key()))!.accessTokenExpiresAt!)).toBeGreaterThan(Date.now());
  });

  test('nothing stored and no credentials: no token, the request goes out without one', async () => {
    const home = await newHome();
    const { ctx } = authContext(home, unreachable, fileEnv);
    expect(await createSessionProvider().getAccessToken(ctx, target())).toBeUndefined();
    expect(await createSessionProvider().getAccessToken(ctx, { ...target(), contextName: undefined } as never)).toBeUndefined();
  });
});

describe('one command, many requests', () => {
  test('the store is read once while the token stays fresh, again when it expires, and not after LogOut', async () => {
    const home = await newHome();
    const store = new FileStore(home);
    const hour = 3_600_000;
    const start = Date.now();
    await store.set(key(), { accessToken: 'token-a', accessTokenExpiresAt: new Date(start + hour).toISOString(), method: 'device_code' });
    const { ctx } = authContext(home, unreachable, fileEnv);
    let now = start;
    ctx.now = () => now;
    const session = createSessionProvider();
    expect(await session.getAccessToken(ctx, target())).toBe('token-a');
    // Another process stores a newer token: this command keeps the one it read while that one is fresh (no re-read).
    await store.set(key(), { accessToken: 'token-b', accessTokenExpiresAt: new Date(start + 2 * hour).toISOString(), method: 'device_code' });
    expect(await session.getAccessToken(ctx, target())).toBe('token-a');
    // Within the expiry margin of token-a the store is read again, and holds token-b.
    now = start + hour - 1_000;
    expect(await session.getAccessToken(ctx, target())).toBe('token-b');
    await session.forget(ctx, 'LOCAL');
    expect(await session.getAccessToken(ctx, target())).toBeUndefined();
  });
});

describe('a 401 asks for one refresh', () => {
  test('forceRefresh renews the token handed out, and a second forceRefresh reuses the renewed one', async () => {
    const home = await newHome();
    const t = await deviceLogin(server);
    await new FileStore(home).set(key(), { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: future(), method: 'device_code' });
    const { ctx, tokenRequests } = authContext(home, unreachable, fileEnv);
    const session = createSessionProvider();
    expect(await session.getAccessToken(ctx, target())).toBe(t.access_token);
    expect(tokenRequests()).toBe(0);
    const fresh = await session.getAccessToken(ctx, target(), { forceRefresh: true });
    expect(fresh).not.toBe(t.access_token);
    expect(tokenRequests()).toBe(1);
    // Another 401 for the renewed token (e.g. a parallel command's refresh raced ours) refreshes that one, once.
    const again = await session.getAccessToken(ctx, target(), { forceRefresh: true });
    expect(tokenRequests()).toBe(2);
    expect(again).not.toBe(fresh);
  });

  test('with no way to renew, forceRefresh gives back the rejected token (the 401 is then reported)', async () => {
    const home = await newHome();
    const t = await deviceLogin(server);
    await new FileStore(home).set(key(), { accessToken: t.access_token, accessTokenExpiresAt: future(), method: 'device_code' });
    const { ctx } = authContext(home, unreachable, fileEnv);
    const session = createSessionProvider();
    expect(await session.getAccessToken(ctx, target())).toBe(t.access_token);
    expect(await session.getAccessToken(ctx, target(), { forceRefresh: true })).toBe(t.access_token);
  });

  test('OCTO_CLI_ACCESS_TOKEN is used as it is (trimmed), even when a refresh is asked for', async () => {
    const home = await newHome();
    const { ctx } = authContext(home, unreachable, { OCTO_CLI_ACCESS_TOKEN: '  env-token-value  ' });
    const session = createSessionProvider();
    expect(await session.getAccessToken(ctx, target())).toBe('env-token-value');
    expect(await session.getAccessToken(ctx, target(), { forceRefresh: true })).toBe('env-token-value');
  });
});

describe('--context selects the sign-in of an admin command', () => {
  test('the request goes to the named context with its token; the active context is left alone', async () => {
    const home = await newHome();
    // The active context points at a service that is not there: a command that ignored --context would fail.
    const other = await runCli(['-c', 'AddContext', '-n', 'elsewhere', '-isu', 'http://127.0.0.1:9/', '-tid', 'nowhere'], { home, env: fileEnv });
    expect(other.code).toBe(0);
    expect((await runCli(['-c', 'UseContext', '-n', 'elsewhere'], { home, env: fileEnv })).code).toBe(0);
    const t = await deviceLogin(server);
    await new FileStore(home).set(key(), { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: future(), method: 'device_code' });
    const sent: Array<{ url: string; authorization: string | null }> = [];
    const recording = (async (input: string | URL | Request, init?: RequestInit) => {
      sent.push({ url: String(input), authorization: new Headers(init?.headers as HeadersInit).get('authorization') });
      return fetch(input, init);
    }) as typeof fetch;
    const r = await runCli(['-c', 'GetApiScopes', '--context', 'LOCAL', '-o', 'json'], { home, env: fileEnv, fetch: recording });
    expect(r.code).toBe(0);
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
    expect(sent).toEqual([{ url: `${server.url}/octosystem/v1/apiScopes`, authorization: `Bearer ${t.access_token}` }]);
    expect(contextsOf(home).ActiveContext).toBe('elsewhere');
    const unknown = await runCli(['-c', 'GetApiScopes', '--context', 'staging'], { home, env: fileEnv, fetch: recording });
    expect(unknown.code).toBe(251);
    expect(unknown.stderr).toContain("Context 'staging' does not exist.");
    expect(sent).toHaveLength(1);
  });
});

describe('ListContexts: the sign-in of each context', () => {
  const noNetwork: typeof fetch = async () => {
    throw new Error('no network call expected');
  };

  test('valid, expired, no expiry recorded, and none; in JSON and for people', async () => {
    const h = tempHome();
    homes.push(h);
    const home = h.home;
    const add = async (name: string, host: string) => expect((await runCli(['-c', 'AddContext', '-n', name, '-isu', `https://${host}/`, '-tid', 't'], { home, env: fileEnv, fetch: noNetwork })).code).toBe(0);
    await add('valid', 'valid.example.com');
    await add('expired', 'expired.example.com');
    await add('opaque', 'opaque.example.com');
    await add('none', 'none.example.com');
    const files = new FileStore(home);
    await files.set({ contextName: 'valid', identityUrl: 'https://valid.example.com' }, { accessToken: 'a', refreshToken: 'r', accessTokenExpiresAt: '2099-01-01T00:00:00.000Z', method: 'device_code' });
    await files.set({ contextName: 'expired', identityUrl: 'https://expired.example.com' }, { accessToken: 'b', accessTokenExpiresAt: '2020-01-01T00:00:00.000Z', method: 'device_code' });
    await files.set({ contextName: 'opaque', identityUrl: 'https://opaque.example.com' }, { accessToken: 'opaque-token', refreshToken: 'r2', method: 'client_credentials' });
    const json = await runCli(['-c', 'ListContexts', '-j'], { home, env: fileEnv, fetch: noNetwork });
    expect(json.code).toBe(0);
    const rows = Object.fromEntries((JSON.parse(json.stdout) as Array<{ name: string }>).map((r) => [r.name, r]));
    expect(rows.valid).toMatchObject({ authStatus: 'valid', accessTokenExpiresAt: '2099-01-01T00:00:00.000Z', hasRefreshToken: true });
    expect(rows.expired).toMatchObject({ authStatus: 'expired', accessTokenExpiresAt: '2020-01-01T00:00:00.000Z', hasRefreshToken: false });
    expect(rows.opaque).toMatchObject({ authStatus: 'unknown-expiry', accessTokenExpiresAt: null, hasRefreshToken: true });
    expect(rows.none).toMatchObject({ authStatus: 'none', accessTokenExpiresAt: null, hasRefreshToken: false });
    const table = await runCli(['-c', 'ListContexts'], { home, env: fileEnv, fetch: noNetwork, tty: true, columns: 400 });
    expect(table.code).toBe(0);
    // Local time with zone and how far away (issue 15 §6); the JSON above keeps ISO 8601.
    expect(table.stdout).toMatch(/authenticated, expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \(in \d+ d\), refresh available/);
    expect(table.stdout).toMatch(/expired, expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \(\d+ d ago\)/);
    expect(table.stdout).toContain('authenticated (no expiry recorded)');
    expect(table.stdout).toContain('no token (run LogIn)');
    // The JWT's own exp counts when no expiry was recorded.
    const jwt = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ exp: 1_600_000_000 })).toString('base64url')}.`;
    await files.set({ contextName: 'opaque', identityUrl: 'https://opaque.example.com' }, { accessToken: jwt, method: 'device_code' });
    const again = await runCli(['-c', 'ListContexts', '-j', '-n', 'opaque'], { home, env: fileEnv, fetch: noNetwork });
    expect(JSON.parse(again.stdout)[0]).toMatchObject({ authStatus: 'expired', accessTokenExpiresAt: '2020-09-13T12:26:40.000Z', hasRefreshToken: false });
  });

  test('tokens that cannot be read are shown as none, with a warning', async () => {
    const h = tempHome();
    homes.push(h);
    expect((await runCli(['-c', 'AddContext', '-n', 'dev', '-isu', 'https://dev.example.com/', '-tid', 't'], { home: h.home, env: fileEnv, fetch: noNetwork })).code).toBe(0);
    writeFileSync(join(h.home, 'credentials.json'), '{not json', { mode: 0o600 });
    const r = await runCli(['-c', 'ListContexts', '-j'], { home: h.home, env: fileEnv, fetch: noNetwork });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ authStatus: 'none', hasRefreshToken: false });
    expect(r.stderr).toMatch(/warning: cannot read the tokens of context 'dev': /);
  });

  test('a store that cannot be read is an auth error naming it (exit 252), not "not signed in"', async () => {
    const home = await newHome();
    writeFileSync(join(home, 'credentials.json'), '{not json', { mode: 0o600 });
    const r = await runCli(['-c', 'GetApiScopes'], { home, env: fileEnv });
    expect(r.code).toBe(252);
    expect(r.stderr).toMatch(/credentials\.json/);
  });
});
