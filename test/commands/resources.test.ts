import { describe, expect, it } from 'vitest';
import { cmd, fakeApi } from './fake-api.js';

const resourceBody = (f: Record<string, unknown>) => ({
  isEnabled: false,
  name: null,
  displayName: null,
  description: null,
  showInDiscoveryDocument: false,
  userClaims: null,
  requireResourceIndicator: false,
  scopes: null,
  allowedAccessTokenSigningAlgorithms: null,
  ...f,
});

const stored = resourceBody({
  isEnabled: true,
  name: 'myAPI',
  displayName: 'My Custom API',
  description: 'Custom API',
  showInDiscoveryDocument: true,
  userClaims: ['role'],
  scopes: ['myAPI.read', 'myAPI.write'],
  allowedAccessTokenSigningAlgorithms: ['RS256'],
});

describe('GetApiResources', () => {
  it('GETs apiResources and prints a table', async () => {
    const api = fakeApi({ 'GET apiResources': { json: [stored] } });
    const r = await cmd(api, ['-c', 'GetApiResources']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['GET apiResources']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+DISPLAY NAME\s+DESCRIPTION\s+ENABLED\s+SCOPES$/);
    expect(lines[1]).toMatch(/^myAPI\s+My Custom API\s+Custom API\s+yes\s+myAPI\.read, myAPI\.write$/);
  });

  it('prints the wire JSON, or [] and a note when empty', async () => {
    let r = await cmd(fakeApi({ 'GET apiResources': { json: [stored] } }), ['-c', 'GetApiResources', '--output', 'json']);
    expect(JSON.parse(r.stdout)).toEqual([stored]);
    r = await cmd(fakeApi({ 'GET apiResources': { json: [] } }), ['-c', 'GetApiResources', '--output', 'json']);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.stderr).toContain('No API resources found');
  });
});

describe('CreateApiResource', () => {
  it('POSTs the original body with every flag', async () => {
    const api = fakeApi({ 'POST apiResources': {}, 'GET apiScopes': { json: [{ name: 'myAPI.read' }, { name: 'myAPI.write' }] } });
    const r = await cmd(api, ['-c', 'CreateApiResource', '-n', 'myAPI', '-dn', 'My Custom API', '-d', 'Custom API', '-s', 'myAPI.read, myAPI.write,']);
    expect(r.code).toBe(0);
    // After the create: the tenant's scopes, for the unknown-scope warning (test/commands/guard-rails.test.ts).
    expect(api.calls()).toEqual(['POST apiResources', 'GET apiScopes']);
    expect(r.stderr).not.toContain('warning');
    expect(api.requests[0]!.body).toEqual(
      resourceBody({ isEnabled: true, name: 'myAPI', displayName: 'My Custom API', description: 'Custom API', showInDiscoveryDocument: true, scopes: ['myAPI.read', 'myAPI.write'] }),
    );
  });

  it('sends scopes [] without -s', async () => {
    const api = fakeApi({ 'POST apiResources': {} });
    await cmd(api, ['-c', 'CreateApiResource', '-n', 'r']);
    expect(api.requests[0]!.body).toEqual(resourceBody({ isEnabled: true, name: 'r', showInDiscoveryDocument: true, scopes: [] }));
  });

  it('--if-not-exists turns the 409 into success', async () => {
    const api = fakeApi({ 'POST apiResources': { status: 409, text: "API resource with name 'r' already exists." } });
    const r = await cmd(api, ['-c', 'CreateApiResource', '-n', 'r', '--if-not-exists']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("API resource 'r' already exists; nothing changed");
  });

  it('refuses a scope with whitespace before any request', async () => {
    const api = fakeApi();
    const r = await cmd(api, ['-c', 'CreateApiResource', '-n', 'r', '-s', 'a,b c']);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain("--scopes (-s) must not contain whitespace, got 'b c'");
    expect(api.requests).toEqual([]);
  });
});

describe('UpdateApiResource', () => {
  const routes = () => fakeApi({ 'GET apiResources/myAPI': { json: stored }, 'PUT apiResources/myAPI': {} });

  it('-dn only: GET the resource and PUT it back with the name changed, keeping scopes and enabled (fix)', async () => {
    const api = routes();
    const r = await cmd(api, ['-c', 'UpdateApiResource', '-n', 'myAPI', '-dn', 'Updated API Name']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['GET apiResources/myAPI', 'PUT apiResources/myAPI']);
    expect(api.requests[1]!.body).toEqual({ ...stored, displayName: 'Updated API Name' });
  });

  it('-d and -s replace description and scopes', async () => {
    const api = routes();
    await cmd(api, ['-c', 'UpdateApiResource', '-n', 'myAPI', '-d', 'New', '-s', 'a,b']);
    expect(api.requests[1]!.body).toEqual({ ...stored, description: 'New', scopes: ['a', 'b'] });
  });

  it('refuses a no-op update before any request', async () => {
    const api = fakeApi();
    const r = await cmd(api, ['-c', 'UpdateApiResource', '-n', 'myAPI']);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('nothing to update');
    expect(api.requests).toEqual([]);
  });

  it('reports an InternalServerErrorDto sent with HTTP 500', async () => {
    const api = fakeApi({
      'GET apiResources/myAPI': { json: stored },
      'PUT apiResources/myAPI': { status: 500, json: { statusCode: 500, statusDescription: 'InternalServerError', message: 'Mongo write failed', details: null } },
    });
    const r = await cmd(api, ['-c', 'UpdateApiResource', '-n', 'myAPI', '-d', 'x']);
    expect(r.code).toBe(253);
    expect(r.stderr.trim().split('\n').at(-1)).toBe('error: server error 500 Internal Server Error: Mongo write failed; try again later');
  });
});

describe('DeleteApiResource', () => {
  it('needs -y without a terminal; DELETEs with it', async () => {
    const api = fakeApi({ 'DELETE apiResources/myAPI': {} });
    let r = await cmd(api, ['-c', 'DeleteApiResource', '-n', 'myAPI']);
    expect(r.code).toBe(251);
    expect(api.requests).toEqual([]);
    r = await cmd(api, ['-c', 'DeleteApiResource', '-n', 'myAPI', '-y', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['DELETE apiResources/myAPI']);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'myAPI', deleted: true });
    expect(r.stderr).toContain("API resource 'myAPI' deleted");
  });

  it('asks on a terminal', async () => {
    const api = fakeApi({ 'DELETE apiResources/r': {} });
    const r = await cmd(api, ['-c', 'DeleteApiResource', '-n', 'r'], { tty: true, input: 'no\n' });
    expect(r.stderr).toContain("Are you sure you want to delete API resource 'r'? (y/N): ");
    expect(r.code).toBe(251);
    expect(api.requests).toEqual([]);
  });
});
