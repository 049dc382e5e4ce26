/**
 * --if-not-exists with -s on a client that exists (issue 15 §6): the secret is not changed, and the output says so
 * (compared by hash with the client's secrets on the local Identity Service; a generic line when they cannot be read).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { FileStore } from '../../src/auth/stores/file.js';
import { deviceLogin, startTestServer } from '../helpers/server.js';
import { runCli } from '../helpers/run.js';
import { fileEnv, localContextHomes } from '../auth/helpers.js';
import { cmd, fakeApi } from './fake-api.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());
const contextHome = localContextHomes(() => server);

async function signedInHome(): Promise<string> {
  const home = await contextHome();
  const t = await deviceLogin(server);
  await new FileStore(home).set(
    { contextName: 'local', identityUrl: server.url },
    { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: new Date(Date.now() + t.expires_in * 1000).toISOString(), method: 'device_code' },
  );
  return home;
}

describe.each(['AddClientCredentialsClient', 'AddDeviceCodeClient'])('%s --if-not-exists -s', (command) => {
  test('the same secret: "already has"; a different one: a warning that it was not changed (and the old one still the only one)', async () => {
    const home = await signedInHome();
    const id = `svc-${command.length}-${Date.now()}`;
    const first = await runCli(['-c', command, '-id', id, '-n', 'Svc', '-s', 'first-secret-value-123'], { home, env: fileEnv });
    expect(first.code).toBe(0);

    const same = await runCli(['-c', command, '-id', id, '-n', 'Svc', '-s', 'first-secret-value-123', '--if-not-exists'], { home, env: fileEnv });
    expect(same.code).toBe(0);
    expect(same.stderr).toContain('The client already has the secret given; it was not changed.');
    expect(same.stderr).not.toContain('warning');

    const other = await runCli(['-c', command, '-id', id, '-n', 'Svc', '-s', 'second-secret-value-456', '--if-not-exists', '-o', 'json'], { home, env: fileEnv });
    expect(other.code).toBe(0);
    expect(JSON.parse(other.stdout)).toEqual({ clientId: id, created: false });
    expect(other.stderr).toContain(`the secret given differs from the existing client's secrets and was not changed; to replace it, use RotateApiSecretClient -cid ${id}`);
    expect(other.stderr).not.toContain('second-secret-value-456');

    const list = await runCli(['-c', 'GetApiSecretsClient', '-cid', id, '-o', 'json'], { home, env: fileEnv });
    expect(JSON.parse(list.stdout)).toHaveLength(1);
  });
});

test('the secrets cannot be read: the secret given was not changed, said without comparing', async () => {
  const api = fakeApi({ 'POST clients': { status: 409, text: "Client with id 'my-service' already exists." } });
  const r = await cmd(api, ['-c', 'AddClientCredentialsClient', '-id', 'my-service', '-n', 'x', '-s', 'given-secret-1234', '--if-not-exists']);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('the client existed, so the secret given was not changed; to replace it, use RotateApiSecretClient -cid my-service');
});
