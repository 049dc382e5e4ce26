import { describe, expect, it } from 'vitest';
import { ID, ID2, commandTable, expectJsonOnly, parsedFlags, run } from './identity-helpers.js';
import { registerUser } from '../server/helpers.js';

const john = { firstName: 'John', lastName: 'Doe', userId: ID, email: 'john@example.com', name: 'john.doe', resetPasswordOnLogin: true, externalLogins: [{ loginProvider: 'Google', providerDisplayName: 'Google', providerKey: 'k' }] };
const registerBody = (email: string, name: string, password: string | null) => registerUser(name, password, email);

describe('users and roles: parse and request per command', () => {
  commandTable({
    GetUsers: {
      argv: [],
      flags: {},
      routes: { 'GET users': { json: [john] } },
      requests: [{ method: 'GET', path: 'users' }],
    },
    CreateUser: {
      argv: ['-e', 'John@Example.com', '-un', 'John.Doe', '-p', '-'],
      flags: { eMail: 'John@Example.com', userName: 'John.Doe', password: '-' },
      stdin: 'S3cret!pw\n',
      requests: [{ method: 'POST', path: 'users', body: registerBody('john@example.com', 'john.doe', 'S3cret!pw') }],
    },
    UpdateUser: {
      argv: ['-un', 'John.Doe', '-e', 'new@example.com'],
      flags: { userName: 'John.Doe', eMail: 'new@example.com' },
      routes: { 'GET users/john.doe': { json: john } },
      requests: [
        { method: 'GET', path: 'users/john.doe' },
        { method: 'PUT', path: 'users/john.doe', body: { ...john, email: 'new@example.com' } },
      ],
    },
    DeleteUser: {
      argv: ['-un', 'john.doe', '-y'],
      flags: { userName: 'john.doe', yes: true },
      requests: [{ method: 'DELETE', path: 'users/john.doe' }],
    },
    ResetPassword: {
      argv: ['-un', 'john.doe', '-p', 'N3w P&ss=1', '-y'],
      flags: { userName: 'john.doe', password: 'N3w P&ss=1', yes: true },
      requests: [{ method: 'POST', path: 'users/resetPassword?userName=john.doe&password=N3w+P%26ss%3D1' }],
    },
    AddUserToRole: {
      argv: ['-un', 'john.doe', '-r', 'Data/Analyst'],
      flags: { userName: 'john.doe', role: 'Data/Analyst' },
      routes: { 'GET roles/names/Data%2FAnalyst': { json: { id: ID, name: 'Data/Analyst' } } },
      requests: [
        { method: 'GET', path: 'roles/names/Data%2FAnalyst' },
        { method: 'PUT', path: 'users/john.doe/roles/Data%2FAnalyst' },
      ],
    },
    RemoveUserFromRole: {
      argv: ['--userName', 'john.doe', '--role', 'DashboardViewer', '-y'],
      flags: { userName: 'john.doe', role: 'DashboardViewer', yes: true },
      requests: [{ method: 'DELETE', path: 'users/john.doe/roles/DashboardViewer' }],
    },
    GetRoles: {
      argv: [],
      flags: {},
      routes: { 'GET roles': { json: [{ id: ID2, name: 'TenantManagement' }] } },
      requests: [{ method: 'GET', path: 'roles' }],
    },
    CreateRole: {
      argv: ['-n', 'Data Analyst'],
      flags: { name: 'Data Analyst' },
      requests: [{ method: 'POST', path: 'roles', body: { id: null, name: 'Data Analyst' } }],
    },
    UpdateRole: {
      argv: ['-n', 'DataAnalyst', '-nn', 'DataScientist'],
      flags: { name: 'DataAnalyst', newRoleName: 'DataScientist' },
      requests: [{ method: 'PUT', path: 'roles/DataAnalyst', body: { id: null, name: 'DataScientist' } }],
    },
    DeleteRole: {
      argv: ['-n', 'Data Analyst', '-y'],
      flags: { name: 'Data Analyst', yes: true },
      requests: [{ method: 'DELETE', path: 'roles/Data%20Analyst' }],
    },
  });
});

