/**
 * Clients (identity-api.md §2.1, §3.1, §4.1): `clients`, `clients/{id}`, a client's roles, and the original CLI's
 * request bodies. Mirrors in child tenants are in clientMirrors.ts, overlay URIs in clientOverlays.ts, secrets in
 * secrets.ts.
 *
 * Quirks of the service that callers must know:
 * - Writes answer 200 with an empty body; a duplicate client id is a 409 with a plain-string body.
 * - PUT merges: a null or absent field leaves the stored value alone, except `allowedScopes`, which a PUT without it
 *   resets to the four OIDC defaults (`openid profile email role`), and with it replaces by defaults ∪ given. So a
 *   PUT must always carry the scopes it wants to keep (`existing` bodies do).
 * - `clientSecret` in a POST or PUT replaces all of the client's secrets with that one (stored as its hash); it is
 *   never returned.
 * - Sending the stored URI lists back re-tags overlay/family entries as `api`: an update leaves lists it does not
 *   change null (`updateBody`).
 * - Scope names are never checked against existing API scopes.
 * - Group membership of a client is by its RtId, not its client id (`rtId`).
 */
import { DEVICE_CODE_GRANT } from '../../auth/constants.js';
import { path, type AdminApi } from '../client.js';
import { listOf, lookUpRtId, objectOf } from './answers.js';

export { DEVICE_CODE_GRANT };

/** The SDK's ClientDto (identity-api.md §4.1), every property written, null when unset. */
export interface ClientDto {
  rtId: string | null;
  isEnabled: boolean | null;
  clientId: string | null;
  clientSecret: string | null;
  requireClientSecret: boolean | null;
  clientName: string | null;
  clientUri: string | null;
  allowedGrantTypes: string[] | null;
  redirectUris: string[] | null;
  postLogoutRedirectUris: string[] | null;
  allowedCorsOrigins: string[] | null;
  allowedScopes: string[] | null;
  isOfflineAccessEnabled: boolean | null;
  frontChannelLogoutUri: string | null;
  frontChannelLogoutSessionRequired: boolean | null;
  backChannelLogoutUri: string | null;
  backChannelLogoutSessionRequired: boolean | null;
  autoProvisionInChildTenants: boolean | null;
  provisionedByParentTenantId: string | null;
  dynamicRegistration: boolean | null;
  dynamicRegistrationExpiresAt: string | null;
}

const CLIENT_FIELDS: ReadonlyArray<keyof ClientDto> = [
  'rtId', 'isEnabled', 'clientId', 'clientSecret', 'requireClientSecret', 'clientName', 'clientUri', 'allowedGrantTypes',
  'redirectUris', 'postLogoutRedirectUris', 'allowedCorsOrigins', 'allowedScopes', 'isOfflineAccessEnabled',
  'frontChannelLogoutUri', 'frontChannelLogoutSessionRequired', 'backChannelLogoutUri', 'backChannelLogoutSessionRequired',
  'autoProvisionInChildTenants', 'provisionedByParentTenantId', 'dynamicRegistration', 'dynamicRegistrationExpiresAt',
];

/** A full ClientDto as the SDK serializes it: every known property in the SDK's order, null when not set, unknown ones dropped. */
export function clientDto(fields: Partial<ClientDto>): ClientDto {
  const out: Record<string, unknown> = {};
  for (const key of CLIENT_FIELDS) out[key] = fields[key] ?? null;
  return out as unknown as ClientDto;
}

const entity = (clientId: string) => `client '${clientId}'`;

// ---- The original CLI's bodies (identity-api.md §9.3) ----

/**
 * What the original derives from a client URI (AddAuthorizationCodeClient, UpdateClient -u): the CORS origin, and
 * the redirect/post-logout URI with a trailing slash. The origin is the URL's origin (the original strips trailing
 * slashes only, which leaves a path in it when the URI has one: see docs/differences-admin-commands.md).
 */
export function urisFromClientUri(clientUri: string): { origin: string; withSlash: string } {
  return { origin: new URL(clientUri).origin, withSlash: clientUri.endsWith('/') ? clientUri : `${clientUri}/` };
}

/** AddAuthorizationCodeClient: grant authorization_code, scope octo_api, offline access, no secret (a public client). */
export function authorizationCodeClient(f: { clientId: string; clientName: string; clientUri: string; redirectUri?: string; frontChannelLogoutUri?: string }): ClientDto {
  const { origin, withSlash } = urisFromClientUri(f.clientUri);
  const fclo = f.frontChannelLogoutUri;
  return clientDto({
    isEnabled: true,
    clientId: f.clientId,
    clientName: f.clientName,
    clientUri: f.clientUri,
    allowedCorsOrigins: [origin],
    allowedGrantTypes: ['authorization_code'],
    allowedScopes: ['octo_api'],
    postLogoutRedirectUris: [withSlash],
    redirectUris: f.redirectUri !== undefined ? [f.redirectUri] : [withSlash],
    isOfflineAccessEnabled: true,
    frontChannelLogoutUri: fclo ?? null,
    frontChannelLogoutSessionRequired: fclo !== undefined ? true : null,
  });
}

