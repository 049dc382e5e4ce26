/**
 * Sign-in end to end: the built CLI as a child process (`node bin/octo-cli.js`) against the local Identity Service
 * started in-process. The device prompt is read from the CLI's stderr (--output json) and approved, denied or left
 * to expire through the service's `/_local/device/*` endpoints.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { deviceLogin, startTestServer } from '../helpers/server.js';
import { spawnCli, startCli, tempDir } from './auth-helpers.js';

let server: RunningServer;
const CLIENT_ID = 'e2e-bot';
const SECRET = 'e2e-bot-secret-7c1d0f3a9b';
beforeAll(async () => {
  server = await startTestServer({ deviceInterval: 1 });
  // A client_credentials client, created through the admin API with a device-flow token.
  const { access_token } = await deviceLogin(server);
  const res = await fetch(`${server.url}/octosystem/v1/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ isEnabled: true, clientId: CLIENT_ID, clientName: CLIENT_ID, clientSecret: SECRET, requireClientSecret: true, allowedGrantTypes: ['client_credentials'], allowedScopes: ['octo_api'], isOfflineAccessEnabled: true }),
  });
  if (res.status !== 200) throw new Error(`creating the client failed: ${res.status} ${await res.text()}`);
});
afterAll(() => server?.close());

const dirs: Array<{ cleanup(): void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

async function home(tenant = 'octosystem', srv: { url: string } = server): Promise<NodeJS.ProcessEnv> {
  const d = tempDir();
  dirs.push(d);
  const env = { OCTO_CLI_HOME: d.dir, OCTO_CLI_TOKEN_STORE: 'file' };
  const r = await spawnCli(['-c', 'AddContext', '-n', 'local', '-isu', srv.url, '-tid', tenant], { env });
  expect(r.code, r.stderr).toBe(0);
  return env;
}

async function decide(srv: RunningServer, userCode: unknown, decision: 'approve' | 'deny'): Promise<void> {
  const res = await fetch(`${srv.url}/_local/device/${decision}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userCode, username: srv.adminUser }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe('LogIn (device flow)', () => {
  test('approved: AuthStatus fails before, works after; LogOut then AuthStatus fails (252)', async () => {
    const env = await home();
    const before = await spawnCli(['-c', 'AuthStatus'], { env });
    expect(before.code).toBe(252);

    const login = startCli(['-c', 'LogIn', '-o', 'json'], env);
    const prompt = await login.prompt;
    expect(Object.keys(prompt).sort()).toEqual(['expires_at', 'expires_in', 'user_code', 'verification_uri', 'verification_uri_complete']);
    expect(prompt.verification_uri).toBe(`${server.url}/octosystem/device`);
    expect(prompt.verification_uri_complete).toBe(`${server.url}/octosystem/device?userCode=${prompt.user_code}`);
    await decide(server, prompt.user_code, 'approve');
    const done = await login.done;
    expect(done.code, done.stderr).toBe(0);
    const result = JSON.parse(done.stdout);
    expect(result).toMatchObject({ status: 'signed_in', context: 'local', tenant: 'octosystem', method: 'device_code', tokenStore: 'file', hasRefreshToken: true });
    expect(Date.parse(result.expiresAt)).toBeGreaterThan(Date.now());
    expect(done.stdout).not.toMatch(/eyJ/); // no JWT on stdout

    const after = await spawnCli(['-c', 'AuthStatus', '-o', 'json'], { env });
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ status: 'valid', tokenStore: 'file', userinfo: { preferred_username: server.adminUser } });

    const admin = await spawnCli(['-c', 'GetApiScopes', '-o', 'json'], { env });
    expect(admin.code, admin.stderr).toBe(0);

    const logout = await spawnCli(['-c', 'LogOut'], { env });
    expect(logout.code, logout.stderr).toBe(0);
    expect(logout.stderr).toContain('Revoked the refresh token');
    const gone = await spawnCli(['-c', 'AuthStatus'], { env });
    expect(gone.code).toBe(252);
    expect(gone.stderr).toContain("Not signed in to context 'local'");
  });

  test('denied in the browser: exit 252 with a clear message', async () => {
    const env = await home();
    const login = startCli(['-c', 'LogIn', '-o', 'json'], env);
    await decide(server, (await login.prompt).user_code, 'deny');
    const done = await login.done;
    expect(done.code).toBe(252);
    expect(done.stderr).toContain('{"error":{"code":252,"kind":"auth","message":"the sign-in was denied in the browser (access_denied); nothing was stored"'); // -o json: the error as JSON
    expect((await spawnCli(['-c', 'AuthStatus'], { env })).code).toBe(252);
  });

  test('not approved in time: exit 252 with a clear message', async () => {
    const shortLived = await startTestServer({ deviceInterval: 1, deviceCodeTtl: 2 });
    try {
      const env = await home('octosystem', shortLived);
      const login = startCli(['-c', 'LogIn', '-o', 'json'], env);
      expect((await login.prompt).expires_in).toBe(2);
      const done = await login.done;
      expect(done.code).toBe(252);
      expect(done.stderr).toContain('{"error":{"code":252,"kind":"auth","message":"the code expired before the sign-in was approved (expired_token); nothing was stored"'); // -o json: the error as JSON
    } finally {
      await shortLived.close();
    }
  });

  test('slow_down from the service: the CLI waits 5 s longer, then signs in', async () => {
    // The service advertises a 1 s interval but wants 3 s between polls, so the second poll meets slow_down.
    const strict = await startTestServer({ deviceInterval: 1, devicePollSpacing: 3 });
    try {
      const env = await home('octosystem', strict);
      const login = startCli(['-c', 'LogIn', '-o', 'json'], env);
      const prompt = await login.prompt;
      expect(prompt.interval ?? 1).toBe(1);
      const slowDown = await new Promise<Record<string, unknown>>((resolve) => {
        let seen = '';
        login.child.stderr.on('data', (d: Buffer) => {
          seen += d;
          const line = seen.split('\n').find((l) => l.includes('"event":"slow_down"'));
          if (line) resolve(JSON.parse(line));
        });
      });
      expect(slowDown).toEqual({ event: 'slow_down', interval: 6 });
      const started = Date.now();
      await decide(strict, prompt.user_code as string, 'approve');
      const done = await login.done;
      expect(done.code, done.stderr).toBe(0);
      expect(Date.now() - started).toBeGreaterThan(2500); // it kept the longer interval
      expect(strict.stats.tokenRequests['urn:ietf:params:oauth:grant-type:device_code']).toBe(3);
    } finally {
      await strict.close();
    }
  });

  test('Ctrl-C while waiting: exit 252, nothing stored', async () => {
    const env = await home();
    const login = startCli(['-c', 'LogIn'], env);
    let seen = '';
    await new Promise<void>((resolve) => {
      login.child.stderr.on('data', (d: Buffer) => {
        seen += d;
        if (seen.includes('Waiting for the sign-in')) resolve();
      });
    });
    login.child.kill('SIGINT');
    const done = await login.done;
    expect(done.code).toBe(252);
    expect(done.stderr).toContain('error: sign-in cancelled (Ctrl-C); nothing was stored');
    expect(done.stderr).toContain('2. Enter the code:');
  });
});

describe('LogInClientCredentials', () => {

  test('from the environment: AuthStatus before (252) and after (0)', async () => {
    const env = await home();
    expect((await spawnCli(['-c', 'AuthStatus'], { env })).code).toBe(252);
    const r = await spawnCli(['-c', 'LogInClientCredentials', '-o', 'json'], { env: { ...env, OCTO_CLI_CLIENT_ID: CLIENT_ID, OCTO_CLI_CLIENT_SECRET: SECRET } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'signed_in', method: 'client_credentials', clientId: CLIENT_ID });
    const status = await spawnCli(['-c', 'AuthStatus', '-o', 'json'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'valid', method: 'client_credentials', clientId: CLIENT_ID, userinfo: null });
    expect((await spawnCli(['-c', 'GetApiScopes'], { env })).code).toBe(0);
  });

  test('the secret from stdin', async () => {
    const env = await home();
    const r = await spawnCli(['-c', 'LogInClientCredentials', '-id', CLIENT_ID, '-s', '-'], { env, stdin: `${SECRET}\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Client-credentials log-in successful');
    expect(r.stderr + r.stdout).not.toContain(SECRET);
    expect((await spawnCli(['-c', 'AuthStatus'], { env })).code).toBe(0);
  });
});

test('--verbose in child processes never shows a token, refresh token or client secret', async () => {
  const env = await home();
  const outputs: string[] = [];
  const secrets = new Set<string>();
  const { FileStore } = await import('../../src/auth/stores/file.js');
  const store = new FileStore(env.OCTO_CLI_HOME!);
  const key = { contextName: 'local', identityUrl: server.url };
  const remember = async () => {
    const t = await store.get(key);
    if (t?.accessToken) secrets.add(t.accessToken);
    if (t?.refreshToken) secrets.add(t.refreshToken);
  };
  const run = async (argv: string[], extra: { env?: NodeJS.ProcessEnv; stdin?: string } = {}) => {
    const r = await spawnCli([...argv, '--verbose'], { env: { ...env, ...extra.env }, stdin: extra.stdin });
    outputs.push(r.stdout, r.stderr);
    await remember();
    return r;
  };

  const login = startCli(['-c', 'LogIn', '-o', 'json', '--verbose'], env);
  await decide(server, (await login.prompt).user_code, 'approve');
  const done = await login.done;
  outputs.push(done.stdout, done.stderr);
  expect(done.code, done.stderr).toBe(0);
  await remember();
  expect((await run(['-c', 'AuthStatus'])).code).toBe(0);
  await store.set(key, { ...(await store.get(key))!, accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString() });
  expect((await run(['-c', 'GetApiScopes'])).code).toBe(0);
  expect((await run(['-c', 'LogOut'])).code).toBe(0);
  secrets.add(SECRET);
  expect((await run(['-c', 'LogInClientCredentials', '-id', CLIENT_ID, '-s', '-'], { stdin: SECRET })).code).toBe(0);
  expect((await run(['-c', 'AuthStatus'])).code).toBe(0);

  expect(secrets.size).toBeGreaterThanOrEqual(6);
  const all = outputs.join('\n');
  expect(all).toContain('[debug] > POST');
  for (const s of secrets) expect(all.includes(s), `secret ${s.slice(0, 6)}… in the output`).toBe(false);
  expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
});
