import { describe, expect, it } from 'vitest';
import { clientCredentials, notFoundDto, problemShape, rolesOf, useAdminServer } from './helpers.js';

const admin = useAdminServer();

interface GroupDto {
  id: string;
  groupName: string;
  groupDescription: string | null;
  roleIds: string[];
  memberUserIds: string[];
  memberExternalUserIds: string[];
  memberClientIds: string[];
  memberGroupIds: string[];
}

const OWNERS = '660000000000000000000040';
const JSON_ACCEPT = { accept: 'application/json' };

describe('groups', () => {
  it('GET groups is a bare array with TenantOwners (all 14 roles, the admin as member)', async () => {
    const res = await admin.api.get<GroupDto[]>('groups');
    expect(res.status).toBe(200);
    expect(Array.isArray(res.json)).toBe(true);
    const owners = res.json.find((g) => g.id === OWNERS)!;
    expect(owners).toMatchObject({
      groupName: 'TenantOwners',
      groupDescription: 'Default group with all roles assigned. Members inherit all tenant permissions.',
      memberExternalUserIds: [],
      memberClientIds: [],
      memberGroupIds: [],
    });
    expect(owners.roleIds).toHaveLength(14);
    expect(owners.memberUserIds).toHaveLength(1);
    expect((await admin.api.get<GroupDto[]>('groups/GetPaged?skip=0&take=1')).json).toHaveLength(1);
    expect((await admin.api.get<GroupDto>('groups/names/tenantowners')).json.id).toBe(OWNERS);
  });

  it('create 201 + DTO, 409 string on duplicates, 400 for a missing name, GET/PUT/DELETE with 404 ProblemDetails', async () => {
    const created = await admin.api.post<GroupDto>('groups', { groupName: 'Analysts', groupDescription: 'd', roleIds: ['660000000000000000000008'] });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBeNull();
    expect(created.json).toMatchObject({ groupName: 'Analysts', groupDescription: 'd', roleIds: ['660000000000000000000008'], memberUserIds: [] });
    const id = created.json.id;
    expect(id).toMatch(/^[0-9a-f]{24}$/);

    const dup = await admin.api.post('groups', { groupName: 'ANALYSTS' }, JSON_ACCEPT);
    expect([dup.status, dup.json]).toEqual([409, "A group with name 'ANALYSTS' already exists."]);
    const dupText = await admin.api.post('groups', { groupName: 'analysts' }, { accept: 'text/plain' });
    expect([dupText.headers.get('content-type'), dupText.text]).toEqual(['text/plain; charset=utf-8', "A group with name 'analysts' already exists."]);
    const noName = await admin.api.post<{ errors: object }>('groups', { groupDescription: 'x' });
    expect([noName.status, noName.json.errors]).toEqual([400, { GroupName: ['The GroupName field is required.'] }]);
    expect((await admin.api.post('groups', { groupName: 'Bad', roleIds: ['6600000000000000000000ff'] })).status).toBe(400);

    expect((await admin.api.get<GroupDto>(`groups/${id}`)).json.groupName).toBe('Analysts');
    const bad = await admin.api.get<{ errors: object }>('groups/not-hex');
    expect([bad.status, bad.json.errors]).toEqual([400, { rtId: ["The value 'not-hex' is not valid."] }]);
    const missing = await admin.api.get('groups/6600000000000000000000ff');
    expect([missing.status, missing.json]).toEqual([404, expect.objectContaining(problemShape)]);
    expect((await admin.api.get('groups/names/nope')).status).toBe(404);

    const put = await admin.api.put<GroupDto>(`groups/${id}`, { groupName: 'Analysts2', groupDescription: null });
    expect([put.status, put.json.groupName, put.json.groupDescription]).toEqual([200, 'Analysts2', null]);
    expect((await admin.api.put(`groups/${id}`, { groupName: 'TenantOwners' }, JSON_ACCEPT)).json).toBe("A group with name 'TenantOwners' already exists.");
    expect((await admin.api.put('groups/6600000000000000000000ff', { groupName: 'x' })).status).toBe(404);

    expect((await admin.api.put(`groups/${id}/roles`, ['660000000000000000000001', '660000000000000000000002'])).status).toBe(200);
    expect((await admin.api.get(`groups/${id}/roles`)).json).toEqual(['660000000000000000000001', '660000000000000000000002']);
    expect((await admin.api.put(`groups/${id}/roles`, ['6600000000000000000000ff'])).json).toEqual(notFoundDto("Role with id '6600000000000000000000ff' not found."));

    expect((await admin.api.del(`groups/${id}`)).status).toBe(200);
    expect((await admin.api.del(`groups/${id}`)).status).toBe(404);
  });

  it('members: users by RtId, clients by RtId or clientId, child groups with self and cycle checks', async () => {
    const a = (await admin.api.post<GroupDto>('groups', { groupName: 'A' })).json.id;
    const b = (await admin.api.post<GroupDto>('groups', { groupName: 'B' })).json.id;
    const c = (await admin.api.post<GroupDto>('groups', { groupName: 'C' })).json.id;
    const adminId = (await admin.api.get<{ userId: string }>('users/admin')).json.userId;

    expect((await admin.api.put(`groups/${a}/members/users/${adminId}`)).status).toBe(200);
    expect((await admin.api.put(`groups/${a}/members/users/${adminId}`)).status).toBe(200);
    expect((await admin.api.get(`groups/${a}/members/users`)).json).toEqual([adminId]);
    expect((await admin.api.put(`groups/${a}/members/users/6600000000000000000000ff`, undefined, JSON_ACCEPT)).json).toBe('User not found.');
    expect((await admin.api.put(`groups/${a}/members/users/admin`)).status).toBe(400);
    expect((await admin.api.put(`groups/6600000000000000000000ff/members/users/${adminId}`)).status).toBe(404);
    expect((await admin.api.del(`groups/${a}/members/users/${adminId}`)).status).toBe(200);
    expect((await admin.api.get(`groups/${a}/members/users`)).json).toEqual([]);

    expect((await admin.api.put(`groups/${a}/members/clients/octo-cli`)).status).toBe(200);
    expect((await admin.api.put(`groups/${a}/members/clients/660000000000000000000031`)).status).toBe(200);
    expect((await admin.api.get(`groups/${a}/members/clients`)).json).toEqual(['660000000000000000000031']);
    expect((await admin.api.put(`groups/${a}/members/clients/ghost`, undefined, JSON_ACCEPT)).json).toBe('Client not found.');
    expect((await admin.api.del(`groups/${a}/members/clients/octo-cli`)).status).toBe(200);
    expect((await admin.api.get(`groups/${a}/members/clients`)).json).toEqual([]);

    expect((await admin.api.put(`groups/${a}/members/groups/${a}`, undefined, JSON_ACCEPT)).json).toBe('A group cannot be a member of itself.');
    expect((await admin.api.put(`groups/${a}/members/groups/${b}`)).status).toBe(200);
    expect((await admin.api.put(`groups/${b}/members/groups/${c}`)).status).toBe(200);
    const cycle = await admin.api.put(`groups/${c}/members/groups/${a}`, undefined, JSON_ACCEPT);
    expect([cycle.status, cycle.json]).toEqual([400, 'Adding this group would create a circular reference.']);
    const ghost = await admin.api.put(`groups/${a}/members/groups/6600000000000000000000ff`, undefined, JSON_ACCEPT);
    expect([ghost.status, ghost.json]).toEqual([404, 'Child group not found.']);
    expect((await admin.api.get(`groups/${a}/members/groups`)).json).toEqual([b]);
    expect((await admin.api.del(`groups/${a}/members/groups/${b}`)).status).toBe(200);
    expect((await admin.api.put(`groups/${c}/members/groups/${a}`)).status).toBe(200);
    // Deleting a group removes it from its parents.
    expect((await admin.api.del(`groups/${a}`)).status).toBe(200);
    expect((await admin.api.get(`groups/${c}/members/groups`)).json).toEqual([]);
  });
});

