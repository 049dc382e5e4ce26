/**
 * Every call of the resource layer that addresses one object: the request it sends (method, path with each segment
 * encoded, body) and, when the server answers 404 without a message, the line the user reads, naming the object.
 */
import { describe, expect, it } from 'vitest';
import { AdminApi } from '../../../src/api/client.js';
import * as adminProvisioning from '../../../src/api/resources/adminProvisioning.js';
import * as apiResources from '../../../src/api/resources/apiResources.js';
import * as apiScopes from '../../../src/api/resources/apiScopes.js';
import * as clientMirrors from '../../../src/api/resources/clientMirrors.js';
import * as clientOverlays from '../../../src/api/resources/clientOverlays.js';
import * as clients from '../../../src/api/resources/clients.js';
import * as emailDomainRules from '../../../src/api/resources/emailDomainRules.js';
import * as groups from '../../../src/api/resources/groups.js';
import * as identityProviders from '../../../src/api/resources/identityProviders.js';
import * as roles from '../../../src/api/resources/roles.js';
import * as secrets from '../../../src/api/resources/secrets.js';
import * as setup from '../../../src/api/resources/setup.js';
import * as tenantMappings from '../../../src/api/resources/tenantMappings.js';
import * as users from '../../../src/api/resources/users.js';
import { HttpError } from '../../../src/errors.js';

const BASE = 'https://id.test/meshtest/v1/';

/** An AdminApi whose every request is answered 404 with no body; the requests are recorded. */
function notFoundApi() {
  const sent: string[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    sent.push(`${init?.method ?? 'GET'} ${url.startsWith(BASE) ? url.slice(BASE.length) : url}${typeof init?.body === 'string' ? ` ${init.body}` : ''}`);
    return new Response(null, { status: 404 });
  }) as typeof fetch;
  return { api: new AdminApi({ identityUrl: 'https://id.test/', tenant: 'meshtest', fetch: fetchImpl, getToken: async () => 't', sleep: async () => {} }), sent };
}

const OID = '65a1b2c3d4e5f60718293a4b';
const client = { kind: 'client', id: 'my app' } as const;
const resource = { kind: 'apiResource', id: 'orders' } as const;

