import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { adminApi, problemShape, start, userToken, type AdminApi } from './helpers.js';

let server: RunningServer;
let api: AdminApi;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'octo-idp-'));
  server = await start({ dataDir });
  api = adminApi(server, (await userToken(server)).access_token);
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

type Provider = Record<string, unknown> & { rtId: string; $type: number; name: string };
type List = { identityProviders: Provider[] };

const google = (name: string, extra: Record<string, unknown> = {}) => ({
  $type: 0,
  isEnabled: true,
  name,
  description: null,
  allowSelfRegistration: true,
  defaultGroupRtId: null,
  clientId: 'google-client',
  clientSecret: 'google-secret',
  ...extra,
});

describe('identity providers', () => {
  it('accepts and rejects names like the real service (^[A-Za-z0-9._-]+$, 3..100)', async () => {
    for (const name of ['AzureEntraId', 'Google', 'Entra-ID', 'my.provider_1', 'AAD']) {
      const res = await api.post<Provider>('identityProviders', google(name));
      expect(res.status, name).toBe(200);
    }
    for (const name of ['Microsoft Entra ID', 'Azure AD (prod)', 'Entra ID', 'Müller', 'provider@tenant', 'a b', '', '   ', null, 'ab']) {
      const res = await api.post<{ title: string; errors: Record<string, string[]> }>('identityProviders', google(name as string));
      expect(res.status, String(name)).toBe(400);
      expect(res.json.title).toBe('One or more validation errors occurred.');
      expect(Object.keys(res.json.errors)).toEqual(['Name']);
    }
  });

  it('creates each kind with $type, returns the stored DTO (secret never returned), lists in the wrapper', async () => {
    const bodies = [
      { $type: 1, isEnabled: true, name: 'msft', clientId: 'ms-id', clientSecret: 's' },
      { $type: 2, isEnabled: true, name: 'entra', tenantId: 'azure-tenant', clientId: 'az-id', clientSecret: 's' },
      { $type: 3, isEnabled: false, name: 'corp-ad', host: 'ad.example.com', port: 389 },
      { $type: 4, isEnabled: true, name: 'ldap', host: 'ldap.example.com', userBaseDn: 'ou=people,dc=example,dc=com' },
      { $type: 5, isEnabled: true, name: 'facebook', clientId: 'fb-id', clientSecret: 's' },
      { $type: 6, isEnabled: true, name: 'parent-login', parentTenantId: 'octosystem', allowSelfRegistration: false },
    ];
    const created: Provider[] = [];
    for (const body of bodies) {
      const res = await api.post<Provider>('identityProviders', body);
      expect(res.status, body.name).toBe(200);
      expect(Object.keys(res.json)[0]).toBe('$type');
      expect(res.json.rtId).toMatch(/^[0-9a-f]{24}$/);
      created.push(res.json);
    }
    expect(created[0]).toEqual({
      $type: 1, isEnabled: true, rtId: created[0]!.rtId, name: 'msft', description: null, allowSelfRegistration: true,
      defaultGroupRtId: null, clientId: 'ms-id', clientSecret: null,
    });
    expect(created[1]).toMatchObject({ tenantId: 'azure-tenant', authority: null, clientSecret: null });
    expect(created[2]).toMatchObject({ host: 'ad.example.com', port: 389, useTls: false, isEnabled: false });
    expect(created[3]).toMatchObject({ port: 636, userNameAttribute: 'uid', useTls: true });
    expect(created[5]).toMatchObject({ parentTenantId: 'octosystem', allowSelfRegistration: false });

    const list = await api.get<List>('identityProviders');
    expect(Object.keys(list.json)).toEqual(['identityProviders']);
    expect(list.json.identityProviders.map((p) => p.name)).toEqual(expect.arrayContaining(['msft', 'entra', 'corp-ad', 'ldap', 'facebook', 'parent-login']));
    expect(JSON.stringify(list.json)).not.toMatch(/"clientSecret":"[^"]/);
    const one = await api.get<List>(`identityProviders/${created[2]!.rtId}`);
    expect(one.json).toEqual({ identityProviders: [created[2]] });
  });

  it('validation: $type, required kind fields, clientSecret on create for OAuth kinds; 409 on duplicate names', async () => {
    const table: Array<[Record<string, unknown>, string[]]> = [
      [{ isEnabled: true, name: 'nokind' }, ['$', 'dto']],
      [{ $type: 9, name: 'badkind' }, ['$', 'dto']],
      [{ $type: 0, name: 'nosecret', clientId: 'x' }, ['ClientSecret']],
      [{ $type: 2, name: 'noazure', clientSecret: 's' }, ['TenantId', 'ClientId']],
      [{ $type: 4, name: 'noldap', port: 70000 }, ['Host', 'Port', 'UserBaseDn']],
      [{ $type: 6, name: 'noparent' }, ['ParentTenantId']],
      [{ $type: 3, name: 'badport', host: 'h', port: 'x' }, ['$.port']],
    ];
    for (const [body, keys] of table) {
      const res = await api.post<{ errors: Record<string, string[]> }>('identityProviders', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.json.errors).sort(), JSON.stringify(body)).toEqual(keys.sort());
    }
    await api.post('identityProviders', google('Twice'));
    const dup = await api.post('identityProviders', google('twice'), { accept: 'application/json' });
    expect([dup.status, dup.json]).toEqual([409, "An identity provider with name 'twice' already exists."]);
  });

  it('PUT replaces the provider and keeps an omitted clientSecret; DELETE has no existence check', async () => {
    const created = (await api.post<Provider>('identityProviders', google('keep-secret', { clientSecret: 'original-secret' }))).json;
    const put = await api.put<Provider>(`identityProviders/${created.rtId}`, {
      $type: 0, isEnabled: false, name: 'keep-secret2', allowSelfRegistration: false, clientId: 'new-client',
    });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ rtId: created.rtId, name: 'keep-secret2', isEnabled: false, clientId: 'new-client', clientSecret: null });
    await server.close();
    const stored = await readFile(join(dataDir, 'identity-store.json'), 'utf8');
    expect(stored).toContain('"clientSecret": "original-secret"');
    server = await start({ dataDir });
    api = adminApi(server, (await userToken(server)).access_token);

    expect((await api.put(`identityProviders/${created.rtId}`, { $type: 0, isEnabled: true, name: 'keep-secret2', clientId: 'c', clientSecret: 'rotated' })).status).toBe(200);
    const missing = await api.put('identityProviders/6600000000000000000000ff', google('ghost'));
    expect([missing.status, missing.json]).toEqual([404, expect.objectContaining(problemShape)]);
    expect((await api.put('identityProviders/nothex', google('ghost'))).status).toBe(400);
    expect((await api.get('identityProviders/6600000000000000000000ff')).status).toBe(404);

    expect((await api.del(`identityProviders/${created.rtId}`)).status).toBe(200);
    expect((await api.del(`identityProviders/${created.rtId}`)).status).toBe(200);
    expect((await api.get(`identityProviders/${created.rtId}`)).status).toBe(404);
  });
});
