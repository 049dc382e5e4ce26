import { beforeAll, describe, expect, it } from 'vitest';
import {
  adminApi,
  approve,
  clientCredentials,
  json,
  problemShape,
  readOnlyToken,
  start,
  startDevice,
  userToken,
  userTokenViaPage,
  useAdminServer,
} from './helpers.js';

const admin = useAdminServer({ tenants: ['octosystem', 'tenant-b'] });
let adminId: string;

beforeAll(async () => {
  adminId = (await admin.api.get<{ userId: string }>('users/admin')).json.userId;
});

const OWNERS = '660000000000000000000040';
const JSON_ACCEPT = { accept: 'application/json' };

interface Rule {
  rtId: string;
  emailDomainPattern: string;
  targetGroupRtId: string;
  description: string | null;
}
interface Mapping {
  id: string;
  sourceTenantId: string;
  sourceUserId: string;
  sourceUserName: string;
  roleIds: string[];
  groupNames: string[];
}

describe('emailDomainGroupRules', () => {
  it('CRUD with the wrapper on GET, 201 + Location on POST, validation, 409 on a duplicate pattern', async () => {
    expect((await admin.api.get('emailDomainGroupRules')).json).toEqual({ emailDomainGroupRules: [] });
    const created = await admin.api.post<Rule>('emailDomainGroupRules', { rtId: null, emailDomainPattern: 'example.com', targetGroupRtId: OWNERS, description: 'd' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/octosystem/v1/emailDomainGroupRules/${created.json.rtId}`);
    expect(created.json).toMatchObject({ emailDomainPattern: 'example.com', targetGroupRtId: OWNERS, description: 'd' });
    const id = created.json.rtId;
    expect((await admin.api.get<{ emailDomainGroupRules: Rule[] }>('emailDomainGroupRules')).json.emailDomainGroupRules).toEqual([created.json]);
    expect((await admin.api.get(`emailDomainGroupRules/${id}`)).json).toEqual(created.json);

    const invalid = await admin.api.post<{ errors: object }>('emailDomainGroupRules', { emailDomainPattern: '', targetGroupRtId: 'x'.repeat(101) });
    expect([invalid.status, Object.keys(invalid.json.errors).sort()]).toEqual([400, ['EmailDomainPattern', 'TargetGroupRtId']]);
    const dup = await admin.api.post('emailDomainGroupRules', { emailDomainPattern: 'EXAMPLE.com', targetGroupRtId: OWNERS }, JSON_ACCEPT);
    expect([dup.status, dup.json]).toEqual([409, "An email domain group rule for pattern 'EXAMPLE.com' already exists."]);

    const put = await admin.api.put<Rule>(`emailDomainGroupRules/${id}`, { emailDomainPattern: '*.example.com', targetGroupRtId: OWNERS, description: null });
    expect([put.status, put.json.emailDomainPattern, put.json.description]).toEqual([200, '*.example.com', null]);
    expect((await admin.api.put('emailDomainGroupRules/6600000000000000000000ff', { emailDomainPattern: 'a', targetGroupRtId: OWNERS })).status).toBe(404);
    expect((await admin.api.get('emailDomainGroupRules/6600000000000000000000ff')).json).toMatchObject(problemShape);
    expect((await admin.api.get('emailDomainGroupRules/xyz')).status).toBe(400);
    expect((await admin.api.del(`emailDomainGroupRules/${id}`)).status).toBe(200);
    expect((await admin.api.del(`emailDomainGroupRules/${id}`)).status).toBe(200);
  });
});

describe('externalTenantUserMappings', () => {
  it('CRUD: 201 + Location, list filters and pages, PUT roles, 404 ProblemDetails', async () => {
    const body = { sourceTenantId: 'tenant-b', sourceUserId: 'u-1', sourceUserName: 'alice', roleIds: ['660000000000000000000004'] };
    const created = await admin.api.post<Mapping>('externalTenantUserMappings', body);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/octosystem/v1/externalTenantUserMappings/${created.json.id}`);
    expect(created.json).toEqual({ id: created.json.id, ...body, groupNames: [] });
    const id = created.json.id;
    await admin.api.post('externalTenantUserMappings', { sourceTenantId: 'other', sourceUserId: 'u-2', sourceUserName: 'bob', roleIds: null });
    expect((await admin.api.get<Mapping[]>('externalTenantUserMappings')).json).toHaveLength(2);
    expect((await admin.api.get<Mapping[]>('externalTenantUserMappings?sourceTenantId=TENANT-B')).json.map((m) => m.id)).toEqual([id]);
    expect((await admin.api.get<Mapping[]>('externalTenantUserMappings?skip=1&take=5')).json).toHaveLength(1);
    expect((await admin.api.get<Mapping>(`externalTenantUserMappings/${id}`)).json.sourceUserName).toBe('alice');

    const invalid = await admin.api.post<{ errors: object }>('externalTenantUserMappings', { sourceTenantId: 'x' });
    expect([invalid.status, Object.keys(invalid.json.errors).sort()]).toEqual([400, ['SourceUserId', 'SourceUserName']]);
    expect((await admin.api.post('externalTenantUserMappings', { ...body, roleIds: ['6600000000000000000000ff'] }, JSON_ACCEPT)).json).toBe(
      "Role with id '6600000000000000000000ff' not found.",
    );
    expect((await admin.api.post('externalTenantUserMappings', body)).status).toBe(409);

    const put = await admin.api.put<Mapping>(`externalTenantUserMappings/${id}`, { roleIds: ['660000000000000000000008', '660000000000000000000009'] });
    expect([put.status, put.json.roleIds]).toEqual([200, ['660000000000000000000008', '660000000000000000000009']]);
    expect((await admin.api.put('externalTenantUserMappings/6600000000000000000000ff', { roleIds: [] })).status).toBe(404);
    expect((await admin.api.del(`externalTenantUserMappings/${id}`)).status).toBe(200);
    expect((await admin.api.del(`externalTenantUserMappings/${id}`)).json).toMatchObject(problemShape);
  });
});

describe('adminProvisioning/{targetTenantId}', () => {
  it('lists, creates (plain and with groups), provisions the current user (201 then 200) and deletes in the child tenant', async () => {
    const base = 'adminProvisioning/tenant-b';
    expect((await admin.api.get(base)).json).toEqual([]);
    expect((await admin.api.get<unknown[]>(`${base}/roles`)).json).toHaveLength(14);
    expect((await admin.api.get(`${base}/groups`)).json).toEqual([
      { id: OWNERS, name: 'TenantOwners', description: 'Default group with all roles assigned. Members inherit all tenant permissions.' },
    ]);
    expect((await admin.api.get(`${base}/sourceUsers?search=ADM&take=500`)).json).toEqual([
      { userId: adminId, userName: 'admin', email: 'admin@localhost', firstName: null, lastName: null },
    ]);

    const created = await admin.api.post<Mapping>(base, { sourceTenantId: 'octosystem', sourceUserId: 'u-9', sourceUserName: 'zed', roleIds: ['660000000000000000000001'] });
    expect([created.status, created.headers.get('location')]).toEqual([201, null]);
    const withGroups = await admin.api.post<Mapping>(`${base}/withGroups`, { sourceTenantId: 'octosystem', sourceUserId: 'u-10', sourceUserName: 'yan', groupIds: [OWNERS] });
    expect([withGroups.status, withGroups.json.groupNames]).toEqual([201, ['TenantOwners']]);
    expect((await admin.api.post(`${base}/withGroups`, { sourceTenantId: 'octosystem', sourceUserId: 'u-11', sourceUserName: 'x', groupIds: ['6600000000000000000000ff'] })).status).toBe(400);

    const first = await admin.api.post<Mapping>(`${base}/provisionCurrentUser`);
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ sourceTenantId: 'octosystem', sourceUserId: adminId, sourceUserName: 'admin', groupNames: ['TenantOwners'] });
    expect((await admin.api.post(`${base}/provisionCurrentUser`)).status).toBe(200);
    expect((await admin.api.get<Mapping[]>(base)).json).toHaveLength(3);
    // They live in the child tenant.
    const b = adminApi(admin.server, (await userToken(admin.server, 'tenant-b')).access_token, 'tenant-b');
    expect((await b.get<Mapping[]>('externalTenantUserMappings')).json).toHaveLength(3);

    expect((await admin.api.del(`${base}/${created.json.id}`)).status).toBe(200);
    const again = await admin.api.del(`${base}/${created.json.id}`, JSON_ACCEPT);
    expect([again.status, again.json]).toEqual([404, `Mapping '${created.json.id}' not found.`]);
  });

  it('404 string for an unknown or non-child target; RW policy even for GETs; 400 without a user in the token', async () => {
    for (const target of ['nope', 'octosystem']) {
      const res = await admin.api.get(`adminProvisioning/${target}`, JSON_ACCEPT);
      expect([res.status, res.json]).toEqual([404, `Tenant '${target}' not found.`]);
    }
    const ro = adminApi(admin.server, await readOnlyToken(admin.server, admin.api));
    expect((await ro.get('adminProvisioning/tenant-b')).status).toBe(403);
    expect((await ro.get('adminProvisioning/tenant-b/roles')).status).toBe(403);

    await admin.api.post('clients', {
      isEnabled: true, clientId: 'prov-bot', clientSecret: 'ProvBot-1', requireClientSecret: true,
      allowedGrantTypes: ['client_credentials'], allowedScopes: ['octo_api'],
    });
    const bot = adminApi(admin.server, (await clientCredentials(admin.server, 'prov-bot', 'ProvBot-1')).json.access_token);
    const res = await bot.post('adminProvisioning/tenant-b/provisionCurrentUser', undefined, JSON_ACCEPT);
    expect([res.status, res.json]).toEqual([400, 'The access token carries no user (sub) or tenant (tenant_id).']);
  });
});

