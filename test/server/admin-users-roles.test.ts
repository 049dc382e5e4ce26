import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminApi,
  approveOnDevicePage,
  notFoundDto,
  operationFailed,
  problemShape,
  readOnlyToken,
  registerUser,
  rolesOf,
  start,
  startDevice,
  userToken,
  userTokenFor,
  userTokenViaPage,
  useAdminServer,
} from './helpers.js';

const admin = useAdminServer();

interface UserDto {
  userId: string;
  name: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  resetPasswordOnLogin: boolean;
  externalLogins: unknown[];
}
interface RoleDto {
  id: string;
  name: string;
}

const register = registerUser;

describe('roles', () => {
  it('lists the 14 seeded roles with fixed ids, pages with a name filter and finds by name case-insensitively', async () => {
    const all = await admin.api.get<RoleDto[]>('roles');
    expect(all.json).toHaveLength(14);
    expect(all.json[0]).toEqual({ id: '660000000000000000000001', name: 'TenantManagement' });
    expect(all.json[13]).toEqual({ id: '66000000000000000000000e', name: 'StreamDataReader' });
    const paged = await admin.api.get<{ totalCount: number; list: RoleDto[] }>('roles/GetPaged?filter=stream&skip=1&take=1');
    expect(paged.json).toEqual({ totalCount: 3, skip: 1, take: 1, list: [{ id: '66000000000000000000000d', name: 'StreamDataWriter' }] });
    expect((await admin.api.get('roles/names/dashboardviewer')).json).toEqual({ id: '660000000000000000000008', name: 'DashboardViewer' });
    const missing = await admin.api.get('roles/names/nope');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject(problemShape);
  });

  it('creates (200 empty), refuses duplicates and blank names (400 OperationFailedErrorDto), renames and deletes', async () => {
    const created = await admin.api.post('roles', { id: null, name: 'Auditor' });
    expect([created.status, created.text]).toEqual([200, '']);
    const dup = await admin.api.post('roles', { id: null, name: 'auditor' });
    expect(dup.status).toBe(400);
    expect(dup.json).toEqual(
      operationFailed('Creation of role failed', [{ code: 'DuplicateRoleName', description: "Role name 'auditor' is already taken." }]),
    );
    const blank = await admin.api.post('roles', { id: null, name: ' ' });
    expect(blank.json).toEqual(operationFailed('Creation of role failed', [{ code: 'InvalidRoleName', description: "Role name ' ' is invalid." }]));
    expect((await admin.api.post('roles', '{bad')).status).toBe(400);

    expect((await admin.api.put('roles/auditor', { id: null, name: 'Auditors' })).status).toBe(200);
    expect((await admin.api.get<RoleDto>('roles/names/Auditors')).json.name).toBe('Auditors');
    const clash = await admin.api.put('roles/Auditors', { id: null, name: 'DashboardViewer' });
    expect(clash.json).toEqual(
      operationFailed('Update of role failed', [{ code: 'DuplicateRoleName', description: "Role name 'DashboardViewer' is already taken." }]),
    );
    const noName = await admin.api.put('roles/Auditors', { id: null, name: null });
    expect(noName.status).toBe(400);
    const missing = await admin.api.put('roles/ghost', { id: null, name: 'x' });
    expect([missing.status, missing.json]).toEqual([404, notFoundDto("Role 'ghost' not found.")]);

    // Deleting a role removes it from users, clients and groups.
    expect((await admin.api.post('users', register('role.holder'))).status).toBe(200);
    expect((await admin.api.put('users/role.holder/roles/Auditors')).status).toBe(200);
    expect((await admin.api.del('roles/AUDITORS')).status).toBe(200);
    expect((await admin.api.get<RoleDto[]>('users/role.holder/directRoles')).json).toEqual([]);
    expect((await admin.api.del('roles/Auditors')).json).toEqual(notFoundDto("Role 'Auditors' not found."));
  });

  it('needs octo_api to write', async () => {
    const ro = adminApi(admin.server, await readOnlyToken(admin.server, admin.api));
    expect((await ro.get('roles')).status).toBe(200);
    expect((await ro.post('roles', { name: 'x' })).status).toBe(403);
    expect((await ro.post('users', register('x.y'))).status).toBe(403);
  });
});

