/**
 * The workflow of the seed document (shared/seeds/000_*), run with the **built** CLI (`node bin/octo-cli.js`, a
 * child process per command) against the local Identity Service over real HTTP. Sign-in is a device login done by
 * the test; the access token reaches the CLI through OCTO_CLI_ACCESS_TOKEN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '../../src/server/index.js';
import { deviceLogin, startTestServer } from '../helpers/server.js';
import { hashSecret } from '../../src/shared/secrets.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'octo-cli.js');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

let server: RunningServer;
let home: string;
let accessToken: string;

/** Runs the built CLI as a child process: no terminal, stdin closed. */
function octo(...args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: home,
      env: { PATH: process.env.PATH, HOME: home, OCTO_CLI_HOME: home, OCTO_CLI_ACCESS_TOKEN: accessToken, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs and insists on exit 0 (showing stderr when not). */
async function ok(...args: string[]): Promise<Result> {
  const r = await octo(...args);
  expect(r.code, `octo-cli ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
}

async function json<T = any>(...args: string[]): Promise<T> {
  const r = await ok(...args, '--output', 'json');
  return JSON.parse(r.stdout) as T;
}

/** POST /connect/token with client_credentials, HTTP Basic client authentication, scope octo_api and the tenant. */
async function clientCredentialsToken(clientId: string, secret: string): Promise<Response> {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64');
  return fetch(`${server.url}/connect/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'octo_api', acr_values: 'tenant:octosystem' }).toString(),
  });
}

const futureDate = `${new Date().getUTCFullYear() + 1}-12-31`;


