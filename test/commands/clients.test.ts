import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cmd, fakeApi } from './fake-api.js';
import { clientDto, type ClientDto } from '../../src/api/resources/clients.js';
import { hashSecret } from '../../src/shared/secrets.js';

const DEVICE = 'urn:ietf:params:oauth:grant-type:device_code';

/** The full ClientDto the SDK writes: every property, null unless given. */
function dto(fields: Partial<ClientDto>): Record<string, unknown> {
  const all: Record<string, unknown> = {
    rtId: null, isEnabled: null, clientId: null, clientSecret: null, requireClientSecret: null, clientName: null, clientUri: null,
    allowedGrantTypes: null, redirectUris: null, postLogoutRedirectUris: null, allowedCorsOrigins: null, allowedScopes: null,
    isOfflineAccessEnabled: null, frontChannelLogoutUri: null, frontChannelLogoutSessionRequired: null, backChannelLogoutUri: null,
    backChannelLogoutSessionRequired: null, autoProvisionInChildTenants: null, provisionedByParentTenantId: null,
    dynamicRegistration: null, dynamicRegistrationExpiresAt: null,
  };
  return { ...all, ...fields };
}

const storedDashboard = {
  rtId: '66000000000000000000000a',
  isEnabled: true,
  clientId: 'my-dashboard',
  clientSecret: null,
  requireClientSecret: false,
  clientName: 'My Dashboard App',
  clientUri: 'https://dashboard.example.com/',
  allowedGrantTypes: ['authorization_code'],
  redirectUris: ['https://dashboard.example.com/auth/callback'],
  postLogoutRedirectUris: ['https://dashboard.example.com/'],
  allowedCorsOrigins: ['https://dashboard.example.com'],
  allowedScopes: ['openid', 'profile', 'email', 'role', 'octo_api'],
  isOfflineAccessEnabled: true,
  frontChannelLogoutUri: null,
  frontChannelLogoutSessionRequired: false,
  backChannelLogoutUri: null,
  backChannelLogoutSessionRequired: false,
  autoProvisionInChildTenants: false,
  provisionedByParentTenantId: null,
  dynamicRegistration: false,
  dynamicRegistrationExpiresAt: null,
};

const storedService = {
  ...storedDashboard,
  rtId: '66000000000000000000000b',
  clientId: 'my-service',
  clientName: 'Background Processor',
  clientUri: null,
  requireClientSecret: true,
  allowedGrantTypes: ['client_credentials'],
  redirectUris: [],
  postLogoutRedirectUris: [],
  allowedCorsOrigins: [],
};

const storedCli = { ...storedService, rtId: '66000000000000000000000c', clientId: 'octo-cli', clientName: 'Octo CLI', allowedGrantTypes: [DEVICE, 'refresh_token'] };