describe('users', () => {
  it('lists the admin with all roles (direct and via TenantOwners) and finds users by name, e-mail or RtId', async () => {
    const users = await admin.api.get<UserDto[]>('users');
    const adminUser = users.json.find((u) => u.name === 'admin')!;
    expect(adminUser).toMatchObject({ email: 'admin@localhost', resetPasswordOnLogin: false, externalLogins: [] });
    expect(adminUser.userId).toMatch(/^[0-9a-f]{24}$/);
    for (const key of ['ADMIN', 'admin@LOCALHOST', adminUser.userId]) {
      expect((await admin.api.get<UserDto>(`users/${key}`)).json.userId).toBe(adminUser.userId);
    }
    const missing = await admin.api.get('users/nobody');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject(problemShape);
    expect((await admin.api.get<RoleDto[]>('users/admin/roles')).json).toHaveLength(14);
    expect((await admin.api.get<RoleDto[]>('users/admin/directRoles')).json).toHaveLength(14);
    expect((await admin.api.get('users/nobody/roles')).status).toBe(404);
    const paged = await admin.api.get<{ totalCount: number; list: UserDto[] }>('users/GetPaged?skip=0&take=1');
    expect(paged.json.list).toHaveLength(1);
    expect(paged.json.totalCount).toBe(users.json.length);
  });

  it('creates users (200 empty) with the ASP.NET Identity password rules; failures store nothing', async () => {
    const weak = await admin.api.post('users', register('weak.user', 'test'));
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('Password');
    expect(weak.json).toEqual(
      operationFailed('Creation of user failed', [
        { code: 'PasswordTooShort', description: 'Passwords must be at least 6 characters.' },
        { code: 'PasswordRequiresNonAlphanumeric', description: 'Passwords must have at least one non alphanumeric character.' },
        { code: 'PasswordRequiresDigit', description: "Passwords must have at least one digit ('0'-'9')." },
        { code: 'PasswordRequiresUpper', description: "Passwords must have at least one uppercase ('A'-'Z')." },
      ]),
    );
    expect((await admin.api.get('users/weak.user')).status).toBe(404);

    const table: Array<[string, string[]]> = [
      ['Ab1!', ['PasswordTooShort']],
      ['abcdef1!', ['PasswordRequiresUpper']],
      ['ABCDEF1!', ['PasswordRequiresLower']],
      ['Abcdefg!', ['PasswordRequiresDigit']],
      ['Abcdefg1', ['PasswordRequiresNonAlphanumeric']],
    ];
    for (const [password, codes] of table) {
      const res = await admin.api.post<{ details: Array<{ code: string }> }>('users', register('weak.user', password));
      expect(res.json.details.map((d) => d.code), password).toEqual(codes);
    }
    const noPassword = await admin.api.post<{ errors: Record<string, string[]> }>('users', register('no.password', null));
    expect(noPassword.status).toBe(400);
    expect(noPassword.json.errors).toEqual({ Password: ['The Password field is required.'] });

    const ok = await admin.api.post('users', { ...register('jane.doe'), firstName: 'Jane', lastName: 'Doe' });
    expect([ok.status, ok.text]).toEqual([200, '']);
    const jane = await admin.api.get<UserDto>('users/jane.doe');
    expect(jane.json).toMatchObject({ name: 'jane.doe', email: 'jane.doe@example.com', firstName: 'Jane', lastName: 'Doe', externalLogins: [] });
    expect(JSON.stringify(jane.json)).not.toContain('Test123!');

    const dup = await admin.api.post('users', register('JANE.DOE', 'Test123!', 'other@example.com'));
    expect(dup.json).toEqual(
      operationFailed('Creation of user failed', [{ code: 'DuplicateUserName', description: "Username 'JANE.DOE' is already taken." }]),
    );
    const dupMail = await admin.api.post<{ details: Array<{ code: string }> }>('users', register('jane2', 'Test123!', 'Jane.Doe@example.com'));
    expect(dupMail.json.details.map((d) => d.code)).toEqual(['DuplicateEmail']);
    const badName = await admin.api.post<{ details: Array<{ code: string }> }>('users', register('jane doe', 'Test123!', 'jd@example.com'));
    expect(badName.json.details.map((d) => d.code)).toEqual(['InvalidUserName']);
  });

  it('updates (PUT maps every field), resets passwords via the query, deletes; writes need the user name', async () => {
    expect((await admin.api.post('users', register('bob'))).status).toBe(200);
    const bob = (await admin.api.get<UserDto>('users/bob')).json;
    const put = await admin.api.put('users/bob', { ...bob, email: 'bobby@example.com', firstName: 'Bob', name: 'bobby' });
    expect([put.status, put.text]).toEqual([200, '']);
    expect((await admin.api.get<UserDto>('users/bobby')).json).toMatchObject({ userId: bob.userId, email: 'bobby@example.com', firstName: 'Bob' });
    expect((await admin.api.put('users/bobby@example.com', bob)).json).toEqual(notFoundDto("User name 'bobby@example.com' not found."));
    const clash = await admin.api.put<{ details: Array<{ code: string }> }>('users/bobby', { ...bob, name: 'admin' });
    expect(clash.json.details.map((d) => d.code)).toEqual(['DuplicateUserName']);

    const weak = await admin.api.post('users/resetPassword?userName=bobby&password=weak');
    expect(weak.status).toBe(400);
    expect((weak.json as { message: string }).message).toBe('Reset of password failed.');
    expect((await admin.api.post('users/ResetPassword?userName=ghost&password=Strong1!')).json).toEqual(notFoundDto("User name 'ghost' not found."));
    expect((await admin.api.post('users/resetPassword?userName=bobby')).status).toBe(400);
    const reset = await admin.api.post('users/resetPassword?UserName=bobby&Password=N3w-Secret');
    expect([reset.status, reset.text]).toEqual([200, '']);
    // The new password works on the device page, the old one does not.
    const dar = await startDevice(admin.server);
    expect((await approveOnDevicePage(admin.server, 'octosystem', dar.user_code, 'bobby', 'Test123!')).status).toBe(401);
    expect((await approveOnDevicePage(admin.server, 'octosystem', dar.user_code, 'BOBBY', 'N3w-Secret')).status).toBe(200);

    expect((await admin.api.del('users/bobby')).status).toBe(200);
    expect((await admin.api.del('users/bobby')).json).toEqual(notFoundDto("User name 'bobby' not found."));
  });

  it('adds and removes roles by name with the exact 400/404 answers; PUT roles replaces the direct roles', async () => {
    expect((await admin.api.post('users', register('carol'))).status).toBe(200);
    expect((await admin.api.put('users/carol/roles/dashboardviewer')).status).toBe(200);
    expect((await admin.api.put('users/carol/roles/DashboardViewer')).json).toEqual(operationFailed("User 'carol' already has role 'DashboardViewer'"));
    expect((await admin.api.put('users/carol/roles/Nope')).json).toEqual(notFoundDto("Role 'Nope' not found."));
    expect((await admin.api.put('users/ghost/roles/DashboardViewer')).json).toEqual(notFoundDto("User name 'ghost' not found."));
    expect((await admin.api.get<RoleDto[]>('users/carol/directRoles')).json).toEqual([{ id: '660000000000000000000008', name: 'DashboardViewer' }]);
    expect((await admin.api.del('users/carol/roles/ReportingViewer')).json).toEqual(operationFailed("User 'carol' doesn't have role 'ReportingViewer'"));
    expect((await admin.api.del('users/carol/roles/DashboardViewer')).status).toBe(200);

    expect((await admin.api.put('users/carol/roles', ['660000000000000000000009', '66000000000000000000000A'])).status).toBe(200);
    expect((await admin.api.get<RoleDto[]>('users/carol/directRoles')).json.map((r) => r.name)).toEqual(['ReportingManagement', 'ReportingViewer']);
    const unknown = await admin.api.put('users/carol/roles', ['660000000000000000000001', '6600000000000000000000ff']);
    expect(unknown.json).toEqual(notFoundDto("Role with id '6600000000000000000000ff' not found."));
    expect((await admin.api.get<RoleDto[]>('users/carol/directRoles')).json).toHaveLength(2);
    expect((await admin.api.put('users/carol/roles', { not: 'an array' })).status).toBe(400);
  });

  it('merge: 404 for unknown target or source, 400 into itself, required sourceUserName', async () => {
    expect((await admin.api.post('users', register('merge.a'))).status).toBe(200);
    expect((await admin.api.post('users/ghost/merge', { sourceUserName: 'merge.a' })).json).toEqual(notFoundDto("User name 'ghost' not found."));
    expect((await admin.api.post('users/merge.a/merge', { sourceUserName: 'ghost' })).json).toEqual(notFoundDto("User name 'ghost' not found."));
    expect((await admin.api.post('users/merge.a/merge', { sourceUserName: 'MERGE.A' })).json).toEqual(operationFailed('Cannot merge a user into itself.'));
    const missing = await admin.api.post<{ errors: object }>('users/merge.a/merge', {});
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual({ SourceUserName: ['The SourceUserName field is required.'] });
  });
});

