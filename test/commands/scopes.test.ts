import { describe, expect, it } from 'vitest';
import { cmd, fakeApi } from './fake-api.js';

const scopeBody = (f: Record<string, unknown>) => ({
  isEnabled: false,
  name: null,
  displayName: null,
  description: null,
  showInDiscoveryDocument: false,
  userClaims: null,
  isRequired: false,
  isEmphasize: false,
  requireResourceIndicator: false,
  apiSecrets: false,
  ...f,
});

const stored = scopeBody({ isEnabled: true, name: 'myAPI.admin', displayName: 'Admin Access', description: 'Full administrative access', showInDiscoveryDocument: true, userClaims: ['role'], isRequired: true, isEmphasize: true });

describe('GetApiScopes', () => {
  it('GETs apiScopes and prints a table', async () => {
    const api = fakeApi({ 'GET apiScopes': { json: [stored, scopeBody({ name: 'octo_api', isEnabled: true })] } });
    const r = await cmd(api, ['-c', 'GetApiScopes']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['GET apiScopes']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+DISPLAY NAME\s+DESCRIPTION\s+ENABLED\s+IN DISCOVERY\s+REQUIRED\s+USER CLAIMS$/);
    expect(lines[1]).toMatch(/^myAPI\.admin\s+Admin Access\s+Full administrative access\s+yes\s+yes\s+yes\s+role$/);
    expect(lines[2]).toMatch(/^octo_api\s+-\s+-\s+yes\s+no\s+no\s+-$/);
  });

  it('prints the wire JSON, or [] and a note when empty', async () => {
    let r = await cmd(fakeApi({ 'GET apiScopes': { json: [stored] } }), ['-c', 'GetApiScopes', '-o', 'json']);
    expect(JSON.parse(r.stdout)).toEqual([stored]);
    r = await cmd(fakeApi({ 'GET apiScopes': { json: [] } }), ['-c', 'GetApiScopes', '-o', 'json']);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.stderr).toContain('No API scopes found');
    r = await cmd(fakeApi({ 'GET apiScopes': { json: [] } }), ['-c', 'GetApiScopes']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('No API scopes found');
  });
});

describe('CreateApiScope', () => {
  it('POSTs the original body with every flag', async () => {
    const api = fakeApi({ 'POST apiScopes': {} });
    const r = await cmd(api, ['-c', 'CreateApiScope', '-n', 'myAPI.admin', '-dn', 'Admin Access', '-d', 'Full administrative access', '-e', 'true']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['POST apiScopes']);
    expect(api.requests[0]!.body).toEqual(scopeBody({ isEnabled: true, name: 'myAPI.admin', displayName: 'Admin Access', description: 'Full administrative access', showInDiscoveryDocument: true }));
    expect(r.stderr).toContain("API scope 'myAPI.admin' created");
  });

  it('defaults -e to true and sends nulls for missing strings; -e false disables', async () => {
    let api = fakeApi({ 'POST apiScopes': {} });
    await cmd(api, ['-c', 'CreateApiScope', '-n', 's1']);
    expect(api.requests[0]!.body).toEqual(scopeBody({ isEnabled: true, name: 's1', showInDiscoveryDocument: true }));
    api = fakeApi({ 'POST apiScopes': {} });
    await cmd(api, ['-c', 'CreateApiScope', '-n', 's1', '--enabled', 'FALSE']);
    expect(api.requests[0]!.body).toEqual(scopeBody({ isEnabled: false, name: 's1', showInDiscoveryDocument: true }));
  });

  it('--if-not-exists turns the 409 into success', async () => {
    const api = fakeApi({ 'POST apiScopes': { status: 409, json: "Scope with name 's1' already exists." } });
    let r = await cmd(api, ['-c', 'CreateApiScope', '-n', 's1', '--if-not-exists', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 's1', created: false });
    expect(r.stderr).toContain("API scope 's1' already exists; nothing changed");
    r = await cmd(api, ['-c', 'CreateApiScope', '-n', 's1']);
    expect(r.code).toBe(253);
    expect(r.stderr.trim()).toMatch(/error: Scope with name 's1' already exists\.$/);
  });

  it('refuses bad input before any request', async () => {
    const api = fakeApi();
    for (const argv of [['-n', 'my scope'], ['-n', ''], ['-n', 's', '-e', 'yes']]) {
      const r = await cmd(api, ['-c', 'CreateApiScope', ...argv]);
      expect(r.code).toBe(255);
      expect(r.stderr).toMatch(/--name \(-n\)|--enabled \(-e\)/);
    }
    expect(api.requests).toEqual([]);
  });
});