describe('client roles in client_credentials tokens', () => {
  it('direct roles and group roles (group membership by RtId or clientId) appear as `role`', async () => {
    const client = {
      isEnabled: true,
      clientId: 'robot',
      clientSecret: 'RobotSecret1',
      requireClientSecret: true,
      allowedGrantTypes: ['client_credentials'],
      allowedScopes: ['octo_api'],
    };
    expect((await admin.api.post('clients', client)).status).toBe(200);
    const token = async () => {
      const res = await clientCredentials(admin.server, 'robot', 'RobotSecret1');
      expect(res.status).toBe(200);
      return res.json.access_token;
    };
    expect(rolesOf(await token())).toEqual([]);
    expect((await admin.api.put('clients/robot/roles/Development')).status).toBe(200);
    expect(rolesOf(await token())).toEqual(['Development']);

    const group = (await admin.api.post<GroupDto>('groups', { groupName: 'Robots', roleIds: ['66000000000000000000000c'] })).json.id;
    expect((await admin.api.put(`groups/${group}/members/clients/robot`)).status).toBe(200);
    expect(rolesOf(await token())).toEqual(['Development', 'StreamDataAdmin']);
    expect((await admin.api.put(`groups/${group}/roles`, ['66000000000000000000000c', '66000000000000000000000d'])).status).toBe(200);
    expect(rolesOf(await token())).toEqual(['Development', 'StreamDataAdmin', 'StreamDataWriter']);

    const rtId = (await admin.api.get<{ rtId: string }>('clients/robot')).json.rtId;
    expect((await admin.api.del(`groups/${group}/members/clients/${rtId}`)).status).toBe(200);
    expect((await admin.api.del('clients/robot/roles/Development')).status).toBe(200);
    expect(rolesOf(await token())).toEqual([]);
  });
});