describe('sign-in and role claims', () => {
  it('a created user signs in on the device page and through /_local/device/approve; the token carries direct and group roles', async () => {
    expect((await admin.api.post('users', register('dave', 'Dave-Pass1'))).status).toBe(200);
    let token = await userTokenViaPage(admin.server, 'dave', 'Dave-Pass1');
    expect(rolesOf(token.access_token)).toEqual([]);
    const page = await approveOnDevicePage(admin.server, 'octosystem', (await startDevice(admin.server)).user_code, 'dave', 'wrong');
    expect(page.status).toBe(401);

    expect((await admin.api.put('users/dave/roles/DashboardViewer')).status).toBe(200);
    token = await userTokenFor(admin.server, 'dave@example.com');
    expect(rolesOf(token.access_token)).toEqual(['DashboardViewer']);

    // Group roles, also through a parent group (members of a child group inherit the parent's roles).
    const parent = await admin.api.post<{ id: string }>('groups', { groupName: 'Reporting', roleIds: ['660000000000000000000009'] });
    const child = await admin.api.post<{ id: string }>('groups', { groupName: 'Streamers', roleIds: ['66000000000000000000000e'] });
    const dave = (await admin.api.get<UserDto>('users/dave')).json;
    expect((await admin.api.put(`groups/${child.json.id}/members/users/${dave.userId}`)).status).toBe(200);
    expect((await admin.api.put(`groups/${parent.json.id}/members/groups/${child.json.id}`)).status).toBe(200);
    expect((await admin.api.get<RoleDto[]>('users/dave/roles')).json.map((r) => r.name)).toEqual([
      'DashboardViewer',
      'ReportingManagement',
      'StreamDataReader',
    ]);
    token = await userTokenViaPage(admin.server, 'dave', 'Dave-Pass1');
    expect(rolesOf(token.access_token)).toEqual(['DashboardViewer', 'ReportingManagement', 'StreamDataReader']);
    expect((await admin.api.get<RoleDto[]>('users/dave/directRoles')).json.map((r) => r.name)).toEqual(['DashboardViewer']);
  });
});

