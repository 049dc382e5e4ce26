/** `clients` (identity-api.md §2.1, §3.1): CRUD with the service's merge rules, plus direct role assignment. */
import { hashSecret } from '../../shared/secrets.js';
import { sendEmpty, sendJson, sendString } from '../http.js';
import { revokeClientGrants } from '../oidc-clients.js';
import { findClient, isExpiredRegistration } from '../principals.js';
import { clientRecord } from '../seed.js';
import { DEFAULT_CLIENT_SCOPES, URI_LISTS, type ClientRecord, type TenantData } from '../types.js';
import { clientOr404, removeMirrors } from './client-extras.js';
import { HANDLED, readDto, type Dto } from './body.js';
import { readRoutes, removeMemberEverywhere, removeRoute } from './common.js';
import type { AdminRequest, Route } from './types.js';

const CLIENT_SCHEMA = {
  rtId: 'string',
  isEnabled: 'bool?',
  clientId: 'string',
  clientSecret: 'string',
  requireClientSecret: 'bool?',
  clientName: 'string',
  clientUri: 'string',
  allowedGrantTypes: 'string[]',
  redirectUris: 'string[]',
  postLogoutRedirectUris: 'string[]',
  allowedCorsOrigins: 'string[]',
  allowedScopes: 'string[]',
  isOfflineAccessEnabled: 'bool?',
  frontChannelLogoutUri: 'string',
  frontChannelLogoutSessionRequired: 'bool?',
  backChannelLogoutUri: 'string',
  backChannelLogoutSessionRequired: 'bool?',
  autoProvisionInChildTenants: 'bool?',
  provisionedByParentTenantId: 'string',
  dynamicRegistration: 'bool?',
  dynamicRegistrationExpiresAt: 'date',
} as const;

type ClientDto = Dto<typeof CLIENT_SCHEMA>;

/** ClientDto as the service writes it: the secret is never returned. */
function clientToDto(c: ClientRecord) {
  return {
    rtId: c.rtId,
    isEnabled: c.isEnabled,
    clientId: c.clientId,
    clientSecret: null,
    requireClientSecret: c.requireClientSecret,
    clientName: c.clientName,
    clientUri: c.clientUri,
    allowedGrantTypes: c.allowedGrantTypes,
    redirectUris: c.redirectUris,
    postLogoutRedirectUris: c.postLogoutRedirectUris,
    allowedCorsOrigins: c.allowedCorsOrigins,
    allowedScopes: c.allowedScopes,
    isOfflineAccessEnabled: c.isOfflineAccessEnabled,
    frontChannelLogoutUri: c.frontChannelLogoutUri,
    frontChannelLogoutSessionRequired: c.frontChannelLogoutSessionRequired,
    backChannelLogoutUri: c.backChannelLogoutUri,
    backChannelLogoutSessionRequired: c.backChannelLogoutSessionRequired,
    autoProvisionInChildTenants: c.autoProvisionInChildTenants,
    provisionedByParentTenantId: c.provisionedByParentTenantId,
    dynamicRegistration: !!c.dynamicRegistration,
    dynamicRegistrationExpiresAt: c.dynamicRegistration?.expiresAt ?? null,
  };
}

/** A new client before the DTO is merged in (§3.1 step 2; construction-kit defaults of §6.6). */
function newClient(clientId: string): ClientRecord {
  return clientRecord({ clientId, allowedScopes: [...DEFAULT_CLIENT_SCOPES] });
}

/** The merge of §3.1: null/absent leaves a field alone, except `allowedScopes` (reset to the defaults). */
function mergeClient(c: ClientRecord, dto: ClientDto): void {
  const bools = [
    'isEnabled',
    'isOfflineAccessEnabled',
    'requireClientSecret',
    'frontChannelLogoutSessionRequired',
    'backChannelLogoutSessionRequired',
    'autoProvisionInChildTenants',
  ] as const;
  for (const key of bools) {
    const v = dto[key];
    if (typeof v === 'boolean') c[key] = v;
  }
  if (dto.clientId) c.clientId = dto.clientId;
  const strings = ['clientName', 'clientUri', 'frontChannelLogoutUri', 'backChannelLogoutUri'] as const;
  for (const key of strings) {
    const v = dto[key];
    if (v) c[key] = v;
  }
  if (dto.allowedGrantTypes) c.allowedGrantTypes = [...dto.allowedGrantTypes];
  // A given URI list replaces the stored one, and every entry is re-tagged `api` (identity-api.md §3.1).
  for (const key of URI_LISTS) {
    const v = dto[key];
    if (!v) continue;
    c[key] = [...v];
    c.uriSources[key] = Object.fromEntries(v.map((uri) => [uri, 'api']));
  }
  c.allowedScopes = [...new Set([...DEFAULT_CLIENT_SCOPES, ...(dto.allowedScopes ?? [])])];
  if (dto.clientSecret) {
    c.secrets = [
      { value: hashSecret(dto.clientSecret), description: null, expiration: null, type: 'SharedSecret', created: new Date().toISOString() },
    ];
  }
}

const liveClients = (tenant: TenantData) => tenant.clients.filter((c) => !isExpiredRegistration(c));

const conflict = (r: AdminRequest, clientId: string) => sendString(r.req, r.res, 409, `Client with id '${clientId}' already exists.`);

async function create(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, CLIENT_SCHEMA, 'ClientDto');
  if (dto === HANDLED) return;
  if (!dto.clientId) return sendJson(r.res, 400, {});
  if (findClient(r.tenant, dto.clientId)) return conflict(r, dto.clientId);
  const client = newClient(dto.clientId);
  mergeClient(client, dto);
  r.tenant.clients.push(client);
  await r.commit();
  sendEmpty(r.res, 200);
}

async function update(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, CLIENT_SCHEMA, 'ClientDto');
  if (dto === HANDLED) return;
  const client = clientOr404(r);
  if (!client) return;
  // Renaming onto another client's id would make both unreachable; the real service does not check (deviation).
  if (dto.clientId && dto.clientId !== client.clientId && findClient(r.tenant, dto.clientId)) return conflict(r, dto.clientId);
  const before = client.clientId;
  mergeClient(client, dto);
  // The old id's grants go with it: a client created again under that id must not inherit its refresh tokens.
  if (client.clientId !== before) revokeClientGrants(r.svc, before);
  await r.commit();
  sendEmpty(r.res, 200);
}

/** What a removed client takes with it: group memberships, mirrors and grants. */
function afterRemove(r: AdminRequest, client: ClientRecord): void {
  removeMemberEverywhere(r.tenant, 'client', client.rtId);
  // A flagged client takes its mirrors in child tenants with it (best effort, as the real service).
  removeMirrors(r, client);
  // Every grant of the client goes with it: its refresh tokens stop working, even for a later client of the same id.
  revokeClientGrants(r.svc, client.clientId);
}

export const clientRoutes: Route[] = [
  ...readRoutes('clients', 'id', (r) => liveClients(r.tenant), (r, id) => findClient(r.tenant, id), clientToDto),
  { method: 'POST', path: 'clients', policy: 'write', storeErrorStatus: 400, handler: create },
  { method: 'PUT', path: 'clients/:id', policy: 'write', storeErrorStatus: 400, handler: update },
  removeRoute('clients/:id', 400, 'clients', clientOr404, afterRemove),
];
