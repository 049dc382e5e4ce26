/** The blueprint every tenant starts with (identity-api.md §6, "System.Identity.Bootstrap-1.2.0"). */
import {
  DEVICE_CODE_GRANT,
  TOKEN_EXCHANGE_GRANT,
  type ClientRecord,
  type GroupRecord,
  type IdentityResourceRecord,
  type RoleRecord,
  type TenantData,
  type UriListName,
  type UserRecord,
  URI_LISTS,
} from './types.js';
import { newRtId } from './ids.js';

/** Seed RtIds are `6600…` followed by the hex suffix (e.g. `…0001` = 660000000000000000000001). */
function seedRtId(suffix: number): string {
  return '66' + suffix.toString(16).padStart(22, '0');
}

const ROLE_NAMES = [
  'TenantManagement',
  'UserManagement',
  'CommunicationManagement',
  'Development',
  'AdminPanelManagement',
  'BotManagement',
  'DashboardManagement',
  'DashboardViewer',
  'ReportingManagement',
  'ReportingViewer',
  'DataModelManagement',
  'StreamDataAdmin',
  'StreamDataWriter',
  'StreamDataReader',
] as const;

/** Public URLs of the other OctoMesh apps referenced by the seeded clients (trailing '/' trimmed). */
export interface SeedUrls {
  authority: string;
  studio: string;
  mcp: string;
  platform: string;
}

export function defaultSeedUrls(issuer: string): SeedUrls {
  return {
    authority: issuer.replace(/\/+$/, ''),
    studio: 'https://localhost:4200',
    mcp: 'https://localhost:5015',
    platform: 'https://localhost:5007',
  };
}

function seedRoles(): RoleRecord[] {
  return ROLE_NAMES.map((name, i) => ({ rtId: seedRtId(i + 1), name }));
}

function identityResource(
  suffix: number,
  name: string,
  displayName: string,
  description: string | null,
  isRequired: boolean,
  userClaims: string[],
): IdentityResourceRecord {
  return {
    rtId: seedRtId(suffix),
    name,
    displayName,
    description,
    isEnabled: true,
    showInDiscoveryDocument: true,
    isRequired,
    isEmphasize: false,
    userClaims,
  };
}

function seedIdentityResources(): IdentityResourceRecord[] {
  return [
    identityResource(0x0f, 'openid', 'Your user identifier', null, true, ['sub']),
    identityResource(0x10, 'profile', 'User profile', null, false, [
      'name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username', 'profile',
      'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at',
    ]),
    identityResource(0x11, 'email', 'Your email address', null, false, ['email', 'email_verified']),
    identityResource(0x12, 'role', 'Roles', 'The roles the user is assigned to', false, ['role']),
    identityResource(0x13, 'allowed_tenants', 'Allowed Tenants', 'Tenants the user is allowed to access', false, [
      'allowed_tenants',
    ]),
  ];
}

/**
 * A client record: the given fields over the construction-kit defaults of §6.6 (a new RtId, disabled, no secret
 * required, PKCE, no grants, URIs, scopes or roles, not flagged for child tenants). The seed, `POST clients` and
 * dynamic registration build their clients with it.
 */
export function clientRecord(fields: Partial<ClientRecord> & Pick<ClientRecord, 'clientId'>): ClientRecord {
  return {
    rtId: newRtId(),
    clientName: null,
    clientUri: null,
    isEnabled: false,
    requireClientSecret: false,
    requirePkce: true,
    allowedGrantTypes: [],
    redirectUris: [],
    postLogoutRedirectUris: [],
    allowedCorsOrigins: [],
    allowedScopes: [],
    isOfflineAccessEnabled: false,
    frontChannelLogoutUri: null,
    frontChannelLogoutSessionRequired: true,
    backChannelLogoutUri: null,
    backChannelLogoutSessionRequired: true,
    autoProvisionInChildTenants: false,
    secrets: [],
    roleIds: [],
    uriSources: emptyUriSources(),
    provisionedByParentTenantId: null,
    mirrors: [],
    ...fields,
  };
}

/** A seeded client: the seed's common settings (§6.5: enabled, flagged for child tenants) and its fixed RtId. */
function seedClient(suffix: number, fields: Partial<ClientRecord> & Pick<ClientRecord, 'clientId'>): ClientRecord {
  return clientRecord({ rtId: seedRtId(suffix), isEnabled: true, autoProvisionInChildTenants: true, ...fields });
}

export function emptyUriSources(): Record<UriListName, Record<string, string>> {
  return { redirectUris: {}, postLogoutRedirectUris: {}, allowedCorsOrigins: {} };
}

/** Tags every URI entry of a client with one source (`base` for the blueprint, `api` for admin writes). */
function tagAllUris(client: ClientRecord, source: string): void {
  for (const list of URI_LISTS) {
    client.uriSources[list] = Object.fromEntries(client[list].map((uri) => [uri, source]));
  }
}

function swaggerClient(suffix: number, clientId: string, clientName: string, base: string, scopes: string[]): ClientRecord {
  return seedClient(suffix, {
    clientId,
    clientName,
    clientUri: base,
    allowedGrantTypes: ['authorization_code'],
    redirectUris: [`${base}/swagger/oauth2-redirect.html`],
    postLogoutRedirectUris: [`${base}/`],
    allowedCorsOrigins: [base],
    allowedScopes: scopes,
  });
}

