/** src/api/resources/apiScopes.ts and apiResources.ts against the local Identity Service, and their wire form. */
import { describe, expect, it } from 'vitest';
import * as apiScopes from '../../../src/api/resources/apiScopes.js';
import * as apiResources from '../../../src/api/resources/apiResources.js';
import { fakeApi, unique, useLiveApi } from './helpers.js';

const live = useLiveApi();

describe('API scopes (local service)', () => {
  it('creates, reads, renames and deletes a scope; a duplicate is a 409', async () => {
    const name = unique('myAPI.read');
    await apiScopes.create(live.api, apiScopes.apiScopeDto({ isEnabled: true, name, displayName: 'Read', showInDiscoveryDocument: true }));
    await expect(apiScopes.create(live.api, apiScopes.apiScopeDto({ name }))).rejects.toMatchObject({ status: 409 });
    const stored = await apiScopes.get(live.api, name);
    expect(stored).toMatchObject({ name, displayName: 'Read', isEnabled: true, showInDiscoveryDocument: true, description: null });
    expect((await apiScopes.list(live.api)).map((s) => s.name)).toEqual(expect.arrayContaining(['octo_api', 'octo_api.read_only', name]));

    const renamed = `${name}.v2`;
    await apiScopes.update(live.api, name, { ...apiScopes.apiScopeDto(stored), name: renamed, description: 'D' });
    await expect(apiScopes.get(live.api, name)).rejects.toMatchObject({ status: 404 });
    expect(await apiScopes.get(live.api, renamed)).toMatchObject({ name: renamed, description: 'D', displayName: 'Read', isEnabled: true });

    await apiScopes.remove(live.api, renamed);
    await expect(apiScopes.remove(live.api, renamed)).rejects.toMatchObject({ status: 404 });
  });
});

describe('API resources (local service)', () => {
  it('creates, reads, updates and deletes a resource', async () => {
    const name = unique('myAPI');
    await apiResources.create(live.api, apiResources.apiResourceDto({ isEnabled: true, name, displayName: 'My API', showInDiscoveryDocument: true, scopes: ['octo_api'] }));
    await expect(apiResources.create(live.api, apiResources.apiResourceDto({ name }))).rejects.toMatchObject({ status: 409 });
    const stored = await apiResources.get(live.api, name);
    expect(stored).toMatchObject({ name, displayName: 'My API', isEnabled: true, scopes: ['octo_api'] });
    expect((await apiResources.list(live.api)).map((r) => r.name)).toEqual(expect.arrayContaining(['octoAPI', name]));

    // The body's name is forced to the path's name (the server looks the resource up by the body's name).
    await apiResources.update(live.api, name, { ...apiResources.apiResourceDto(stored), name: 'other', scopes: ['octo_api', 'octo_api.read_only'] });
    expect(await apiResources.get(live.api, name)).toMatchObject({ name, isEnabled: true, displayName: 'My API', scopes: ['octo_api', 'octo_api.read_only'] });

    await apiResources.remove(live.api, name);
    await expect(apiResources.get(live.api, name)).rejects.toMatchObject({ status: 404 });
  });
});

describe('scopes and resources (wire form)', () => {
  it('full DTOs with every property, names as one path segment', async () => {
    const { api, recorder } = fakeApi({ 'POST apiScopes': {}, 'PUT apiScopes/a%20b': {}, 'DELETE apiScopes/a%20b': {}, 'POST apiResources': {}, 'PUT apiResources/r%2F1': {}, 'DELETE apiResources/r%2F1': {} });
    await apiScopes.create(api, apiScopes.apiScopeDto({ name: 'a b', isEnabled: true }));
    await apiScopes.update(api, 'a b', apiScopes.apiScopeDto({ name: 'c' }));
    await apiScopes.remove(api, 'a b');
    await apiResources.create(api, apiResources.apiResourceDto({ name: 'r/1', scopes: [] }));
    await apiResources.update(api, 'r/1', apiResources.apiResourceDto({ name: 'x', displayName: 'D' }));
    await apiResources.remove(api, 'r/1');
    expect(recorder.requests.map((r) => [r.method, r.path, r.raw])).toEqual([
      ['POST', 'apiScopes', '{"isEnabled":true,"name":"a b","displayName":null,"description":null,"showInDiscoveryDocument":false,"userClaims":null,"isRequired":false,"isEmphasize":false,"requireResourceIndicator":false,"apiSecrets":false}'],
      ['PUT', 'apiScopes/a%20b', '{"isEnabled":false,"name":"c","displayName":null,"description":null,"showInDiscoveryDocument":false,"userClaims":null,"isRequired":false,"isEmphasize":false,"requireResourceIndicator":false,"apiSecrets":false}'],
      ['DELETE', 'apiScopes/a%20b', undefined],
      ['POST', 'apiResources', '{"isEnabled":false,"name":"r/1","displayName":null,"description":null,"showInDiscoveryDocument":false,"userClaims":null,"requireResourceIndicator":false,"scopes":[],"allowedAccessTokenSigningAlgorithms":null}'],
      ['PUT', 'apiResources/r%2F1', '{"isEnabled":false,"name":"r/1","displayName":"D","description":null,"showInDiscoveryDocument":false,"userClaims":null,"requireResourceIndicator":false,"scopes":null,"allowedAccessTokenSigningAlgorithms":null}'],
      ['DELETE', 'apiResources/r%2F1', undefined],
    ]);
  });

  it('normalisation drops unknown properties and fills defaults', () => {
    expect(apiScopes.apiScopeDto({ name: 'n', extra: 1 } as never)).not.toHaveProperty('extra');
    expect(apiResources.apiResourceDto({ name: 'n', rtId: 'x' } as never)).not.toHaveProperty('rtId');
  });

  it('refuses answers of the wrong shape, and names the entity when the server gives no message', async () => {
    const { api } = fakeApi({ 'GET apiScopes': { json: 'nope' }, 'GET apiScopes/s': {}, 'GET apiResources': { json: {} }, 'GET apiResources/r': { status: 404 } });
    await expect(apiScopes.list(api)).rejects.toThrow("the server's answer for API scopes is not a list");
    await expect(apiScopes.get(api, 's')).rejects.toThrow("the server's answer for API scope 's' is not an object");
    await expect(apiResources.list(api)).rejects.toThrow("the server's answer for API resources is not a list");
    await expect(apiResources.get(api, 'r')).rejects.toThrow("API resource 'r'");
  });
});