const CALLS: Array<[string, (api: AdminApi) => Promise<unknown>]> = [
  ['apiScopes.get', (a) => apiScopes.get(a, 'orders.read')],
  ['apiScopes.update', (a) => apiScopes.update(a, 'orders.read', apiScopes.apiScopeDto({ name: 'orders.read' }))],
  ['apiScopes.remove', (a) => apiScopes.remove(a, 'orders.read')],
  ['apiResources.get', (a) => apiResources.get(a, 'orders')],
  ['apiResources.update', (a) => apiResources.update(a, 'orders', apiResources.apiResourceDto({ name: 'orders' }))],
  ['apiResources.remove', (a) => apiResources.remove(a, 'orders')],
  ['clients.get', (a) => clients.get(a, 'my app')],
  ['clients.update', (a) => clients.update(a, 'my app', clients.clientDto({ clientName: 'x' }))],
  ['clients.remove', (a) => clients.remove(a, 'my app')],
  ['clients.rtId', (a) => clients.rtId(a, 'my app')],
  ['clients.roleIds', (a) => clients.roleIds(a, 'my app')],
  ['clients.setRoles', (a) => clients.setRoles(a, 'my app', [OID])],
  ['clients.addRole', (a) => clients.addRole(a, 'my app', 'Reader')],
  ['clients.removeRole', (a) => clients.removeRole(a, 'my app', 'Reader')],
  ['clientMirrors.list', (a) => clientMirrors.list(a, 'my app')],
  ['clientMirrors.provisionInExistingTenants', (a) => clientMirrors.provisionInExistingTenants(a, 'my app')],
  ['clientMirrors.provisionInTenant', (a) => clientMirrors.provisionInTenant(a, 'my app', 'child')],
  ['clientMirrors.unprovision', (a) => clientMirrors.unprovision(a, 'my app', 'child')],
  ['clientMirrors.setAutoProvision', (a) => clientMirrors.setAutoProvision(a, 'my app', true)],
  ['clientOverlays.apply', (a) => clientOverlays.apply(a, 'my app', clientOverlays.overlayUrisDto({ overlayName: 'dev', redirectUris: ['https://a/cb'] }))],
  ['clientOverlays.clean', (a) => clientOverlays.clean(a, 'dev')],
  ['emailDomainRules.get', (a) => emailDomainRules.get(a, OID)],
  ['emailDomainRules.update', (a) => emailDomainRules.update(a, OID, emailDomainRules.ruleDto({ emailDomainPattern: '*.x', targetGroupRtId: OID, description: null }))],
  ['emailDomainRules.remove', (a) => emailDomainRules.remove(a, OID)],
  ['groups.get', (a) => groups.get(a, OID)],
  ['groups.getByName', (a) => groups.getByName(a, 'Team A')],
  ['groups.update', (a) => groups.update(a, OID, { groupName: 'Team', groupDescription: null } as never)],
  ['groups.remove', (a) => groups.remove(a, OID)],
  ['groups.roleIds', (a) => groups.roleIds(a, OID)],
  ['groups.setRoles', (a) => groups.setRoles(a, OID, [OID])],
  ['groups.members', (a) => groups.members(a, OID, 'clients')],
  ['groups.addMember', (a) => groups.addMember(a, OID, 'users', OID)],
  ['groups.removeMember', (a) => groups.removeMember(a, OID, 'groups', OID)],
  ['groups.rtId', (a) => groups.rtId(a, 'Team A')],
  ['identityProviders.get', (a) => identityProviders.get(a, OID)],
  ['identityProviders.update', (a) => identityProviders.update(a, OID, { name: 'x' })],
  ['identityProviders.remove', (a) => identityProviders.remove(a, OID)],
  ['roles.getByName', (a) => roles.getByName(a, 'Reader')],
  ['roles.check', (a) => roles.check(a, 'Reader')],
  ['roles.rename', (a) => roles.rename(a, 'Reader', 'Viewer')],
  ['roles.remove', (a) => roles.remove(a, 'Reader')],
  ['secrets.list client', (a) => secrets.list(a, client)],
  ['secrets.list apiResource', (a) => secrets.list(a, resource)],
  ['secrets.get', (a) => secrets.get(a, client, 'h4sh')],
  ['secrets.create', (a) => secrets.create(a, resource, { expirationDate: null, description: 'd' })],
  ['secrets.update', (a) => secrets.update(a, client, 'h4sh', { expirationDate: '2027-12-31', description: null })],
  ['secrets.remove', (a) => secrets.remove(a, resource, 'h4sh')],
  ['tenantMappings.get', (a) => tenantMappings.get(a, OID)],
  ['tenantMappings.setRoles', (a) => tenantMappings.setRoles(a, OID, [OID])],
  ['tenantMappings.remove', (a) => tenantMappings.remove(a, OID)],
  ['users.get', (a) => users.get(a, 'bob')],
  ['users.update', (a) => users.update(a, 'bob', users.userDto({ name: 'bob' }))],
  ['users.remove', (a) => users.remove(a, 'bob')],
  ['users.resetPassword', (a) => users.resetPassword(a, 'bob', 'N3w-passw0rd')],
  ['users.addRole', (a) => users.addRole(a, 'bob', 'Reader')],
  ['users.removeRole', (a) => users.removeRole(a, 'bob', 'Reader')],
  ['users.rtId', (a) => users.rtId(a, 'bob')],
  ['adminProvisioning.list', (a) => adminProvisioning.list(a, 'child')],
  ['adminProvisioning.provisionCurrentUser', (a) => adminProvisioning.provisionCurrentUser(a, 'child')],
  ['adminProvisioning.remove', (a) => adminProvisioning.remove(a, 'child', OID)],
  ['setup.status', (a) => setup.status(a)],
];

