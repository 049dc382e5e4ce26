/**
 * The OAuth/OIDC protocol steps, with openid-client against the discovered endpoints. Every request goes through
 * `ctx.fetch` (so --verbose traces, proxies and custom CAs apply, and tests can swap the transport) and is
 * aborted by Ctrl-C. Loaded only by the code paths that talk to the identity service's OAuth endpoints.
 */
import * as client from 'openid-client';
import type { AuthContext } from './context.js';
import { AuthError, CliError, ConfigError, HttpError } from '../errors.js';
import { describeNetworkError } from '../api/http.js';
import { CLI_CLIENT_ID, CLI_CLIENT_SECRET, CLIENT_CREDENTIALS_SCOPE, DEVICE_CODE_GRANT, DEVICE_SCOPES, tenantAcr } from './constants.js';
import { decodeJwtExpiry } from './jwt.js';
import type { StoredTokens } from './types.js';

export type TokenResponse = client.TokenEndpointResponse;
export type DeviceAuthorization = client.DeviceAuthorizationResponse;

/** openid-client bound to one identity service and one client (octo-cli, or the given client for client_credentials). */
export interface OidcClient {
  config: client.Configuration;
  identityUrl: string;
  issuer: string;
  clientId: string;
}

/**
 * openid-client bound to the identity service and a client, from its discovery document (see `discover`). One command
 * connects up to three times (AuthStatus: userinfo, a refresh, userinfo again; `LogIn --if-needed`: a refresh, then
 * the device flow), so the checked document is kept for the run (per AuthContext and identity URL) and fetched once.
 */
export async function connect(ctx: AuthContext, identityUrl: string, credentials?: { clientId: string; clientSecret: string }): Promise<OidcClient> {
  const clientId = credentials?.clientId ?? CLI_CLIENT_ID;
  const clientSecret = credentials?.clientSecret ?? CLI_CLIENT_SECRET;
  ctx.log.redact.add(clientSecret);
  const base = identityUrl.replace(/\/+$/, '');
  const metadata = await discoverOnce(ctx, base);
  // The clock seam: openid-client checks id_token times against the injected clock, not the wall clock.
  const config = new client.Configuration(metadata, clientId, { [client.clockSkew]: Math.round((ctx.now() - Date.now()) / 1000) }, clientSecretBasic(clientSecret));
  config[client.customFetch] = oidcFetch(ctx);
  if (new URL(base).protocol === 'http:') client.allowInsecureRequests(config);
  return { config, identityUrl: base, issuer: metadata.issuer, clientId };
}

/** The discovery documents of this run: per AuthContext (one command), per identity URL. */
const discovered = new WeakMap<AuthContext, Map<string, Promise<client.ServerMetadata>>>();

/** `discover`, once per run and identity URL; a discovery that failed is tried again by the next connect. */
function discoverOnce(ctx: AuthContext, base: string): Promise<client.ServerMetadata> {
  let known = discovered.get(ctx);
  if (!known) discovered.set(ctx, (known = new Map()));
  const found = known.get(base);
  if (found) return found;
  const pending = discover(ctx, base);
  known.set(base, pending);
  pending.catch(() => {
    if (known.get(base) === pending) known.delete(base);
  });
  return pending;
}

/**
 * Discovery at `<identityUrl>/.well-known/openid-configuration`, with the original's IdentityModel policy: the
 * issuer must be the identity URL (case and a trailing slash do not matter), every endpoint must be under it, and
 * plain http only on loopback hosts (or with OCTO_CLI_ALLOW_INSECURE_HTTP=1).
 */
