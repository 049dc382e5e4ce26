/** LogInClientCredentials against the local Identity Service, with a client created through the admin API. */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '../../src/server/index.js';
import { FileStore } from '../../src/auth/stores/file.js';
import { startTestServer } from '../helpers/server.js';
import { runCli, tempHome } from '../helpers/run.js';
import { addContext, createClientCredentialsClient } from './helpers.js';

let server: RunningServer;
const CLIENT_ID = 'ci-bot';
const SECRET = 'ci-bot-secret-Qm9vdHN0cmFw-9f8e7d';


beforeAll(async () => {
  server = await startTestServer();
  await createClientCredentialsClient(server, CLIENT_ID, SECRET);
});
afterAll(() => server?.close());

const homes: Array<{ cleanup(): void }> = [];
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));
const fileEnv = { OCTO_CLI_TOKEN_STORE: 'file' };
const credsEnv = { ...fileEnv, OCTO_CLI_CLIENT_ID: CLIENT_ID, OCTO_CLI_CLIENT_SECRET: SECRET };

async function contextHome(tenant: string | null = 'octosystem'): Promise<string> {
  const h = tempHome();
  homes.push(h);
  if (tenant) await addContext(h.home, server, 'ci', tenant, fileEnv);
  else expect((await runCli(['-c', 'AddContext', '-n', 'ci', '-isu', server.url], { home: h.home })).code).toBe(0);
  return h.home;
}
const key = () => ({ contextName: 'ci', identityUrl: server.url });

