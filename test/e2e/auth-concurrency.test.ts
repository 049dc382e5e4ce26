/**
 * 20 CLI processes start at once with an expired access token and one (one-time) refresh token: the cross-process
 * lock makes exactly one of them refresh; the others re-read the store and use the new token.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { FileStore } from '../../src/auth/stores/file.js';
import { deviceLogin, startTestServer } from '../helpers/server.js';
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

test('20 concurrent admin commands with an expired token refresh exactly once', async () => {
  const env = { OCTO_CLI_HOME: dir.dir, OCTO_CLI_TOKEN_STORE: 'file' };
  expect((await spawnCli(['-c', 'AddContext', '-n', 'local', '-isu', server.url, '-tid', 'octosystem'], { env })).code).toBe(0);
  const t = await deviceLogin(server);
  const key = { contextName: 'local', identityUrl: server.url };
  await new FileStore(dir.dir).set(key, {
    accessToken: t.access_token,
    accessTokenExpiresAt: new Date(Date.now() - 60_000).toISOString(),
    refreshToken: t.refresh_token,
    method: 'device_code',
  });
  const refreshesBefore = server.stats.tokenRequests.refresh_token ?? 0;

  const results = await Promise.all(Array.from({ length: 20 }, () => spawnCli(['-c', 'GetApiScopes', '-o', 'json'], { env })));

  for (const r of results) expect(r.code, r.stderr).toBe(0);
  expect((server.stats.tokenRequests.refresh_token ?? 0) - refreshesBefore).toBe(1);
  const stored = (await new FileStore(dir.dir).get(key))!;
  expect(stored.refreshToken).not.toBe(t.refresh_token);
  expect(Date.parse(stored.accessTokenExpiresAt!)).toBeGreaterThan(Date.now());
  // Every process got the same scopes list.
  const outputs = new Set(results.map((r) => r.stdout));
  expect(outputs.size).toBe(1);
}, 90_000);