describe('AddAuthorizationCodeClient', () => {
  it('POSTs the original body for the seed command (-ru given)', async () => {
    const api = fakeApi({ 'POST clients': {} });
    const r = await cmd(api, ['-c', 'AddAuthorizationCodeClient', '-id', 'my-dashboard', '-n', 'My Dashboard App', '-u', 'https://dashboard.example.com/', '-ru', 'https://dashboard.example.com/auth/callback']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['POST clients']);
    expect(api.requests[0]!.body).toEqual(
      dto({
        isEnabled: true,
        clientId: 'my-dashboard',
        clientName: 'My Dashboard App',
        clientUri: 'https://dashboard.example.com/',
        allowedCorsOrigins: ['https://dashboard.example.com'],
        allowedGrantTypes: ['authorization_code'],
        allowedScopes: ['octo_api'],
        postLogoutRedirectUris: ['https://dashboard.example.com/'],
        redirectUris: ['https://dashboard.example.com/auth/callback'],
        isOfflineAccessEnabled: true,
      }),
    );
    expect(api.requests[0]!.headers.authorization).toBe('Bearer t');
    expect(api.requests[0]!.headers['content-type']).toBe('application/json');
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("Client 'my-dashboard' (URI 'https://dashboard.example.com/') created");
  });

  it('derives redirect and post-logout URIs with a trailing slash, and sets front-channel logout', async () => {
    const api = fakeApi({ 'POST clients': {} });
    const r = await cmd(api, ['-c', 'AddAuthorizationCodeClient', '--clientId', 'app', '--name', 'App', '--clientUri', 'https://app.example.com', '--frontChannelLogoutUri', 'https://app.example.com/logout']);
    expect(r.code).toBe(0);
    expect(api.requests[0]!.body).toEqual(
      dto({
        isEnabled: true,
        clientId: 'app',
        clientName: 'App',
        clientUri: 'https://app.example.com',
        allowedCorsOrigins: ['https://app.example.com'],
        allowedGrantTypes: ['authorization_code'],
        allowedScopes: ['octo_api'],
        postLogoutRedirectUris: ['https://app.example.com/'],
        redirectUris: ['https://app.example.com/'],
        isOfflineAccessEnabled: true,
        frontChannelLogoutUri: 'https://app.example.com/logout',
        frontChannelLogoutSessionRequired: true,
      }),
    );
  });

  it('uses the origin of a client URI with a path as CORS origin (fix)', async () => {
    const api = fakeApi({ 'POST clients': {} });
    await cmd(api, ['-c', 'AddAuthorizationCodeClient', '-id', 'app', '-n', 'App', '-u', 'https://host.example.com:8443/app/']);
    const body = api.requests[0]!.body as ClientDto;
    expect(body.allowedCorsOrigins).toEqual(['https://host.example.com:8443']);
    expect(body.redirectUris).toEqual(['https://host.example.com:8443/app/']);
  });

  it('prints a small JSON result with --output json', async () => {
    const api = fakeApi({ 'POST clients': {} });
    const r = await cmd(api, ['-c', 'AddAuthorizationCodeClient', '-id', 'app', '-n', 'App', '-u', 'https://app.example.com/', '--output', 'json']);
    expect(JSON.parse(r.stdout)).toEqual({ clientId: 'app', created: true });
  });

  it('turns a 409 into success with --if-not-exists', async () => {
    const api = fakeApi({ 'POST clients': { status: 409, json: "Client with id 'app' already exists." } });
    const r = await cmd(api, ['-c', 'AddAuthorizationCodeClient', '-id', 'app', '-n', 'App', '-u', 'https://app.example.com/', '--if-not-exists', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ clientId: 'app', created: false });
    expect(r.stderr).toContain("Client 'app' already exists; nothing changed (--if-not-exists).");
  });

  it('reports a 409 without --if-not-exists as one line, exit 253', async () => {
    const api = fakeApi({ 'POST clients': { status: 409, text: "Client with id 'app' already exists." } });
    const r = await cmd(api, ['-c', 'AddAuthorizationCodeClient', '-id', 'app', '-n', 'App', '-u', 'https://app.example.com/']);
    expect(r.code).toBe(253);
    expect(r.stderr.trim().split('\n').at(-1)).toBe("error: Client with id 'app' already exists.");
  });

  it.each([
    [['-u', 'dashboard.example.com'], '--clientUri (-u) expects an absolute http(s) URL'],
    [['-u', 'ftp://dashboard.example.com/'], '--clientUri (-u) expects an http:// or https:// URL'],
    [['-u', 'https://*.example.com/'], '--clientUri (-u) must be an exact URI without wildcards'],
    [['-u', 'https://a.example.com/', '-ru', 'https://a.example.com/*'], '--redirectUri (-ru) must be an exact URI without wildcards'],
    [['-u', 'https://a.example.com/', '-ru', '/callback'], '--redirectUri (-ru) expects an absolute http(s) URL'],
    [['-u', 'https://a.example.com/', '-fclo', 'javascript:alert(1)'], '--frontChannelLogoutUri (-fclo) expects an http:// or https:// URL'],
    [['-u', 'https://a.example.com/', '-s', 'secret'], '--secret (-s): an authorization-code client is a public client'],
  ])('refuses %j before any request', async (extra, message) => {
    const api = fakeApi();
    const r = await cmd(api, ['-c', 'AddAuthorizationCodeClient', '-id', 'app', '-n', 'App', ...extra]);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain(message);
    expect(api.requests).toEqual([]);
  });

  it('refuses a client id with whitespace and an empty name', async () => {
    const api = fakeApi();
    let r = await cmd(api, ['-c', 'AddAuthorizationCodeClient', '-id', 'my app', '-n', 'App', '-u', 'https://a.example.com/']);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('--clientId (-id) must not contain whitespace');
    r = await cmd(api, ['-c', 'AddAuthorizationCodeClient', '-id', 'app', '-n', ' ', '-u', 'https://a.example.com/']);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('--name (-n) must not be empty');
    expect(api.requests).toEqual([]);
  });
});

