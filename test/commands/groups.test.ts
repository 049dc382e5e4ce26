import { describe, expect, it } from 'vitest';
import { ID, ID2, commandTable, expectJsonOnly, parsedFlags, run } from './identity-helpers.js';

const GID = '660000000000000000000040';
const group = {
  id: GID,
  groupName: 'TenantOwners',
  groupDescription: 'Default group with all roles assigned.',
  roleIds: [ID2, ID],
  memberUserIds: ['6610000000000000000000d1'],
  memberExternalUserIds: [],
  memberClientIds: ['6650000000000000000000ff'],
  memberGroupIds: [],
};

describe('groups: parse and request per command', () => {
  commandTable({
    GetGroups: {
      argv: [],
      flags: {},
      routes: { 'GET groups': { json: [group] } },
      requests: [{ method: 'GET', path: 'groups' }],
    },
    GetGroup: {
      argv: ['-id', GID],
      flags: { identifier: GID },
      routes: { [`GET groups/${GID}`]: { json: group } },
      requests: [{ method: 'GET', path: `groups/${GID}` }],
    },
    CreateGroup: {
      argv: ['-n', 'Data Analysts', '-d', 'Analysts', '-rids', `${ID},${ID2.toUpperCase()}`],
      flags: { name: 'Data Analysts', description: 'Analysts', roleIds: [ID, ID2.toUpperCase()] },
      routes: { 'POST groups': { status: 201, json: { ...group, id: '6600000000000000000000aa', groupName: 'Data Analysts' } } },
      requests: [{ method: 'POST', path: 'groups', body: { groupName: 'Data Analysts', groupDescription: 'Analysts', roleIds: [ID, ID2] } }],
    },
    UpdateGroup: {
      argv: ['-id', GID, '-n', 'Owners', '-d', 'New text'],
      flags: { identifier: GID, name: 'Owners', description: 'New text' },
      routes: { [`GET groups/${GID}`]: { json: group } },
      // The GET shows what changes (issue 15 §2).
      requests: [
        { method: 'GET', path: `groups/${GID}` },
        { method: 'PUT', path: `groups/${GID}`, body: { groupName: 'Owners', groupDescription: 'New text' } },
      ],
    },
    DeleteGroup: {
      argv: ['-id', GID.toUpperCase()],
      flags: { identifier: GID },
      requests: [{ method: 'DELETE', path: `groups/${GID}` }],
    },
    UpdateGroupRoles: {
      argv: ['-id', GID, '-rids', ID],
      flags: { identifier: GID, roleIds: [ID] },
      routes: { [`GET groups/${GID}`]: { json: group } },
      requests: [
        { method: 'GET', path: `groups/${GID}` },
        { method: 'PUT', path: `groups/${GID}/roles`, body: [ID] },
      ],
    },
    AddUserToGroup: {
      argv: ['-id', GID, '-uid', 'John@Example.com'],
      flags: { identifier: GID, userId: 'John@Example.com' },
      routes: { 'GET users/John%40Example.com': { json: { name: 'john', userId: '6610000000000000000000d1' } } },
      requests: [
        { method: 'GET', path: 'users/John%40Example.com' },
        { method: 'PUT', path: `groups/${GID}/members/users/6610000000000000000000d1` },
      ],
    },
    RemoveUserFromGroup: {
      argv: ['-id', GID, '-uid', '6610000000000000000000d1'],
      flags: { identifier: GID, userId: '6610000000000000000000d1' },
      requests: [{ method: 'DELETE', path: `groups/${GID}/members/users/6610000000000000000000d1` }],
    },
    AddGroupToGroup: {
      argv: ['-id', GID, '-cgid', 'Data Analysts'],
      flags: { identifier: GID, childGroupId: 'Data Analysts' },
      routes: { 'GET groups/names/Data%20Analysts': { json: { ...group, id: '6600000000000000000000aa' } } },
      requests: [
        { method: 'GET', path: 'groups/names/Data%20Analysts' },
        { method: 'PUT', path: `groups/${GID}/members/groups/6600000000000000000000aa` },
      ],
    },
    RemoveGroupFromGroup: {
      argv: ['-id', GID, '--childGroupId', '6600000000000000000000AA'],
      flags: { identifier: GID, childGroupId: '6600000000000000000000AA' },
      requests: [{ method: 'DELETE', path: `groups/${GID}/members/groups/6600000000000000000000aa` }],
    },
  });
});