function seedClients(urls: SeedUrls): ClientRecord[] {
  const oidc = ['openid', 'profile', 'email', 'role'];
  const clients = [
    seedClient(0x30, {
      clientId: 'octo-data-refinery-studio',
      clientName: 'Data Refinery Studio',
      clientUri: urls.studio,
      allowedGrantTypes: ['authorization_code'],
      isOfflineAccessEnabled: true,
      redirectUris: [`${urls.studio}/`],
      postLogoutRedirectUris: [`${urls.studio}/`],
      allowedCorsOrigins: [urls.studio],
      frontChannelLogoutUri: `${urls.studio}/logout/callback`,
      allowedScopes: [...oidc, 'allowed_tenants', 'octo_api'],
    }),
    seedClient(0x31, {
      clientId: 'octo-cli',
      allowedGrantTypes: [DEVICE_CODE_GRANT],
      requirePkce: false,
      isOfflineAccessEnabled: true,
      allowedScopes: [...oidc, 'octo_api'],
    }),
    swaggerClient(0x32, 'octo-idenityServices-swagger', 'Identity Services Swagger UI', urls.authority, [
      ...oidc, 'octo_api', 'octo_api.read_only',
    ]),
    swaggerClient(0x33, 'octo-mcpServices-swagger', 'OctoMesh MCP Services Swagger Client', urls.mcp, [...oidc, 'octo_api']),
    seedClient(0x34, {
      clientId: 'octo-mcpServices-device',
      clientName: 'OctoMesh MCP Services Device Client',
      clientUri: urls.mcp,
      allowedGrantTypes: [DEVICE_CODE_GRANT, TOKEN_EXCHANGE_GRANT],
      requirePkce: false,
      isOfflineAccessEnabled: true,
      allowedScopes: [...oidc, 'octo_api', 'offline_access'],
    }),
    swaggerClient(0x36, 'octo-platformServices-swagger', 'OctoMesh Platform Services Swagger Client', urls.platform, [
      ...oidc, 'octo_api',
    ]),
  ];
  for (const client of clients) tagAllUris(client, 'base');
  return clients;
}

const API_SCOPE_SEEDS = [
  { suffix: 0x14, name: 'octo_api', displayName: 'Full access to all Octo platform APIs' },
  { suffix: 0x15, name: 'octo_api.read_only', displayName: 'Read-only access to all Octo platform APIs' },
  { suffix: 0x16, name: 'octo_api.data_model_management', displayName: 'Manage construction kit data models' },
] as const;

export const TENANT_OWNERS_RTID = seedRtId(0x40);

/** A user record with the defaults of a new ASP.NET Identity user. */
export function newUser(fields: Partial<UserRecord> & Pick<UserRecord, 'name'>): UserRecord {
  return {
    rtId: newRtId(),
    email: null,
    firstName: null,
    lastName: null,
    roleIds: [],
    passwordHash: null,
    resetPasswordOnLogin: false,
    externalLogins: [],
    ...fields,
  };
}

/**
 * The admin user of the start options: all roles directly and (by the caller) a member of TenantOwners.
 * It has no stored password: it signs in with the start-time password.
 */
export function createAdminUser(name: string, roles: RoleRecord[]): UserRecord {
  return newUser({ name, email: name.includes('@') ? name : `${name}@localhost`, roleIds: roles.map((r) => r.rtId) });
}

/** A complete, freshly seeded tenant; without `adminUser` it has no users (Setup creates the first one). */
export function seedTenant(tenantId: string, urls: SeedUrls, adminUser: string | undefined): TenantData {
  const roles = seedRoles();
  const admin = adminUser === undefined ? undefined : createAdminUser(adminUser, roles);
  const owners: GroupRecord = {
    rtId: TENANT_OWNERS_RTID,
    name: 'TenantOwners',
    description: 'Default group with all roles assigned. Members inherit all tenant permissions.',
    roleIds: roles.map((r) => r.rtId),
    memberUserIds: admin ? [admin.rtId] : [],
    memberClientIds: [],
    memberGroupIds: [],
    memberExternalUserIds: [],
  };
  return {
    tenantId,
    clients: seedClients(urls),
    apiScopes: API_SCOPE_SEEDS.map((s) => ({
      rtId: seedRtId(s.suffix),
      name: s.name,
      displayName: s.displayName,
      description: null,
      isEnabled: true,
      showInDiscoveryDocument: true,
      userClaims: [],
      isRequired: false,
      isEmphasize: false,
    })),
    apiResources: [
      {
        rtId: seedRtId(0x20),
        name: 'octoAPI',
        displayName: 'Octo API',
        description: 'Unified access to all Octo platform APIs',
        isEnabled: true,
        showInDiscoveryDocument: true,
        userClaims: ['role'],
        requireResourceIndicator: false,
        scopes: API_SCOPE_SEEDS.map((s) => s.name),
        allowedAccessTokenSigningAlgorithms: [],
        secrets: [],
      },
    ],
    identityResources: seedIdentityResources(),
    roles,
    groups: [owners],
    users: admin ? [admin] : [],
    identityProviders: [],
    emailDomainGroupRules: [],
    externalTenantUserMappings: [],
  };
}