describe('users across restarts', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'octo-users-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('stores only scrypt hashes, keeps users, and merges external logins (source deleted, target keeps its own)', async () => {
    const first = await start({ dataDir });
    try {
      const a = adminApi(first, (await userToken(first)).access_token);
      expect((await a.post('users', register('persisted', 'Persist-1'))).status).toBe(200);
      expect((await a.post('users', register('target.user'))).status).toBe(200);
      expect((await a.post('users', register('source.user'))).status).toBe(200);
    } finally {
      await first.close();
    }
    const file = join(dataDir, 'identity-store.json');
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('Persist-1');
    expect(text).toMatch(/"passwordHash": "scrypt\$1024\$8\$1\$/); // the tests' cheap cost (helpers.start)
    // External logins come from external sign-ins, which this service does not do: put some into the store file.
    const data = JSON.parse(text);
    const users = data.tenants.octosystem.users as Array<{ name: string; externalLogins: unknown[] }>;
    const login = (provider: string, key: string) => ({ loginProvider: provider, providerDisplayName: provider, providerKey: key });
    users.find((u) => u.name === 'target.user')!.externalLogins = [login('Google', 'g-1')];
    users.find((u) => u.name === 'source.user')!.externalLogins = [login('Google', 'g-1'), login('Microsoft', 'm-1')];
    await writeFile(file, JSON.stringify(data));

    const second = await start({ dataDir });
    try {
      expect((await userTokenViaPage(second, 'persisted', 'Persist-1')).access_token).toBeTruthy();
      const b = adminApi(second, (await userToken(second)).access_token);
      expect((await b.post('users/target.user/merge', { sourceUserName: 'source.user' })).status).toBe(200);
      expect((await b.get<UserDto>('users/target.user')).json.externalLogins).toEqual([login('Google', 'g-1'), login('Microsoft', 'm-1')]);
      expect((await b.get('users/source.user')).status).toBe(404);
    } finally {
      await second.close();
    }
  });

  it('loads an older store file (no providers, rules, mappings, password hashes or URI sources)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'octo-old-store-'));
    try {
      await (await start({ dataDir: dir })).close();
      const file = join(dir, 'identity-store.json');
      const data = JSON.parse(await readFile(file, 'utf8'));
      const t = data.tenants.octosystem;
      delete t.identityProviders;
      delete t.emailDomainGroupRules;
      delete t.externalTenantUserMappings;
      for (const c of t.clients) for (const k of ['uriSources', 'provisionedByParentTenantId', 'mirrors']) delete c[k];
      for (const g of t.groups) delete g.memberExternalUserIds;
      for (const u of t.users) for (const k of ['passwordHash', 'resetPasswordOnLogin', 'externalLogins']) delete u[k];
      await writeFile(file, JSON.stringify(data));
      const again = await start({ dataDir: dir });
      try {
        const a = adminApi(again, (await userToken(again)).access_token);
        expect((await a.get('identityProviders')).json).toEqual({ identityProviders: [] });
        expect((await a.get<UserDto>('users/admin')).json).toMatchObject({ resetPasswordOnLogin: false, externalLogins: [] });
        expect((await a.get<Array<{ memberExternalUserIds: string[] }>>('groups')).json[0]!.memberExternalUserIds).toEqual([]);
        expect((await a.get('clients/octo-cli/mirrors')).json).toEqual([]);
        expect((await a.del<{ totalEntriesRemoved: number }>('clients/cleanOverlayEntries')).json.totalEntriesRemoved).toBe(0);
      } finally {
        await again.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