async function discover(ctx: AuthContext, base: string): Promise<client.ServerMetadata> {
  const url = new URL(`${base}/.well-known/openid-configuration`);
  // Plain http to a host that is not loopback is refused by the HTTP layer (assertSecureTransport in api/http.ts)
  // before this first request goes out; openid-client's own https-only check gives way to that rule.
  const insecure = url.protocol === 'http:';
  let config: client.Configuration;
  try {
    config = await client.discovery(url, CLI_CLIENT_ID, undefined, undefined, {
      [client.customFetch]: oidcFetch(ctx),
      execute: insecure ? [client.allowInsecureRequests] : [],
    });
  } catch (err) {
    throw describeOidcError(ctx, err, `discovery at ${url.href}`, url.href);
  }
  const metadata = config.serverMetadata();
  const issuer = metadata.issuer;
  if (normalizeIssuer(issuer) !== normalizeIssuer(base)) {
    throw new ConfigError(`the identity service at ${base} names a different issuer: ${issuer}`, {
      hint: `set the context's identity URL to the issuer: octo-cli -c Config -isu ${issuer.toLowerCase()} -tid <tenant>`,
    });
  }
  requireEndpointsUnder(base, metadata as unknown as Record<string, unknown>);
  return metadata;
}

/** RFC 8628 §3.1–3.2: device authorization request, with the tenant as acr_values. */
export async function initiateDeviceAuthorization(ctx: AuthContext, oidc: OidcClient, tenant: string): Promise<DeviceAuthorization> {
  requireEndpoint(oidc, 'device_authorization_endpoint', 'device sign-in');
  try {
    const dar = await client.initiateDeviceAuthorization(oidc.config, { scope: DEVICE_SCOPES, acr_values: tenantAcr(tenant) });
    ctx.log.redact.add(dar.device_code);
    return dar;
  } catch (err) {
    throw describeOidcError(ctx, err, 'the device authorization request', oidc.identityUrl);
  }
}

/**
 * One device-code token request (RFC 8628 §3.4). No acr_values here: the server maps the device code to its tenant.
 * Protocol errors (authorization_pending, slow_down, …) are thrown as they come, for the caller's poll loop.
 */
export async function requestDeviceToken(ctx: AuthContext, oidc: OidcClient, deviceCode: string): Promise<TokenResponse> {
  const response = await client.genericGrantRequest(oidc.config, DEVICE_CODE_GRANT, { device_code: deviceCode });
  redactResponse(ctx, response);
  return response;
}

export async function refreshTokenGrant(ctx: AuthContext, oidc: OidcClient, refreshToken: string, tenant: string | undefined): Promise<TokenResponse> {
  ctx.log.redact.add(refreshToken);
  try {
    const response = await client.refreshTokenGrant(oidc.config, refreshToken, tenant ? { acr_values: tenantAcr(tenant) } : {});
    redactResponse(ctx, response);
    return response;
  } catch (err) {
    throw describeOidcError(ctx, err, 'the token refresh', oidc.identityUrl);
  }
}

export async function clientCredentialsGrant(ctx: AuthContext, oidc: OidcClient, tenant: string): Promise<TokenResponse> {
  try {
    const response = await client.clientCredentialsGrant(oidc.config, { scope: CLIENT_CREDENTIALS_SCOPE, acr_values: tenantAcr(tenant) });
    redactResponse(ctx, response);
    return response;
  } catch (err) {
    throw describeOidcError(ctx, err, `the client-credentials sign-in of client '${oidc.clientId}'`, oidc.identityUrl);
  }
}

/**
 * A client-credentials token request for any client with its own secret (TestClientCredentials). Without `scope`
 * the service grants every scope the client is allowed (Duende's rule). The caller must never store or print the
 * token: it is registered with the redactor here.
 */
export async function requestClientCredentialsToken(ctx: AuthContext, oidc: OidcClient, tenant: string, scope?: string): Promise<TokenResponse> {
  try {
    const response = await client.clientCredentialsGrant(oidc.config, { ...(scope ? { scope } : {}), acr_values: tenantAcr(tenant) });
    redactResponse(ctx, response);
    return response;
  } catch (err) {
    throw describeOidcError(ctx, err, `the token request of client '${oidc.clientId}'`, oidc.identityUrl);
  }
}

/** RFC 7009 revocation of a refresh token. Returns false when the service has no revocation endpoint. */
export async function revokeRefreshToken(ctx: AuthContext, oidc: OidcClient, refreshToken: string): Promise<boolean> {
  ctx.log.redact.add(refreshToken);
  if (!oidc.config.serverMetadata().revocation_endpoint) return false;
  try {
    await client.tokenRevocation(oidc.config, refreshToken, { token_type_hint: 'refresh_token' });
    return true;
  } catch (err) {
    throw describeOidcError(ctx, err, 'the revocation of the refresh token', oidc.identityUrl);
  }
}