describe('one object: what is sent, and the line of a 404', () => {
  it('every call', async () => {
    const lines: string[] = [];
    for (const [name, call] of CALLS) {
      const { api, sent } = notFoundApi();
      const err = await call(api).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(HttpError);
      lines.push(`${name}: ${sent.join(' | ')} => ${(err as HttpError).message}`);
    }
    expect(lines.join('\n')).toMatchInlineSnapshot(`
      "apiScopes.get: GET apiScopes/orders.read => API scope 'orders.read' was not found (404)
      apiScopes.update: PUT apiScopes/orders.read {"isEnabled":false,"name":"orders.read","displayName":null,"description":null,"showInDiscoveryDocument":false,"userClaims":null,"isRequired":false,"isEmphasize":false,"requireResourceIndicator":false,"apiSecrets":false} => API scope 'orders.read' was not found (404)
      apiScopes.remove: DELETE apiScopes/orders.read => API scope 'orders.read' was not found (404)
      apiResources.get: GET apiResources/orders => API resource 'orders' was not found (404)
      apiResources.update: PUT apiResources/orders {"isEnabled":false,"name":"orders","displayName":null,"description":null,"showInDiscoveryDocument":false,"userClaims":null,"requireResourceIndicator":false,"scopes":null,"allowedAccessTokenSigningAlgorithms":null} => API resource 'orders' was not found (404)
      apiResources.remove: DELETE apiResources/orders => API resource 'orders' was not found (404)
      clients.get: GET clients/my%20app => client 'my app' was not found (404)
      clients.update: PUT clients/my%20app {"rtId":null,"isEnabled":null,"clientId":null,"clientSecret":null,"requireClientSecret":null,"clientName":"x","clientUri":null,"allowedGrantTypes":null,"redirectUris":null,"postLogoutRedirectUris":null,"allowedCorsOrigins":null,"allowedScopes":null,"isOfflineAccessEnabled":null,"frontChannelLogoutUri":null,"frontChannelLogoutSessionRequired":null,"backChannelLogoutUri":null,"backChannelLogoutSessionRequired":null,"autoProvisionInChildTenants":null,"provisionedByParentTenantId":null,"dynamicRegistration":null,"dynamicRegistrationExpiresAt":null} => client 'my app' was not found (404)
      clients.remove: DELETE clients/my%20app => client 'my app' was not found (404)
      clients.rtId: GET clients/my%20app => client 'my app' was not found (404)
      clients.roleIds: GET clients/my%20app/roles => client 'my app' was not found (404)
      clients.setRoles: PUT clients/my%20app/roles ["65a1b2c3d4e5f60718293a4b"] => client 'my app' or one of its roles was not found (404)
      clients.addRole: PUT clients/my%20app/roles/Reader => client 'my app' or role 'Reader' was not found (404)
      clients.removeRole: DELETE clients/my%20app/roles/Reader => client 'my app' was not found (404)
      clientMirrors.list: GET clients/my%20app/mirrors => client 'my app' was not found (404)
      clientMirrors.provisionInExistingTenants: POST clients/my%20app/mirrors/provisionInExistingTenants => client 'my app' was not found (404)
      clientMirrors.provisionInTenant: POST clients/my%20app/mirrors/provisionInTenant?childTenantId=child => client 'my app' or tenant 'child' was not found (404)
      clientMirrors.unprovision: DELETE clients/my%20app/mirrors/child => mirror of client 'my app' in 'child' was not found (404)
      clientMirrors.setAutoProvision: PATCH clients/my%20app/autoProvisionInChildTenants {"enabled":true} => client 'my app' was not found (404)
      clientOverlays.apply: POST clients/my%20app/overlayUris {"overlayName":"dev","redirectUris":["https://a/cb"],"postLogoutRedirectUris":null,"allowedCorsOrigins":null} => client 'my app' was not found (404)
      clientOverlays.clean: DELETE clients/cleanOverlayEntries?overlayName=dev => the resource was not found (404)
      emailDomainRules.get: GET emailDomainGroupRules/65a1b2c3d4e5f60718293a4b => e-mail domain group rule '65a1b2c3d4e5f60718293a4b' was not found (404)
      emailDomainRules.update: PUT emailDomainGroupRules/65a1b2c3d4e5f60718293a4b {"rtId":null,"emailDomainPattern":"*.x","targetGroupRtId":"65a1b2c3d4e5f60718293a4b","description":null} => e-mail domain group rule '65a1b2c3d4e5f60718293a4b' was not found (404)
      emailDomainRules.remove: DELETE emailDomainGroupRules/65a1b2c3d4e5f60718293a4b => e-mail domain group rule '65a1b2c3d4e5f60718293a4b' was not found (404)
      groups.get: GET groups/65a1b2c3d4e5f60718293a4b => group '65a1b2c3d4e5f60718293a4b' was not found (404)
      groups.getByName: GET groups/names/Team%20A => group 'Team A' was not found (404)
      groups.update: PUT groups/65a1b2c3d4e5f60718293a4b {"groupName":"Team","groupDescription":null} => group '65a1b2c3d4e5f60718293a4b' was not found (404)
      groups.remove: DELETE groups/65a1b2c3d4e5f60718293a4b => group '65a1b2c3d4e5f60718293a4b' was not found (404)
      groups.roleIds: GET groups/65a1b2c3d4e5f60718293a4b/roles => group '65a1b2c3d4e5f60718293a4b' was not found (404)
      groups.setRoles: PUT groups/65a1b2c3d4e5f60718293a4b/roles ["65a1b2c3d4e5f60718293a4b"] => group '65a1b2c3d4e5f60718293a4b' was not found (404)
      groups.members: GET groups/65a1b2c3d4e5f60718293a4b/members/clients => group '65a1b2c3d4e5f60718293a4b' was not found (404)
      groups.addMember: PUT groups/65a1b2c3d4e5f60718293a4b/members/users/65a1b2c3d4e5f60718293a4b => group '65a1b2c3d4e5f60718293a4b' was not found (404)
      groups.removeMember: DELETE groups/65a1b2c3d4e5f60718293a4b/members/groups/65a1b2c3d4e5f60718293a4b => group '65a1b2c3d4e5f60718293a4b' was not found (404)
      groups.rtId: GET groups/names/Team%20A => group 'Team A' was not found (404)
      identityProviders.get: GET identityProviders/65a1b2c3d4e5f60718293a4b => identity provider '65a1b2c3d4e5f60718293a4b' was not found (404)
      identityProviders.update: PUT identityProviders/65a1b2c3d4e5f60718293a4b {"name":"x"} => identity provider '65a1b2c3d4e5f60718293a4b' was not found (404)
      identityProviders.remove: DELETE identityProviders/65a1b2c3d4e5f60718293a4b => identity provider '65a1b2c3d4e5f60718293a4b' was not found (404)
      roles.getByName: GET roles/names/Reader => role 'Reader' was not found (404)
      roles.check: GET roles/names/Reader => role 'Reader' was not found (404)
      roles.rename: PUT roles/Reader {"id":null,"name":"Viewer"} => role 'Reader' was not found (404)
      roles.remove: DELETE roles/Reader => role 'Reader' was not found (404)
      secrets.list client: GET apiSecrets/client/my%20app => client 'my app' was not found (404)
      secrets.list apiResource: GET apiSecrets/apiResource/orders => API resource 'orders' was not found (404)
      secrets.get: GET apiSecrets/client/my%20app/aDRzaA%3D%3D => secret 'h4sh' of client 'my app' was not found (404)
      secrets.create: POST apiSecrets/apiResource/orders {"valueEncrypted":"generated-by-server","valueClearText":null,"expirationDate":null,"description":"d"} => API resource 'orders' was not found (404)
      secrets.update: PUT apiSecrets/client/my%20app {"valueEncrypted":"h4sh","valueClearText":null,"expirationDate":"2027-12-31","description":null} => secret 'h4sh' of client 'my app' was not found (404)
      secrets.remove: DELETE apiSecrets/apiResource/orders/aDRzaA%3D%3D => secret 'h4sh' of API resource 'orders' was not found (404)
      tenantMappings.get: GET externalTenantUserMappings/65a1b2c3d4e5f60718293a4b => external tenant user mapping '65a1b2c3d4e5f60718293a4b' was not found (404)
      tenantMappings.setRoles: PUT externalTenantUserMappings/65a1b2c3d4e5f60718293a4b {"roleIds":["65a1b2c3d4e5f60718293a4b"]} => external tenant user mapping '65a1b2c3d4e5f60718293a4b' was not found (404)
      tenantMappings.remove: DELETE externalTenantUserMappings/65a1b2c3d4e5f60718293a4b => external tenant user mapping '65a1b2c3d4e5f60718293a4b' was not found (404)
      users.get: GET users/bob => user 'bob' was not found (404)
      users.update: PUT users/bob {"firstName":null,"lastName":null,"userId":null,"email":null,"name":"bob","resetPasswordOnLogin":false,"externalLogins":null} => user 'bob' was not found (404)
      users.remove: DELETE users/bob => user 'bob' was not found (404)
      users.resetPassword: POST users/resetPassword?userName=bob&password=N3w-passw0rd => user 'bob' was not found (404)
      users.addRole: PUT users/bob/roles/Reader => user 'bob' was not found (404)
      users.removeRole: DELETE users/bob/roles/Reader => user 'bob' was not found (404)
      users.rtId: GET users/bob => user 'bob' was not found (404)
      adminProvisioning.list: GET adminProvisioning/child => tenant 'child' was not found (404)
      adminProvisioning.provisionCurrentUser: POST adminProvisioning/child/provisionCurrentUser => tenant 'child' was not found (404)
      adminProvisioning.remove: DELETE adminProvisioning/child/65a1b2c3d4e5f60718293a4b => mapping '65a1b2c3d4e5f60718293a4b' in tenant 'child' was not found (404)
      setup.status: GET status => the setup endpoint was not found (404)"
    `);
  });
});
