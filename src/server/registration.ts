/**
 * Dynamic client registration (RFC 7591) at `POST /connect/register`, as the real service has it
 * (identity-api.md §7.9; its DynamicClientRegistrationService): anonymous, public PKCE clients with loopback redirect
 * URIs only, server-fixed scopes, a limited lifetime, a cap on live registrations and a per-address rate limit.
 * Registered clients live in the system tenant and can be used from every tenant (see findClientForTenant).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceContext } from './context.js';
import { BodyTooLargeError, isJsonContentType, isLoopbackHost, readBody, sendEmpty, sendJson } from './http.js';
import { DYNAMIC_CLIENT_PREFIX } from './oidc-clients.js';
import { isExpiredRegistration } from './principals.js';
import { clientRecord, emptyUriSources } from './seed.js';
import { normalizeAddress } from './throttle.js';
import type { ClientRecord, TenantData } from './types.js';

/** Scopes every registered client gets, whatever it asks for (the real service's AllowedScopes). */
const DYNAMIC_CLIENT_SCOPES = ['openid', 'profile', 'email', 'role', 'octo_api', 'offline_access'] as const;
const DEFAULT_NAME = 'Dynamically registered MCP client';
/** Optional RFC 7591 §2 metadata kept as registered. */
const URI_FIELDS = ['client_uri', 'logo_uri', 'policy_uri', 'tos_uri'] as const;
const STRING_FIELDS = ['client_name', 'token_endpoint_auth_method', 'scope', 'software_id', 'software_version', 'application_type'] as const;
const ARRAY_FIELDS = ['redirect_uris', 'grant_types', 'response_types', 'contacts'] as const;

type Answer = { status: 200 | 201; body: Record<string, unknown> } | { status: 400 | 403; body: { error: string; error_description: string } };

type ValidationError = 'invalid_redirect_uri' | 'invalid_client_metadata';

/** The known RFC 7591 fields of a valid request, as sent (the server fixes the rest in newDynamicClient). */
type KeptMetadata = Record<string, unknown> & { redirect_uris: string[] };

/** The outcome of validate: the metadata to keep, or the RFC 7591 §3.2.2 error to answer with. */
type Validation = { ok: true; metadata: KeptMetadata } | { ok: false; error: ValidationError; description: string };

const invalid = (error: ValidationError, description: string): Validation => ({ ok: false, error, description });

/** http on 127.0.0.0/8, [::1] or localhost (what .NET's Uri.IsLoopback accepts), without a fragment. */
function isLoopbackRedirect(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || url.hash || url.username || url.password) return false;
  return isLoopbackHost(url.hostname);
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Checks the request metadata. */
function validate(body: unknown): Validation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return invalid('invalid_client_metadata', 'The request body must be a JSON object of client metadata.');
  }
  const input = body as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const field of ARRAY_FIELDS) {
    const v = input[field];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return invalid('invalid_client_metadata', `${field} must be an array of strings.`);
    kept[field] = v;
  }
  for (const field of [...STRING_FIELDS, ...URI_FIELDS]) {
    const v = input[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return invalid('invalid_client_metadata', `${field} must be a string.`);
    if ((URI_FIELDS as readonly string[]).includes(field) && !isWebUrl(v)) {
      return invalid('invalid_client_metadata', `${field} must be an absolute http or https URL.`);
    }
    kept[field] = v;
  }
  const redirectUris = (kept.redirect_uris as string[] | undefined) ?? [];
  if (redirectUris.length === 0) return invalid('invalid_redirect_uri', 'At least one redirect_uri is required.');
  for (const uri of redirectUris) {
    if (!isLoopbackRedirect(uri)) {
      return invalid('invalid_redirect_uri', `redirect_uri '${uri}' is not an allowed loopback http URI (127.0.0.1 / [::1] / localhost).`);
    }
  }
  const method = kept.token_endpoint_auth_method;
  if (method !== undefined && method !== 'none') {
    return invalid('invalid_client_metadata', "Only public clients are supported (token_endpoint_auth_method must be 'none').");
  }
  const grants = (kept.grant_types as string[] | undefined) ?? [];
  if (grants.some((g) => g !== 'authorization_code' && g !== 'refresh_token')) {
    return invalid('invalid_client_metadata', 'Only the authorization_code (+ refresh_token) grant is supported.');
  }
  const responses = (kept.response_types as string[] | undefined) ?? [];
  if (responses.some((r) => r !== 'code')) return invalid('invalid_client_metadata', "Only the response type 'code' is supported.");
  return { ok: true, metadata: { ...kept, redirect_uris: redirectUris } };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
}

