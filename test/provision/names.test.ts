import { describe, expect, it } from 'vitest';
import { TenantNames } from '../../src/provision/names.js';
import type { Actual } from '../../src/provision/read.js';

const actual = {
  roles: [{ id: 'AAAAAAAAAAAAAAAAAAAAAAAA', name: 'Admins' }],
  clients: [{ clientId: 'Web-App', rtId: 'BBBBBBBBBBBBBBBBBBBBBBBB' }],
  groups: [{ id: 'cccccccccccccccccccccccc', groupName: 'Ops' }],
  users: [{ userId: 'dddddddddddddddddddddddd', name: 'alice' }],
} as unknown as Actual;

describe('TenantNames', () => {
  it('maps ids to names and names to lower-case ids; role, group and user names ignore case, client ids do not', () => {
    const names = new TenantNames(actual);
    expect(names.roles.namesOf(['aaaaaaaaaaaaaaaaaaaaaaaa', 'unknown-id'])).toEqual(['Admins', 'unknown-id']);
    expect(names.roleId('ADMINS')).toBe('aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(() => names.roleId('nobody')).toThrow("role 'nobody' not found");
    expect(names.clients.idOf('Web-App')).toBe('bbbbbbbbbbbbbbbbbbbbbbbb');
    expect(names.clients.idOf('web-app')).toBeUndefined();
    expect(names.groups.idOf('OPS')).toBe('cccccccccccccccccccccccc');
    expect(names.users.hasName('Alice')).toBe(true);
    expect(names.users.namesOf(null)).toEqual([]);
  });

  it('learns the ids of objects created later', () => {
    const names = new TenantNames(actual);
    names.addRoles([{ id: 'EEEEEEEEEEEEEEEEEEEEEEEE', name: 'Viewers' } as Actual['roles'][number]]);
    names.groups.set('FFFFFFFFFFFFFFFFFFFFFFFF', 'Dev');
    expect(names.roleId('viewers')).toBe('eeeeeeeeeeeeeeeeeeeeeeee');
    expect(names.groups.namesOf(['ffffffffffffffffffffffff'])).toEqual(['Dev']);
  });
});
