/**
 * The token store for real. Under scripts/with-keyring.sh (CI) there is a Secret Service on a private D-Bus session:
 * the tokens go to the OS keychain (and, with Windows-sized entries, in chunks), admin commands use
 * and refresh them there, LogOut removes them. A process without a reachable keychain refuses to store tokens
 * unless allowed, and then uses credentials.json with mode 0600. Nothing here is skipped: without a Secret Service
 * the keychain test checks the refusal instead.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RunningServer } from '../../src/server/index.js';
import { KeychainStore, napiKeyringBackend } from '../../src/auth/stores/keychain.js';
import { startTestServer } from '../helpers/server.js';
import { keyringEnv, spawnCli, startCli, tempDir } from './auth-helpers.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());
const dirs: Array<{ cleanup(): void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

async function newHome(extra: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const d = tempDir();
  dirs.push(d);
  const env = { OCTO_CLI_HOME: d.dir, ...extra };
  const r = await spawnCli(['-c', 'AddContext', '-n', 'Local', '-isu', server.url, '-tid', 'octosystem'], { env });
  expect(r.code, r.stderr).toBe(0);
  return env;
}

/** Device log-in in a child process, approved through the local service. */
async function logIn(env: NodeJS.ProcessEnv, args: string[] = []) {
  const login = startCli(['-c', 'LogIn', '-o', 'json', ...args], env);
  const prompt = await login.prompt;
  await fetch(`${server.url}/_local/device/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userCode: prompt.user_code, username: server.adminUser }),
  });
  return login.done;
}

async function keychainReachable(): Promise<boolean> {
  try {
    const backend = await napiKeyringBackend('octo-cli-test-probe', 5000);
    await backend.get('probe');
    return true;
  } catch {
    return false;
  }
}

/** Without D-Bus variables a Linux process has no Secret Service: sign-in is refused, or uses the 0600 file when allowed. */
async function checkRefusalAndFileStore(): Promise<void> {
  const env = await newHome({}); // no DBUS_SESSION_BUS_ADDRESS: no keychain for this child
  const refused = await spawnCli(['-c', 'LogIn', '-o', 'json'], { env });
  expect(refused.code).toBe(252);
  // -o json: the error is one JSON object on stderr.
  const error = JSON.parse(refused.stderr.trim().split('\n').at(-1)!).error;
  expect(error).toMatchObject({ code: 252, kind: 'auth' });
  expect(error.message).toMatch(/^no OS keychain is reachable to store the tokens: [^()]+$/);
  expect(error.hint).toMatch(/^to store them unencrypted with mode 0600 in .*credentials\.json instead, pass --insecure-storage or set OCTO_CLI_TOKEN_STORE=file$/);
  expect(refused.stderr).not.toContain('user_code'); // refused before any device prompt
  expect(existsSync(join(env.OCTO_CLI_HOME!, 'credentials.json'))).toBe(false);

  const allowed = await logIn(env, ['--insecure-storage']);
  expect(allowed.code, allowed.stderr).toBe(0);
  expect(allowed.stderr.match(/warning: no OS keychain is reachable: [^()]+; storing the tokens unencrypted with mode 0600 in .*credentials\.json, as allowed/g)).toHaveLength(1);
  expect(JSON.parse(allowed.stdout)).toMatchObject({ status: 'signed_in', tokenStore: 'file' });
  const file = join(env.OCTO_CLI_HOME!, 'credentials.json');
  expect(statSync(file).mode & 0o777).toBe(0o600);

  // Later commands find the tokens there without any flag.
  const status = await spawnCli(['-c', 'AuthStatus', '-o', 'json'], { env });
  expect(status.code, status.stderr).toBe(0);
  expect(JSON.parse(status.stdout)).toMatchObject({ status: 'valid', tokenStore: 'file' });

  // A file others can read is refused.
  chmodSync(file, 0o644);
  const wide = await spawnCli(['-c', 'AuthStatus'], { env });
  expect(wide.code).toBe(252);
  expect(wide.stderr).toMatch(/error: refusing to read .*credentials\.json: its mode is 0644/);
  chmodSync(file, 0o600);
  expect((await spawnCli(['-c', 'LogOut'], { env })).code).toBe(0);
}

test('without a reachable keychain: refusal unless allowed, then credentials.json with mode 0600', async () => {
  if (process.platform !== 'linux') {
    // macOS and Windows always have their keychain; the refusal logic is covered by test/auth/stores.test.ts.
    expect(await keychainReachable()).toBe(true);
    return;
  }
  await checkRefusalAndFileStore();
}, 60_000);

test('the OS keychain when reachable (scripts/with-keyring.sh), else the refusal', async () => {
  if (!(await keychainReachable())) {
    // No Secret Service in this session (tests not run under scripts/with-keyring.sh): the refusal path instead.
    await checkRefusalAndFileStore();
    return;
  }
  const service = `octo-cli-test-${randomBytes(4).toString('hex')}`;
  const env = await newHome({ ...keyringEnv(), OCTO_CLI_KEYCHAIN_SERVICE: service });
  const backend = await napiKeyringBackend(service, 10_000);
  const keychain = new KeychainStore(backend, service);
  const key = { contextName: 'Local', identityUrl: server.url };
  try {
    const login = await logIn(env);
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({ status: 'signed_in', tokenStore: 'keychain' });
    expect(login.stderr).toContain(`Tokens are stored in the OS keychain (service '${service}')`);
    expect(existsSync(join(env.OCTO_CLI_HOME!, 'credentials.json'))).toBe(false);

    // One entry per context and identity host (split into chunks only on Windows).
    const account = `local@${new URL(server.url).host}`;
    expect(await backend.list()).toContain(account);
    const stored = (await keychain.get(key))!;
    // The same tokens with Windows-sized entries, in the real keychain: chunks, read back whole, removed together.
    const windowsSized = new KeychainStore(backend, service, { maxEntryChars: 1200 });
    const other = { contextName: 'chunked', identityUrl: server.url };
    await windowsSized.set(other, stored);
    expect((await backend.list()).filter((a) => a.startsWith('chunked@')).length).toBeGreaterThan(2);
    expect(await windowsSized.get(other)).toEqual(stored);
    expect(await windowsSized.deleteContext('chunked')).toBe(1);
    expect((await backend.list()).filter((a) => a.startsWith('chunked@'))).toEqual([]);
    expect(stored.method).toBe('device_code');
    expect(stored.refreshToken).toBeTruthy();

    const status = await spawnCli(['-c', 'AuthStatus', '-o', 'json'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'valid', tokenStore: 'keychain' });

    // Expired in the keychain: the admin command refreshes and writes the rotated tokens back there.
    await keychain.set(key, { ...stored, accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString() });
    const refreshes = server.stats.tokenRequests.refresh_token ?? 0;
    const admin = await spawnCli(['-c', 'GetApiScopes', '-o', 'json'], { env });
    expect(admin.code, admin.stderr).toBe(0);
    expect(server.stats.tokenRequests.refresh_token).toBe(refreshes + 1);
    const renewed = (await keychain.get(key))!;
    expect(renewed.refreshToken).not.toBe(stored.refreshToken);
    expect(Date.parse(renewed.accessTokenExpiresAt!)).toBeGreaterThan(Date.now());

    // Concurrent refresh through the keychain: still exactly one.
    await keychain.set(key, { ...renewed, accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString() });
    const before = server.stats.tokenRequests.refresh_token ?? 0;
    const many = await Promise.all(Array.from({ length: 6 }, () => spawnCli(['-c', 'GetApiScopes', '-o', 'json'], { env })));
    for (const r of many) expect(r.code, r.stderr).toBe(0);
    expect(server.stats.tokenRequests.refresh_token).toBe(before + 1);

    const logout = await spawnCli(['-c', 'LogOut'], { env });
    expect(logout.code, logout.stderr).toBe(0);
    expect(logout.stderr).toContain(`from the OS keychain (service '${service}')`);
    expect(await backend.list()).toEqual([]);
    expect((await spawnCli(['-c', 'AuthStatus'], { env })).code).toBe(252);
  } finally {
    await keychain.deleteContext('local').catch(() => {});
  }
}, 90_000);