describe('groups: behaviour', () => {
  it('GetGroups accepts a bare array and the {groups:[…]} wrapper, and prints member counts', async () => {
    for (const json of [[group], { groups: [group] }]) {
      const r = await run(['-c', 'GetGroups'], { routes: { 'GET groups': { json } } });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^ID\s+NAME\s+DESCRIPTION\s+ROLES\s+USERS\s+CLIENTS\s+GROUPS$/m);
      expect(r.stdout).toMatch(new RegExp(`${GID}\\s+TenantOwners\\s+Default group with all roles assigned\\.\\s+2\\s+1\\s+1\\s+0`));
      const j = await run(['-c', 'GetGroups', '-o', 'json'], { routes: { 'GET groups': { json } } });
      expect(expectJsonOnly(j.stdout)).toEqual([group]);
    }
  });

  it('GetGroups refuses an answer that is not a list (exit 253)', async () => {
    const r = await run(['-c', 'GetGroups'], { routes: { 'GET groups': { json: { something: 1 } } } });
    expect(r.code).toBe(253);
    expect(r.stderr).toMatch(/not a list/);
  });

  it('group ids must be 24 hex digits (usage error, nothing sent)', async () => {
    for (const name of ['GetGroup', 'DeleteGroup']) {
      const r = await run(['-c', name, '-id', 'TenantOwners']);
      expect(r.code).toBe(255);
      expect(r.stderr).toMatch(/--identifier \(-id\) expects an object id of 24 hex digits, got 'TenantOwners'/);
      expect(r.requests).toHaveLength(0);
    }
    // -rids takes role names too (issue 15 §7): see test/commands/real-scripts.test.ts.
    expect(parsedFlags('CreateGroup', ['-n', 'x', '-rids', 'TenantManagement']).roleIds).toEqual(['TenantManagement']);
  });

  it('UpdateGroup without -d keeps the stored description; -d "" clears it', async () => {
    const keep = await run(['-c', 'UpdateGroup', '-id', GID, '-n', 'Owners'], { routes: { [`GET groups/${GID}`]: { json: group } } });
    expect(keep.calls()).toEqual([`GET groups/${GID}`, `PUT groups/${GID}`]);
    expect(keep.requests[1]!.body).toEqual({ groupName: 'Owners', groupDescription: group.groupDescription });
    const clear = await run(['-c', 'UpdateGroup', '-id', GID, '-n', 'Owners', '-d', ''], { routes: { [`GET groups/${GID}`]: { json: group } } });
    expect(clear.calls()).toEqual([`GET groups/${GID}`, `PUT groups/${GID}`]);
    expect(clear.requests[1]!.body).toEqual({ groupName: 'Owners', groupDescription: null });
  });

  it('CreateGroup logs the new id and prints it with --output json', async () => {
    const routes = { 'POST groups': { status: 201, json: { ...group, id: '6600000000000000000000aa', groupName: 'A' } } };
    const r = await run(['-c', 'CreateGroup', '-n', 'A', '-o', 'json'], { routes });
    expect(r.requests[0]!.body).toEqual({ groupName: 'A', groupDescription: null, roleIds: null });
    expect(expectJsonOnly(r.stdout)).toEqual({ id: '6600000000000000000000aa', name: 'A', created: true });
    expect(r.stderr).toContain("Group 'A' created (id 6600000000000000000000aa)");
  });

  it('GetGroup shows roles and members', async () => {
    const r = await run(['-c', 'GetGroup', '-id', GID], { routes: { [`GET groups/${GID}`]: { json: group } } });
    expect(r.stdout).toMatch(new RegExp(`Role ids\\s+${ID2}, ${ID}`));
    expect(r.stdout).toMatch(/Member clients\s+6650000000000000000000ff/);
  });

  it('an unknown child group name fails with exit 253 before any change', async () => {
    const r = await run(['-c', 'AddGroupToGroup', '-id', GID, '-cgid', 'Nope'], { routes: { 'GET groups/names/Nope': { status: 404 } } });
    expect(r.code).toBe(253);
    expect(r.stderr).toMatch(/group 'Nope' was not found/);
    expect(r.calls()).toEqual(['GET groups/names/Nope']);
  });

  it('the deletes without confirmation in the original keep working without -y and do not accept it', async () => {
    const r = await run(['-c', 'DeleteGroup', '-id', GID]);
    expect(r.code).toBe(0);
    expect(() => parsedFlags('DeleteGroup', ['-id', GID, '-y'])).toThrow(/unknown parameter/);
    expect(() => parsedFlags('RemoveUserFromGroup', ['-id', GID, '-uid', 'x', '-y'])).toThrow(/unknown parameter/);
  });
});