/** The userinfo claims for a user token; throws AuthError with `rejected` set when the service refuses the token. */
export async function fetchUserInfo(ctx: AuthContext, oidc: OidcClient, accessToken: string): Promise<Record<string, unknown>> {
  requireEndpoint(oidc, 'userinfo_endpoint', 'userinfo');
  try {
    return (await client.fetchUserInfo(oidc.config, accessToken, client.skipSubjectCheck)) as Record<string, unknown>;
  } catch (err) {
    const described = describeOidcError(ctx, err, 'the userinfo request', oidc.identityUrl);
    if (described instanceof AuthError || (described instanceof HttpError && described.status === 401)) throw new UserInfoRejected(described.message);
    throw described;
  }
}

export class UserInfoRejected extends AuthError {}

/** What we store from a token response. Expiry = injected clock + expires_in (or the JWT's exp when absent). */
export function toStoredTokens(
  ctx: AuthContext,
  response: TokenResponse,
  extra: Pick<StoredTokens, 'method' | 'clientId' | 'issuer' | 'tenant'> & { previousRefreshToken?: string },
): StoredTokens {
  const expiresIn = typeof response.expires_in === 'number' ? response.expires_in : undefined;
  const { previousRefreshToken, ...rest } = extra;
  const tokens: StoredTokens = {
    accessToken: response.access_token,
    accessTokenExpiresAt: expiresIn !== undefined ? new Date(ctx.now() + expiresIn * 1000).toISOString() : decodeJwtExpiry(response.access_token),
    // A refresh response without a new refresh token keeps the old one (the original stored null).
    refreshToken: response.refresh_token ?? previousRefreshToken,
    scope: response.scope,
    ...rest,
  };
  for (const [k, v] of Object.entries(tokens)) if (v === undefined) delete (tokens as unknown as Record<string, unknown>)[k];
  return tokens;
}

/** The OAuth error code of a failed request (`authorization_pending`, `invalid_grant`, …), if the server sent one. */
export function oauthErrorCode(err: unknown): string | undefined {
  if (err instanceof client.ResponseBodyError) return err.error;
  if (err instanceof client.WWWAuthenticateChallengeError) return err.cause.find((c) => c.parameters.error)?.parameters.error;
  const e = err as { error?: unknown } | undefined;
  return typeof e?.error === 'string' ? e.error : undefined;
}

function oauthErrorDescription(err: unknown): string | undefined {
  if (err instanceof client.ResponseBodyError) return err.error_description;
  if (err instanceof client.WWWAuthenticateChallengeError) return err.cause.find((c) => c.parameters.error_description)?.parameters.error_description;
  return undefined;
}

const OAUTH_ERROR_TEXT: Record<string, string> = {
  invalid_client: 'the client was not accepted (wrong client id or secret, or the client does not exist in this tenant)',
  invalid_grant: 'the grant is invalid, expired or was already used',
  unauthorized_client: 'the client may not use this grant type',
  invalid_scope: 'the client may not request these scopes',
  access_denied: 'access was denied',
  expired_token: 'the code expired',
  unsupported_grant_type: 'the service does not support this grant type',
};

