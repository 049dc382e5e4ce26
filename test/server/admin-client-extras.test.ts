import { beforeAll, describe, expect, it } from 'vitest';
import {
  adminApi,
  clientCredentials,
  DEVICE_GRANT,
  notFoundDto,
  operationFailed,
  publicClientRefreshToken,
  refreshPublic,
  userToken,
  type AdminApi,
  useAdminServer,
} from './helpers.js';

const admin = useAdminServer({ tenants: ['octosystem', 'child-a', 'child-b'] });
let childApi: AdminApi;

beforeAll(async () => {
  childApi = adminApi(admin.server, (await userToken(admin.server, 'child-a')).access_token, 'child-a');
});

interface ClientDto {
  clientId: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  allowedCorsOrigins: string[];
  autoProvisionInChildTenants: boolean;
  provisionedByParentTenantId: string | null;
}

describe('overlay URIs', () => {
  it('applies overlay entries (skipping duplicates of any source), idempotently; validation and 404', async () => {
    const body = {
      overlayName: 'dev.local',
      redirectUris: ['https://localhost:4200/', 'http://localhost:4300/', '  ', 'http://localhost:4300/'],
      postLogoutRedirectUris: null,
      allowedCorsOrigins: ['http://localhost:4300'],
    };
    const first = await admin.api.post('clients/octo-data-refinery-studio/overlayUris', body);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({
      overlayName: 'dev.local',
      clientId: 'octo-data-refinery-studio',
      redirectUris: { added: 1, skippedDuplicate: 2 },
      postLogoutRedirectUris: { added: 0, skippedDuplicate: 0 },
      allowedCorsOrigins: { added: 1, skippedDuplicate: 0 },
    });
    const second = await admin.api.post<Record<string, { added: number; skippedDuplicate: number }>>('clients/octo-data-refinery-studio/overlayUris', body);
    expect(second.json.redirectUris).toEqual({ added: 0, skippedDuplicate: 3 });
    const client = (await admin.api.get<ClientDto>('clients/octo-data-refinery-studio')).json;
    expect(client.redirectUris).toEqual(['https://localhost:4200/', 'http://localhost:4300/']);
    expect(client.allowedCorsOrigins).toEqual(['https://localhost:4200', 'http://localhost:4300']);

    const empty = await admin.api.post('clients/octo-data-refinery-studio/overlayUris', { overlayName: 'x', redirectUris: [' '], postLogoutRedirectUris: [] });
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.json as object)).toEqual(['Uris']);
    const badName = await admin.api.post<{ errors: object }>('clients/octo-cli/overlayUris', { overlayName: 'bad name', redirectUris: ['https://x/'] });
    expect([badName.status, Object.keys(badName.json.errors)]).toEqual([400, ['OverlayName']]);
    expect((await admin.api.post('clients/ghost/overlayUris', { overlayName: 'x', redirectUris: ['https://x/'] })).json).toEqual(
      notFoundDto("Client with id 'ghost' does not exist."),
    );
  });

  it('cleans overlay entries per overlay or all, keeps base and api entries, reports only affected clients', async () => {
    await admin.api.post('clients/octo-mcpServices-swagger/overlayUris', { overlayName: 'one', redirectUris: ['https://one/'] });
    await admin.api.post('clients/octo-mcpServices-swagger/overlayUris', { overlayName: 'two', postLogoutRedirectUris: ['https://two/'] });
    expect((await admin.api.del('clients/cleanOverlayEntries?overlayName=bad name')).status).toBe(400);
    const none = await admin.api.del('clients/cleanOverlayEntries?overlayName=unknown');
    expect(none.json).toEqual({ overlayName: 'unknown', clientsAffected: 0, totalEntriesRemoved: 0, clientResults: [] });
    const one = await admin.api.del('clients/cleanOverlayEntries?overlayName=one');
    expect(one.json).toEqual({
      overlayName: 'one',
      clientsAffected: 1,
      totalEntriesRemoved: 1,
      clientResults: [{ clientId: 'octo-mcpServices-swagger', redirectUrisRemoved: 1, postLogoutRedirectUrisRemoved: 0, allowedCorsOriginsRemoved: 0 }],
    });
    const all = await admin.api.del<{ clientsAffected: number; totalEntriesRemoved: number; overlayName: null }>('clients/cleanOverlayEntries');
    expect(all.json).toMatchObject({ overlayName: null, clientsAffected: 2, totalEntriesRemoved: 3 });
    const studio = (await admin.api.get<ClientDto>('clients/octo-data-refinery-studio')).json;
    expect(studio.redirectUris).toEqual(['https://localhost:4200/']);
    expect(studio.allowedCorsOrigins).toEqual(['https://localhost:4200']);

    // A PUT that sends a URI list re-tags its entries `api`: an overlay entry sent back is no longer removable.
    await admin.api.post('clients/octo-cli/overlayUris', { overlayName: 'kept', redirectUris: ['https://kept/'] });
    await admin.api.put('clients/octo-cli', { redirectUris: ['https://kept/'], allowedScopes: ['octo_api'] });
    expect((await admin.api.del<{ totalEntriesRemoved: number }>('clients/cleanOverlayEntries?overlayName=kept')).json.totalEntriesRemoved).toBe(0);
  });
});

