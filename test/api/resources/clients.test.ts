/** src/api/resources/clients.ts against the local Identity Service over HTTP, and its wire form and answer checks. */
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/errors.js';
import * as clients from '../../../src/api/resources/clients.js';
import * as roles from '../../../src/api/resources/roles.js';
import { hashSecret } from '../../../src/shared/secrets.js';
import { fakeApi, unique, useLiveApi } from './helpers.js';

const live = useLiveApi();
const DEFAULT_SCOPES = ['openid', 'profile', 'email', 'role'];

describe('clients (local service)', () => {
  it('creates, reads, lists, updates and deletes a client', async () => {
    const { api } = live;
    const clientId = unique('web');
    await clients.create(api, clients.authorizationCodeClient({ clientId, clientName: 'Web', clientUri: 'https://web.example.com/app', redirectUri: 'https://web.example.com/cb' }));
    const stored = await clients.get(api, clientId);
    expect(stored).toMatchObject({
      clientId,
      clientName: 'Web',
      clientUri: 'https://web.example.com/app',
      allowedGrantTypes: ['authorization_code'],
      allowedCorsOrigins: ['https://web.example.com'],
      redirectUris: ['https://web.example.com/cb'],
      postLogoutRedirectUris: ['https://web.example.com/app/'],
      isOfflineAccessEnabled: true,
      clientSecret: null,
    });
    expect(stored.allowedScopes).toEqual([...DEFAULT_SCOPES, 'octo_api']);
    expect((await clients.list(api)).map((c) => c.clientId)).toContain(clientId);

    // The update body keeps the scopes (a PUT without them would reset them) and leaves the URI lists alone.
    await clients.update(api, clientId, { ...clients.updateBody(stored), clientName: 'Web 2' });
    const updated = await clients.get(api, clientId);
    expect(updated).toMatchObject({ clientName: 'Web 2', allowedScopes: stored.allowedScopes, redirectUris: stored.redirectUris, allowedCorsOrigins: stored.allowedCorsOrigins });

    await clients.remove(api, clientId);
    await expect(clients.get(api, clientId)).rejects.toMatchObject({ status: 404 });
    await expect(clients.remove(api, clientId)).rejects.toMatchObject({ status: 404, message: expect.stringContaining(clientId) });
  });

  it('a duplicate client id is a 409 (what --if-not-exists turns into success)', async () => {
    const clientId = unique('svc');
    const body = clients.clientCredentialsClient({ clientId, clientName: 'Svc', clientSecret: 'S3cret!value' });
    await clients.create(live.api, body);
    const err = await clients.create(live.api, body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(409);
    const stored = await clients.get(live.api, clientId);
    expect(stored).toMatchObject({ requireClientSecret: true, allowedGrantTypes: ['client_credentials'], clientSecret: null });
  });

  it('device-code clients do not send requireClientSecret (as the original)', async () => {
    const clientId = unique('dev');
    await clients.create(live.api, clients.deviceCodeClient({ clientId, clientName: 'Dev', clientSecret: 'x' }));
    expect((await clients.get(live.api, clientId)).allowedGrantTypes).toEqual([clients.DEVICE_CODE_GRANT]);
  });

  it('addScope adds a scope once, keeping the others', async () => {
    const clientId = unique('scoped');
    await clients.create(live.api, clients.clientCredentialsClient({ clientId, clientName: 'S', clientSecret: 's' }));
    expect(await clients.addScope(live.api, clientId, 'octo_api.read_only')).toBe(true);
    expect(await clients.addScope(live.api, clientId, 'octo_api.read_only')).toBe(false);
    expect((await clients.get(live.api, clientId)).allowedScopes).toEqual([...DEFAULT_SCOPES, 'octo_api', 'octo_api.read_only']);
  });

  it('rtId: an RtId as given (lower-cased), a client id looked up', async () => {
    const clientId = unique('rt');
    await clients.create(live.api, clients.clientCredentialsClient({ clientId, clientName: 'R', clientSecret: 's' }));
    const rtId = await clients.rtId(live.api, clientId);
    expect(rtId).toMatch(/^[0-9a-f]{24}$/);
    expect(rtId).toBe((await clients.get(live.api, clientId)).rtId);
    expect(await clients.rtId(live.api, ' 66000000000000000000000A ')).toBe('66000000000000000000000a');
  });

  it('roles of a client: by name, by replace-all, read back as RtIds', async () => {
    const clientId = unique('roles');
    await clients.create(live.api, clients.clientCredentialsClient({ clientId, clientName: 'R', clientSecret: 's' }));
    const all = await roles.list(live.api);
    const id = (name: string) => all.find((r) => r.name === name)!.id!;
    await clients.addRole(live.api, clientId, 'TenantManagement');
    expect(await clients.roleIds(live.api, clientId)).toEqual([id('TenantManagement')]);
    await clients.setRoles(live.api, clientId, [id('UserManagement'), id('Development')]);
    expect((await clients.roleIds(live.api, clientId)).sort()).toEqual([id('UserManagement'), id('Development')].sort());
    await clients.removeRole(live.api, clientId, 'Development');
    expect(await clients.roleIds(live.api, clientId)).toEqual([id('UserManagement')]);
    await expect(clients.addRole(live.api, clientId, 'NoSuchRole')).rejects.toMatchObject({ status: 404, message: expect.stringContaining('NoSuchRole') });
    await clients.setRoles(live.api, clientId, []);
    expect(await clients.roleIds(live.api, clientId)).toEqual([]);
  });

  it('a client secret given on create is stored as its hash (never returned)', async () => {
    const clientId = unique('hash');
    await clients.create(live.api, clients.clientCredentialsClient({ clientId, clientName: 'H', clientSecret: 'MySecretKey123' }));
    const { list } = await import('../../../src/api/resources/secrets.js');
    expect((await list(live.api, { kind: 'client', id: clientId })).map((s) => s.valueEncrypted)).toEqual([hashSecret('MySecretKey123')]);
  });
});

describe('clients (wire form)', () => {
  it('sends the full ClientDto with nulls, in the SDK order, and encodes ids as one path segment', async () => {
    const { api, recorder } = fakeApi({ 'POST clients': {}, 'PUT clients/a%2Fb': {}, 'DELETE clients/a%2Fb': {} });
    const body = clients.clientCredentialsClient({ clientId: 'a/b', clientName: 'N', clientSecret: 's', autoProvision: true });
    await clients.create(api, body);
    await clients.update(api, 'a/b', clients.clientDto({ allowedScopes: ['x'] }));
    await clients.remove(api, 'a/b');
    expect(recorder.calls()).toEqual(['POST clients', 'PUT clients/a%2Fb', 'DELETE clients/a%2Fb']);
    expect(recorder.requests[0]!.raw).toBe(
      '{"rtId":null,"isEnabled":true,"clientId":"a/b","clientSecret":"s","requireClientSecret":true,"clientName":"N","clientUri":null,"allowedGrantTypes":["client_credentials"],"redirectUris":null,"postLogoutRedirectUris":null,"allowedCorsOrigins":null,"allowedScopes":["octo_api"],"isOfflineAccessEnabled":true,"frontChannelLogoutUri":null,"frontChannelLogoutSessionRequired":null,"backChannelLogoutUri":null,"backChannelLogoutSessionRequired":null,"autoProvisionInChildTenants":true,"provisionedByParentTenantId":null,"dynamicRegistration":null,"dynamicRegistrationExpiresAt":null}',
    );
    expect(Object.values(recorder.requests[1]!.body as object).filter((v) => v !== null)).toEqual([['x']]);
  });

  it('authorization-code bodies: CORS origin, trailing-slash URIs, front-channel logout', () => {
    expect(clients.authorizationCodeClient({ clientId: 'w', clientName: 'W', clientUri: 'https://w.example.com/x', frontChannelLogoutUri: 'https://w.example.com/logout' })).toMatchObject({
      allowedCorsOrigins: ['https://w.example.com'],
      redirectUris: ['https://w.example.com/x/'],
      postLogoutRedirectUris: ['https://w.example.com/x/'],
      frontChannelLogoutUri: 'https://w.example.com/logout',
      frontChannelLogoutSessionRequired: true,
      requireClientSecret: null,
    });
    expect(clients.authorizationCodeClient({ clientId: 'w', clientName: 'W', clientUri: 'https://w.example.com/' }).frontChannelLogoutSessionRequired).toBeNull();
  });

  it('role routes: methods, paths and bodies', async () => {
    const { api, recorder } = fakeApi({ 'GET clients/c/roles': { json: ['r1'] }, 'PUT clients/c/roles': {}, 'PUT clients/c/roles/Dev%20Ops': {}, 'DELETE clients/c/roles/Dev%20Ops': {} });
    expect(await clients.roleIds(api, 'c')).toEqual(['r1']);
    await clients.setRoles(api, 'c', ['r1', 'r2']);
    await clients.addRole(api, 'c', 'Dev Ops');
    await clients.removeRole(api, 'c', 'Dev Ops');
    expect(recorder.calls()).toEqual(['GET clients/c/roles', 'PUT clients/c/roles', 'PUT clients/c/roles/Dev%20Ops', 'DELETE clients/c/roles/Dev%20Ops']);
    expect(recorder.requests[1]!.body).toEqual(['r1', 'r2']);
    expect(recorder.requests[2]!.raw).toBeUndefined();
  });

  it('addScope sends only allowedScopes, and nothing when the client has the scope', async () => {
    const { api, recorder } = fakeApi({ 'GET clients/c': { json: { clientId: 'c', clientName: 'keep', allowedScopes: ['openid', 'octo_api'] } }, 'PUT clients/c': {} });
    expect(await clients.addScope(api, 'c', 'octo_api')).toBe(false);
    expect(await clients.addScope(api, 'c', 'extra')).toBe(true);
    expect(recorder.calls()).toEqual(['GET clients/c', 'GET clients/c', 'PUT clients/c']);
    expect(recorder.requests[2]!.body).toEqual(clients.clientDto({ allowedScopes: ['openid', 'octo_api', 'extra'] }));
  });

  it('refuses answers of the wrong shape', async () => {
    const { api } = fakeApi({ 'GET clients': { json: { clients: [] } }, 'GET clients/c': { json: ['x'] }, 'GET clients/n': { json: { clientId: 'n' } }, 'GET clients/w': { json: { clients: [{ rtId: 'r1' }] } } });
    await expect(clients.list(api)).rejects.toThrow("the server's answer for clients is not a list");
    await expect(clients.get(api, 'c')).rejects.toThrow("the server's answer for client 'c' is not an object");
    await expect(clients.rtId(api, 'n')).rejects.toThrow("the server's answer for client 'n' has no rtId");
    expect(await clients.rtId(api, 'w')).toBe('r1');
  });

  it('an empty list answer is an empty list', async () => {
    const { api } = fakeApi({ 'GET clients': {} });
    expect(await clients.list(api)).toEqual([]);
  });
});
