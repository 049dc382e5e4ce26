import { describe, expect, it } from 'vitest';
import { DEVICE_GRANT, notFoundDto, problemShape, publicClientRefreshToken, refreshPublic, useAdminServer } from './helpers.js';

const admin = useAdminServer();

interface ClientDto {
  rtId: string;
  clientId: string;
  clientName: string | null;
  allowedScopes: string[];
  allowedGrantTypes: string[];
  [key: string]: unknown;
}

describe('seeded clients', () => {
  it('has the six blueprint clients with their fixed ids', async () => {
    const res = await admin.api.get<ClientDto[]>('clients');
    expect(res.status).toBe(200);
    expect(res.headers.get('api-supported-versions')).toBe('1.0');
    expect(res.json.map((c) => [c.rtId, c.clientId])).toEqual([
      ['660000000000000000000030', 'octo-data-refinery-studio'],
      ['660000000000000000000031', 'octo-cli'],
      ['660000000000000000000032', 'octo-idenityServices-swagger'],
      ['660000000000000000000033', 'octo-mcpServices-swagger'],
      ['660000000000000000000034', 'octo-mcpServices-device'],
      ['660000000000000000000036', 'octo-platformServices-swagger'],
    ]);
  });

  it('returns octo-cli exactly as the service would (camelCase, nulls written)', async () => {
    const res = await admin.api.get('clients/octo-cli');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json).toEqual({
      rtId: '660000000000000000000031',
      isEnabled: true,
      clientId: 'octo-cli',
      clientSecret: null,
      requireClientSecret: false,
      clientName: null,
      clientUri: null,
      allowedGrantTypes: ['urn:ietf:params:oauth:grant-type:device_code'],
      redirectUris: [],
      postLogoutRedirectUris: [],
      allowedCorsOrigins: [],
      allowedScopes: ['openid', 'profile', 'email', 'role', 'octo_api'],
      isOfflineAccessEnabled: true,
      frontChannelLogoutUri: null,
      frontChannelLogoutSessionRequired: true,
      backChannelLogoutUri: null,
      backChannelLogoutSessionRequired: true,
      autoProvisionInChildTenants: true,
      provisionedByParentTenantId: null,
      dynamicRegistration: false,
      dynamicRegistrationExpiresAt: null,
    });
    const swagger = await admin.api.get<ClientDto>('clients/octo-idenityServices-swagger');
    expect(swagger.json).toMatchObject({
      clientName: 'Identity Services Swagger UI',
      allowedGrantTypes: ['authorization_code'],
      redirectUris: [`${admin.server.url}/swagger/oauth2-redirect.html`],
      allowedScopes: ['openid', 'profile', 'email', 'role', 'octo_api', 'octo_api.read_only'],
    });
  });
});

