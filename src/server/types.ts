/** Records as the Identity Service stores them (one set per tenant). Field names follow the admin API DTOs. */

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

/** The four OIDC scopes every client always lists (identity-api.md §3.1). */
export const DEFAULT_CLIENT_SCOPES = ['openid', 'profile', 'email', 'role'] as const;

/** A shared secret, stored only as base64(SHA-256(clear text)). */
export interface SecretRecord {
  value: string;
  description: string | null;
  /** ISO-8601 (UTC) or null for "never expires". */
  expiration: string | null;
  type: 'SharedSecret';
  created: string;
}

export interface ClientRecord {
  rtId: string;
  clientId: string;
  clientName: string | null;
  clientUri: string | null;
  isEnabled: boolean;
  requireClientSecret: boolean;
  requirePkce: boolean;
  allowedGrantTypes: string[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  allowedCorsOrigins: string[];
  allowedScopes: string[];
  isOfflineAccessEnabled: boolean;
  frontChannelLogoutUri: string | null;
  frontChannelLogoutSessionRequired: boolean;
  backChannelLogoutUri: string | null;
  backChannelLogoutSessionRequired: boolean;
  autoProvisionInChildTenants: boolean;
  secrets: SecretRecord[];
  /** RtIds of directly assigned roles. */
  roleIds: string[];
  /**
   * Where each URI entry came from, per list and URI: `api`, `base` (seed), `overlay:<name>` (identity-api.md §3.1).
   * Not exposed in the DTO; a URI without an entry counts as `api`.
   */
  uriSources: Record<UriListName, Record<string, string>>;
  /** Set on a mirror: the tenant whose flagged client it copies. */
  provisionedByParentTenantId: string | null;
  /** Set on a flagged client: the child tenants it was mirrored into. */
  mirrors: ClientMirrorRecord[];
  /** Set on a client registered through RFC 7591 (`POST /connect/register`, identity-api.md §7.9). */
  dynamicRegistration?: DynamicRegistrationRecord | null;
}

/** What a dynamic registration keeps besides the client itself. */
export interface DynamicRegistrationRecord {
  /** ISO-8601 (UTC): from then on the client counts as absent (no tokens, 404 in the admin API). */
  expiresAt: string;
  /** The RFC 7591 client metadata as registered and answered (client_id, client_id_issued_at, client_name, …). */
  metadata: Record<string, unknown>;
}

export const URI_LISTS = ['redirectUris', 'postLogoutRedirectUris', 'allowedCorsOrigins'] as const;
export type UriListName = (typeof URI_LISTS)[number];

export interface ClientMirrorRecord {
  childTenantId: string;
  /** ISO-8601 (UTC). */
  provisionedAt: string;
  secretHashVersion: number;
}

export interface ApiScopeRecord {
  rtId: string;
  name: string;
  displayName: string | null;
  description: string | null;
  isEnabled: boolean;
  showInDiscoveryDocument: boolean;
  userClaims: string[];
  isRequired: boolean;
  isEmphasize: boolean;
}

export interface ApiResourceRecord {
  rtId: string;
  name: string;
  displayName: string | null;
  description: string | null;
  isEnabled: boolean;
  showInDiscoveryDocument: boolean;
  userClaims: string[];
  requireResourceIndicator: boolean;
  scopes: string[];
  allowedAccessTokenSigningAlgorithms: string[];
  secrets: SecretRecord[];
}

export interface IdentityResourceRecord {
  rtId: string;
  name: string;
  displayName: string;
  description: string | null;
  isEnabled: boolean;
  showInDiscoveryDocument: boolean;
  isRequired: boolean;
  isEmphasize: boolean;
  userClaims: string[];
}

export interface RoleRecord {
  rtId: string;
  name: string;
}

export interface GroupRecord {
  rtId: string;
  name: string;
  description: string | null;
  roleIds: string[];
  memberUserIds: string[];
  memberClientIds: string[];
  memberGroupIds: string[];
  memberExternalUserIds: string[];
}

export interface ExternalLoginRecord {
  loginProvider: string;
  providerDisplayName: string | null;
  providerKey: string;
}

/**
 * A user. `passwordHash` is an scrypt hash (`scrypt$N$r$p$salt$hash`, see passwords.ts), or null: the admin user of
 * the start options signs in with the start-time password, which is never stored.
 */
export interface UserRecord {
  rtId: string;
  /** The login user name (ASP.NET Identity `UserName`); matched case-insensitively. */
  name: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** RtIds of directly assigned roles. */
  roleIds: string[];
  passwordHash: string | null;
  resetPasswordOnLogin: boolean;
  externalLogins: ExternalLoginRecord[];
}

/** IdentityProviderDto as stored: `$type` (0..6) plus the properties of its kind (identity-api.md §4.8). */
export interface IdentityProviderRecord {
  rtId: string;
  type: number;
  name: string;
  isEnabled: boolean;
  description: string | null;
  allowSelfRegistration: boolean;
  defaultGroupRtId: string | null;
  /** Kind-specific properties (clientId, clientSecret, tenantId, authority, host, port, useTls, userBaseDn, …). */
  settings: Record<string, string | number | boolean | null>;
}

export interface EmailDomainGroupRuleRecord {
  rtId: string;
  emailDomainPattern: string;
  targetGroupRtId: string;
  description: string | null;
}

export interface ExternalTenantUserMappingRecord {
  rtId: string;
  sourceTenantId: string;
  sourceUserId: string;
  sourceUserName: string;
  roleIds: string[];
  groupIds: string[];
}

export interface TenantData {
  tenantId: string;
  clients: ClientRecord[];
  apiScopes: ApiScopeRecord[];
  apiResources: ApiResourceRecord[];
  identityResources: IdentityResourceRecord[];
  roles: RoleRecord[];
  groups: GroupRecord[];
  users: UserRecord[];
  identityProviders: IdentityProviderRecord[];
  emailDomainGroupRules: EmailDomainGroupRuleRecord[];
  externalTenantUserMappings: ExternalTenantUserMappingRecord[];
}

export interface StoreData {
  version: 1;
  tenants: Record<string, TenantData>;
}
