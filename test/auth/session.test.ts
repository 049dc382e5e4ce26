/**
 * The session behind admin commands, against the real local Identity Service: no extra request while the token is
 * valid, refresh when it expires (stored before use), forceRefresh after a 401, the .NET tool's tokens, the
 * OCTO_CLI_ACCESS_TOKEN bypass, and LogIn --if-needed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '../../src/server/index.js';
import { FileStore } from '../../src/auth/stores/file.js';
import type { StoredTokens } from '../../src/auth/types.js';
import { deviceLogin, startTestServer } from '../helpers/server.js';
import { runCli } from '../helpers/run.js';
import { fileEnv, localContextHomes, logInApproving } from './helpers.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());
const contextHome = localContextHomes(() => server);

function countingFetch() {
  const calls: Array<{ method: string; url: string; body: string; authorization?: string }> = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = new Headers(init?.headers as HeadersInit);
    const body = init?.body instanceof URLSearchParams ? init.body.toString() : typeof init?.body === 'string' ? init.body : '';
    calls.push({ method: init?.method ?? 'GET', url, body, authorization: headers.get('authorization') ?? undefined });
    return fetch(input, init);
  }) as typeof fetch;
  return { calls, fetch: fetchImpl, paths: () => calls.map((c) => `${c.method} ${new URL(c.url).pathname}`) };
}

const key = () => ({ contextName: 'local', identityUrl: server.url });
const refreshCount = () => server.stats.tokenRequests.refresh_token ?? 0;

async function storeTokens(home: string, tokens: StoredTokens) {
  await new FileStore(home).set(key(), tokens);
}
const readStored = (home: string) => new FileStore(home).get(key());

describe('admin commands', () => {
  test('a valid stored token: the admin call is the only request', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    await storeTokens(home, { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: new Date(Date.now() + 3600_000).toISOString(), method: 'device_code' });
    const http = countingFetch();
    const r = await runCli(['-c', 'GetApiScopes', '-o', 'json'], { home, env: fileEnv, fetch: http.fetch });
    expect(r.code).toBe(0);
    expect(http.paths()).toEqual(['GET /octosystem/v1/apiScopes']);
    expect(http.calls[0]!.authorization).toBe(`Bearer ${t.access_token}`);
  });

  test('an expired access token is refreshed once, stored before use, and the rotated refresh token kept', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    await storeTokens(home, { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString(), method: 'device_code' });
    const before = refreshCount();
    const http = countingFetch();
    const r = await runCli(['-c', 'GetApiScopes', '-o', 'json'], { home, env: fileEnv, fetch: http.fetch });
    expect(r.code).toBe(0);
    expect(refreshCount()).toBe(before + 1);
    expect(http.paths()).toEqual(['GET /.well-known/openid-configuration', 'POST /connect/token', 'GET /octosystem/v1/apiScopes']);
    const refresh = new URLSearchParams(http.calls[1]!.body);
    expect(refresh.get('grant_type')).toBe('refresh_token');
    expect(refresh.get('acr_values')).toBe('tenant:octosystem');
    expect(refresh.get('scope')).toBeNull();
    expect(http.calls[1]!.authorization).toBe('Basic b2N0by1jbGk6JTdCQUVFMkRBNTAtMDY1RS00MDcxLUE1NkUtN0IzQjRCMTc1RUZCJTdE');
    const stored = (await readStored(home))!;
    expect(stored.refreshToken).toBeTruthy();
    expect(stored.refreshToken).not.toBe(t.refresh_token);
    expect(http.calls[2]!.authorization).toBe(`Bearer ${stored.accessToken}`);
    expect(Date.parse(stored.accessTokenExpiresAt!)).toBeGreaterThan(Date.now() + 3000_000);
    // The next command uses the stored token without any refresh.
    const again = countingFetch();
    expect((await runCli(['-c', 'GetApiScopes', '-o', 'json'], { home, env: fileEnv, fetch: again.fetch })).code).toBe(0);
    expect(again.paths()).toEqual(['GET /octosystem/v1/apiScopes']);
  });

  test('a token the server rejects (401) is refreshed once and the call retried', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    const forged = `${t.access_token.split('.').slice(0, 2).join('.')}.bm90LXRoZS1zaWduYXR1cmU`;
    await storeTokens(home, { accessToken: forged, refreshToken: t.refresh_token, accessTokenExpiresAt: new Date(Date.now() + 3600_000).toISOString(), method: 'device_code' });
    const http = countingFetch();
    const r = await runCli(['-c', 'GetApiScopes', '-o', 'json'], { home, env: fileEnv, fetch: http.fetch });
    expect(r.code).toBe(0);
    expect(http.paths()).toEqual(['GET /octosystem/v1/apiScopes', 'GET /.well-known/openid-configuration', 'POST /connect/token', 'GET /octosystem/v1/apiScopes']);
    expect((await readStored(home))!.accessToken).not.toBe(forged);
  });

  test('expired without a refresh token: exit 252 with what to do', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    await storeTokens(home, { accessToken: t.access_token, accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString(), method: 'device_code' });
    const r = await runCli(['-c', 'GetApiScopes'], { home, env: fileEnv });
    expect(r.code).toBe(252);
    expect(r.stderr).toContain("error: the access token of context 'local' has expired and there is no refresh token to renew it (run `octo-cli -c LogIn`)");
  });

  test('a refresh token the server no longer accepts: exit 252, tokens kept for a retry', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    await storeTokens(home, { accessToken: t.access_token, refreshToken: 'not-a-real-refresh-token', accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString(), method: 'device_code' });
    const r = await runCli(['-c', 'GetApiScopes'], { home, env: fileEnv });
    expect(r.code).toBe(252);
    expect(r.stderr).toMatch(/error: the token refresh failed: invalid_grant/);
    expect(await readStored(home)).toBeTruthy();
  });

  test('not signed in: the call goes out without a token and the 401 says to sign in', async () => {
    const home = await contextHome();
    const r = await runCli(['-c', 'GetApiScopes'], { home, env: fileEnv });
    expect(r.code).toBe(253);
    expect(r.stderr).toContain('not signed in or token expired: run `octo-cli -c LogIn`');
  });

  test('OCTO_CLI_ACCESS_TOKEN bypasses the stores entirely', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    const http = countingFetch();
    const r = await runCli(['-c', 'GetApiScopes', '-o', 'json'], { home, env: { ...fileEnv, OCTO_CLI_ACCESS_TOKEN: t.access_token }, fetch: http.fetch });
    expect(r.code).toBe(0);
    expect(http.calls.map((c) => c.authorization)).toEqual([`Bearer ${t.access_token}`]);
    expect(existsSync(join(home, 'credentials.json'))).toBe(false);
  });
});

describe("tokens the .NET tool left in contexts.json", () => {
  function writeLegacy(home: string, auth: Record<string, unknown>) {
    const path = join(home, 'contexts.json');
    const file = JSON.parse(readFileSync(path, 'utf8'));
    file.Contexts.local.Authentication = auth;
    writeFileSync(path, JSON.stringify(file, null, 2));
  }

  test('are used while valid (AuthStatus shows where they are)', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    writeLegacy(home, { AccessToken: t.access_token, AccessTokenExpiresAt: '2099-07-02T15:04:05.1234567+02:00', RefreshToken: t.refresh_token });
    const r = await runCli(['-c', 'AuthStatus', '-o', 'json'], { home, env: fileEnv });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'valid', tokenStore: 'legacy', method: 'legacy', hasRefreshToken: true, expiresAt: '2099-07-02T13:04:05.123Z' });
    const list = await runCli(['-c', 'ListContexts', '-j'], { home, env: fileEnv });
    expect(JSON.parse(list.stdout)[0]).toMatchObject({ authStatus: 'valid', hasRefreshToken: true });
  });

  test('when expired, are refreshed and move to the selected store, leaving contexts.json', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    writeLegacy(home, { AccessToken: t.access_token, AccessTokenExpiresAt: '2020-01-01T00:00:00+02:00', RefreshToken: t.refresh_token });
    const r = await runCli(['-c', 'GetApiScopes', '-o', 'json'], { home, env: fileEnv });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Moved the tokens of context 'local' from contexts.json to");
    const contexts = JSON.parse(readFileSync(join(home, 'contexts.json'), 'utf8'));
    expect(contexts.Contexts.local.Authentication).toBeUndefined();
    expect(contexts.Contexts.local.OctoToolOptions.IdentityServiceUrl).toBeTruthy();
    const stored = (await readStored(home))!;
    expect(stored.method).toBe('device_code');
    expect(stored.refreshToken).not.toBe(t.refresh_token);
  });
});

describe('LogIn --if-needed', () => {
  test('keeps a valid token without any request', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    await storeTokens(home, { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: new Date(Date.now() + 3600_000).toISOString(), method: 'device_code' });
    const http = countingFetch();
    const r = await runCli(['-c', 'LogIn', '-in', '-o', 'json'], { home, env: fileEnv, fetch: http.fetch });
    expect(r.code).toBe(0);
    expect(http.calls).toEqual([]);
    expect(r.stderr).toContain('Existing access token is still valid; skipping device log-in.');
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'already_signed_in', tokenStore: 'file' });
  });

  test('refreshes silently when the token is within 30 s of expiry', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    await storeTokens(home, { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: new Date(Date.now() + 20_000).toISOString(), method: 'device_code' });
    const before = refreshCount();
    const r = await runCli(['-c', 'LogIn', '--if-needed', '-o', 'json'], { home, env: fileEnv });
    expect(r.code).toBe(0);
    expect(refreshCount()).toBe(before + 1);
    expect(r.stderr).toMatch(/Access token refreshed silently\. Token expires at '.*'\./);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'refreshed' });
  });

  test('falls back to the device log-in when the refresh fails', async () => {
    const home = await contextHome();
    await storeTokens(home, { accessToken: 'x.y.z', refreshToken: 'revoked-or-unknown', accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString(), method: 'device_code' });
    const r = await logInApproving(server, home, { env: fileEnv, args: ['-in'] });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Token refresh failed \(the token refresh failed: invalid_grant.*\); falling back to device log-in\./);
    expect(r.stderr).toContain('Device log-in successful');
  });

  test('without any tokens runs the device log-in', async () => {
    const home = await contextHome();
    const r = await logInApproving(server, home, { env: fileEnv, args: ['-in'] });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('No valid access token and no refresh token available; device log-in required.');
    expect((await readStored(home))!.method).toBe('device_code');
  });
});
