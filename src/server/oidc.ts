/**
 * The OAuth 2.0 / OpenID Connect side, built on oidc-provider with the real service's paths and Duende's token shape.
 * See local-service-notes.md for why each setting is what it is.
 */
import type {
  Account,
  Configuration,
  KoaContextWithOIDC,
  default as ProviderType,
} from 'oidc-provider';
import {
  API_AUDIENCE,
  API_RESOURCE_INDICATOR,
  OIDC_SCOPES,
  OIDC_SCOPE_SET,
  type ServiceContext,
} from './context.js';
import { MemoryAdapter } from './memory-adapter.js';
import {
  EXTRA_CLIENT_METADATA,
  createClientAdapter,
  resolveTenant,
  tenantFromAcrValues,
  type OctoClientMetadata,
} from './oidc-clients.js';
import {
  allowedApiScopes,
  audienceFor,
  claimValue,
  effectiveRoleNames,
  findClient,
  secretMatches,
} from './principals.js';
import { escapeHtml } from './pages.js';
import type { TenantData, UserRecord } from './types.js';

type OidcModule = typeof import('oidc-provider');
type ClientWithExtras = InstanceType<ProviderType['Client']> & Partial<OctoClientMetadata>;

const REFRESH_TOKEN_ABSOLUTE_SECONDS = 30 * 24 * 3600;

/** Loads oidc-provider without its "Unsupported runtime" warning on Node 20 (notes §0). */
export async function loadOidcProvider(): Promise<OidcModule> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('Unsupported runtime')) return;
    warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
}

export type ServiceBase = Omit<ServiceContext, 'provider'>;

/** The user behind an access token or id token, looked up in the token's tenant first. */
export function findUser(svc: ServiceBase, rtId: string, tenantId?: string): { user: UserRecord; tenant: TenantData } | undefined {
  const order = tenantId ? [tenantId, ...svc.store.tenantIds()] : svc.store.tenantIds();
  for (const id of order) {
    const tenant = svc.store.tenant(id);
    const user = tenant?.users.find((u) => u.rtId === rtId);
    if (tenant && user) return { user, tenant };
  }
  return undefined;
}

/** Tenants a user may switch to: the login tenant first, then every other tenant of this local service. */
function allowedTenantsFor(svc: ServiceBase, tenantId: string): string[] {
  return [tenantId, ...svc.store.tenantIds().filter((t) => t !== tenantId)];
}

export function userClaims(svc: ServiceBase, user: UserRecord, tenant: TenantData, tokenTenant: string) {
  return {
    name: user.name,
    preferred_username: user.name,
    ...(user.firstName ? { given_name: user.firstName } : {}),
    ...(user.lastName ? { family_name: user.lastName } : {}),
    ...(user.email ? { email: user.email, email_verified: true } : {}),
    role: claimValue(effectiveRoleNames(tenant, 'user', user.rtId, user.roleIds)),
    tenant_id: tokenTenant,
    allowed_tenants: claimValue(allowedTenantsFor(svc, tokenTenant)),
  };
}

function splitScope(value: unknown): string[] {
  return typeof value === 'string' ? value.split(' ').filter(Boolean) : [];
}

