import { beforeAll, describe, expect, it } from 'vitest';
import { json, readOnlyToken, useAdminServer } from './helpers.js';

const admin = useAdminServer({ tenants: ['octosystem', 'child'] });
let readOnlyBearer: string;

beforeAll(async () => {
  readOnlyBearer = `Bearer ${await readOnlyToken(admin.server, admin.api)}`;
});

const ID = '6600000000000000000000ff';
/** [method, path, policy] of the routes of users, roles, groups, providers, rules, mappings, provisioning, client extras and setup. */
const ROUTES: Array<[string, string, 'read' | 'write' | 'auth']> = [
  ['POST', 'roles', 'write'], ['PUT', 'roles/x', 'write'], ['DELETE', 'roles/x', 'write'],
  ['GET', 'users', 'read'], ['GET', 'users/GetPaged', 'read'], ['GET', 'users/admin', 'read'], ['GET', 'users/admin/roles', 'read'],
  ['GET', 'users/admin/directRoles', 'read'], ['POST', 'users', 'write'], ['PUT', 'users/admin', 'write'], ['DELETE', 'users/admin', 'write'],
  ['POST', 'users/resetPassword', 'write'], ['PUT', 'users/admin/roles', 'write'], ['PUT', 'users/admin/roles/x', 'write'],
  ['DELETE', 'users/admin/roles/x', 'write'], ['POST', 'users/admin/merge', 'write'],
  ['GET', 'groups', 'read'], ['GET', 'groups/GetPaged', 'read'], ['GET', `groups/${ID}`, 'read'], ['GET', 'groups/names/x', 'read'],
  ['POST', 'groups', 'write'], ['PUT', `groups/${ID}`, 'write'], ['DELETE', `groups/${ID}`, 'write'], ['GET', `groups/${ID}/roles`, 'read'],
  ['PUT', `groups/${ID}/roles`, 'write'], ['GET', `groups/${ID}/members/users`, 'read'], ['PUT', `groups/${ID}/members/users/${ID}`, 'write'],
  ['DELETE', `groups/${ID}/members/clients/${ID}`, 'write'], ['PUT', `groups/${ID}/members/groups/${ID}`, 'write'],
  ['GET', 'identityProviders', 'read'], ['GET', `identityProviders/${ID}`, 'read'], ['POST', 'identityProviders', 'write'],
  ['PUT', `identityProviders/${ID}`, 'write'], ['DELETE', `identityProviders/${ID}`, 'write'],
  ['GET', 'emailDomainGroupRules', 'read'], ['POST', 'emailDomainGroupRules', 'write'], ['DELETE', `emailDomainGroupRules/${ID}`, 'write'],
  ['GET', 'externalTenantUserMappings', 'read'], ['POST', 'externalTenantUserMappings', 'write'], ['PUT', `externalTenantUserMappings/${ID}`, 'write'],
  ['GET', 'adminProvisioning/child', 'write'], ['GET', 'adminProvisioning/child/sourceUsers', 'write'], ['GET', 'adminProvisioning/child/roles', 'write'],
  ['GET', 'adminProvisioning/child/groups', 'write'], ['POST', 'adminProvisioning/child', 'write'], ['POST', 'adminProvisioning/child/withGroups', 'write'],
  ['POST', 'adminProvisioning/child/provisionCurrentUser', 'write'], ['DELETE', `adminProvisioning/child/${ID}`, 'write'],
  ['POST', 'clients/octo-cli/overlayUris', 'write'], ['DELETE', 'clients/cleanOverlayEntries', 'write'], ['GET', 'clients/octo-cli/mirrors', 'read'],
  ['POST', 'clients/octo-cli/mirrors/provisionInExistingTenants', 'write'], ['POST', 'clients/octo-cli/mirrors/provisionInTenant', 'write'],
  ['DELETE', 'clients/octo-cli/mirrors/child', 'write'], ['PATCH', 'clients/octo-cli/autoProvisionInChildTenants', 'write'],
  ['POST', 'setup', 'auth'],
];

describe('authentication and scope policy per admin route', () => {
  it('401 without a token (empty body, WWW-Authenticate), 403 for a read-only token on RW routes', async () => {
    for (const [method, path, policy] of ROUTES) {
      const anon = await json(method, `${admin.api.base}/${path}`, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect([anon.status, anon.text, anon.headers.get('www-authenticate'), anon.headers.get('api-supported-versions')], `${method} ${path}`).toEqual([
        401, '', 'Bearer', '1.0',
      ]);
      const ro = await json(method, `${admin.api.base}/${path}`, method === 'GET' || method === 'DELETE' ? undefined : {}, { authorization: readOnlyBearer });
      if (policy === 'write') expect(ro.status, `${method} ${path}`).toBe(403);
      else expect(ro.status, `${method} ${path}`).not.toBe(403);
    }
  });

  it('an unknown tenant answers 404 with an empty body', async () => {
    const other = await json('GET', `${admin.server.url}/nope/v1/groups`, undefined, { authorization: `Bearer ${admin.token}` });
    expect([other.status, other.text]).toEqual([404, '']);
  });
});