/** One CliError for any failure of an OAuth call: protocol errors are 252, transport failures 253. */
export function describeOidcError(ctx: AuthContext, err: unknown, what: string, url?: string): CliError {
  if (err instanceof CliError) return err;
  if ((err as { cause?: unknown })?.cause instanceof CliError) return (err as { cause: CliError }).cause; // e.g. a broken proxy/CA setting
  if (ctx.signal.aborted) return new AuthError(`${what} was cancelled`);
  const code = oauthErrorCode(err);
  if (code) {
    const description = oauthErrorDescription(err);
    const text = OAUTH_ERROR_TEXT[code];
    return new AuthError(`${what} failed: ${code}${text ? ` (${text})` : ''}${description && description !== text ? `: ${description}` : ''}`, { cause: err });
  }
  const e = err as { code?: string; message?: string; cause?: unknown };
  // Transport failures read as they do for admin calls (the HTTP layer words them so already; this covers an
  // injected fetch): one line naming the origin, exit 253.
  if (err instanceof TypeError || e?.code === 'OAUTH_TIMEOUT' || isTransportFailure(e?.cause)) {
    return new HttpError(describeNetworkError(e?.code === 'OAUTH_TIMEOUT' ? { name: 'TimeoutError' } : err instanceof TypeError ? err : e.cause, url ?? ''), 0, '', { cause: err });
  }
  if (e?.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && e.cause instanceof Response) {
    const status = e.cause.status;
    return new HttpError(`${what} failed: the identity service answered ${status}${status === 404 ? ' (not found: is the identity URL right?)' : ''}`, status, '', { cause: err });
  }
  if (e?.code === 'OAUTH_RESPONSE_IS_NOT_JSON') return new HttpError(`${what} failed: the identity service's answer is not JSON (a proxy page?)`, 0, '', { cause: err });
  return new AuthError(`${what} failed: ${e?.message ?? String(err)}`, { cause: err });
}

/**
 * The discovery document decides where client secrets, refresh tokens and device codes are sent: every endpoint it
 * names (and jwks_uri) must be on the identity URL's scheme, host and port, and under its path.
 */
function requireEndpointsUnder(base: string, metadata: Record<string, unknown>): void {
  const authority = new URL(base);
  const prefix = authority.pathname.replace(/\/+$/, '').toLowerCase();
  for (const [name, value] of Object.entries(metadata)) {
    if ((!name.endsWith('_endpoint') && name !== 'jwks_uri') || typeof value !== 'string') continue;
    let endpoint: URL | undefined;
    try {
      endpoint = new URL(value);
    } catch {
      endpoint = undefined;
    }
    const path = endpoint?.pathname.toLowerCase() ?? '';
    const under = endpoint && endpoint.protocol === authority.protocol && endpoint.host === authority.host && (path === prefix || path.startsWith(`${prefix}/`));
    if (!under) {
      throw new AuthError(
        `the discovery document of ${base} puts its ${name} at ${endpoint ? endpoint.href : JSON.stringify(value)}, outside the issuer; refusing to use it (every endpoint must be under ${base})`,
      );
    }
  }
}

function isTransportFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return (err as { name?: string } | undefined)?.name === 'TimeoutError' || (typeof code === 'string' && /^(E[A-Z0-9_]+|UND_ERR_[A-Z_]+)$/.test(code));
}

function requireEndpoint(oidc: OidcClient, name: 'device_authorization_endpoint' | 'userinfo_endpoint', what: string): void {
  if (!oidc.config.serverMetadata()[name]) throw new AuthError(`the identity service at ${oidc.identityUrl} offers no ${what} (no ${name} in its discovery document)`);
}

function redactResponse(ctx: AuthContext, response: TokenResponse): void {
  ctx.log.redact.add(response.access_token);
  ctx.log.redact.add(response.refresh_token);
  ctx.log.redact.add(response.id_token);
}

/**
 * HTTP Basic client authentication as the original's IdentityModel sends it: id and secret each escaped like .NET's
 * Uri.EscapeDataString (RFC 3986 unreserved characters stay, e.g. `octo-cli:%7BAEE2DA50-…%7D`), as RFC 6749 §2.3.1
 * asks. openid-client's own variant also escapes `-`, which servers decode the same but differs from the original.
 */
export function clientSecretBasic(clientSecret: string): client.ClientAuth {
  return (_as, metadata, _body, headers) => {
    const credentials = `${escapeDataString(metadata.client_id)}:${escapeDataString(clientSecret)}`;
    headers.set('authorization', `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`);
  };
}

function escapeDataString(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** ctx.fetch for openid-client, also aborted by Ctrl-C. */
function oidcFetch(ctx: AuthContext): client.CustomFetch {
  return (url, options) => {
    const signal = options.signal ? AbortSignal.any([options.signal, ctx.signal]) : ctx.signal;
    return ctx.fetch(url, { ...options, signal } as RequestInit);
  };
}

function normalizeIssuer(value: string): string {
  return value.replace(/\/+$/, '').toLowerCase();
}

