/** src/api/resources/clientMirrors.ts and clientOverlays.ts against the local Identity Service, and their wire form. */
import { describe, expect, it } from 'vitest';
import * as clients from '../../../src/api/resources/clients.js';
import * as mirrors from '../../../src/api/resources/clientMirrors.js';
import * as overlays from '../../../src/api/resources/clientOverlays.js';
import { fakeApi, unique, useLiveApi } from './helpers.js';

const live = useLiveApi({ tenants: ['octosystem', 'child-a', 'child-b'] });

describe('client mirrors (local service)', () => {
  it('flags a client, provisions it into child tenants, lists and removes the mirrors', async () => {
    const clientId = unique('mirrored');
    await clients.create(live.api, clients.clientCredentialsClient({ clientId, clientName: 'M', clientSecret: 's' }));
    await expect(mirrors.provisionInTenant(live.api, clientId, 'child-a')).rejects.toMatchObject({ status: 400 });

    await mirrors.setAutoProvision(live.api, clientId, true);
    expect((await clients.get(live.api, clientId)).autoProvisionInChildTenants).toBe(true);
    const one = await mirrors.provisionInTenant(live.api, clientId, 'child-a');
    expect(one).toMatchObject({ newlyProvisioned: 1 });
    const all = await mirrors.provisionInExistingTenants(live.api, clientId);
    expect(all).toMatchObject({ alreadyPresent: 1, newlyProvisioned: 1 });
    expect((await mirrors.list(live.api, clientId)).map((m) => m.childTenantId).sort()).toEqual(['child-a', 'child-b']);

    await mirrors.unprovision(live.api, clientId, 'child-a');
    expect((await mirrors.list(live.api, clientId)).map((m) => m.childTenantId)).toEqual(['child-b']);
    await expect(mirrors.unprovision(live.api, clientId, 'child-a')).rejects.toMatchObject({ status: 404 });
  });
});

describe('client overlays (local service)', () => {
  it('applies overlay URIs idempotently and cleans them by name', async () => {
    const clientId = unique('overlaid');
    await clients.create(live.api, clients.authorizationCodeClient({ clientId, clientName: 'O', clientUri: 'https://o.example.com/' }));
    const dto = overlays.overlayUrisDto({ overlayName: 'local-dev', redirectUris: ['http://localhost:4200/cb'], allowedCorsOrigins: ['http://localhost:4200'] });
    expect(dto.postLogoutRedirectUris).toBeNull();
    expect(await overlays.apply(live.api, clientId, dto)).toMatchObject({ redirectUris: { added: 1, skippedDuplicate: 0 }, allowedCorsOrigins: { added: 1 } });
    expect(await overlays.apply(live.api, clientId, dto)).toMatchObject({ redirectUris: { added: 0, skippedDuplicate: 1 } });
    expect((await clients.get(live.api, clientId)).redirectUris).toEqual(['https://o.example.com/', 'http://localhost:4200/cb']);

    const cleaned = await overlays.clean(live.api, 'local-dev');
    expect(cleaned).toMatchObject({ totalEntriesRemoved: 2 });
    expect((await clients.get(live.api, clientId)).redirectUris).toEqual(['https://o.example.com/']);
    expect(await overlays.clean(live.api)).toMatchObject({ totalEntriesRemoved: 0 });
  });
});

describe('mirrors and overlays (wire form)', () => {
  it('methods, paths, query strings and bodies', async () => {
    const { api, recorder } = fakeApi({
      'GET clients/c/mirrors': { json: [] },
      'POST clients/c/mirrors/provisionInExistingTenants': {},
      'POST clients/c/mirrors/provisionInTenant?childTenantId=t+1': { json: { newlyProvisioned: 1 } },
      'DELETE clients/c/mirrors/t%201': { status: 204 },
      'PATCH clients/c/autoProvisionInChildTenants': { status: 204 },
      'POST clients/c/overlayUris': { json: {} },
      'DELETE clients/cleanOverlayEntries': {},
      'DELETE clients/cleanOverlayEntries?overlayName=x': { json: { clientsAffected: 0 } },
    });
    expect(await mirrors.list(api, 'c')).toEqual([]);
    expect(await mirrors.provisionInExistingTenants(api, 'c')).toBeUndefined();
    expect(await mirrors.provisionInTenant(api, 'c', 't 1')).toEqual({ newlyProvisioned: 1 });
    await mirrors.unprovision(api, 'c', 't 1');
    await mirrors.setAutoProvision(api, 'c', false);
    await overlays.apply(api, 'c', overlays.overlayUrisDto({ overlayName: 'n', redirectUris: [], postLogoutRedirectUris: ['https://p/'] }));
    expect(await overlays.clean(api)).toBeUndefined();
    expect(await overlays.clean(api, 'x')).toEqual({ clientsAffected: 0 });
    expect(recorder.requests.map((r) => [r.method, r.path, r.raw])).toEqual([
      ['GET', 'clients/c/mirrors', undefined],
      ['POST', 'clients/c/mirrors/provisionInExistingTenants', undefined],
      ['POST', 'clients/c/mirrors/provisionInTenant?childTenantId=t+1', undefined],
      ['DELETE', 'clients/c/mirrors/t%201', undefined],
      ['PATCH', 'clients/c/autoProvisionInChildTenants', '{"enabled":false}'],
      ['POST', 'clients/c/overlayUris', '{"overlayName":"n","redirectUris":null,"postLogoutRedirectUris":["https://p/"],"allowedCorsOrigins":null}'],
      ['DELETE', 'clients/cleanOverlayEntries', undefined],
      ['DELETE', 'clients/cleanOverlayEntries?overlayName=x', undefined],
    ]);
  });

  it('a mirror list that is not a list is an error naming the client', async () => {
    const { api } = fakeApi({ 'GET clients/c/mirrors': { json: { mirrors: [] } } });
    await expect(mirrors.list(api, 'c')).rejects.toThrow("the server's answer for mirrors of client 'c' is not a list");
  });
});