describe('client mirrors in child tenants', () => {
  const mirrored = {
    isEnabled: true,
    clientId: 'svc-mirrored',
    clientSecret: 'Mirror-Secret1',
    requireClientSecret: true,
    allowedGrantTypes: ['client_credentials'],
    allowedScopes: ['octo_api'],
    autoProvisionInChildTenants: true,
  };

  it('backfills into every child, provisions into one, lists, unprovisions (204), flag PATCH (204)', async () => {
    expect((await admin.api.post('clients', mirrored)).status).toBe(200);
    expect((await admin.api.put('clients/svc-mirrored/roles/Development')).status).toBe(200);
    expect((await admin.api.get('clients/svc-mirrored/mirrors')).json).toEqual([]);

    const backfill = await admin.api.post('clients/svc-mirrored/mirrors/provisionInExistingTenants');
    expect(backfill.json).toEqual({ childTenantsConsidered: 2, newlyProvisioned: 2, alreadyPresent: 0 });
    expect((await admin.api.post('clients/svc-mirrored/mirrors/provisionInExistingTenants')).json).toEqual({
      childTenantsConsidered: 2,
      newlyProvisioned: 0,
      alreadyPresent: 2,
    });
    const mirrors = await admin.api.get<Array<Record<string, unknown>>>('clients/svc-mirrored/mirrors');
    expect(mirrors.json.map((m) => m.childTenantId)).toEqual(['child-a', 'child-b']);
    expect(mirrors.json[0]).toEqual({
      parentClientId: 'svc-mirrored',
      parentTenantId: 'octosystem',
      childTenantId: 'child-a',
      provisionedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      secretHashVersion: 1,
    });

    // The mirror is a working client of the child tenant, with the parent's secret and roles.
    const copy = (await childApi.get<ClientDto>('clients/svc-mirrored')).json;
    expect(copy).toMatchObject({ provisionedByParentTenantId: 'octosystem', autoProvisionInChildTenants: false });
    const token = await clientCredentials(admin.server, 'svc-mirrored', 'Mirror-Secret1', { acr_values: 'tenant:child-a' });
    expect(token.status).toBe(200);

    const unprovision = await admin.api.del('clients/svc-mirrored/mirrors/child-b');
    expect([unprovision.status, unprovision.text]).toEqual([204, '']);
    expect((await admin.api.del('clients/svc-mirrored/mirrors/child-b')).json).toEqual(
      notFoundDto("No mirror tracked for client 'svc-mirrored' in child tenant 'child-b'."),
    );
    const childB = adminApi(admin.server, (await userToken(admin.server, 'child-b')).access_token, 'child-b');
    expect((await childB.get('clients/svc-mirrored')).status).toBe(404);

    const one = await admin.api.post('clients/svc-mirrored/mirrors/provisionInTenant?childTenantId=child-b');
    expect(one.json).toEqual({ flaggedClientsConsidered: 1, newlyProvisioned: 1, alreadyPresent: 0 });
    expect((await admin.api.post('clients/svc-mirrored/mirrors/provisionInTenant?childTenantId=octosystem')).json).toEqual(
      notFoundDto("Child tenant 'octosystem' not found."),
    );
    expect((await admin.api.post('clients/svc-mirrored/mirrors/provisionInTenant')).status).toBe(400);

    // Deleting the parent client removes its mirrors.
    expect((await admin.api.del('clients/svc-mirrored')).status).toBe(200);
    expect((await childApi.get('clients/svc-mirrored')).status).toBe(404);
  });

  it("unprovisioning revokes the mirror's grants: a mirror provisioned again does not inherit its refresh token", async () => {
    const flagged = {
      isEnabled: true,
      clientId: 'dev-mirrored',
      allowedGrantTypes: [DEVICE_GRANT],
      allowedScopes: ['octo_api'],
      isOfflineAccessEnabled: true,
      autoProvisionInChildTenants: true,
    };
    expect((await admin.api.post('clients', flagged)).status).toBe(200);
    const provision = () => admin.api.post('clients/dev-mirrored/mirrors/provisionInTenant?childTenantId=child-a');
    expect((await provision()).json).toMatchObject({ newlyProvisioned: 1 });
    const inParent = await publicClientRefreshToken(admin.server, 'dev-mirrored');
    const inChild = await publicClientRefreshToken(admin.server, 'dev-mirrored', 'child-a');

    expect((await admin.api.del('clients/dev-mirrored/mirrors/child-a')).status).toBe(204);
    expect((await provision()).json).toMatchObject({ newlyProvisioned: 1 });
    const reuse = await refreshPublic(admin.server, 'dev-mirrored', inChild);
    expect([reuse.status, reuse.json.error]).toEqual([400, 'invalid_grant']);
    // The parent tenant's client is still there, and so are its grants.
    expect((await refreshPublic(admin.server, 'dev-mirrored', inParent)).status).toBe(200);
    expect((await admin.api.del('clients/dev-mirrored')).status).toBe(200);
  });

  it('400 OperationFailedErrorDto for an unflagged client, 404 NotFoundErrorDto for unknown clients; PATCH sets the flag', async () => {
    expect((await admin.api.post('clients', { ...mirrored, clientId: 'svc-plain', autoProvisionInChildTenants: null })).status).toBe(200);
    expect((await admin.api.post('clients/svc-plain/mirrors/provisionInExistingTenants')).json).toEqual(
      operationFailed("Client 'svc-plain' is not flagged AutoProvisionInChildTenants."),
    );
    expect((await admin.api.post('clients/svc-plain/mirrors/provisionInTenant?childTenantId=child-a')).status).toBe(400);
    for (const [method, path] of [
      ['GET', 'clients/ghost/mirrors'],
      ['POST', 'clients/ghost/mirrors/provisionInExistingTenants'],
      ['POST', 'clients/ghost/mirrors/provisionInTenant?childTenantId=child-a'],
      ['DELETE', 'clients/ghost/mirrors/child-a'],
    ] as const) {
      const res = method === 'GET' ? await admin.api.get(path) : method === 'POST' ? await admin.api.post(path) : await admin.api.del(path);
      expect([res.status, res.json], path).toEqual([404, notFoundDto("Client with id 'ghost' does not exist.")]);
    }
    const token = (await userToken(admin.server)).access_token;
    const send = (path: string, body: unknown) =>
      fetch(`${admin.api.base}/${path}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const flagged = await send('clients/svc-plain/autoProvisionInChildTenants', { enabled: true });
    expect([flagged.status, await flagged.text()]).toEqual([204, '']);
    expect((await admin.api.get<ClientDto>('clients/svc-plain')).json.autoProvisionInChildTenants).toBe(true);
    expect((await admin.api.post('clients/svc-plain/mirrors/provisionInTenant?childTenantId=child-a')).json).toMatchObject({ newlyProvisioned: 1 });
    expect((await send('clients/ghost/autoProvisionInChildTenants', { enabled: true })).status).toBe(404);
  });
});