/** AddClientCredentialsClient: grant client_credentials, scope octo_api, the secret required. */
export function clientCredentialsClient(f: { clientId: string; clientName: string; clientSecret: string; autoProvision?: boolean }): ClientDto {
  return clientDto({
    isEnabled: true,
    clientId: f.clientId,
    clientName: f.clientName,
    clientSecret: f.clientSecret,
    requireClientSecret: true,
    allowedGrantTypes: ['client_credentials'],
    allowedScopes: ['octo_api'],
    isOfflineAccessEnabled: true,
    autoProvisionInChildTenants: f.autoProvision === true ? true : null,
  });
}

/** AddDeviceCodeClient: the device-code grant, scope octo_api; as in the original, requireClientSecret is not sent. */
export function deviceCodeClient(f: { clientId: string; clientName: string; clientSecret: string }): ClientDto {
  return clientDto({
    isEnabled: true,
    clientId: f.clientId,
    clientName: f.clientName,
    clientSecret: f.clientSecret,
    allowedGrantTypes: [DEVICE_CODE_GRANT],
    allowedScopes: ['octo_api'],
    isOfflineAccessEnabled: true,
  });
}

/**
 * The body of an update from the stored client: every field as stored (scopes included, which a PUT without them
 * would reset), but the URI lists null (left untouched by the server) unless the caller sets them.
 */
export function updateBody(existing: Partial<ClientDto>): ClientDto {
  return { ...clientDto(existing), redirectUris: null, postLogoutRedirectUris: null, allowedCorsOrigins: null };
}

// ---- Requests ----

/** GET clients. */
export async function list(api: AdminApi): Promise<ClientDto[]> {
  const { data } = await api.get<unknown>(path`clients`, { entity: 'clients' });
  return listOf<ClientDto>(data, 'clients');
}

/** GET clients/{clientId}: the client as the server sends it (not normalised; `clientDto()` fills it). */
export async function get(api: AdminApi, clientId: string): Promise<ClientDto> {
  const { data } = await api.get<unknown>(path`clients/${clientId}`, { entity: entity(clientId) });
  return objectOf<ClientDto>(data, entity(clientId));
}

/** POST clients (409 when the client id exists). */
export async function create(api: AdminApi, dto: ClientDto): Promise<void> {
  await api.post(path`clients`, { body: dto, entity: entity(String(dto.clientId)) });
}

/** PUT clients/{clientId}, a merge (see the quirks above). */
export async function update(api: AdminApi, clientId: string, dto: ClientDto): Promise<void> {
  await api.put(path`clients/${clientId}`, { body: dto, entity: entity(clientId) });
}

/** DELETE clients/{clientId}. */
export async function remove(api: AdminApi, clientId: string): Promise<void> {
  await api.delete(path`clients/${clientId}`, { entity: entity(clientId) });
}

/**
 * AddScopeToClient: GET the client, then PUT a body with only `allowedScopes` = the stored ones plus `scope` (the
 * merge keeps everything else). Nothing is sent when the client already has the scope. Returns whether it was added.
 */
export async function addScope(api: AdminApi, clientId: string, scope: string): Promise<boolean> {
  const existing = (await get(api, clientId)).allowedScopes ?? [];
  if (existing.includes(scope)) return false;
  await update(api, clientId, clientDto({ allowedScopes: [...existing, scope] }));
  return true;
}

/**
 * The RtId of a client, which group membership takes: a value of 24 hex digits is taken as the RtId (lower-cased),
 * anything else is a client id and looked up (GET clients/{clientId}).
 */
export async function rtId(api: AdminApi, value: string): Promise<string> {
  return lookUpRtId(api, value, { at: (v) => path`clients/${v}`, wrapper: 'clients', field: 'rtId', what: entity(value) });
}

// ---- Roles assigned directly to a client (identity-api.md §3.2) ----

/** GET clients/{clientId}/roles: the RtIds of the roles assigned directly (not through groups). */
export async function roleIds(api: AdminApi, clientId: string): Promise<string[]> {
  const { data } = await api.get<unknown>(path`clients/${clientId}/roles`, { entity: entity(clientId) });
  return listOf<string>(data, `the roles of ${entity(clientId)}`);
}

/** PUT clients/{clientId}/roles: replaces the directly assigned roles by these RtIds ([] removes them all). */
export async function setRoles(api: AdminApi, clientId: string, ids: readonly string[]): Promise<void> {
  await api.put(path`clients/${clientId}/roles`, { body: ids, entity: `${entity(clientId)} or one of its roles` });
}

/** PUT clients/{clientId}/roles/{roleName}: assigns a role by name (404 for an unknown client or role). */
export async function addRole(api: AdminApi, clientId: string, roleName: string): Promise<void> {
  await api.put(path`clients/${clientId}/roles/${roleName}`, { entity: `${entity(clientId)} or role '${roleName}'` });
}

/** DELETE clients/{clientId}/roles/{roleName}. */
export async function removeRole(api: AdminApi, clientId: string, roleName: string): Promise<void> {
  await api.delete(path`clients/${clientId}/roles/${roleName}`, { entity: entity(clientId) });
}
