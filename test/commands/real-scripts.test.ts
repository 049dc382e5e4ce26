/**
 * Issue 15 §7: command lines from the project's own docs and scripts that used to be refused. Role names in -rids
 * (one GET roles, ids kept, an unknown name one error naming it, nothing written) and a CORS origin with a trailing
 * slash (normalised, with a note; a real path still refused).
 */
import { describe, expect, it } from 'vitest';
import { run } from './identity-helpers.js';

const GID = '660000000000000000000040';
const DEV = '660000000000000000000005';
const COMM = '660000000000000000000007';
const VIEWER = '660000000000000000000008';
const roles = [
  { id: DEV, name: 'Development' },
  { id: COMM, name: 'CommunicationManagement' },
  { id: VIEWER, name: 'DashboardViewer' },
];
const group = { id: GID, groupName: 'Engineering', groupDescription: null, roleIds: [COMM] };
const routes = { 'GET roles': { json: roles }, [`GET groups/${GID}`]: { json: group }, 'POST groups': { status: 201, json: { id: '6600000000000000000000aa', groupName: 'Engineering' } } };

describe('-rids takes role names as well as ids', () => {
  it('CreateGroup -n Engineering -rids "Development,CommunicationManagement": one roles request, the ids sent', async () => {
    const r = await run(['-c', 'CreateGroup', '-n', 'Engineering', '-rids', 'Development,CommunicationManagement'], { routes });
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls()).toEqual(['GET roles', 'POST groups']);
    expect(r.requests[1]!.body).toEqual({ groupName: 'Engineering', groupDescription: null, roleIds: [DEV, COMM] });
  });

  it('UpdateGroupRoles mixes names (any case) and ids, keeping the order; ids are kept as they are', async () => {
    const r = await run(['-c', 'UpdateGroupRoles', '-id', GID, '-rids', `development,${VIEWER.toUpperCase()},DASHBOARDVIEWER`], { routes });
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls()).toEqual(['GET roles', `GET groups/${GID}`, `PUT groups/${GID}/roles`]);
    expect(r.requests[2]!.body).toEqual([DEV, VIEWER, VIEWER]);
  });

  it('ids only: no roles request at all', async () => {
    const r = await run(['-c', 'UpdateGroupRoles', '-id', GID, '-rids', `${DEV},${COMM}`], { routes });
    expect(r.calls()).toEqual([`GET groups/${GID}`, `PUT groups/${GID}/roles`]);
  });

  it('an unknown name is one error naming it (exit 253, the class of a role the service does not have), nothing written', async () => {
    const r = await run(['-c', 'UpdateGroupRoles', '-id', GID, '-rids', 'Development,Devlopment,Nope'], { routes });
    expect(r.code).toBe(253);
    expect(r.stderr).toMatch(/Roles 'Devlopment', 'Nope' do not exist at 'https:\/\/id\.test\/meshtest\/v1\/?'/);
    expect(r.stderr).toMatch(/GetRoles/);
    expect(r.calls()).toEqual(['GET roles']);
    const json = await run(['-c', 'CreateGroup', '-n', 'E', '-rids', 'Nope', '-o', 'json'], { routes });
    expect(json.code).toBe(253);
    expect(JSON.parse(json.stderr).error.message).toMatch(/Role 'Nope' does not exist/);
  });

  it('UpdateClientRoles and the tenant user mappings resolve names too', async () => {
    const client = await run(['-c', 'UpdateClientRoles', '-id', 'ci-deploy', '-rids', 'Development'], { routes });
    expect(client.code, client.stderr).toBe(0);
    expect(client.requests.at(-1)!.body).toEqual([DEV]);
    const mapping = await run(['-c', 'UpdateExternalTenantUserMapping', '-id', '6680000000000000000000c1', '-rids', 'DashboardViewer'], { routes });
    expect(mapping.code, mapping.stderr).toBe(0);
    expect(mapping.requests.at(-1)!.body).toMatchObject({ roleIds: [VIEWER] });
    const created = await run(['-c', 'CreateExternalTenantUserMapping', '-stid', 'octosystem', '-suid', 'u1', '-sun', 'alice', '-rids', 'Development'], { routes });
    expect(created.code, created.stderr).toBe(0);
    expect(created.requests.at(-1)!.body).toMatchObject({ roleIds: [DEV] });
  });
});

describe('ApplyClientOverlay -co with a trailing slash', () => {
  const overlay = { 'POST clients/studio/overlayUris': { json: {} } };
  it('http://localhost:4200/ is sent as http://localhost:4200, with a note on stderr', async () => {
    const r = await run(['-c', 'ApplyClientOverlay', '-id', 'studio', '-n', 'local-dev', '-co', 'http://localhost:4200/,https://app.example.com'], { routes: overlay });
    expect(r.code, r.stderr).toBe(0);
    expect(r.requests[0]!.body).toMatchObject({ allowedCorsOrigins: ['http://localhost:4200', 'https://app.example.com'] });
    expect(r.stderr).toMatch(/CORS origin 'http:\/\/localhost:4200\/' sent as 'http:\/\/localhost:4200'/);
  });

  it('a real path is still refused before any request (usage error)', async () => {
    const r = await run(['-c', 'ApplyClientOverlay', '-id', 'studio', '-n', 'local-dev', '-co', 'http://localhost:4200/app'], { routes: overlay });
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/expects origins like http:\/\/localhost:4200 \(scheme, host and port, no path\), got 'http:\/\/localhost:4200\/app'/);
    expect(r.requests).toHaveLength(0);
  });
});
