/**
 * Maps stored clients to oidc-provider client metadata, looked up fresh on every request (local-service-notes.md §6),
 * and works out which tenant a protocol request belongs to (notes §4), remembering it for the grants users approve.
 */
import type { Adapter, AdapterPayload, Grant, KoaContextWithOIDC } from 'oidc-provider';
import { API_RESOURCE_INDICATOR, OIDC_SCOPE_SET, type ServiceContext } from './context.js';
import { findClient } from './principals.js';
import { DEVICE_CODE_GRANT, type ClientRecord } from './types.js';

/** Placeholder for oidc-provider's mandatory `client_secret`; real secrets are compared by hash. */
const SECRET_PLACEHOLDER = 'stored-as-sha256-hashes-only';

/** Extra metadata we carry on every client (declared in `extraClientMetadata.properties`). */
export const EXTRA_CLIENT_METADATA = ['octo_tenant', 'octo_public', 'octo_require_pkce', 'octo_cors_origins'] as const;

export interface OctoClientMetadata {
  octo_tenant: string;
  octo_public: boolean;
  octo_require_pkce: boolean;
  octo_cors_origins: string[];
}

/** The tenant in `acr_values=tenant:<id> …`, lower-cased. */
export function tenantFromAcrValues(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  for (const part of value.split(/\s+/)) {
    if (part.startsWith('tenant:') && part.length > 'tenant:'.length) return part.slice('tenant:'.length).toLowerCase();
  }
  return undefined;
}

type Bag = Record<string, unknown> | undefined;

/** What tenant resolution and client lookup need from the service. */
export type TenantLookup = Pick<ServiceContext, 'store' | 'storage' | 'grantTenants' | 'systemTenant'>;

/**
 * The tenant of the current protocol request, in this order: `acr_values` (query, form body or assembled params),
 * the device code being redeemed, the grant behind a refresh token or authorization code, the given grant id,
 * then the system tenant.
 */
export function resolveTenant(svc: TenantLookup, ctx: KoaContextWithOIDC | undefined, grantId?: string): string {
  const oidc = ctx?.oidc as unknown as { params?: Bag; body?: Bag; entities?: Record<string, { params?: Bag; grantId?: string }> } | undefined;
  const fromAcr =
    tenantFromAcrValues(oidc?.params?.acr_values) ??
    tenantFromAcrValues(oidc?.body?.acr_values) ??
    tenantFromAcrValues(ctx?.query?.acr_values);
  if (fromAcr) return fromAcr;

  const deviceCode = oidc?.entities?.DeviceCode;
  const fromDeviceEntity = tenantFromAcrValues(deviceCode?.params?.acr_values);
  if (fromDeviceEntity) return fromDeviceEntity;

  const body = oidc?.body;
  if (typeof body?.device_code === 'string') {
    const stored = svc.storage.peek('DeviceCode', body.device_code) as (AdapterPayload & { params?: Bag }) | undefined;
    const tenant = tenantFromAcrValues(stored?.params?.acr_values);
    if (tenant) return tenant;
  }
  const grantIds = [
    grantId,
    oidc?.entities?.RefreshToken?.grantId,
    oidc?.entities?.AuthorizationCode?.grantId,
    typeof body?.refresh_token === 'string' ? svc.storage.peek('RefreshToken', body.refresh_token)?.grantId : undefined,
    typeof body?.code === 'string' ? svc.storage.peek('AuthorizationCode', body.code)?.grantId : undefined,
  ];
  for (const id of grantIds) {
    const tenant = id ? svc.grantTenants.get(id) : undefined;
    if (tenant) return tenant;
  }
  return svc.systemTenant;
}

/**
 * Adds the requested scopes to a user's Grant (OIDC scopes as such, the others for the Octo API resource), saves it
 * and remembers its tenant for resolveTenant. Returns the grant id.
 */
export async function saveGrant(svc: Pick<ServiceContext, 'grantTenants'>, grant: Grant, scope: string, tenantId: string): Promise<string> {
  const requested = scope.split(' ').filter(Boolean);
  const oidcScopes = requested.filter((s) => OIDC_SCOPE_SET.has(s));
  const apiScopes = requested.filter((s) => !OIDC_SCOPE_SET.has(s));
  if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
  if (apiScopes.length) grant.addResourceScope(API_RESOURCE_INDICATOR, apiScopes.join(' '));
  const grantId = await grant.save();
  svc.grantTenants.set(grantId, tenantId);
  return grantId;
}

/** True when the request presents a client secret (Basic header or form field). */
function presentsSecret(ctx: KoaContextWithOIDC | undefined): boolean {
  if (!ctx) return false;
  if (/^basic\s/i.test(ctx.get('authorization'))) return true;
  const body = (ctx.oidc as unknown as { body?: Bag } | undefined)?.body;
  return typeof body?.client_secret === 'string';
}

function validUrls(values: string[]): string[] {
  return values.filter((v) => URL.canParse(v));
}