export function createProvider(mod: OidcModule, svc: ServiceBase): ProviderType {
  const { default: Provider, errors } = mod;
  const { options } = svc;
  const currentContext = (): KoaContextWithOIDC | undefined => Provider.ctx;

  const clientAdapter = createClientAdapter(svc, currentContext);
  const adapters = new Map<string, MemoryAdapter>();
  const adapter = (name: string) => {
    if (name === 'Client') return clientAdapter;
    let a = adapters.get(name);
    if (!a) adapters.set(name, (a = new MemoryAdapter(name, svc.storage)));
    return a;
  };

  const tenantOfClient = (client: unknown): TenantData | undefined =>
    svc.store.tenant((client as ClientWithExtras | undefined)?.octo_tenant ?? svc.systemTenant);

  const configuration: Configuration = {
    adapter,
    jwks: { keys: [svc.keys.signingKey] },
    cookies: { keys: svc.keys.cookieKeys },
    routes: {
      authorization: '/connect/authorize',
      token: '/connect/token',
      device_authorization: '/connect/deviceauthorization',
      userinfo: '/connect/userinfo',
      revocation: '/connect/revocation',
      introspection: '/connect/introspect',
      end_session: '/connect/endsession',
      jwks: '/.well-known/openid-configuration/jwks',
      pushed_authorization_request: '/connect/par',
      code_verification: '/connect/device-verify',
    },
    // Extra discovery metadata (merged into oidc-provider's defaults; it fills only keys the provider leaves unset).
    // Our own /connect/register (registration.ts) is advertised like Duende's custom entry (identity-api.md §7.2);
    // oidc-provider's `features.registration` stays off because registration.ts implements the real service's rules.
    discovery: options.dynamicRegistration.enabled ? { registration_endpoint: `${svc.issuer}/connect/register` } : {},
    scopes: [...OIDC_SCOPES],
    claims: {
      openid: ['sub', 'tenant_id'],
      profile: ['name', 'family_name', 'given_name', 'preferred_username'],
      email: ['email', 'email_verified'],
      role: ['role'],
      allowed_tenants: ['allowed_tenants'],
    },
    responseTypes: ['code', 'none'],
    extraClientMetadata: { properties: [...EXTRA_CLIENT_METADATA] },
    clientBasedCORS(_ctx, origin, client) {
      return ((client as ClientWithExtras).octo_cors_origins ?? []).includes(origin);
    },
    pkce: {
      required(_ctx, client) {
        return (client as ClientWithExtras).octo_require_pkce !== false;
      },
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true, charset: 'digits', mask: '*********' },
      introspection: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource(ctx, client, oneOf) {
          // client_credentials without `scope` gets every API scope the client is allowed (Duende behaviour).
          const params = ctx.oidc.params as Record<string, unknown> | undefined;
          if (params && params.grant_type === 'client_credentials' && !params.scope) {
            const tenant = tenantOfClient(client);
            const record = findClient(tenant, client.clientId);
            if (tenant && record) params.scope = allowedApiScopes(tenant, record).join(' ') || undefined;
          }
          return oneOf ?? API_RESOURCE_INDICATOR;
        },
        useGrantedResource: () => true,
        getResourceServerInfo(ctx, indicator, client) {
          if (indicator !== API_RESOURCE_INDICATOR) throw new errors.InvalidTarget();
          const tenant = tenantOfClient(client);
          const record = findClient(tenant, client.clientId);
          const allowed = tenant && record ? allowedApiScopes(tenant, record) : [];
          for (const scope of splitScope((ctx.oidc.params as Record<string, unknown> | undefined)?.scope)) {
            if (!OIDC_SCOPE_SET.has(scope) && !allowed.includes(scope)) {
              throw new errors.InvalidScope('requested scope is not allowed', scope);
            }
          }
          return {
            scope: allowed.join(' '),
            audience: API_AUDIENCE,
            accessTokenFormat: 'jwt',
            accessTokenTTL: options.accessTokenTtl,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    ttl: {
      AccessToken: options.accessTokenTtl,
      ClientCredentials: options.accessTokenTtl,
      DeviceCode: options.deviceCodeTtl,
      AuthorizationCode: 300,
      IdToken: 300,
      Interaction: 3600,
      Session: 7 * 24 * 3600,
      Grant: REFRESH_TOKEN_ABSOLUTE_SECONDS,
      RefreshToken(_ctx, token) {
        const issuedAt = (token as unknown as { iiat?: number }).iiat ?? Math.floor(Date.now() / 1000);
        const left = REFRESH_TOKEN_ABSOLUTE_SECONDS - (Math.floor(Date.now() / 1000) - issuedAt);
        return Math.max(left, 1);
      },
    },
    rotateRefreshToken: true,
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    async findAccount(ctx, sub) {
      const found = findUser(svc, sub);
      if (!found) return undefined;
      const account: Account = {
        accountId: sub,
        claims: () => ({
          sub,
          ...userClaims(svc, found.user, found.tenant, resolveTenant(svc, ctx)),
        }),
      };
      return account;
    },
    extraTokenClaims(ctx, token) {
      const t = token as unknown as { accountId?: string; clientId?: string; grantId?: string };
      const tenantId = resolveTenant(svc, ctx, t.grantId);
      const tenant = svc.store.tenant(tenantId);
      if (!tenant) return { tenant_id: tenantId };
      if (t.accountId) {
        const found = findUser(svc, t.accountId, tenantId);
        const roles = found ? effectiveRoleNames(found.tenant, 'user', found.user.rtId, found.user.roleIds) : [];
        return {
          tenant_id: tenantId,
          allowed_tenants: claimValue(allowedTenantsFor(svc, tenantId)),
          ...(roles.length ? { role: claimValue(roles) } : {}),
        };
      }
      const client = t.clientId ? findClient(tenant, t.clientId) : undefined;
      const roles = client ? effectiveRoleNames(tenant, 'client', client.rtId, client.roleIds) : [];
      return {
        tenant_id: tenantId,
        allowed_tenants: tenantId,
        ...(roles.length ? { role: claimValue(roles) } : {}),
      };
    },
    formats: {
      customizers: {
        jwt(ctx, token, jwt) {
          const payload = jwt.payload as Record<string, unknown>;
          const apiScopes = splitScope(payload.scope);
          let scopes = apiScopes;
          if (token.kind === 'ClientCredentials') {
            // Duende puts no `sub` in client_credentials tokens; that is how callers tell them from user tokens.
            delete payload.sub;
          } else {
            // oidc-provider keeps only the resource's scopes; Duende lists the identity scopes too.
            const entities = ctx.oidc.entities as Record<string, { scope?: string; getOIDCScopeFiltered?: (s: Set<string>) => string } | undefined>;
            const source = entities.DeviceCode ?? entities.RefreshToken ?? entities.AuthorizationCode;
            const requested = splitScope((ctx.oidc.params as Record<string, unknown>)?.scope ?? source?.scope);
            const grant = entities.Grant;
            const granted = new Set(splitScope(grant?.getOIDCScopeFiltered?.(new Set(requested)) ?? ''));
            const api = new Set(apiScopes);
            scopes = requested.filter((s) => granted.has(s) || api.has(s));
            for (const s of apiScopes) if (!scopes.includes(s)) scopes.push(s);
          }
          payload.scope = scopes;
          const tenantId = typeof payload.tenant_id === 'string' ? payload.tenant_id : svc.systemTenant;
          payload.aud = audienceFor(svc.store.tenant(tenantId), apiScopes, `${svc.issuer}/resources`);
        },
      },
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Error</title></head><body><h1>${escapeHtml(
        String(out.error),
      )}</h1><p>${escapeHtml(String(out.error_description ?? ''))}</p></body></html>`;
    },
  };

  const provider = new Provider(svc.issuer, configuration);
  provider.proxy = false;

  // Secrets are stored only as hashes, with expiry (notes §7); public clients ignore what is presented (notes §8).
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: ClientWithExtras, presented: string) {
    if (this.octo_public) return true;
    const record = findClient(svc.store.tenant(this.octo_tenant ?? svc.systemTenant), this.clientId);
    return record ? secretMatches(record.secrets, presented) : false;
  };

  installDevicePolling(mod, provider, svc);
  installDeviceResponseRewrite(provider, svc);
  installEventLogging(provider, svc);
  return provider;
}

/**
 * RFC 8628 §3.5 `slow_down`: oidc-provider never sends it, so a poll sooner than `interval` after the previous poll gets it.
 * Also answers a poll for an already redeemed device code with `invalid_grant` *before* oidc-provider would revoke the
 * whole grant for it (notes §3) — Duende does not revoke there, and the refresh token just issued must keep working.
 */
function installDevicePolling(mod: OidcModule, provider: ProviderType, svc: ServiceBase): void {
  const { default: Provider, errors } = mod;
  const DeviceCode = provider.DeviceCode;
  const find = DeviceCode.find.bind(DeviceCode);
  const intervalMs = svc.options.devicePollSpacing * 1000;
  const toleranceMs = Math.min(500, intervalMs * 0.1);
  DeviceCode.find = (async (id: string, opts?: object) => {
    const code = (await find(id, opts as never)) as
      | (InstanceType<ProviderType['DeviceCode']> & { consumed?: number; isExpired: boolean; accountId?: string; error?: string })
      | undefined;
    const ctx = Provider.ctx;
    if (!code || ctx?.path !== '/connect/token') return code;
    if (code.consumed) throw new errors.InvalidGrant('device code already consumed');
    if (!code.isExpired && !code.accountId && !code.error) {
      const now = Date.now();
      const last = svc.lastDevicePoll.get(id);
      svc.lastDevicePoll.set(id, now);
      if (svc.lastDevicePoll.size > 1000) pruneOldPolls(svc);
      if (last !== undefined && now - last < intervalMs - toleranceMs) throw new errors.SlowDown();
    } else {
      svc.lastDevicePoll.delete(id);
    }
    return code;
  }) as typeof DeviceCode.find;
}

function pruneOldPolls(svc: ServiceBase): void {
  const cutoff = Date.now() - (svc.options.deviceCodeTtl + 600) * 1000;
  for (const [id, at] of svc.lastDevicePoll) if (at < cutoff) svc.lastDevicePoll.delete(id);
}

/** The real service sends `interval` and per-tenant verification URIs (notes §2). */
function installDeviceResponseRewrite(provider: ProviderType, svc: ServiceBase): void {
  provider.on('device_authorization.success', (ctx: KoaContextWithOIDC, body: Record<string, unknown>) => {
    const tenant = tenantFromAcrValues((ctx.oidc.params as Record<string, unknown>)?.acr_values) ?? svc.systemTenant;
    const uri = `${svc.issuer}/${encodeURIComponent(tenant)}/device`;
    body.verification_uri = uri;
    body.verification_uri_complete = `${uri}?userCode=${encodeURIComponent(String(body.user_code))}`;
    body.interval = svc.options.deviceInterval;
  });
}

/** The specific reason of a protocol error is only in `error_detail`; log it (never tokens or secrets). */
function installEventLogging(provider: ProviderType, svc: ServiceBase): void {
  const events = [
    'authorization.error',
    'backchannel.error',
    'device_authorization.error',
    'end_session.error',
    'grant.error',
    'introspection.error',
    'pushed_authorization_request.error',
    'revocation.error',
    'userinfo.error',
    'server_error',
  ];
  for (const event of events) {
    const listener = (
      ctx: KoaContextWithOIDC | undefined,
      err: Error & { error?: string; error_description?: string; error_detail?: string },
    ) => {
      const clientId = ctx?.oidc?.client?.clientId ?? '-';
      const detail = err.error_detail ?? err.error_description ?? err.message;
      svc.options.log(`oidc ${event}: ${err.error ?? err.name}: ${detail} (client ${clientId})`);
    };
    (provider as unknown as { on(event: string, listener: unknown): void }).on(event, listener);
  }
}