beforeAll(async () => {
  server = await startTestServer();
  home = mkdtempSync(join(tmpdir(), 'octo-cli-seed-'));
  accessToken = (await deviceLogin(server)).access_token;
  await ok('-c', 'AddContext', '-n', 'local', '-isu', server.url, '-tid', 'octosystem');
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('seed workflow with the built CLI against the local Identity Service', () => {
  it('registers my-dashboard, grants octo_api, lists it; a service client with a generated secret gets a token until its secret is deleted', async () => {
    // 1. Create the client
    const add = await ok(
      '-c', 'AddAuthorizationCodeClient', '-id', 'my-dashboard', '-n', 'My Dashboard App',
      '-u', 'https://dashboard.example.com/', '-ru', 'https://dashboard.example.com/auth/callback',
    );
    expect(add.stdout).toBe('');
    expect(add.stderr).toContain("Client 'my-dashboard'");

    // 2. Grant required scopes
    await ok('-c', 'AddScopeToClient', '-id', 'my-dashboard', '-n', 'octo_api');

    // 3. Verify the client
    const table = await ok('-c', 'GetClients');
    const header = table.stdout.split('\n')[0]!;
    expect(header).toBe('CLIENT ID\tNAME\tGRANT TYPES\tSCOPES\tREDIRECT URIS\tENABLED\tREGISTRATION'); // piped: tab-separated
    const row = table.stdout.split('\n').find((l) => l.startsWith('my-dashboard\t')); // piped: tab-separated
    expect(row).toBeDefined();
    expect(row).toContain('My Dashboard App');
    expect(row).toContain('authorization_code');
    expect(row).toContain('octo_api');
    expect(row).toContain('https://dashboard.example.com/auth/callback');
    const clients = await json<any[]>('-c', 'GetClients', '--filter-name', 'dashboard');
    expect(clients.map((c) => c.clientId)).toEqual(['my-dashboard']);
    const dashboard = clients[0];
    expect(dashboard.allowedGrantTypes).toEqual(['authorization_code']);
    expect(dashboard.allowedScopes).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'role', 'octo_api']));
    expect(dashboard.redirectUris).toEqual(['https://dashboard.example.com/auth/callback']);
    expect(dashboard.postLogoutRedirectUris).toEqual(['https://dashboard.example.com/']);
    expect(dashboard.allowedCorsOrigins).toEqual(['https://dashboard.example.com']);
    expect(dashboard.isOfflineAccessEnabled).toBe(true);

    // 4. A client-credentials client with a generated secret (no -s, no terminal): printed once on stdout.
    const svc = await ok('-c', 'AddClientCredentialsClient', '-id', 'my-background-service', '-n', 'Background Processor');
    const secret = /^Client secret\s+(\S+)$/m.exec(svc.stdout)?.[1];
    const hash = /^Secret hash\s+(\S+)$/m.exec(svc.stdout)?.[1];
    expect(secret, svc.stdout).toBeDefined();
    expect(hash).toBe(hashSecret(secret!));
    expect(svc.stderr).not.toContain(secret!);

    // 5. It obtains a token from the local service.
    const token = await clientCredentialsToken('my-background-service', secret!);
    expect(token.status, await token.clone().text()).toBe(200);
    const body = (await token.json()) as { access_token: string; token_type: string };
    expect(body.access_token.split('.')).toHaveLength(3);

    // 6. Its secret is listed…
    const secrets = await json<any[]>('-c', 'GetApiSecretsClient', '-cid', 'my-background-service');
    expect(secrets.map((s) => s.valueEncrypted)).toContain(hash);
    const listed = await ok('-c', 'GetApiSecretsClient', '-cid', 'my-background-service');
    expect(listed.stdout).toMatch(/^HASH\s+DESCRIPTION\s+EXPIRES\s+EXPIRED$/m);
    expect(listed.stdout).toContain(hash!);

    // 7. …deleted…
    const del = await ok('-c', 'DeleteApiSecretClient', '-cid', 'my-background-service', '-s', hash!, '-y');
    expect(del.stderr).toContain(`API secret '${hash}' of client 'my-background-service' deleted`);
    expect(await json<any[]>('-c', 'GetApiSecretsClient', '-cid', 'my-background-service')).toEqual([]);

    // 8. …and the token request then fails.
    const refused = await clientCredentialsToken('my-background-service', secret!);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toBe('invalid_client');
  }, 120_000);

  it('runs the rest of the seed document: client types, secrets, scopes, resources', async () => {
    // Client types with their own secrets
    await ok('-c', 'AddClientCredentialsClient', '-id', 'my-service', '-n', 'My Service', '-s', 'MySecretKey123');
    expect((await clientCredentialsToken('my-service', 'MySecretKey123')).status).toBe(200);
    await ok('-c', 'AddDeviceCodeClient', '-id', 'my-iot-device', '-n', 'IoT Sensor Gateway', '-s', 'DeviceSecret123');
    const device = await json('-c', 'GetClient', '-id', 'my-iot-device');
    expect(device.allowedGrantTypes).toEqual(['urn:ietf:params:oauth:grant-type:device_code']);

    // List, update, delete
    await ok('-c', 'AddAuthorizationCodeClient', '-id', 'my-web-app', '-n', 'My Web Application', '-u', 'https://myapp.example.com/', '-ru', 'https://myapp.example.com/callback');
    await ok('-c', 'UpdateClient', '-id', 'my-web-app', '-n', 'Updated Name', '-u', 'https://new-url.com/');
    const updated = await json('-c', 'GetClient', '-id', 'my-web-app');
    expect(updated).toMatchObject({ clientName: 'Updated Name', clientUri: 'https://new-url.com/', redirectUris: ['https://new-url.com/'], allowedCorsOrigins: ['https://new-url.com'] });
    const kv = await ok('-c', 'GetClient', '-id', 'my-web-app');
    expect(kv.stdout).toMatch(/^Name\s+Updated Name$/m);
    const refusedDelete = await octo('-c', 'DeleteClient', '-id', 'my-web-app');
    expect(refusedDelete.code).toBe(251); // no terminal: -y is required
    await ok('-c', 'DeleteClient', '-id', 'my-web-app', '-y');
    const gone = await octo('-c', 'GetClient', '-id', 'my-web-app');
    expect(gone.code).toBe(253);
    expect(gone.stderr.trim().split('\n')).toHaveLength(1);
    expect(gone.stderr).toContain("my-web-app");

    // Client secrets
    const created = await json('-c', 'CreateApiSecretClient', '-cid', 'my-service', '-e', futureDate, '-d', 'Production secret');
    expect(created.valueClearText).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.valueEncrypted).toBe(hashSecret(created.valueClearText));
    expect((await clientCredentialsToken('my-service', created.valueClearText)).status).toBe(200);
    let secrets = await json<any[]>('-c', 'GetApiSecretsClient', '-cid', 'my-service');
    expect(secrets.find((s) => s.valueEncrypted === created.valueEncrypted)).toMatchObject({ description: 'Production secret', valueClearText: null });
    // Update (PUT, not the original's POST): the secret count stays the same.
    await ok('-c', 'UpdateApiSecretClient', '-cid', 'my-service', '-s', created.valueClearText, '-d', 'Rotated');
    const after = await json<any[]>('-c', 'GetApiSecretsClient', '-cid', 'my-service');
    expect(after).toHaveLength(secrets.length);
    expect(after.find((s) => s.valueEncrypted === created.valueEncrypted).description).toBe('Rotated');
    await ok('-c', 'DeleteApiSecretClient', '-cid', 'my-service', '-s', created.valueEncrypted, '-y');
    secrets = await json<any[]>('-c', 'GetApiSecretsClient', '-cid', 'my-service');
    expect(secrets.map((s) => s.valueEncrypted)).not.toContain(created.valueEncrypted);
    expect((await clientCredentialsToken('my-service', created.valueClearText)).status).toBe(401);

    // API scopes
    const scopes = await json<any[]>('-c', 'GetApiScopes');
    expect(scopes.map((s) => s.name)).toEqual(expect.arrayContaining(['octo_api', 'octo_api.read_only']));
    await ok('-c', 'CreateApiScope', '-n', 'myAPI.admin', '-dn', 'Admin Access', '-d', 'Full administrative access', '-e', 'true');
    const again = await octo('-c', 'CreateApiScope', '-n', 'myAPI.admin');
    expect(again.code).toBe(253);
    expect(again.stderr).toContain('already exists');
    const idempotent = await ok('-c', 'CreateApiScope', '-n', 'myAPI.admin', '--if-not-exists');
    expect(idempotent.stderr).toContain('already exists; nothing changed');
    await ok('-c', 'UpdateApiScope', '-n', 'myAPI.admin', '-dn', 'Updated Name');
    const scope = (await json<any[]>('-c', 'GetApiScopes')).find((s) => s.name === 'myAPI.admin');
    expect(scope).toMatchObject({ displayName: 'Updated Name', description: 'Full administrative access', isEnabled: true });
    await ok('-c', 'AddScopeToClient', '-id', 'my-dashboard', '-n', 'octo_api.read_only');
    expect((await json('-c', 'GetClient', '-id', 'my-dashboard')).allowedScopes).toEqual(expect.arrayContaining(['octo_api', 'octo_api.read_only']));
    await ok('-c', 'DeleteApiScope', '-n', 'myAPI.admin', '-y');
    expect((await json<any[]>('-c', 'GetApiScopes')).map((s) => s.name)).not.toContain('myAPI.admin');

    // API resources
    expect((await json<any[]>('-c', 'GetApiResources')).map((r) => r.name)).toContain('octoAPI');
    await ok('-c', 'CreateApiResource', '-n', 'myAPI', '-dn', 'My Custom API', '-d', 'Custom API', '-s', 'myAPI.read,myAPI.write');
    await ok('-c', 'UpdateApiResource', '-n', 'myAPI', '-dn', 'Updated API Name');
    const resource = (await json<any[]>('-c', 'GetApiResources')).find((r) => r.name === 'myAPI');
    // The original would have disabled it and emptied its scopes and description.
    expect(resource).toMatchObject({ displayName: 'Updated API Name', description: 'Custom API', isEnabled: true, scopes: ['myAPI.read', 'myAPI.write'] });

    // API resource secrets
    const rs = await json('-c', 'CreateApiSecretApiResource', '-n', 'myAPI', '-e', futureDate, '-d', 'Introspection secret');
    const resSecrets = await json<any[]>('-c', 'GetApiSecretsApiResource', '-n', 'myAPI');
    expect(resSecrets.map((s) => s.valueEncrypted)).toEqual([rs.valueEncrypted]);
    await ok('-c', 'UpdateApiSecretApiResource', '-n', 'myAPI', '-s', rs.valueEncrypted, '-d', 'Introspection (rotated)');
    expect((await json<any[]>('-c', 'GetApiSecretsApiResource', '-n', 'myAPI'))[0].description).toBe('Introspection (rotated)');
    await ok('-c', 'DeleteApiSecretApiResource', '-n', 'myAPI', '-s', rs.valueEncrypted, '-y');
    const emptyList = await ok('-c', 'GetApiSecretsApiResource', '-n', 'myAPI');
    expect(emptyList.stdout).toBe('');
    expect(emptyList.stderr).toContain("No secrets found for API resource 'myAPI'");
    expect(await json('-c', 'GetApiSecretsApiResource', '-n', 'myAPI')).toEqual([]);
    await ok('-c', 'DeleteApiResource', '-n', 'myAPI', '-y');
    expect((await json<any[]>('-c', 'GetApiResources')).map((r) => r.name)).not.toContain('myAPI');
  }, 180_000);

  it('never shows a client secret, not even in the --verbose trace', async () => {
    const given = await ok('-c', 'AddClientCredentialsClient', '-id', 'verbose-svc', '-n', 'Verbose', '-s', 'TopSecretValue-42', '--verbose');
    expect(given.stderr).toContain('[debug]');
    expect(given.stderr).toContain('POST');
    expect(given.stderr + given.stdout).not.toContain('TopSecretValue-42');
    const generated = await ok('-c', 'AddDeviceCodeClient', '-id', 'verbose-dev', '-n', 'Verbose', '--verbose');
    const secret = /^Client secret\s+(\S+)$/m.exec(generated.stdout)![1]!;
    expect(generated.stderr).not.toContain(secret);
    const created = await ok('-c', 'CreateApiSecretClient', '-cid', 'verbose-svc', '--verbose', '-o', 'json');
    expect(created.stderr).not.toContain(JSON.parse(created.stdout).valueClearText);
  }, 60_000);

  it('maps a missing token to one line (401)', async () => {
    const child = await new Promise<Result>((resolve) => {
      const p = spawn(process.execPath, [BIN, '-c', 'GetClients'], {
        env: { PATH: process.env.PATH, HOME: home, OCTO_CLI_HOME: home, OCTO_CLI_ACCESS_TOKEN: 'not-a-valid-token', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    expect(child.code).toBe(253);
    expect(child.stdout).toBe('');
    expect(child.stderr.trim()).toBe('error: not signed in or token expired: run `octo-cli -c LogIn` (or LogInClientCredentials)');
  }, 60_000);
});