describe('users: behaviour', () => {
  it('GetUsers shows name, e-mail, full name, user id and external logins', async () => {
    const r = await run(['-c', 'GetUsers'], { routes: { 'GET users': { json: [john] } } });
    expect(r.stdout).toMatch(/^NAME\s+E-MAIL\s+FULL NAME\s+USER ID\s+EXTERNAL LOGINS$/m);
    expect(r.stdout).toMatch(new RegExp(`john\\.doe\\s+john@example\\.com\\s+John Doe\\s+${ID}\\s+Google`));
  });

  it('GetUsers with no users: a note on stderr, [] with --output json', async () => {
    const table = await run(['-c', 'GetUsers'], { routes: { 'GET users': { json: [] } } });
    expect(table.stdout).toBe('');
    expect(table.stderr).toContain('No users found');
    const json = await run(['-c', 'GetUsers', '-o', 'json'], { routes: { 'GET users': { json: [] } } });
    expect(expectJsonOnly(json.stdout)).toEqual([]);
  });

  it('CreateUser without -p sends password null', async () => {
    const r = await run(['-c', 'CreateUser', '-e', 'a@b.c', '-un', 'a']);
    expect(r.code).toBe(0);
    expect(r.requests[0]!.body).toEqual(registerBody('a@b.c', 'a', null));
  });

  it('CreateUser checks the e-mail and user name before any request', async () => {
    for (const argv of [['-e', 'not-an-email', '-un', 'a'], ['-e', 'a@b.c', '-un', 'john doe'], ['-e', 'a@b.c', '-un', ' ']]) {
      const r = await run(['-c', 'CreateUser', ...argv]);
      expect(r.code, argv.join(' ')).toBe(255);
      expect(r.requests).toHaveLength(0);
    }
  });

  it('passwords never reach the output, also with --verbose, and ResetPassword explains the query string', async () => {
    const password = 'Sup3r$ecret pw';
    const reset = await run(['-c', 'ResetPassword', '-un', 'john.doe', '-p', password, '-y', '--verbose', '-o', 'json'], {
      routes: { 'POST users/resetPassword?userName=john.doe&password=Sup3r%24ecret+pw': { status: 400, json: { statusCode: 400, message: `Reset of password failed for ${password}`, details: null } } },
    });
    expect(reset.code).toBe(253);
    expect(reset.stdout + reset.stderr).not.toContain(password);
    expect(reset.stdout + reset.stderr).not.toContain('Sup3r%24ecret');
    const created = await run(['-c', 'CreateUser', '-e', 'a@b.c', '-un', 'a', '-p', '-', '--verbose'], { stdin: password });
    expect(created.code).toBe(0);
    expect(created.stdout + created.stderr).not.toContain(password);
    const help = await run(['-c', 'ResetPassword', '--help']);
    expect(help.stdout).toMatch(/password in the URL query\s+string/);
  });

  it('UpdateUser keeps the fields it does not change and lower-cases the new name', async () => {
    const r = await run(['-c', 'UpdateUser', '-un', 'john.doe', '-nun', 'John.Smith'], { routes: { 'GET users/john.doe': { json: john } } });
    expect(r.code).toBe(0);
    expect(r.requests[1]!.body).toEqual({ ...john, name: 'john.smith' });
  });

  it('UpdateUser without -e or -nun is refused (nothing to update)', async () => {
    const r = await run(['-c', 'UpdateUser', '-un', 'john.doe']);
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/nothing to update/);
    expect(r.requests).toHaveLength(0);
  });

  it('AddUserToRole and RemoveUserFromRole require -r (exit 255, no crash)', async () => {
    for (const name of ['AddUserToRole', 'RemoveUserFromRole']) {
      const r = await run(['-c', name, '-un', 'john.doe', '-y'].slice(0, name === 'AddUserToRole' ? 4 : 5));
      expect(r.code, name).toBe(255);
      expect(r.stderr).toMatch(/missing required flag --role \(-r\)/);
      expect(r.requests).toHaveLength(0);
    }
  });

  it('AddUserToRole with an unknown role fails with exit 253 and does not add it', async () => {
    const r = await run(['-c', 'AddUserToRole', '-un', 'john.doe', '-r', 'Nope'], { routes: { 'GET roles/names/Nope': { status: 404, json: { title: 'Not Found', status: 404 } } } });
    expect(r.code).toBe(253);
    expect(r.stderr).toMatch(/Role 'Nope' does not exist at 'https:\/\/id\.test\/meshtest\/v1'/);
    expect(r.calls()).toEqual(['GET roles/names/Nope']);
  });

  it('mutating commands print a small JSON result with --output json', async () => {
    const r = await run(['-c', 'DeleteUser', '-un', 'John.Doe', '-y', '-o', 'json']);
    expect(expectJsonOnly(r.stdout)).toEqual({ userName: 'john.doe', deleted: true });
    const role = await run(['-c', 'AddUserToRole', '-un', 'a', '-r', 'R', '-o', 'json'], { routes: { 'GET roles/names/R': { json: { id: ID, name: 'R' } } } });
    expect(expectJsonOnly(role.stdout)).toEqual({ userName: 'a', role: 'R', added: true });
  });
});

describe('roles: behaviour', () => {
  it('GetRoles prints id and name', async () => {
    const r = await run(['-c', 'GetRoles'], { routes: { 'GET roles': { json: [{ id: ID2, name: 'TenantManagement' }] } } });
    expect(r.stdout).toMatch(/^ID\s+NAME$/m);
    expect(r.stdout).toMatch(new RegExp(`${ID2}\\s+TenantManagement`));
  });

  it('UpdateRole keeps the case of the new name and needs -nn', async () => {
    expect(() => parsedFlags('UpdateRole', ['-n', 'a'])).toThrow(/missing required flag --newRoleName \(-nn\)/);
    const r = await run(['-c', 'UpdateRole', '-n', 'dataanalyst', '-nn', 'DataScientist', '-o', 'json']);
    expect(r.requests[0]!.body).toEqual({ id: null, name: 'DataScientist' });
    expect(expectJsonOnly(r.stdout)).toEqual({ name: 'DataScientist', previousName: 'dataanalyst', updated: true, changes: [{ field: 'name', old: 'dataanalyst', new: 'DataScientist' }] });
  });
});
