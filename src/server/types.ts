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
}

/** Users exist only as far as the device login needs them; passwords are never persisted. */
export interface UserRecord {
  rtId: string;
  name: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  roleIds: string[];
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
}

export interface StoreData {
  version: 1;
  tenants: Record<string, TenantData>;
}