describe('AddClientCredentialsClient', () => {
  const expected = (secret: string, autoProvision: boolean | null = null) =>
    dto({
      isEnabled: true,
      clientId: 'my-service',
      clientName: 'Background Processor',
      clientSecret: secret,
      requireClientSecret: true,
      allowedGrantTypes: ['client_credentials'],
      allowedScopes: ['octo_api'],
      isOfflineAccessEnabled: true,
      autoProvisionInChildTenants: autoProvision,
    });

  it('POSTs the original body with -s', async () => {
    const api = fakeApi({ 'POST clients': {} });
    const r = await cmd(api, ['-c', 'AddClientCredentialsClient', '-id', 'my-service', '-n', 'Background Processor', '-s', 'MySecretKey123']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['POST clients']);
    expect(api.requests[0]!.body).toEqual(expected('MySecretKey123'));
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('KMnBJ6iIO5qqJb/504tfMCVeL7TcJgLnm0/I7iUld/w=');
    expect(r.stderr).not.toContain('MySecretKey123');
  });

  it('sets autoProvisionInChildTenants with -apic', async () => {
    const api = fakeApi({ 'POST clients': {} });
    const r = await cmd(api, ['-c', 'AddClientCredentialsClient', '-id', 'my-service', '-n', 'Background Processor', '-s', 'x-secret', '-apic']);
    expect(r.code).toBe(0);
    expect(api.requests[0]!.body).toEqual(expected('x-secret', true));
    expect(r.stderr).toContain('(AutoProvisionInChildTenants enabled)');
  });

  it('reads the secret from stdin with -s -', async () => {
    const api = fakeApi({ 'POST clients': {} });
    const r = await cmd(api, ['-c', 'AddClientCredentialsClient', '-id', 'my-service', '-n', 'Background Processor', '-s', '-'], { stdin: 'from-stdin\n' });
    expect(r.code).toBe(0);
    expect(api.requests[0]!.body).toEqual(expected('from-stdin'));
  });

  it('takes OCTO_CLI_NEW_CLIENT_SECRET when -s is absent; the flag wins over it', async () => {
    let api = fakeApi({ 'POST clients': {} });
    await cmd(api, ['-c', 'AddClientCredentialsClient', '-id', 'my-service', '-n', 'Background Processor'], { env: { OCTO_CLI_NEW_CLIENT_SECRET: 'from-env' } });
    expect(api.requests[0]!.body).toEqual(expected('from-env'));
    api = fakeApi({ 'POST clients': {} });
    await cmd(api, ['-c', 'AddClientCredentialsClient', '-id', 'my-service', '-n', 'Background Processor', '-s', 'flag'], { env: { OCTO_CLI_NEW_CLIENT_SECRET: 'from-env' } });
    expect(api.requests[0]!.body).toEqual(expected('flag'));
  });

  // Issue 10, item 1: OCTO_CLI_CLIENT_SECRET is the provisioner's own sign-in secret (the README's CI recipe sets it).
  it.each(['AddClientCredentialsClient', 'AddDeviceCodeClient'])('%s never gives a new client the sign-in secret OCTO_CLI_CLIENT_SECRET', async (command) => {
    const signIn = 'ci-provisioner-own-secret';
    const env = { OCTO_CLI_CLIENT_ID: 'ci-provisioner', OCTO_CLI_CLIENT_SECRET: signIn };
    let api = fakeApi({ 'POST clients': {} });
    let r = await cmd(api, ['-c', command, '-id', 'svc-b', '-n', 'Service B', '-o', 'json'], { env });
    expect(r.code).toBe(0);
    const sent = (api.requests[0]!.body as ClientDto).clientSecret!;
    expect(sent).not.toBe(signIn);
    expect(sent).toMatch(/^[A-Za-z0-9_-]{43}$/); // generated, and shown once
    expect(JSON.parse(r.stdout).clientSecret).toBe(sent);
    expect(api.requests[0]!.raw).not.toContain(signIn);
    // On a terminal it asks to generate one instead of taking the variable.
    api = fakeApi({ 'POST clients': {} });
    r = await cmd(api, ['-c', command, '-id', 'svc-b', '-n', 'Service B'], { env, tty: true, input: 'n\n' });
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('OCTO_CLI_NEW_CLIENT_SECRET');
    expect(api.requests).toEqual([]);
  });

  it('generates a secret without a terminal and prints it once on stdout with its hash', async () => {
    const api = fakeApi({ 'POST clients': {} });
    const r = await cmd(api, ['-c', 'AddClientCredentialsClient', '-id', 'my-service', '-n', 'Background Processor']);
    expect(r.code).toBe(0);
    const sent = (api.requests[0]!.body as ClientDto).clientSecret!;
    expect(sent).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.stdout).toMatch(new RegExp(`Client secret\\s+${sent}`));
    expect(r.stdout).toMatch(new RegExp(`Secret hash\\s+${hashSecret(sent).replace(/[+/]/g, '\\$&')}`));
    expect(r.stdout.split(sent).length).toBe(2); // exactly once
    expect(r.stderr).not.toContain(sent);
    expect(r.stderr).toContain('shown only once');
  });

  it('never truncates a generated secret, even on a narrow terminal', async () => {
    const api = fakeApi({ 'POST clients': {} });
    const r = await cmd(api, ['-c', 'AddClientCredentialsClient', '-id', 'my-service', '-n', 'B'], { tty: true, input: 'y\n', columns: 30 });
    const sent = (api.requests[0]!.body as ClientDto).clientSecret!;
    expect(r.stdout).toContain(sent);
    expect(r.stdout).toContain(hashSecret(sent));
  });

  it('puts a generated secret into the JSON result', async () => {
    const api = fakeApi({ 'POST clients': {} });
    const r = await cmd(api, ['-c', 'AddClientCredentialsClient', '-id', 'my-service', '-n', 'Background Processor', '--output', 'json']);
    const out = JSON.parse(r.stdout);
    const sent = (api.requests[0]!.body as ClientDto).clientSecret!;
    expect(out).toEqual({ clientId: 'my-service', created: true, clientSecret: sent, secretHash: hashSecret(sent) });
  });

  it('asks "Generate a secret? (Y/n)" on a terminal: Enter generates, n refuses and sends nothing', async () => {
    let api = fakeApi({ 'POST clients': {} });
    let r = await cmd(api, ['-c', 'AddClientCredentialsClient', '-id', 'my-service', '-n', 'Background Processor'], { tty: true, input: '\n' });
    expect(r.stderr).toContain('Generate a secret? (Y/n): ');
    expect(r.code).toBe(0);
    expect((api.requests[0]!.body as ClientDto).clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    api = fakeApi({ 'POST clients': {} });
    r = await cmd(api, ['-c', 'AddClientCredentialsClient', '-id', 'my-service', '-n', 'Background Processor'], { tty: true, input: 'n\n' });
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('--secret (-s) is required');
    expect(api.requests).toEqual([]);
  });

  it('does not print a generated secret when the client already exists (--if-not-exists)', async () => {
    const api = fakeApi({ 'POST clients': { status: 409, text: "Client with id 'my-service' already exists." } });
    const r = await cmd(api, ['-c', 'AddClientCredentialsClient', '-id', 'my-service', '-n', 'Background Processor', '--if-not-exists']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('already exists');
    expect(r.stderr).toContain('The generated secret was not used.');
  });

  it('refuses an empty secret', async () => {
    const api = fakeApi();
    const r = await cmd(api, ['-c', 'AddClientCredentialsClient', '-id', 'my-service', '-n', 'x', '-s', '']);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('--secret (-s) must not be empty');
    expect(api.requests).toEqual([]);
  });
});

describe('AddDeviceCodeClient', () => {
  it('POSTs the original body (no requireClientSecret)', async () => {
    const api = fakeApi({ 'POST clients': {} });
    const r = await cmd(api, ['-c', 'AddDeviceCodeClient', '-id', 'my-iot-device', '-n', 'IoT Sensor Gateway', '-s', 'DeviceSecret123']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['POST clients']);
    expect(api.requests[0]!.body).toEqual(
      dto({
        isEnabled: true,
        clientId: 'my-iot-device',
        clientName: 'IoT Sensor Gateway',
        clientSecret: 'DeviceSecret123',
        allowedGrantTypes: [DEVICE],
        allowedScopes: ['octo_api'],
        isOfflineAccessEnabled: true,
      }),
    );
  });

  it('generates a secret without a terminal, and supports --if-not-exists', async () => {
    const api = fakeApi({ 'POST clients': [{}, { status: 409, text: 'exists' }] });
    let r = await cmd(api, ['-c', 'AddDeviceCodeClient', '-id', 'dev', '-n', 'Dev', '-o', 'json']);
    expect(JSON.parse(r.stdout).clientSecret).toBe((api.requests[0]!.body as ClientDto).clientSecret);
    r = await cmd(api, ['-c', 'AddDeviceCodeClient', '-id', 'dev', '-n', 'Dev', '-o', 'json', '--if-not-exists']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ clientId: 'dev', created: false });
  });
});

