/** src/api/resources/identityProviders.ts against the local Identity Service, and its wire form. */
import { describe, expect, it } from 'vitest';
import * as providers from '../../../src/api/resources/identityProviders.js';
import { fakeApi, unique, useLiveApi } from './helpers.js';

const live = useLiveApi();

const common = (name: string) => ({ isEnabled: true, name, description: null, allowSelfRegistration: true, defaultGroupRtId: null });

describe('identity providers (local service)', () => {
  it('creates, lists, reads (wrapped), updates keeping the stored kind and secret, and deletes', async () => {
    const name = unique('Google');
    const id = await providers.create(live.api, providers.providerBody('Google', common(name), { clientId: 'gid', clientSecret: 'gsecret' }));
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    const listed = await providers.list(live.api);
    expect(listed.find((p) => p.rtId === id)).toMatchObject({ $type: 0, name, clientId: 'gid' });

    const stored = await providers.get(live.api, id!);
    const type = providers.requireProviderType(stored, 'it');
    expect(type).toBe('Google');
    const body = providers.providerBody(type, { ...common(name), allowSelfRegistration: false }, providers.keptSpecific(type, stored, 'gid2', undefined));
    expect(Object.keys(body)[0]).toBe('$type');
    expect(body.clientSecret).toBeNull(); // null keeps the stored secret
    await providers.update(live.api, id!, body);
    expect(await providers.get(live.api, id!)).toMatchObject({ clientId: 'gid2', allowSelfRegistration: false });

    await providers.remove(live.api, id!);
    expect((await providers.list(live.api)).map((p) => p.rtId)).not.toContain(id);
    await providers.remove(live.api, id!); // no existence check
  });

  it('refuses a name with spaces and an OAuth provider without a secret (400)', async () => {
    await expect(providers.create(live.api, providers.providerBody('Google', common('a b'), { clientId: 'x', clientSecret: 'y' }))).rejects.toMatchObject({ status: 400 });
    await expect(providers.create(live.api, providers.providerBody('Facebook', common(unique('Fb')), { clientId: 'x' }))).rejects.toMatchObject({ status: 400 });
  });

  it('LDAP kinds keep host, port, DN and TLS on update', async () => {
    const name = unique('Ldap');
    const id = await providers.create(live.api, providers.providerBody('OpenLdap', common(name), { host: 'ldap.example.com', port: 389, userBaseDn: 'dc=x', userNameAttribute: 'uid', useTls: true }));
    const stored = await providers.get(live.api, id!);
    expect(providers.keptSpecific('OpenLdap', stored, undefined, undefined)).toEqual({ host: 'ldap.example.com', port: 389, userBaseDn: 'dc=x', userNameAttribute: 'uid', useTls: true });
  });
});

describe('identity providers (wire form and answers)', () => {
  it('$type first, no rtId; the kinds by number or name', async () => {
    const { api, recorder } = fakeApi({ 'POST identityProviders': { json: { rtId: 'p1', clientSecret: 'echoed' } }, 'PUT identityProviders/p1': { json: {} }, 'DELETE identityProviders/p1': {} });
    expect(await providers.create(api, providers.providerBody('OctoTenant', common('Parent'), { parentTenantId: 'octosystem' }))).toBe('p1');
    await providers.update(api, 'p1', providers.providerBody('MicrosoftAzureAd', common('Az'), { tenantId: 't', authority: null, clientId: 'c', clientSecret: null }));
    await providers.remove(api, 'p1');
    expect(recorder.requests.map((r) => [r.method, r.path, r.raw])).toEqual([
      ['POST', 'identityProviders', '{"$type":6,"isEnabled":true,"name":"Parent","description":null,"allowSelfRegistration":true,"defaultGroupRtId":null,"parentTenantId":"octosystem"}'],
      ['PUT', 'identityProviders/p1', '{"$type":2,"isEnabled":true,"name":"Az","description":null,"allowSelfRegistration":true,"defaultGroupRtId":null,"tenantId":"t","authority":null,"clientId":"c","clientSecret":null}'],
      ['DELETE', 'identityProviders/p1', undefined],
    ]);
    expect(providers.providerType({ $type: '5' })).toBe('Facebook');
    expect(providers.providerType({ $type: 'openldap' })).toBe('OpenLdap');
    expect(providers.providerType({})).toBeUndefined();
    expect(providers.maskSecrets({ clientSecret: 's' }).clientSecret).toBe('***');
  });

  it('reads the wrapper, refuses two entries and an unknown kind (without printing the secret)', async () => {
    const { api } = fakeApi({
      'GET identityProviders': { json: { identityProviders: null } },
      'GET identityProviders/one': { json: { identityProviders: [{ $type: 1, name: 'M' }] } },
      'GET identityProviders/two': { json: { identityProviders: [{}, {}] } },
    });
    expect(await providers.list(api)).toEqual([]);
    expect(await providers.get(api, 'one')).toEqual({ $type: 1, name: 'M' });
    await expect(providers.get(api, 'two')).rejects.toThrow("the server's answer for identity provider 'two' holds 2 entries instead of one");
    const err = (() => {
      try {
        providers.requireProviderType({ $type: 9, clientSecret: 'top-secret' }, 'p');
      } catch (e) {
        return e as { message: string; body: string };
      }
    })();
    expect(err?.message).toBe("unsupported identity provider type 9 in the server's answer for p");
    expect(err?.body).not.toContain('top-secret');
  });
});
