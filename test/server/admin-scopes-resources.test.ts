import { describe, expect, it } from 'vitest';
import { notFoundDto, problemShape, useAdminServer } from './helpers.js';

const admin = useAdminServer();

describe('apiScopes', () => {
  it('lists the three seeded scopes', async () => {
    const res = await admin.api.get<{ name: string }[]>('apiScopes');
    expect(res.status).toBe(200);
    expect(res.json.map((s) => s.name)).toEqual(['octo_api', 'octo_api.read_only', 'octo_api.data_model_management']);
    expect((await admin.api.get('apiScopes/octo_api')).json).toEqual({
      isEnabled: true,
      name: 'octo_api',
      displayName: 'Full access to all Octo platform APIs',
      description: null,
      showInDiscoveryDocument: true,
      userClaims: [],
      isRequired: false,
      isEmphasize: false,
      requireResourceIndicator: false,
      apiSecrets: false,
    });
  });

  it('creates, conflicts, replaces, renames and deletes', async () => {
    const created = await admin.api.post('apiScopes', {
      isEnabled: true,
      name: 'myAPI.admin',
      displayName: 'Admin Access',
      description: 'Full administrative access',
      showInDiscoveryDocument: true,
      userClaims: ['role'],
    });
    expect(created.status).toBe(200);
    expect(created.text).toBe('');

    const dup = await admin.api.post('apiScopes', { name: 'myAPI.admin' });
    expect(dup.status).toBe(409);
    expect(dup.text).toBe("Scope with name 'myAPI.admin' already exists.");
    const dupJson = await admin.api.post('apiScopes', { name: 'myAPI.admin' }, { accept: 'application/json' });
    expect(dupJson.json).toBe("Scope with name 'myAPI.admin' already exists.");

    const noName = await admin.api.post('apiScopes', { displayName: 'x' });
    expect(noName.status).toBe(400);
    expect(noName.text).toBe('{}');

    // PUT copies every field: omitted booleans become false, omitted strings null, userClaims kept
    expect((await admin.api.put('apiScopes/myAPI.admin', { name: 'myAPI.admin', displayName: 'Updated' })).status).toBe(200);
    expect((await admin.api.get('apiScopes/myAPI.admin')).json).toMatchObject({
      isEnabled: false,
      displayName: 'Updated',
      description: null,
      showInDiscoveryDocument: false,
      userClaims: ['role'],
    });
    expect((await admin.api.put('apiScopes/myAPI.admin', { name: 'myAPI.owner', isEnabled: true })).status).toBe(200);
    expect((await admin.api.get('apiScopes/myAPI.admin')).status).toBe(404);
    expect((await admin.api.get('apiScopes/myAPI.owner')).json).toMatchObject({ name: 'myAPI.owner', isEnabled: true });

    expect((await admin.api.del('apiScopes/myAPI.owner')).status).toBe(200);
    expect((await admin.api.get('apiScopes/myAPI.owner')).status).toBe(404);
  });

  it('answers the spec error bodies', async () => {
    const get = await admin.api.get('apiScopes/nope');
    expect(get.status).toBe(404);
    expect(get.json).toMatchObject(problemShape);
    const put = await admin.api.put('apiScopes/nope', { name: 'nope' });
    expect(put.status).toBe(404);
    expect(put.json).toEqual(notFoundDto("Scope with name 'nope' does not exist."));
    const del = await admin.api.del('apiScopes/nope');
    expect(del.json).toEqual(notFoundDto("Scope with name 'nope' does not exist."));
    const badBool = await admin.api.post<{ errors: Record<string, string[]> }>('apiScopes', { name: 'x', isEnabled: null });
    expect(badBool.status).toBe(400);
    expect(Object.keys(badBool.json.errors)).toContain('$.isEnabled');
    const malformed = await admin.api.put('apiScopes/octo_api', '{"name":');
    expect(malformed.status).toBe(400);
    expect((malformed.json as { title: string }).title).toBe('One or more validation errors occurred.');
  });

  it('pages', async () => {
    const page = await admin.api.get('apiScopes/GetPaged?skip=2&take=5');
    expect(page.json).toMatchObject({ totalCount: 3, skip: 2, take: 5 });
    expect((page.json as { list: { name: string }[] }).list.map((s) => s.name)).toEqual(['octo_api.data_model_management']);
  });
});

describe('apiResources', () => {
  it('has the seeded octoAPI resource', async () => {
    const res = await admin.api.get('apiResources/octoAPI');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      isEnabled: true,
      name: 'octoAPI',
      displayName: 'Octo API',
      description: 'Unified access to all Octo platform APIs',
      showInDiscoveryDocument: true,
      userClaims: ['role'],
      requireResourceIndicator: false,
      scopes: ['octo_api', 'octo_api.read_only', 'octo_api.data_model_management'],
      allowedAccessTokenSigningAlgorithms: [],
    });
  });

  it('creates, conflicts, updates and deletes', async () => {
    const body = {
      name: 'myAPI',
      displayName: 'My Custom API',
      description: 'Custom API',
      scopes: ['myAPI.read', 'myAPI.write'],
      isEnabled: true,
      showInDiscoveryDocument: true,
      allowedAccessTokenSigningAlgorithms: ['RS256'],
    };
    const created = await admin.api.post('apiResources', body);
    expect(created.status).toBe(200);
    expect(created.text).toBe('');
    const dup = await admin.api.post('apiResources', body);
    expect(dup.status).toBe(409);
    expect(dup.text).toBe("API resource with name 'myAPI' already exists.");
    expect((await admin.api.post('apiResources', { displayName: 'nameless' })).text).toBe('{}');

    // PUT: lists only replaced when given, algorithms reset when omitted
    expect((await admin.api.put('apiResources/myAPI', { name: 'myAPI', displayName: 'Renamed', isEnabled: true })).status).toBe(200);
    expect((await admin.api.get('apiResources/myAPI')).json).toMatchObject({
      displayName: 'Renamed',
      description: null,
      scopes: ['myAPI.read', 'myAPI.write'],
      allowedAccessTokenSigningAlgorithms: [],
      showInDiscoveryDocument: false,
    });
    const noName = await admin.api.put('apiResources/myAPI', { displayName: 'x' });
    expect(noName.status).toBe(400);
    expect(noName.text).toBe('{}');

    const page = await admin.api.get<{ totalCount: number; list: unknown[] }>('apiResources/GetPaged?take=1');
    expect(page.json.totalCount).toBe(2);
    expect(page.json.list).toHaveLength(1);

    expect((await admin.api.del('apiResources/myAPI')).status).toBe(200);
    expect((await admin.api.get('apiResources')).json).toHaveLength(1);
  });

  it('answers the spec error bodies', async () => {
    expect((await admin.api.get('apiResources/nope')).json).toMatchObject(problemShape);
    const put = await admin.api.put('apiResources/nope', { name: 'nope' });
    expect(put.status).toBe(404);
    expect(put.json).toEqual(notFoundDto("API resource with name 'nope' does not exist."));
    const del = await admin.api.del('apiResources/nope');
    expect(del.status).toBe(404);
    expect(del.json).toEqual(notFoundDto("API resource with name 'nope' does not exist."));
  });
});