/**
 * Duende semantics on oidc-provider metadata:
 * - a client that does not require a secret is public: presented secrets are ignored (it authenticates by id alone),
 *   and it may not use client_credentials (public clients cannot hold a secret);
 * - offline access adds the refresh_token grant to the user-facing grants;
 * - OIDC scopes are limited here; API scopes through the resource server (see oidc.ts).
 */
function toClientMetadata(record: ClientRecord, tenantId: string, secretPresented: boolean): AdapterPayload {
  const isPublic = !record.requireClientSecret;
  const grants = new Set<string>();
  for (const grant of record.allowedGrantTypes) {
    if (grant === DEVICE_CODE_GRANT || grant === 'authorization_code' || grant === 'refresh_token') grants.add(grant);
    if (grant === 'client_credentials' && !isPublic) grants.add(grant);
  }
  const redirectUris = validUrls(record.redirectUris);
  if (redirectUris.length === 0) grants.delete('authorization_code');
  if (record.isOfflineAccessEnabled && (grants.has(DEVICE_CODE_GRANT) || grants.has('authorization_code'))) {
    grants.add('refresh_token');
  }

  const scopes = record.allowedScopes.filter((s) => OIDC_SCOPE_SET.has(s) && s !== 'offline_access');
  if (record.isOfflineAccessEnabled) scopes.push('offline_access');

  const authMethod = isPublic && !secretPresented ? 'none' : 'client_secret_basic';
  const extra: OctoClientMetadata = {
    octo_tenant: tenantId,
    octo_public: isPublic,
    octo_require_pkce: record.requirePkce,
    octo_cors_origins: record.allowedCorsOrigins,
  };
  return {
    client_id: record.clientId,
    ...(record.clientName ? { client_name: record.clientName } : {}),
    grant_types: [...grants],
    response_types: grants.has('authorization_code') ? ['code'] : [],
    redirect_uris: grants.has('authorization_code') ? redirectUris : [],
    post_logout_redirect_uris: validUrls(record.postLogoutRedirectUris),
    token_endpoint_auth_method: authMethod,
    ...(authMethod === 'none' ? {} : { client_secret: SECRET_PLACEHOLDER }),
    ...(scopes.length > 0 ? { scope: [...new Set(scopes)].join(' ') } : {}),
    ...extra,
  } as AdapterPayload;
}

/** Client ids of dynamically registered clients (identity-api.md §7.9). */
export const DYNAMIC_CLIENT_PREFIX = 'octo-dcr-';

/**
 * A client as seen from a tenant: its own record or, for a dynamically registered client, the system tenant's (the
 * real service copies those into every tenant; here they live once, in the system tenant). Expired registrations
 * are absent.
 */
export function findClientForTenant(
  svc: Pick<ServiceContext, 'store' | 'systemTenant'>,
  tenantId: string,
  clientId: string,
): ClientRecord | undefined {
  return clientLookup(svc, tenantId, clientId)?.record;
}

function clientLookup(svc: Pick<ServiceContext, 'store' | 'systemTenant'>, tenantId: string, clientId: string) {
  const own = findClient(svc.store.tenant(tenantId), clientId);
  if (own) return { record: own, tenantId };
  if (!clientId.startsWith(DYNAMIC_CLIENT_PREFIX) || tenantId === svc.systemTenant) return undefined;
  const shared = findClient(svc.store.tenant(svc.systemTenant), clientId);
  return shared ? { record: shared, tenantId: svc.systemTenant } : undefined;
}

/**
 * Revokes the grants (and with them refresh tokens and codes) of a client that is no longer resolvable in the grant's
 * tenant — called after a client is deleted. A client of the same id in another tenant keeps its grants.
 */
export function revokeClientGrants(svc: Pick<ServiceContext, 'store' | 'storage' | 'grantTenants' | 'systemTenant'>, clientId: string): number {
  let revoked = 0;
  for (const grantId of svc.storage.grantIdsOfClient(clientId)) {
    const tenantId = svc.grantTenants.get(grantId) ?? svc.systemTenant;
    if (clientLookup(svc, tenantId, clientId)) continue;
    svc.storage.deleteGrant(grantId);
    svc.grantTenants.delete(grantId);
    revoked++;
  }
  return revoked;
}

/** The Client adapter: reads the app store on every lookup, so admin changes are live at once. */
export function createClientAdapter(svc: TenantLookup, currentContext: () => KoaContextWithOIDC | undefined): Adapter {
  const unsupported = async (): Promise<never> => {
    throw new Error('clients are managed through the admin API');
  };
  return {
    async find(id: string) {
      const ctx = currentContext();
      const found = clientLookup(svc, resolveTenant(svc, ctx), id);
      if (!found || !found.record.isEnabled) return undefined;
      return toClientMetadata(found.record, found.tenantId, presentsSecret(ctx));
    },
    upsert: unsupported,
    findByUserCode: unsupported,
    findByUid: unsupported,
    consume: unsupported,
    destroy: unsupported,
    revokeByGrantId: unsupported,
  };
}