describe('UpdateApiScope', () => {
  const routes = () => fakeApi({ 'GET apiScopes/myAPI.admin': { json: stored }, 'PUT apiScopes/myAPI.admin': {} });

  it('GETs the scope and PUTs it back with -dn changed', async () => {
    const api = routes();
    const r = await cmd(api, ['-c', 'UpdateApiScope', '-n', 'myAPI.admin', '-dn', 'Updated Name']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['GET apiScopes/myAPI.admin', 'PUT apiScopes/myAPI.admin']);
    expect(api.requests[1]!.body).toEqual({ ...stored, displayName: 'Updated Name' });
  });

  it('renames with -nn (old name in the path), and sets -e and -d', async () => {
    const api = routes();
    const r = await cmd(api, ['-c', 'UpdateApiScope', '-n', 'myAPI.admin', '-nn', 'myAPI.owner', '-e', 'false', '-d', 'Owners']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['GET apiScopes/myAPI.admin', 'PUT apiScopes/myAPI.admin']);
    expect(api.requests[1]!.body).toEqual({ ...stored, name: 'myAPI.owner', isEnabled: false, description: 'Owners' });
    const j = await cmd(routes(), ['-c', 'UpdateApiScope', '-n', 'myAPI.admin', '-nn', 'myAPI.owner', '-o', 'json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ name: 'myAPI.owner', updated: true });
  });

  it('refuses a no-op and a bad new name before any request', async () => {
    const api = fakeApi();
    let r = await cmd(api, ['-c', 'UpdateApiScope', '-n', 'myAPI.admin']);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('nothing to update');
    r = await cmd(api, ['-c', 'UpdateApiScope', '-n', 'myAPI.admin', '-nn', 'a b']);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('--newName (-nn) must not contain whitespace');
    expect(api.requests).toEqual([]);
  });

  it('names the scope on a 404', async () => {
    const api = fakeApi({ 'GET apiScopes/nope': { status: 404, json: { title: 'Not Found', status: 404 } } });
    const r = await cmd(api, ['-c', 'UpdateApiScope', '-n', 'nope', '-d', 'x']);
    expect(r.code).toBe(253);
    expect(r.stderr.trim().split('\n').at(-1)).toBe("error: API scope 'nope' was not found (404)");
  });
});

describe('DeleteApiScope', () => {
  it('needs -y without a terminal; DELETEs with it', async () => {
    const api = fakeApi({ 'DELETE apiScopes/myAPI.admin': {} });
    let r = await cmd(api, ['-c', 'DeleteApiScope', '-n', 'myAPI.admin']);
    expect(r.code).toBe(251);
    expect(api.requests).toEqual([]);
    r = await cmd(api, ['-c', 'DeleteApiScope', '-n', 'myAPI.admin', '-y']);
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['DELETE apiScopes/myAPI.admin']);
    expect(r.stderr).toContain("API scope 'myAPI.admin' deleted");
  });

  it('asks on a terminal', async () => {
    const api = fakeApi({ 'DELETE apiScopes/s': {} });
    const r = await cmd(api, ['-c', 'DeleteApiScope', '-n', 's'], { tty: true, input: 'yes\n' });
    expect(r.stderr).toContain("Are you sure you want to delete API scope 's'? (y/N): ");
    expect(r.code).toBe(0);
    expect(api.calls()).toEqual(['DELETE apiScopes/s']);
  });

  it('never asks with -o json, even on a terminal: exit 251 naming --yes, nothing deleted', async () => {
    const api = fakeApi({ 'DELETE apiScopes/s': {} });
    const r = await cmd(api, ['-c', 'DeleteApiScope', '-n', 's', '-o', 'json'], { tty: true, input: 'yes\n' });
    expect(r.code).toBe(251);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr).error.hint).toContain('--yes');
    expect(api.calls()).toEqual([]);
  });
});
