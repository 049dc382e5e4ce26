/**
 * Secrets never leak: every sign-in command runs with --verbose (HTTP traces on) while a recorder under the CLI's
 * fetch collects every token, refresh token, id token and device code the service hands out; none of them, nor
 * the client secrets, may appear in stdout or stderr.
 */
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { FileStore } from '../../src/auth/stores/file.js';
import { startTestServer } from '../helpers/server.js';
import { runCli, tempHome } from '../helpers/run.js';
import { addContext, assertNoSecrets, createClientCredentialsClient, decide, userCodeOf } from './helpers.js';

// A recorder under the CLI's HTTP layer (below the --verbose trace): every secret the service hands out is collected.
const hook = vi.hoisted(() => ({ record: undefined as undefined | ((response: Response, init?: RequestInit) => Promise<void>) }));
vi.mock('../../src/api/node-fetch.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/api/node-fetch.js')>();
  return {
    ...actual,
    createNodeFetch: (options?: Parameters<typeof actual.createNodeFetch>[0]) => {
      const inner = actual.createNodeFetch(options);
      return (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
        const response = await inner(input, init);
        await hook.record?.(response, init);
        return response;
      }) as typeof fetch;
    },
  };
});

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

test('no token, refresh token, device code or client secret in any output of any auth command with --verbose', async () => {
  const CLIENT_SECRET = 'leak-check-secret-5e1f0c2b7a';
  await createClientCredentialsClient(server, 'leak-bot', CLIENT_SECRET);

  const secrets = new Set<string>([CLIENT_SECRET, '{AEE2DA50-065E-4071-A56E-7B3B4B175EFB}']);
  hook.record = async (response: Response, init?: RequestInit) => {
    const text = await response.clone().text();
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      for (const name of ['access_token', 'refresh_token', 'id_token', 'device_code']) if (typeof body[name] === 'string') secrets.add(body[name] as string);
    } catch {
      /* not JSON */
    }
    const form = init?.body instanceof URLSearchParams ? init.body : typeof init?.body === 'string' ? new URLSearchParams(init.body) : undefined;
    for (const name of ['refresh_token', 'device_code', 'token', 'client_secret']) {
      const v = form?.get(name);
      if (v) secrets.add(v);
    }
  };

  const outputs: string[] = [];
  const { home, cleanup } = tempHome();
  try {
    const env = { OCTO_CLI_TOKEN_STORE: 'file' };
    await addContext(home, server, 'local', 'octosystem', env);
    const run = async (argv: string[], opts: Parameters<typeof runCli>[1] = {}) => {
      const r = await runCli([...argv, '--verbose'], { home, env, ...opts });
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    const key = { contextName: 'local', identityUrl: server.url };
    const expire = async () => {
      const store = new FileStore(home);
      const t = (await store.get(key))!;
      await store.set(key, { ...t, accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString() });
    };
    const approve = async (url: string) => void setTimeout(() => void decide(server, userCodeOf(url), 'approve'), 20);

    expect((await run(['-c', 'LogIn', '-i'], { openUrl: approve })).code).toBe(0);
    expect((await run(['-c', 'LogIn', '-i', '-o', 'json'], { openUrl: approve })).code).toBe(0);
    expect((await run(['-c', 'AuthStatus'])).code).toBe(0);
    await expire();
    expect((await run(['-c', 'AuthStatus', '-o', 'json'])).code).toBe(0); // refreshes
    await expire();
    expect((await run(['-c', 'GetApiScopes'])).code).toBe(0); // refreshes
    await expire();
    expect((await run(['-c', 'LogIn', '-in'])).code).toBe(0); // refreshes
    expect((await run(['-c', 'ListContexts'])).code).toBe(0);
    expect((await run(['-c', 'LogOut'])).code).toBe(0); // revokes
    expect((await run(['-c', 'LogInClientCredentials', '-id', 'leak-bot', '-s', '-'], { stdin: CLIENT_SECRET })).code).toBe(0);
    expect((await run(['-c', 'LogInClientCredentials', '-id', 'leak-bot', '-s', CLIENT_SECRET])).code).toBe(0);
    expect((await run(['-c', 'LogInClientCredentials'], { env: { ...env, OCTO_CLI_CLIENT_ID: 'leak-bot', OCTO_CLI_CLIENT_SECRET: CLIENT_SECRET } })).code).toBe(0);
    await expire();
    expect((await run(['-c', 'GetApiScopes'], { env: { ...env, OCTO_CLI_CLIENT_ID: 'leak-bot', OCTO_CLI_CLIENT_SECRET: CLIENT_SECRET } })).code).toBe(0); // re-acquires
    expect((await run(['-c', 'AuthStatus'])).code).toBe(0);
    expect((await run(['-c', 'LogInClientCredentials', '-id', 'leak-bot', '-s', '-'], { stdin: 'wrong-secret-for-leak-check' })).code).toBe(252);
    secrets.add('wrong-secret-for-leak-check');
    expect((await run(['-c', 'LogOut'])).code).toBe(0);
  } finally {
    hook.record = undefined;
    cleanup();
  }

  const all = outputs.join('\n');
  // The traces ran (so the check means something), with the secret fields masked.
  expect(all).toContain('[debug] > POST http://127.0.0.1');
  expect(all).toMatch(/device_code=\*\*\*/);
  expect(all).toMatch(/refresh_token=\*\*\*/);
  expect(all).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/connect\/revocation "token_type_hint=refresh_token&token=\*\*\*"/);
  expect([...secrets].filter((s) => s.length >= 8).length).toBeGreaterThan(10);
  assertNoSecrets(outputs, [...secrets]);
  // No JWT at all in the output (header of every token starts with eyJ).
  expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
}, 60_000);