describe('LogInClientCredentials', () => {
  test('from OCTO_CLI_CLIENT_ID / OCTO_CLI_CLIENT_SECRET; the secret is never stored or printed', async () => {
    const home = await contextHome();
    const r = await runCli(['-c', 'LogInClientCredentials', '-o', 'json', '--verbose'], { home, env: credsEnv });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'signed_in', method: 'client_credentials', clientId: CLIENT_ID, hasRefreshToken: false, tokenStore: 'file' });
    expect(r.stderr).toContain("Client-credentials log-in at '");
    expect(r.stderr).toContain("as client 'ci-bot'");
    const stored = (await new FileStore(home).get(key()))!;
    expect(stored).toMatchObject({ method: 'client_credentials', clientId: CLIENT_ID, tenant: 'octosystem' });
    expect(stored.refreshToken).toBeUndefined();
    expect(readFileSync(join(home, 'credentials.json'), 'utf8')).not.toContain(SECRET);
    for (const out of [r.stdout, r.stderr]) {
      expect(out).not.toContain(SECRET);
      expect(out).not.toContain(stored.accessToken);
    }
    // The token works for admin calls.
    expect((await runCli(['-c', 'GetApiScopes', '-o', 'json'], { home, env: fileEnv })).code).toBe(0);
  });

  test('the secret from stdin with -s -', async () => {
    const home = await contextHome();
    const r = await runCli(['-c', 'LogInClientCredentials', '-id', CLIENT_ID, '-s', '-'], { home, env: fileEnv, stdin: `${SECRET}\n` });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('warning');
    expect((await new FileStore(home).get(key()))!.clientId).toBe(CLIENT_ID);
  });

  test('the request: scope octo_api, acr_values, Basic with the given client', async () => {
    const home = await contextHome();
    const bodies: Array<{ body: string; authorization: string | null }> = [];
    const spy = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).endsWith('/connect/token')) bodies.push({ body: String(init?.body), authorization: new Headers(init?.headers as HeadersInit).get('authorization') });
      return fetch(input, init);
    }) as typeof fetch;
    const r = await runCli(['-c', 'LogInClientCredentials'], { home, env: credsEnv, fetch: spy });
    expect(r.code).toBe(0);
    const form = new URLSearchParams(bodies[0]!.body);
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'client_credentials', scope: 'octo_api', acr_values: 'tenant:octosystem' });
    expect(bodies[0]!.authorization).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64')}`);
  });

  test('flags win over the environment; a literal secret gets a warning', async () => {
    const home = await contextHome();
    const r = await runCli(['-c', 'LogInClientCredentials', '-id', CLIENT_ID, '-s', SECRET], { home, env: { ...fileEnv, OCTO_CLI_CLIENT_ID: 'other', OCTO_CLI_CLIENT_SECRET: 'wrong' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: a secret on the command line can end up in shell history');
    expect(r.stderr).not.toContain(SECRET);
  });

  test('no tenant in the context: exit 251 with the original message', async () => {
    const home = await contextHome(null);
    const r = await runCli(['-c', 'LogInClientCredentials'], { home, env: credsEnv });
    expect(r.code).toBe(251);
    expect(r.stderr).toContain("error: Active context has no TenantId — set one with 'octo-cli -c Config -tid <id>'.");
  });

  test('missing id or secret: exit 251 with the original messages', async () => {
    const home = await contextHome();
    const noId = await runCli(['-c', 'LogInClientCredentials'], { home, env: fileEnv });
    expect(noId.code).toBe(251);
    expect(noId.stderr).toContain('error: Client ID required. Provide via -id or OCTO_CLI_CLIENT_ID.');
    const noSecret = await runCli(['-c', 'LogInClientCredentials', '-id', CLIENT_ID], { home, env: fileEnv });
    expect(noSecret.code).toBe(251);
    expect(noSecret.stderr).toContain('error: Client secret required. Provide via -s or OCTO_CLI_CLIENT_SECRET.');
  });

  test('a wrong secret: exit 252 with invalid_client explained', async () => {
    const home = await contextHome();
    const r = await runCli(['-c', 'LogInClientCredentials', '-id', CLIENT_ID, '-s', '-'], { home, env: fileEnv, stdin: 'wrong-secret-value' });
    expect(r.code).toBe(252);
    expect(r.stderr).toContain("error: the client-credentials sign-in of client 'ci-bot' failed: invalid_client (the client was not accepted");
  });
});

describe('renewal of client-credentials tokens', () => {
  async function expire(home: string) {
    const store = new FileStore(home);
    const t = (await store.get(key()))!;
    await store.set(key(), { ...t, accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString() });
    return t.accessToken;
  }

  test('re-acquired silently by admin commands while the env vars are set', async () => {
    const home = await contextHome();
    expect((await runCli(['-c', 'LogInClientCredentials'], { home, env: credsEnv })).code).toBe(0);
    const old = await expire(home);
    const before = server.stats.tokenRequests.client_credentials ?? 0;
    const r = await runCli(['-c', 'GetApiScopes', '-o', 'json'], { home, env: credsEnv });
    expect(r.code).toBe(0);
    expect(server.stats.tokenRequests.client_credentials).toBe(before + 1);
    const renewed = (await new FileStore(home).get(key()))!;
    expect(renewed.accessToken).not.toBe(old);
    expect(Date.parse(renewed.accessTokenExpiresAt!)).toBeGreaterThan(Date.now());
  });

  test('without the env vars an expired token is an error saying how to renew', async () => {
    const home = await contextHome();
    const r0 = await runCli(['-c', 'LogInClientCredentials', '-id', CLIENT_ID, '-s', '-'], { home, env: fileEnv, stdin: SECRET });
    expect(r0.stderr).toContain('set OCTO_CLI_CLIENT_ID / OCTO_CLI_CLIENT_SECRET in the environment to enable automatic re-acquisition');
    await expire(home);
    const r = await runCli(['-c', 'GetApiScopes'], { home, env: fileEnv });
    expect(r.code).toBe(252);
    expect(r.stderr).toContain('run `octo-cli -c LogInClientCredentials` again, or set OCTO_CLI_CLIENT_ID and OCTO_CLI_CLIENT_SECRET to renew automatically');
  });

  test('AuthStatus: a client token is not checked with userinfo; expired + env vars is re-acquired and reported', async () => {
    const home = await contextHome();
    expect((await runCli(['-c', 'LogInClientCredentials'], { home, env: credsEnv })).code).toBe(0);
    const paths: string[] = [];
    const spy = (async (input: string | URL | Request, init?: RequestInit) => {
      paths.push(new URL(String(input)).pathname);
      return fetch(input, init);
    }) as typeof fetch;
    const valid = await runCli(['-c', 'AuthStatus'], { home, env: credsEnv, fetch: spy });
    expect(valid.code).toBe(0);
    expect(paths).toEqual([]);
    expect(valid.stderr).toContain('Access token is valid (client_credentials — userinfo not applicable)');
    expect(valid.stdout).toMatch(/Auth Method\s+client credentials as 'ci-bot'/);
    expect(valid.stdout).toMatch(/Subject\s+\(none — client_credentials\)/);
    await expire(home);
    const renewed = await runCli(['-c', 'AuthStatus', '-o', 'json'], { home, env: credsEnv });
    expect(renewed.code).toBe(0);
    expect(JSON.parse(renewed.stdout)).toMatchObject({ status: 'refreshed', method: 'client_credentials', clientId: CLIENT_ID });
  });
});