describe('POST clients', () => {
  it('creates with 200 and an empty body, merging the default scopes first', async () => {
    const res = await admin.api.post('clients', {
      isEnabled: true,
      clientId: 'my-service',
      clientName: 'My Service',
      clientSecret: 'MySecretKey123',
      requireClientSecret: true,
      allowedGrantTypes: ['client_credentials'],
      allowedScopes: ['octo_api', 'openid'],
      isOfflineAccessEnabled: true,
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(res.headers.get('content-length')).toBe('0');
    const got = await admin.api.get<ClientDto>('clients/my-service');
    expect(got.json).toMatchObject({
      clientId: 'my-service',
      clientName: 'My Service',
      clientSecret: null,
      requireClientSecret: true,
      isEnabled: true,
      allowedGrantTypes: ['client_credentials'],
      allowedScopes: ['openid', 'profile', 'email', 'role', 'octo_api'],
      autoProvisionInChildTenants: false,
    });
    expect(got.json.rtId).toMatch(/^[0-9a-f]{24}$/);
  });

  it('answers 409 with a plain string, as JSON when JSON is preferred', async () => {
    await admin.api.post('clients', { isEnabled: true, clientId: 'dup' });
    const text = await admin.api.post('clients', { clientId: 'dup' });
    expect(text.status).toBe(409);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text.text).toBe("Client with id 'dup' already exists.");
    const asJson = await admin.api.post('clients', { clientId: 'dup' }, { accept: 'application/json, text/plain, */*' });
    expect(asJson.status).toBe(409);
    expect(asJson.headers.get('content-type')).toMatch(/^application\/json/);
    expect(asJson.json).toBe("Client with id 'dup' already exists.");
  });

  it('answers 400 {} without clientId and ValidationProblemDetails for bad bodies', async () => {
    const missing = await admin.api.post('clients', { clientName: 'no id' });
    expect(missing.status).toBe(400);
    expect(missing.text).toBe('{}');

    const malformed = await admin.api.post<Record<string, unknown>>('clients', '{"clientId": ');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(malformed.json).toMatchObject({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
    });
    expect(Object.keys(malformed.json.errors as object)).toContain('$');
    expect(typeof malformed.json.traceId).toBe('string');

    const wrongType = await admin.api.post<{ errors: Record<string, string[]> }>('clients', { clientId: 'x', isEnabled: 'yes' });
    expect(wrongType.status).toBe(400);
    expect(Object.keys(wrongType.json.errors)).toContain('$.isEnabled');

    const empty = await admin.api.post('clients', '');
    expect(empty.status).toBe(400);
    expect((await admin.api.get('clients/x')).status).toBe(404); // nothing stored
  });

  it('binds property names case-insensitively and routes case-insensitively', async () => {
    const res = await admin.api.post('Clients', { ClientId: 'MixedCase', IsEnabled: true });
    expect(res.status).toBe(200);
    const got = await admin.api.get<ClientDto>('CLIENTS/MixedCase');
    expect(got.json).toMatchObject({ clientId: 'MixedCase', isEnabled: true });
    expect((await admin.api.get('clients/mixedcase')).status).toBe(404); // ids are case-sensitive
  });
});

describe('GET/PUT/DELETE errors', () => {
  it('GET unknown → ProblemDetails; PUT/DELETE unknown → NotFoundErrorDto', async () => {
    const get = await admin.api.get('clients/nope');
    expect(get.status).toBe(404);
    expect(get.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(get.json).toMatchObject(problemShape);
    expect((get.json as { traceId: string }).traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);

    const put = await admin.api.put('clients/nope', { clientName: 'x' });
    expect(put.status).toBe(404);
    expect(put.json).toEqual(notFoundDto("Client with id 'nope' does not exist."));
    const del = await admin.api.del('clients/nope');
    expect(del.status).toBe(404);
    expect(del.json).toEqual(notFoundDto("Client with id 'nope' does not exist."));
  });
});

describe('PUT clients (merge)', () => {
  it('leaves absent fields alone, resets or unions allowedScopes, replaces lists', async () => {
    await admin.api.post('clients', {
      isEnabled: true,
      clientId: 'merge-me',
      clientName: 'Original',
      clientUri: 'https://app.example.com',
      allowedGrantTypes: ['authorization_code'],
      redirectUris: ['https://app.example.com/'],
      allowedScopes: ['octo_api'],
    });
    // AddScopeToClient: a DTO with only allowedScopes
    expect((await admin.api.put('clients/merge-me', { allowedScopes: ['octo_api', 'custom.scope', 'profile'] })).status).toBe(200);
    let got = await admin.api.get<ClientDto>('clients/merge-me');
    expect(got.json).toMatchObject({
      clientName: 'Original',
      clientUri: 'https://app.example.com',
      isEnabled: true,
      redirectUris: ['https://app.example.com/'],
      allowedScopes: ['openid', 'profile', 'email', 'role', 'octo_api', 'custom.scope'],
    });
    // forgetting allowedScopes strips the API scopes; empty strings leave strings alone; [] clears a list
    expect((await admin.api.put('clients/merge-me', { clientName: '', redirectUris: [], isEnabled: false })).status).toBe(200);
    got = await admin.api.get<ClientDto>('clients/merge-me');
    expect(got.json).toMatchObject({
      clientName: 'Original',
      redirectUris: [],
      isEnabled: false,
      allowedScopes: ['openid', 'profile', 'email', 'role'],
    });
    // renaming through clientId
    expect((await admin.api.put('clients/merge-me', { clientId: 'merged' })).status).toBe(200);
    expect((await admin.api.get('clients/merge-me')).status).toBe(404);
    expect((await admin.api.get('clients/merged')).status).toBe(200);
    expect((await admin.api.del('clients/merged')).status).toBe(200);
    expect((await admin.api.get('clients/merged')).status).toBe(404);
  });
});

describe('renaming a client (PUT clientId)', () => {
  it("revokes the old id's grants: a client created again under the old id does not inherit its refresh token", async () => {
    const deviceClient = { isEnabled: true, allowedGrantTypes: [DEVICE_GRANT], allowedScopes: ['octo_api'], isOfflineAccessEnabled: true };
    expect((await admin.api.post('clients', { ...deviceClient, clientId: 'dev-before-rename' })).status).toBe(200);
    const first = await publicClientRefreshToken(admin.server, 'dev-before-rename');
    const refreshed = await refreshPublic(admin.server, 'dev-before-rename', first);
    expect(refreshed.status).toBe(200);

    expect((await admin.api.put('clients/dev-before-rename', { clientId: 'dev-after-rename' })).status).toBe(200);
    expect((await admin.api.post('clients', { ...deviceClient, clientId: 'dev-before-rename' })).status).toBe(200);
    const reuse = await refreshPublic(admin.server, 'dev-before-rename', refreshed.json.refresh_token!);
    expect([reuse.status, reuse.json.error]).toEqual([400, 'invalid_grant']);
  });
});

describe('GetPaged', () => {
  it('returns a PagedResult', async () => {
    const all = await admin.api.get<ClientDto[]>('clients');
    const page = await admin.api.get<{ totalCount: number; skip: number; take: number; list: ClientDto[] }>('clients/GetPaged?skip=1&take=2');
    expect(page.status).toBe(200);
    expect(page.json.totalCount).toBe(all.json.length);
    expect(page.json.skip).toBe(1);
    expect(page.json.take).toBe(2);
    expect(page.json.list.map((c) => c.clientId)).toEqual(all.json.slice(1, 3).map((c) => c.clientId));
    const defaults = await admin.api.get<{ skip: number; take: number }>('clients/GetPaged');
    expect(defaults.json).toMatchObject({ skip: 0, take: 100 });
    expect((await admin.api.get('clients/GetPaged?skip=abc')).status).toBe(400);
  });
});

describe('client roles', () => {
  it('assigns roles by RtId list and by name', async () => {
    await admin.api.post('clients', { isEnabled: true, clientId: 'with-roles' });
    expect((await admin.api.get('clients/with-roles/roles')).json).toEqual([]);
    expect((await admin.api.put('clients/with-roles/roles', ['660000000000000000000001', '660000000000000000000002'])).status).toBe(200);
    expect((await admin.api.put('clients/with-roles/roles/dashboardviewer')).status).toBe(200);
    expect((await admin.api.get('clients/with-roles/roles')).json).toEqual([
      '660000000000000000000001',
      '660000000000000000000002',
      '660000000000000000000008',
    ]);
    expect((await admin.api.del('clients/with-roles/roles/UserManagement')).status).toBe(200);
    expect((await admin.api.get('clients/with-roles/roles')).json).toEqual(['660000000000000000000001', '660000000000000000000008']);
    const unknownRole = await admin.api.put('clients/with-roles/roles/NoSuchRole');
    expect(unknownRole.status).toBe(404);
    expect(unknownRole.json).toEqual(notFoundDto("Role with name 'NoSuchRole' not found."));
    const unknownClient = await admin.api.get('clients/nobody/roles');
    expect(unknownClient.json).toEqual(notFoundDto("Client with id 'nobody' not found."));
  });

  it('lists the 14 seeded roles with fixed ids', async () => {
    const roles = await admin.api.get<{ id: string; name: string }[]>('roles');
    expect(roles.json).toHaveLength(14);
    expect(roles.json[0]).toEqual({ id: '660000000000000000000001', name: 'TenantManagement' });
    expect(roles.json[13]).toEqual({ id: '66000000000000000000000e', name: 'StreamDataReader' });
    expect((await admin.api.get('roles/names/reportingviewer')).json).toEqual({ id: '66000000000000000000000a', name: 'ReportingViewer' });
  });
});
