/** src/api/resources/roles.ts, users.ts and groups.ts against the local Identity Service, and their wire form. */
import { describe, expect, it } from 'vitest';
import * as clients from '../../../src/api/resources/clients.js';
import * as groups from '../../../src/api/resources/groups.js';
import * as roles from '../../../src/api/resources/roles.js';
import * as users from '../../../src/api/resources/users.js';
import { fakeApi, unique, useLiveApi } from './helpers.js';

const live = useLiveApi();
const OWNERS = '660000000000000000000040';

describe('roles (local service)', () => {
  it('lists the seeded roles, creates, checks, renames and deletes a role', async () => {
    expect((await roles.list(live.api)).find((r) => r.id === '660000000000000000000001')?.name).toBe('TenantManagement');
    const name = unique('Analyst');
    await roles.create(live.api, name);
    await expect(roles.create(live.api, name)).rejects.toMatchObject({ status: 400 });
    await roles.check(live.api, name.toLowerCase());
    const role = await roles.getByName(live.api, name);
    expect(role).toMatchObject({ name, id: expect.stringMatching(/^[0-9a-f]{24}$/) });
    await roles.rename(live.api, name, `${name}X`);
    await expect(roles.check(live.api, name)).rejects.toMatchObject({ status: 404 });
    expect((await roles.getByName(live.api, `${name}X`)).id).toBe(role.id);
    await roles.remove(live.api, `${name}X`);
    await expect(roles.getByName(live.api, `${name}X`)).rejects.toMatchObject({ status: 404 });
  });
});

describe('users (local service)', () => {
  it('creates, reads (by name, e-mail, RtId), updates, resets, assigns roles and deletes a user', async () => {
    const name = unique('john');
    await users.create(live.api, { ...users.userDto({ name, email: `${name}@example.com` }), password: 'Pa55word!' });
    const stored = await users.get(live.api, name);
    expect(stored).toMatchObject({ name, email: `${name}@example.com`, userId: expect.stringMatching(/^[0-9a-f]{24}$/) });
    expect((await users.get(live.api, `${name}@example.com`)).userId).toBe(stored.userId);
    expect(await users.rtId(live.api, name)).toBe(stored.userId);
    expect((await users.list(live.api)).map((u) => u.name)).toContain(name);

    await users.update(live.api, name, { ...users.userDto(stored), firstName: 'John' });
    expect(await users.get(live.api, name)).toMatchObject({ firstName: 'John', email: `${name}@example.com` });
    await users.resetPassword(live.api, name, 'N3w&password');

    await users.addRole(live.api, name, 'DashboardViewer');
    await expect(users.addRole(live.api, name, 'DashboardViewer')).rejects.toMatchObject({ status: 400 });
    await users.removeRole(live.api, name, 'DashboardViewer');
    await expect(users.removeRole(live.api, name, 'DashboardViewer')).rejects.toMatchObject({ status: 400 });

    await users.remove(live.api, name);
    await expect(users.remove(live.api, name)).rejects.toMatchObject({ status: 404 });
  });

  it('a weak password is refused (400) and no user is stored', async () => {
    const name = unique('weak');
    await expect(users.create(live.api, { ...users.userDto({ name, email: `${name}@example.com` }), password: 'test' })).rejects.toMatchObject({ status: 400 });
    expect((await users.list(live.api)).map((u) => u.name)).not.toContain(name);
  });
});

describe('groups (local service)', () => {
  it('creates (201 + id), reads by id and name, updates, sets roles, manages members and deletes a group', async () => {
    const name = unique('Analysts');
    const id = await groups.create(live.api, { groupName: name, groupDescription: 'D', roleIds: ['660000000000000000000008'] });
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    await expect(groups.create(live.api, { groupName: name, groupDescription: null, roleIds: null })).rejects.toMatchObject({ status: 409 });
    expect(await groups.get(live.api, id!)).toMatchObject({ id, groupName: name, groupDescription: 'D', roleIds: ['660000000000000000000008'] });
    expect((await groups.getByName(live.api, name.toUpperCase())).id).toBe(id);
    expect(await groups.rtId(live.api, name)).toBe(id);
    expect((await groups.list(live.api)).map((g) => g.id)).toEqual(expect.arrayContaining([OWNERS, id]));

    await groups.update(live.api, id!, { groupName: name, groupDescription: null });
    expect((await groups.get(live.api, id!)).groupDescription).toBeNull();
    await groups.setRoles(live.api, id!, ['66000000000000000000000a', '660000000000000000000008']);
    expect((await groups.roleIds(live.api, id!)).sort()).toEqual(['660000000000000000000008', '66000000000000000000000a']);

    const clientId = unique('member');
    await clients.create(live.api, clients.clientCredentialsClient({ clientId, clientName: 'M', clientSecret: 's' }));
    const clientRtId = await clients.rtId(live.api, clientId);
    await groups.addMember(live.api, id!, 'clients', clientRtId);
    await groups.addMember(live.api, OWNERS, 'groups', id!);
    await expect(groups.addMember(live.api, id!, 'groups', OWNERS)).rejects.toMatchObject({ status: 400 });
    expect(await groups.members(live.api, id!, 'clients')).toEqual([clientRtId]);
    expect(await groups.members(live.api, OWNERS, 'groups')).toContain(id);
    await groups.removeMember(live.api, id!, 'clients', clientRtId);
    await groups.removeMember(live.api, OWNERS, 'groups', id!);
    expect((await groups.get(live.api, id!)).memberClientIds).toEqual([]);

    await groups.remove(live.api, id!);
    await expect(groups.get(live.api, id!)).rejects.toMatchObject({ status: 404 });
  });
});

