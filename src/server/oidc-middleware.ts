/**
 * Koa middleware inside oidc-provider (runs before its router, notes §10): token-endpoint statistics and three places
 * where Duende and oidc-provider answer differently, none of which a configuration option can express. (Discovery's
 * `registration_endpoint` is not here: the provider's `discovery` option adds it, see oidc.ts.)
 */
import type { KoaContextWithOIDC, default as ProviderType } from 'oidc-provider';
import type { ServiceBase } from './oidc.js';

type Next = () => Promise<void>;
type OidcBags = { params?: Record<string, unknown>; body?: Record<string, unknown> } | undefined;

/** Must be called before provider.callback(): later `use` calls are silently ignored. */
export function installProviderMiddleware(provider: ProviderType, svc: Pick<ServiceBase, 'stats'>): void {
  const { stats } = svc;
  provider.use(async (ctx: KoaContextWithOIDC, next: Next) => {
    if (ctx.path === '/connect/authorize' && ctx.method === 'GET') keepOfflineAccess(ctx);
    await next();
    if (ctx.method === 'POST' && ctx.path === '/connect/token') {
      const oidc = ctx.oidc as unknown as OidcBags;
      const grantType = oidc?.params?.grant_type ?? oidc?.body?.grant_type;
      const key = typeof grantType === 'string' ? grantType : 'unknown';
      stats.tokenRequests[key] = (stats.tokenRequests[key] ?? 0) + 1;
      fullScopeInTokenResponse(ctx);
      unauthorizedClientError(ctx);
    }
  });
}

/**
 * OpenID Connect drops `offline_access` from an authorization request unless it says `prompt=consent`; Duende issues
 * the refresh token anyway. Asking for the consent prompt keeps the scope, and our sign-in page answers login and
 * consent in one step.
 */
function keepOfflineAccess(ctx: KoaContextWithOIDC): void {
  const query = new URLSearchParams(ctx.querystring);
  const scopes = (query.get('scope') ?? '').split(' ');
  if (!scopes.includes('offline_access') || query.has('request') || query.has('request_uri')) return;
  const prompts = (query.get('prompt') ?? '').split(' ').filter(Boolean);
  if (prompts.includes('consent') || prompts.includes('none')) return;
  query.set('prompt', [...prompts, 'consent'].join(' '));
  ctx.querystring = query.toString();
}

/**
 * oidc-provider answers `scope` with the resource's scopes only; Duende lists every granted scope. The access token we
 * just issued carries the full list, so copy it from there.
 */
function fullScopeInTokenResponse(ctx: KoaContextWithOIDC): void {
  const body = ctx.body as Record<string, unknown> | undefined;
  if (ctx.status !== 200 || typeof body?.access_token !== 'string') return;
  try {
    const payload = JSON.parse(Buffer.from(body.access_token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      scope?: unknown;
    };
    if (Array.isArray(payload.scope) && payload.scope.length > 0) body.scope = payload.scope.join(' ');
  } catch {
    /* not a JWT: leave the response alone */
  }
}

/** RFC 6749 §5.2 (and Duende) call a grant type the client may not use `unauthorized_client`. */
function unauthorizedClientError(ctx: KoaContextWithOIDC): void {
  const body = ctx.body as Record<string, unknown> | undefined;
  if (ctx.status === 400 && body?.error === 'invalid_request' && body.error_description === 'requested grant type is not allowed for this client') {
    body.error = 'unauthorized_client';
  }
}

