/** AuthStatus and LogOut against the local Identity Service. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '../../src/server/index.js';
import { FileStore } from '../../src/auth/stores/file.js';
import type { StoredTokens } from '../../src/auth/types.js';
import { deviceLogin, startTestServer } from '../helpers/server.js';
import { runCli } from '../helpers/run.js';
import { fileEnv, localContextHomes, logInApproving, pathSpy } from './helpers.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());
const contextHome = localContextHomes(() => server);
const key = () => ({ contextName: 'local', identityUrl: server.url });
const store = (home: string, tokens: StoredTokens) => new FileStore(home).set(key(), tokens);
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();
const ago = () => new Date(Date.now() - 1000).toISOString();

describe('AuthStatus', () => {
  test('not signed in: exit 252 (JSON: an auth error with status not_signed_in on stderr, nothing on stdout)', async () => {
    const home = await contextHome();
    const r = await runCli(['-c', 'AuthStatus'], { home, env: fileEnv });
    expect(r.code).toBe(252);
    expect(r.stderr).toContain("error: Not signed in to context 'local'. (run `octo-cli -c LogIn` (or LogInClientCredentials))");
    const j = await runCli(['-c', 'AuthStatus', '-o', 'json'], { home, env: fileEnv });
    expect(j.code).toBe(252);
    expect(j.stdout).toBe('');
    expect(JSON.parse(j.stderr.trim().split('\n').at(-1)!)).toMatchObject({
      error: { code: 252, kind: 'auth', hint: 'run `octo-cli -c LogIn` (or LogInClientCredentials)', details: { status: 'not_signed_in', context: 'local' } },
    });
  });

  test('a valid user token: the table and claims, confirmed by userinfo; never the token or its signature', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    await store(home, { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: inAnHour(), method: 'device_code' });
    const spy = pathSpy();
    const r = await runCli(['-c', 'AuthStatus'], { home, env: fileEnv, fetch: spy.fetch });
    expect(r.code).toBe(0);
    expect(spy.paths).toEqual(['GET /.well-known/openid-configuration', 'GET /connect/userinfo']);
    expect(r.stderr).toContain('Access token is valid');
    for (const label of ['Issuer', 'Audience', 'Issued At', 'Valid To', 'Subject', 'Token Type', 'Algorithm', 'Auth Method', 'Token Store']) expect(r.stdout).toMatch(new RegExp(`^${label}\\s`, 'm'));
    expect(r.stdout).toMatch(/^Audience\s+octoAPI$/m);
    expect(r.stdout).toMatch(/^Auth Method\s+device code \(refresh token available\)$/m);
    expect(r.stdout).toContain('CLAIMS');
    expect(r.stdout).toMatch(/^tenant_id\s+octosystem$/m);
    expect(r.stdout).toContain('USER INFO');
    expect(r.stdout).toMatch(/^preferred_username\s+admin$/m);
    const signature = t.access_token.split('.')[2]!;
    for (const out of [r.stdout, r.stderr]) {
      expect(out).not.toContain(t.access_token);
      expect(out).not.toContain(signature);
      expect(out).not.toContain(t.refresh_token!);
    }
  });

  test('--output json', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    await store(home, { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: inAnHour(), method: 'device_code' });
    const r = await runCli(['-c', 'AuthStatus', '-o', 'json'], { home, env: fileEnv });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ status: 'valid', context: 'local', tenant: 'octosystem', tokenStore: 'file', method: 'device_code', hasRefreshToken: true });
    expect(j.token).toMatchObject({ issuer: server.url, audience: ['octoAPI'], algorithm: 'RS256', type: 'at+jwt' });
    expect(j.userinfo).toMatchObject({ preferred_username: 'admin' });
    expect(r.stdout).not.toContain(t.access_token.split('.')[2]!);
  });

  test('expired with a refresh token: refreshed and reported (exit 0)', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    await store(home, { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: ago(), method: 'device_code' });
    const r = await runCli(['-c', 'AuthStatus', '-o', 'json'], { home, env: fileEnv });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Access token is EXPIRED \(valid to '.*'\)/);
    expect(r.stderr).toMatch(/Refresh successful\. Token expires at '/);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'refreshed' });
  });

  test('expired without a refresh token: exit 252', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    await store(home, { accessToken: t.access_token, accessTokenExpiresAt: ago(), method: 'device_code' });
    const r = await runCli(['-c', 'AuthStatus'], { home, env: fileEnv });
    expect(r.code).toBe(252);
    expect(r.stderr).toMatch(/error: Access token is EXPIRED \(valid to '.*'\), and there is no refresh token to renew it\. \(run `octo-cli -c LogIn`\)/);
  });

  test('a user token that userinfo rejects is INVALID (exit 252 without a refresh token)', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    const forged = `${t.access_token.split('.').slice(0, 2).join('.')}.bm90LXRoZS1zaWduYXR1cmU`;
    await store(home, { accessToken: forged, accessTokenExpiresAt: inAnHour(), method: 'device_code' });
    const r = await runCli(['-c', 'AuthStatus'], { home, env: fileEnv });
    expect(r.code).toBe(252);
    expect(r.stderr).toContain("Access token has 'sub' claim but the userinfo endpoint rejected it");
  });

  test('not a JWT: INVALID', async () => {
    const home = await contextHome();
    await store(home, { accessToken: 'opaque-token-value', accessTokenExpiresAt: inAnHour(), method: 'device_code' });
    const r = await runCli(['-c', 'AuthStatus'], { home, env: fileEnv });
    expect(r.code).toBe(252);
    expect(r.stderr).toContain('Access token is INVALID (not a parseable JWT)');
    expect(r.stderr).not.toContain('opaque-token-value');
  });
});

describe('LogOut', () => {
  test('revokes the refresh token, removes the tokens, then AuthStatus fails with 252', async () => {
    const home = await contextHome();
    const login = await logInApproving(server, home, { env: fileEnv });
    expect(login.code).toBe(0);
    const stored = (await new FileStore(home).get(key()))!;
    const spy = pathSpy();
    const r = await runCli(['-c', 'LogOut'], { home, env: fileEnv, fetch: spy.fetch });
    expect(r.code).toBe(0);
    expect(spy.paths).toEqual(['GET /.well-known/openid-configuration', 'POST /connect/revocation']);
    expect(r.stderr).toContain('Revoked the refresh token at the identity service.');
    expect(r.stderr).toMatch(/Removed the tokens of context 'local' from .*credentials\.json/);
    expect(await new FileStore(home).get(key())).toBeUndefined();
    // The refresh token is dead at the server.
    const refresh = await fetch(`${server.url}/connect/token`, {
      method: 'POST',
      headers: { authorization: 'Basic b2N0by1jbGk6JTdCQUVFMkRBNTAtMDY1RS00MDcxLUE1NkUtN0IzQjRCMTc1RUZCJTdE', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stored.refreshToken! }),
    });
    expect(refresh.status).toBe(400);
    expect((await refresh.json()).error).toBe('invalid_grant');
    const status = await runCli(['-c', 'AuthStatus'], { home, env: fileEnv });
    expect(status.code).toBe(252);
  });

  test("also clears the .NET tool's tokens in contexts.json (JSON report)", async () => {
    const home = await contextHome();
    const path = join(home, 'contexts.json');
    const file = JSON.parse(readFileSync(path, 'utf8'));
    file.Contexts.local.Authentication = { AccessToken: 'legacy-access-token-value', AccessTokenExpiresAt: '2099-01-01T00:00:00+02:00', RefreshToken: 'legacy-refresh-token-value' };
    writeFileSync(path, JSON.stringify(file));
    const r = await runCli(['-c', 'LogOut', '-o', 'json'], { home, env: fileEnv });
    expect(r.code).toBe(0);
    // The legacy refresh token is unknown to this server: revocation answers 200 anyway (RFC 7009 §2.2).
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'signed_out', context: 'local', refreshToken: 'revoked', removedFrom: ['legacy'] });
    expect(JSON.parse(readFileSync(path, 'utf8')).Contexts.local.Authentication).toBeUndefined();
    expect(r.stderr).not.toContain('legacy-refresh-token-value');
  });

  test('nothing stored: exit 0 and says so', async () => {
    const home = await contextHome();
    const r = await runCli(['-c', 'LogOut'], { home, env: fileEnv });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("No tokens were stored for context 'local'.");
  });

  test('when the service cannot be reached, the tokens are still removed locally (with a warning)', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    await store(home, { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: inAnHour(), method: 'device_code' });
    const down = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
    }) as typeof fetch;
    const r = await runCli(['-c', 'LogOut'], { home, env: fileEnv, fetch: down });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: could not revoke the refresh token at the identity service \(.*connection refused.*\); removing it locally anyway/);
    expect(await new FileStore(home).get(key())).toBeUndefined();
  });
});

test('RemoveContext and a retargeting Config forget the stored tokens', async () => {
  const home = await contextHome();
  const t = await deviceLogin(server);
  await store(home, { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: inAnHour(), method: 'device_code' });
  expect((await runCli(['-c', 'Config', '-isu', server.url, '-tid', 'othertenant'], { home, env: fileEnv })).code).toBe(0);
  expect(await new FileStore(home).get(key())).toBeUndefined();
  await store(home, { accessToken: t.access_token, accessTokenExpiresAt: inAnHour() });
  expect((await runCli(['-c', 'RemoveContext', '-n', 'LOCAL'], { home, env: fileEnv })).code).toBe(0);
  expect(JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')).tokens).toEqual({});
});