describe('roles, users and groups (wire form)', () => {
  it('methods, paths, query strings and bodies', async () => {
    const { api, recorder } = fakeApi({
      'POST roles': {},
      'PUT roles/Data%20Analyst': {},
      'DELETE roles/Data%20Analyst': {},
      'GET roles/names/Data%20Analyst': { json: { id: 'r', name: 'Data Analyst' } },
      'POST users': {},
      'POST users/resetPassword?userName=j%40x&password=p%26ss+w%3Drd': {},
      'PUT users/j%40x/roles/R%2F1': {},
      'DELETE users/j%40x/roles/R%2F1': {},
      'POST groups': { status: 201, json: { id: '6600000000000000000000aa' } },
      'PUT groups/g/roles': {},
      'PUT groups/g/members/users/u': {},
      'DELETE groups/g/members/groups/c': {},
    });
    await roles.create(api, 'Data Analyst');
    await roles.rename(api, 'Data Analyst', 'New');
    await roles.remove(api, 'Data Analyst');
    await roles.check(api, 'Data Analyst');
    await users.create(api, { ...users.userDto({ name: 'j@x' }), password: null });
    await users.resetPassword(api, 'j@x', 'p&ss w=rd');
    await users.addRole(api, 'j@x', 'R/1');
    await users.removeRole(api, 'j@x', 'R/1');
    expect(await groups.create(api, { groupName: 'G', groupDescription: null, roleIds: null })).toBe('6600000000000000000000aa');
    await groups.setRoles(api, 'g', []);
    await groups.addMember(api, 'g', 'users', 'u');
    await groups.removeMember(api, 'g', 'groups', 'c');
    expect(recorder.requests.map((r) => [r.method, r.path, r.raw])).toEqual([
      ['POST', 'roles', '{"id":null,"name":"Data Analyst"}'],
      ['PUT', 'roles/Data%20Analyst', '{"id":null,"name":"New"}'],
      ['DELETE', 'roles/Data%20Analyst', undefined],
      ['GET', 'roles/names/Data%20Analyst', undefined],
      ['POST', 'users', '{"firstName":null,"lastName":null,"userId":null,"email":null,"name":"j@x","resetPasswordOnLogin":false,"externalLogins":null,"password":null}'],
      ['POST', 'users/resetPassword?userName=j%40x&password=p%26ss+w%3Drd', undefined],
      ['PUT', 'users/j%40x/roles/R%2F1', undefined],
      ['DELETE', 'users/j%40x/roles/R%2F1', undefined],
      ['POST', 'groups', '{"groupName":"G","groupDescription":null,"roleIds":null}'],
      ['PUT', 'groups/g/roles', '[]'],
      ['PUT', 'groups/g/members/users/u', undefined],
      ['DELETE', 'groups/g/members/groups/c', undefined],
    ]);
  });

  it('reads the wrapped shapes and refuses the wrong ones', async () => {
    const { api, recorder } = fakeApi({
      'GET groups': { json: { groups: [{ id: 'a' }] } },
      'GET groups/two': { json: { groups: [{ id: 'a' }, { id: 'b' }] } },
      'GET groups/names/x': { json: { list: [{ id: 'gx' }] } },
      'GET groups/names/none': { json: { groupName: 'none' } },
      'GET users': { json: { users: [] } },
      'GET users/w': { json: { users: [{ name: 'w' }] } },
      'GET users/l': { json: { list: [{ userId: 'ul' }] } },
      'GET roles': { json: 'x' },
      'GET roles/names/e': {},
    });
    expect(await groups.list(api)).toEqual([{ id: 'a' }]);
    await expect(groups.get(api, 'two')).rejects.toThrow("the server's answer for group 'two' holds 2 entries instead of one");
    expect(await groups.rtId(api, 'x')).toBe('gx');
    await expect(groups.rtId(api, 'none')).rejects.toThrow("the server's answer for group 'none' has no id");
    expect(await groups.rtId(api, '6600000000000000000000AA')).toBe('6600000000000000000000aa');
    await expect(users.list(api)).rejects.toThrow("the server's answer for users is not a list");
    expect(await users.get(api, 'w')).toEqual({ name: 'w' });
    expect(await users.rtId(api, 'l')).toBe('ul');
    await expect(roles.list(api)).rejects.toThrow("the server's answer for roles is not a list");
    await expect(roles.getByName(api, 'e')).rejects.toThrow("the server's answer for role 'e' is not an object");
    await roles.check(api, 'e'); // only the status counts
    expect(recorder.calls()).not.toContain('GET groups/6600000000000000000000AA');
  });
});