describe('GetClients', () => {
  const all = [storedDashboard, storedService, storedCli];

  it('GETs clients and prints a table with the seven columns', async () => {
    const api = fakeApi({ 'GET clients': { json: all } });
    const r = await cmd(api, ['-c', 'GetClients']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['GET clients']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CLIENT ID\s+NAME\s+GRANT TYPES\s+SCOPES\s+REDIRECT URIS\s+ENABLED\s+REGISTRATION$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('my-dashboard');
    expect(lines[1]).toContain('My Dashboard App');
    expect(lines[1]).toContain('authorization_code');
    expect(lines[1]).toContain('openid, profile, email, role, octo_api');
    expect(lines[1]).toContain('https://dashboard.example.com/auth/callback');
    expect(lines[1]).toMatch(/yes\s+admin$/);
    expect(lines[3]).toContain('device_code, refresh_token');
  });

  it('truncates long cells to the terminal width unless --wide', async () => {
    const api = fakeApi({ 'GET clients': { json: all } });
    let r = await cmd(api, ['-c', 'GetClients'], { tty: true, columns: 80 });
    // Measured as the terminal shows it: the bold header's escape codes take no columns.
    for (const line of stripVTControlCharacters(r.stdout).trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain('…');
    r = await cmd(api, ['-c', 'GetClients', '--wide'], { tty: true, columns: 80 });
    expect(r.stdout).toContain('https://dashboard.example.com/auth/callback');
    expect(r.stdout).toContain('openid, profile, email, role, octo_api');
  });

  it('prints the wire JSON with --output json', async () => {
    const api = fakeApi({ 'GET clients': { json: all } });
    const r = await cmd(api, ['-c', 'GetClients', '--output', 'json']);
    expect(JSON.parse(r.stdout)).toEqual(all);
  });

  it('filters by name (or id), redirect URI and grant type, case-insensitively', async () => {
    const api = fakeApi({ 'GET clients': { json: all } });
    const ids = async (...args: string[]) => (JSON.parse((await cmd(api, ['-c', 'GetClients', '-o', 'json', ...args])).stdout) as ClientDto[]).map((c) => c.clientId);
    expect(await ids('--filter-name', 'DASHBOARD')).toEqual(['my-dashboard']);
    expect(await ids('--filter-name', 'octo-')).toEqual(['octo-cli']);
    expect(await ids('--filter-redirect-uri', '/AUTH/')).toEqual(['my-dashboard']);
    expect(await ids('--filter-grant-type', 'client_cred')).toEqual(['my-service']);
    expect(await ids('--filter-grant-type', 'device')).toEqual(['octo-cli']);
    expect(await ids('--filter-name', 'my', '--filter-grant-type', 'authorization')).toEqual(['my-dashboard']);
    expect(await ids('--filter-name', 'nothing')).toEqual([]);
  });

  it('notes an empty list on stderr; JSON mode prints []', async () => {
    const api = fakeApi({ 'GET clients': { json: [] } });
    let r = await cmd(api, ['-c', 'GetClients']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('No clients found');
    r = await cmd(api, ['-c', 'GetClients', '-o', 'json']);
    expect(r.stdout.trim()).toBe('[]');
  });

  it('says when filters match nothing', async () => {
    const api = fakeApi({ 'GET clients': { json: all } });
    const r = await cmd(api, ['-c', 'GetClients', '--filter-name', 'zzz']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('No clients found matching the filters (3 in total)');
  });
});

describe('GetClient', () => {
  it('GETs clients/{id} and shows every field', async () => {
    const api = fakeApi({ 'GET clients/my-dashboard': { json: storedDashboard } });
    const r = await cmd(api, ['-c', 'GetClient', '-id', 'my-dashboard']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['GET clients/my-dashboard']);
    for (const label of ['Client id', 'Name', 'Enabled', 'Client URI', 'Grant types', 'Scopes', 'Redirect URIs', 'Post-logout redirect URIs', 'CORS origins', 'Requires secret', 'Offline access', 'Front-channel logout URI', 'Back-channel logout URI', 'Auto-provision in child tenants', 'Provisioned by parent tenant', 'Dynamic registration', 'RtId']) {
      expect(r.stdout).toMatch(new RegExp(`^${label}\\s`, 'm'));
    }
    expect(r.stdout).toMatch(/^CORS origins\s+https:\/\/dashboard\.example\.com$/m);
  });

  it('URL-encodes the id and prints the wire JSON', async () => {
    const api = fakeApi({ 'GET clients/a%2Fb%3F': { json: storedDashboard } });
    const r = await cmd(api, ['-c', 'GetClient', '-id', 'a/b?', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['GET clients/a%2Fb%3F']);
    expect(JSON.parse(r.stdout)).toEqual(storedDashboard);
  });

  it('names the client on a 404 ProblemDetails', async () => {
    const api = fakeApi({ 'GET clients/nope': { status: 404, json: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5', title: 'Not Found', status: 404, traceId: '00-1' } } });
    const r = await cmd(api, ['-c', 'GetClient', '-id', 'nope']);
    expect(r.code).toBe(253);
    expect(r.stderr.trim()).toBe("error: client 'nope' was not found (404)");
  });
});

describe('UpdateClient', () => {
  const routes = () => fakeApi({ 'GET clients/my-dashboard': { json: storedDashboard }, 'PUT clients/my-dashboard': {} });
  const base = { ...storedDashboard, redirectUris: null, postLogoutRedirectUris: null, allowedCorsOrigins: null };

  it('-n: GET, then PUT the client with the new name and untouched URI lists as null', async () => {
    const api = routes();
    const r = await cmd(api, ['-c', 'UpdateClient', '-id', 'my-dashboard', '-n', 'Updated Name']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['GET clients/my-dashboard', 'PUT clients/my-dashboard']);
    expect(api.requests[1]!.body).toEqual({ ...base, clientName: 'Updated Name' });
  });

  it('-u: derives client URI, CORS origin, post-logout and redirect URIs', async () => {
    const api = routes();
    await cmd(api, ['-c', 'UpdateClient', '-id', 'my-dashboard', '-u', 'https://new-url.com']);
    expect(api.requests[1]!.body).toEqual({
      ...base,
      clientUri: 'https://new-url.com',
      allowedCorsOrigins: ['https://new-url.com'],
      postLogoutRedirectUris: ['https://new-url.com/'],
      redirectUris: ['https://new-url.com/'],
    });
  });

  it('-u with -ru: -ru overrides the redirect URIs', async () => {
    const api = routes();
    await cmd(api, ['-c', 'UpdateClient', '-id', 'my-dashboard', '-u', 'https://new-url.com/', '-ru', 'https://new-url.com/cb']);
    expect((api.requests[1]!.body as ClientDto).redirectUris).toEqual(['https://new-url.com/cb']);
    expect((api.requests[1]!.body as ClientDto).postLogoutRedirectUris).toEqual(['https://new-url.com/']);
  });

  it('-ru alone and -fclo', async () => {
    const api = routes();
    await cmd(api, ['-c', 'UpdateClient', '-id', 'my-dashboard', '-ru', 'https://dashboard.example.com/cb2', '-fclo', 'https://dashboard.example.com/logout']);
    expect(api.requests[1]!.body).toEqual({
      ...base,
      redirectUris: ['https://dashboard.example.com/cb2'],
      frontChannelLogoutUri: 'https://dashboard.example.com/logout',
      frontChannelLogoutSessionRequired: true,
    });
  });

  it('drops properties that are not in the DTO', async () => {
    const api = fakeApi({ 'GET clients/x': { json: { ...storedDashboard, clientId: 'x', somethingNew: 1 } }, 'PUT clients/x': {} });
    await cmd(api, ['-c', 'UpdateClient', '-id', 'x', '-n', 'X']);
    expect(Object.keys(api.requests[1]!.body as object)).toEqual(Object.keys(clientDto({})));
  });

  it('refuses a no-op update and bad URIs before any request', async () => {
    const api = fakeApi();
    let r = await cmd(api, ['-c', 'UpdateClient', '-id', 'my-dashboard']);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('nothing to update');
    r = await cmd(api, ['-c', 'UpdateClient', '-id', 'my-dashboard', '-ru', 'https://*.example.com/cb']);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('--redirectUri (-ru) must be an exact URI without wildcards');
    expect(api.requests).toEqual([]);
  });

  it('reports the NotFoundErrorDto message of a PUT', async () => {
    const api = fakeApi({
      'GET clients/gone': { json: { ...storedDashboard, clientId: 'gone' } },
      'PUT clients/gone': { status: 404, json: { statusCode: 404, statusDescription: 'NotFound', message: "Client with id 'gone' does not exist.", details: null } },
    });
    const r = await cmd(api, ['-c', 'UpdateClient', '-id', 'gone', '-n', 'x']);
    expect(r.code).toBe(253);
    expect(r.stderr.trim().split('\n').at(-1)).toBe("error: Client with id 'gone' does not exist.");
  });
});

describe('DeleteClient', () => {
  it('needs -y without a terminal and sends nothing', async () => {
    const api = fakeApi();
    const r = await cmd(api, ['-c', 'DeleteClient', '-id', 'my-web-app']);
    expect(r.code).toBe(251);
    expect(r.stderr).toContain('pass --yes (-y) to confirm');
    expect(api.requests).toEqual([]);
  });

  it('DELETEs with -y and says what was deleted', async () => {
    const api = fakeApi({ 'DELETE clients/my-web-app': {} });
    const r = await cmd(api, ['-c', 'DeleteClient', '-id', 'my-web-app', '-y']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['DELETE clients/my-web-app']);
    expect(r.stderr).toContain("Client 'my-web-app' deleted");
    const j = await cmd(api, ['-c', 'DeleteClient', '-id', 'my-web-app', '--yes', '-o', 'json']);
    expect(JSON.parse(j.stdout)).toEqual({ clientId: 'my-web-app', deleted: true });
  });

  it('asks (y/N) on a terminal', async () => {
    let api = fakeApi({ 'DELETE clients/app': {} });
    let r = await cmd(api, ['-c', 'DeleteClient', '-id', 'app'], { tty: true, input: 'y\n' });
    expect(r.stderr).toContain("Are you sure you want to delete client 'app'? (y/N): ");
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['DELETE clients/app']);
    api = fakeApi({ 'DELETE clients/app': {} });
    r = await cmd(api, ['-c', 'DeleteClient', '-id', 'app'], { tty: true, input: '\n' });
    expect(r.code).toBe(251);
    expect(r.stderr).toContain('Operation cancelled by user.');
    expect(api.requests).toEqual([]);
  });

  it('reports a 404 NotFoundErrorDto as the server says it', async () => {
    const api = fakeApi({ 'DELETE clients/nope': { status: 404, json: { statusCode: 404, statusDescription: 'NotFound', message: "Client with id 'nope' does not exist.", details: null } } });
    const r = await cmd(api, ['-c', 'DeleteClient', '-id', 'nope', '-y']);
    expect(r.code).toBe(253);
    expect(r.stderr.trim().split('\n').at(-1)).toBe("error: Client with id 'nope' does not exist.");
  });
});

describe('AddScopeToClient', () => {
  it('GETs the client and PUTs only allowedScopes = existing + new', async () => {
    const existing = { ...storedDashboard, allowedScopes: ['openid', 'profile', 'email', 'role'] };
    const api = fakeApi({ 'GET clients/my-dashboard': { json: existing }, 'PUT clients/my-dashboard': {}, 'GET apiScopes': { json: [{ name: 'octo_api' }] } });
    const r = await cmd(api, ['-c', 'AddScopeToClient', '-id', 'my-dashboard', '-n', 'octo_api']);
    expect(r.code).toBe(0);
    // After the grant: the tenant's scopes, for the unknown-scope warning (test/commands/guard-rails.test.ts).
    expect(api.calls()).toEqual(['GET clients/my-dashboard', 'PUT clients/my-dashboard', 'GET apiScopes']);
    expect(api.requests[1]!.body).toEqual(dto({ allowedScopes: ['openid', 'profile', 'email', 'role', 'octo_api'] }));
    const j = await cmd(fakeApi({ 'GET clients/my-dashboard': { json: existing }, 'PUT clients/my-dashboard': {} }), ['-c', 'AddScopeToClient', '-id', 'my-dashboard', '-n', 'octo_api', '-o', 'json']);
    expect(JSON.parse(j.stdout)).toEqual({ clientId: 'my-dashboard', scope: 'octo_api', added: true });
  });

  it('handles a client without scopes', async () => {
    const api = fakeApi({ 'GET clients/x': { json: { ...storedDashboard, clientId: 'x', allowedScopes: null } }, 'PUT clients/x': {} });
    await cmd(api, ['-c', 'AddScopeToClient', '-id', 'x', '-n', 'octo_api.read_only']);
    expect(api.requests[1]!.body).toEqual(dto({ allowedScopes: ['octo_api.read_only'] }));
  });

  it('sends no PUT when the client already has the scope', async () => {
    const api = fakeApi({ 'GET clients/my-dashboard': { json: storedDashboard } });
    const r = await cmd(api, ['-c', 'AddScopeToClient', '-id', 'my-dashboard', '-n', 'octo_api']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['GET clients/my-dashboard']);
    expect(r.stderr).toContain("already has scope 'octo_api'");
  });

  it('refuses a scope with whitespace', async () => {
    const api = fakeApi();
    const r = await cmd(api, ['-c', 'AddScopeToClient', '-id', 'x', '-n', 'octo api']);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('--name (-n) must not contain whitespace');
    expect(api.requests).toEqual([]);
  });
});