/** Drops expired registrations for good (they already count as absent); true when something was removed. */
function purgeExpiredRegistrations(tenant: TenantData, now = Date.now()): boolean {
  const before = tenant.clients.length;
  tenant.clients = tenant.clients.filter((c) => !isExpiredRegistration(c, now));
  return tenant.clients.length !== before;
}

function newDynamicClient(svc: ServiceContext, kept: KeptMetadata, now: Date): ClientRecord {
  const clientId = DYNAMIC_CLIENT_PREFIX + randomUUID().replace(/-/g, '');
  const redirectUris = [...new Set(kept.redirect_uris)];
  const clientName = typeof kept.client_name === 'string' && kept.client_name.trim() ? kept.client_name : DEFAULT_NAME;
  const metadata: Record<string, unknown> = {
    ...kept,
    client_id: clientId,
    client_id_issued_at: Math.floor(now.getTime() / 1000),
    client_name: clientName,
    redirect_uris: redirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    scope: DYNAMIC_CLIENT_SCOPES.join(' '),
  };
  const uriSources = emptyUriSources();
  uriSources.redirectUris = Object.fromEntries(redirectUris.map((uri) => [uri, 'dynamic']));
  return clientRecord({
    clientId,
    clientName,
    clientUri: typeof kept.client_uri === 'string' ? kept.client_uri : null,
    isEnabled: true,
    allowedGrantTypes: ['authorization_code'],
    redirectUris,
    allowedScopes: DYNAMIC_CLIENT_SCOPES.filter((s) => s !== 'offline_access'),
    isOfflineAccessEnabled: true,
    autoProvisionInChildTenants: true,
    uriSources,
    dynamicRegistration: { expiresAt: new Date(now.getTime() + svc.options.dynamicRegistration.ttlSeconds * 1000).toISOString(), metadata },
  });
}

/** The registration itself, once the request passed the rate limit and was parsed. */
async function register(svc: ServiceContext, body: unknown): Promise<Answer> {
  const checked = validate(body);
  if (!checked.ok) return { status: 400, body: { error: checked.error, error_description: checked.description } };
  const { metadata } = checked;
  const tenant = svc.store.tenant(svc.systemTenant)!;
  const now = new Date();
  const purged = purgeExpiredRegistrations(tenant, now.getTime());
  const live = tenant.clients.filter((c) => c.dynamicRegistration);

  // An equivalent live registration (same redirect URI set) is answered again instead of piling up clients.
  const existing = live.find((c) => sameSet(c.redirectUris, metadata.redirect_uris));
  if (existing) {
    if (purged) await svc.store.commit();
    return { status: 200, body: existing.dynamicRegistration!.metadata };
  }
  if (live.length >= svc.options.dynamicRegistration.maxClients) {
    if (purged) await svc.store.commit();
    return { status: 403, body: { error: 'access_denied', error_description: 'Dynamic client registration cap reached for this instance.' } };
  }
  const client = newDynamicClient(svc, metadata, now);
  tenant.clients.push(client);
  await svc.store.commit();
  svc.options.log(`registered dynamic client ${client.clientId} (expires ${client.dynamicRegistration!.expiresAt})`);
  return { status: 201, body: client.dynamicRegistration!.metadata };
}

/** `POST /connect/register`. */
export async function handleRegistration(svc: ServiceContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!svc.options.dynamicRegistration.enabled) {
    req.resume();
    return sendEmpty(res, 404);
  }
  if (req.method !== 'POST') {
    req.resume();
    return sendEmpty(res, 405, { allow: 'POST' });
  }
  const wait = svc.registrationLimiter.take(normalizeAddress(req.socket.remoteAddress));
  if (wait > 0) {
    req.resume();
    res.setHeader('retry-after', String(wait));
    return sendJson(res, 429, { error: 'too_many_requests', error_description: `Too many registrations from this address. Retry in ${wait} seconds.` });
  }
  if (!isJsonContentType(req.headers['content-type'])) {
    req.resume();
    return sendJson(res, 400, { error: 'invalid_client_metadata', error_description: 'The request must be JSON (Content-Type: application/json).' });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8'));
  } catch (err) {
    if (err instanceof BodyTooLargeError) return sendJson(res, 400, { error: 'invalid_client_metadata', error_description: 'The request body is too large.' });
    return sendJson(res, 400, { error: 'invalid_client_metadata', error_description: 'The request body is not valid JSON.' });
  }
  const answer = await register(svc, parsed);
  res.setHeader('cache-control', 'no-store');
  sendJson(res, answer.status, answer.body);
}