describe('setup', () => {
  it('status/create-admin answer 404 once users exist; POST v1/setup answers the 404 string', async () => {
    expect((await json('GET', `${admin.server.url}/octosystem/api/setup/status`)).status).toBe(404);
    expect((await json('POST', `${admin.server.url}/octosystem/api/setup/create-admin`, { email: 'a@b.c', password: 'x', confirmPassword: 'x' })).status).toBe(404);
    const res = await admin.api.post('setup', { email: 'root@example.com', password: 'Str0ng!Pass' }, JSON_ACCEPT);
    expect([res.status, res.json]).toEqual([404, 'Users already exist.']);
  });

  it('a fresh system tenant (seedAdminUser: false) is set up through create-admin; the admin signs in with the ten setup roles', async () => {
    const fresh = await start({ seedAdminUser: false, tenants: ['octosystem', 'child'] });
    try {
      const url = fresh.url;
      expect((await json('GET', `${url}/octosystem/api/setup/status`)).json).toEqual({ setupRequired: true });
      expect((await json('GET', `${url}/child/api/setup/status`)).status).toBe(404);
      const post = (body: unknown) => json<{ success: boolean; errorMessage: string | null }>('POST', `${url}/octosystem/api/setup/create-admin`, body);
      expect((await post({ email: 'root@example.com', password: 'Str0ng!Pass', confirmPassword: 'other' })).json).toEqual({
        success: false,
        errorMessage: 'Passwords do not match',
      });
      expect((await post({ email: 'root@example.com', password: 'weak', confirmPassword: 'weak' })).json.success).toBe(false);
      expect((await post({ email: 'not-an-email', password: 'Str0ng!Pass', confirmPassword: 'Str0ng!Pass' })).json.success).toBe(false);
      // No users: the local approval endpoint has no default admin to approve for.
      const dar = await startDevice(fresh);
      expect((await approve(fresh, dar.user_code)).status).toBe(400);

      expect((await post({ email: 'root@example.com', password: 'Str0ng!Pass', confirmPassword: 'Str0ng!Pass' })).json).toEqual({ success: true, errorMessage: null });
      expect((await json('GET', `${url}/octosystem/api/setup/status`)).status).toBe(404);
      const token = await userTokenViaPage(fresh, 'root@example.com', 'Str0ng!Pass');
      const root = adminApi(fresh, token.access_token);
      const roles = await root.get<Array<{ name: string }>>('users/root@example.com/roles');
      expect(roles.json.map((r) => r.name).sort()).toEqual(
        ['AdminPanelManagement', 'BotManagement', 'CommunicationManagement', 'DashboardManagement', 'DashboardViewer', 'Development',
          'ReportingManagement', 'ReportingViewer', 'TenantManagement', 'UserManagement'].sort(),
      );
    } finally {
      await fresh.close();
    }
  });

  it('POST v1/setup needs only a bearer token: 400 validation, 406 for a weak password, 200 empty, then 404', async () => {
    // A system tenant without users, and a valid token: a client_credentials client, then the only user deleted.
    const fresh = await start();
    try {
      const a = adminApi(fresh, (await userToken(fresh)).access_token);
      await a.post('clients', {
        isEnabled: true, clientId: 'setup-bot', clientSecret: 'SetupBot-1', requireClientSecret: true,
        allowedGrantTypes: ['client_credentials'], allowedScopes: ['octo_api.read_only'],
      });
      expect((await a.del('users/admin')).status).toBe(200);
      const token = (await clientCredentials(fresh, 'setup-bot', 'SetupBot-1')).json.access_token;
      const setup = (body: unknown) => json('POST', `${fresh.url}/octosystem/v1/setup`, body, { authorization: `Bearer ${token}`, accept: 'application/json' });
      expect((await json('POST', `${fresh.url}/octosystem/v1/setup`, { email: 'a@b.cd', password: 'Str0ng!Pass' })).status).toBe(401);
      const invalid = await setup({ email: 'nope', password: null });
      expect([invalid.status, Object.keys((invalid.json as { errors: object }).errors).sort()]).toEqual([400, ['email', 'password']]);
      const weak = await setup({ email: 'root@example.com', password: 'weakpass' });
      expect([weak.status, weak.json]).toEqual([406, expect.objectContaining({ status: 406, title: 'Not Acceptable' })]);
      const ok = await setup({ email: 'root@example.com', password: 'Str0ng!Pass' });
      expect([ok.status, ok.text]).toEqual([200, '']);
      const again = await setup({ email: 'other@example.com', password: 'Str0ng!Pass' });
      expect([again.status, again.json]).toEqual([404, 'Users already exist.']);
      expect((await userTokenViaPage(fresh, 'ROOT@example.com', 'Str0ng!Pass')).access_token).toBeTruthy();
    } finally {
      await fresh.close();
    }
  });
});
