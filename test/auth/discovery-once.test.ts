/**
 * One command fetches the discovery document once: AuthStatus connects up to three times (userinfo, a refresh,
 * userinfo again) and `LogIn --if-needed` twice (a refresh that fails, then the device flow), all against the same
 * identity service. Counted on the wire against the real local service.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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
const store = (home: string, tokens: StoredTokens) => new FileStore(home).set({ contextName: 'local', identityUrl: server.url }, tokens);
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();
const ago = () => new Date(Date.now() - 1000).toISOString();
const DISCOVERY = 'GET /.well-known/openid-configuration';

describe('discovery, once per command', () => {
  test('AuthStatus: a token userinfo rejects, renewed and confirmed again: one discovery for userinfo, refresh and userinfo', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    const forged = `${t.access_token.split('.').slice(0, 2).join('.')}.bm90LXRoZS1zaWduYXR1cmU`;
    await store(home, { accessToken: forged, refreshToken: t.refresh_token, accessTokenExpiresAt: inAnHour(), method: 'device_code' });
    const spy = pathSpy();
    const r = await runCli(['-c', 'AuthStatus', '-o', 'json'], { home, env: fileEnv, fetch: spy.fetch });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'refreshed' });
    expect(spy.paths).toEqual([DISCOVERY, 'GET /connect/userinfo', 'POST /connect/token', 'GET /connect/userinfo']);
  });

  test('AuthStatus: an expired token, refreshed and confirmed: one discovery', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    await store(home, { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: ago(), method: 'device_code' });
    const spy = pathSpy();
    const r = await runCli(['-c', 'AuthStatus', '-o', 'json'], { home, env: fileEnv, fetch: spy.fetch });
    expect(r.code, r.stderr).toBe(0);
    expect(spy.paths).toEqual([DISCOVERY, 'POST /connect/token', 'GET /connect/userinfo']);
  });

  test('LogIn --if-needed: a refresh that fails, then the device flow: one discovery', async () => {
    const home = await contextHome();
    const t = await deviceLogin(server);
    await store(home, { accessToken: t.access_token, refreshToken: 'not-a-refresh-token-the-service-knows', accessTokenExpiresAt: ago(), method: 'device_code' });
    const spy = pathSpy();
    const r = await logInApproving(server, home, { env: fileEnv, fetch: spy.fetch, args: ['--if-needed'] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Token refresh failed');
    expect(spy.paths.filter((p) => p === DISCOVERY)).toHaveLength(1);
    expect(spy.paths.slice(0, 3)).toEqual([DISCOVERY, 'POST /connect/token', 'POST /connect/deviceauthorization']);
  });
});
