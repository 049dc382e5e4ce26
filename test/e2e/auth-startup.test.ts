/**
 * An admin command with a valid stored token loads neither openid-client nor the QR code library, and sends exactly
 * one request: the admin call (no discovery, no userinfo per command, unlike the original).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '../../src/server/index.js';
import { FileStore } from '../../src/auth/stores/file.js';
import { deviceLogin, startTestServer } from '../helpers/server.js';
import { CLI } from '../helpers/spawn.js';
import { spawnCli, tempDir } from './auth-helpers.js';

let server: RunningServer;
const dir = tempDir();
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  dir.cleanup();
});

/** Runs the CLI with a module-resolution hook that logs every module it loads. */
function runLogged(argv: string[], env: NodeJS.ProcessEnv, log: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const hooks = join(dir.dir, 'hooks.mjs');
  const register = join(dir.dir, 'register.mjs');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.OCTO_LOAD_LOG, r.url + '\\n'); return r; }\n`);
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(new URL(`file://${hooks}`).href)});\n`);
  // The CLI bundle is CommonJS: require() calls are logged by a preload, import() calls by the ESM hook above.
  const preload = join(dir.dir, 'preload.cjs');
  writeFileSync(preload, `const M = require('node:module'); const fs = require('node:fs'); const orig = M._resolveFilename; M._resolveFilename = function (...a) { const r = orig.apply(this, a); fs.appendFileSync(process.env.OCTO_LOAD_LOG, r + '\\n'); return r; };\n`);
  writeFileSync(log, '');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', preload, '--import', register, CLI, ...argv], { env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', OCTO_LOAD_LOG: log, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('a valid stored token: no openid-client, one request', async () => {
  const env = { OCTO_CLI_HOME: dir.dir, OCTO_CLI_TOKEN_STORE: 'file' };
  expect((await spawnCli(['-c', 'AddContext', '-n', 'local', '-isu', server.url, '-tid', 'octosystem'], { env })).code).toBe(0);
  const t = await deviceLogin(server);
  await new FileStore(dir.dir).set({ contextName: 'local', identityUrl: server.url }, { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: new Date(Date.now() + 3600_000).toISOString(), method: 'device_code' });
  const tokenRequests = JSON.stringify(server.stats.tokenRequests);

  const log = join(dir.dir, 'loaded.txt');
  const r = await runLogged(['-c', 'GetApiScopes', '-o', 'json', '--verbose'], env, log);
  expect(r.code, r.stderr).toBe(0);
  const loaded = readFileSync(log, 'utf8');
  expect(loaded).toContain('/dist/cli.cjs');
  expect(loaded).not.toMatch(/openid-client|oauth4webapi|qrcode|@napi-rs\/keyring/);
  const requests = r.stderr.split('\n').filter((l) => l.startsWith('[debug] > '));
  expect(requests).toEqual([`[debug] > GET ${server.url}/octosystem/v1/apiScopes`]);
  expect(JSON.stringify(server.stats.tokenRequests)).toBe(tokenRequests);

  // For contrast: an expired token loads openid-client and refreshes (discovery + token + the admin call).
  const store = new FileStore(dir.dir);
  const key = { contextName: 'local', identityUrl: server.url };
  await store.set(key, { ...(await store.get(key))!, accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString() });
  const refreshed = await runLogged(['-c', 'GetApiScopes', '-o', 'json', '--verbose'], env, log);
  expect(refreshed.code, refreshed.stderr).toBe(0);
  expect(readFileSync(log, 'utf8')).toMatch(/openid-client/);
  expect(refreshed.stderr.split('\n').filter((l) => l.startsWith('[debug] > ')).map((l) => l.split(' ').slice(2, 4).join(' '))).toEqual([
    `GET ${server.url}/.well-known/openid-configuration`,
    `POST ${server.url}/connect/token`,
    `GET ${server.url}/octosystem/v1/apiScopes`,
  ]);
});
