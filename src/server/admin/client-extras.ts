/**
 * Client extras (identity-api.md §2.1, §3.1): overlay URIs (entries tagged `overlay:<name>`), and mirrors of flagged
 * client-credentials clients in child tenants. Child tenants: every tenant after the first is a child of the first
 * (the system tenant); see `childTenantsOf`.
 */
import { childTenantsOf } from '../context.js';
import { sendEmpty, sendJson, sendNotFoundDto, sendOperationFailed, sendValidationProblem } from '../http.js';
import { newRtId } from '../ids.js';
import { revokeClientGrants } from '../oidc-clients.js';
import { findClient } from '../principals.js';
import { URI_LISTS, type ClientRecord, type TenantData, type UriListName } from '../types.js';
import { HANDLED, readDto } from './body.js';
import { queryGet } from './common.js';
import type { AdminRequest, Route } from './types.js';

const OVERLAY_NAME = /^[A-Za-z0-9._-]+$/;

const OVERLAY_SCHEMA = {
  overlayName: 'string',
  redirectUris: 'string[]',
  postLogoutRedirectUris: 'string[]',
  allowedCorsOrigins: 'string[]',
} as const;

/** The live client of the path's id, or undefined once a 404 NotFoundErrorDto is sent. */
export function clientOr404(r: AdminRequest): ClientRecord | undefined {
  const client = findClient(r.tenant, r.params.id!);
  if (!client) sendNotFoundDto(r.res, `Client with id '${r.params.id}' does not exist.`);
  return client;
}

const overlayNameError = (name: string | null | undefined) =>
  !name || !name.trim()
    ? 'The OverlayName field is required.'
    : OVERLAY_NAME.test(name)
      ? undefined
      : "The field OverlayName must match the regular expression '^[A-Za-z0-9._-]+$'.";

/** `POST clients/{id}/overlayUris`: appends URIs tagged `overlay:<name>`, skipping any URI already present. */
async function applyOverlay(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, OVERLAY_SCHEMA, 'ApplyOverlayUrisDto');
  if (dto === HANDLED) return;
  const nameError = overlayNameError(dto.overlayName);
  if (nameError) return sendValidationProblem(r.res, { OverlayName: [nameError] });
  const given = Object.fromEntries(URI_LISTS.map((list) => [list, (dto[list] ?? []).map((u) => u.trim()).filter(Boolean)])) as Record<
    UriListName,
    string[]
  >;
  if (URI_LISTS.every((list) => given[list].length === 0)) {
    // BadRequest(ModelState) → a SerializableError: a plain dictionary, not ProblemDetails.
    return sendJson(r.res, 400, {
      Uris: ['At least one of RedirectUris, PostLogoutRedirectUris or AllowedCorsOrigins must contain a non-whitespace URI.'],
    });
  }
  const client = clientOr404(r);
  if (!client) return;
  const tag = `overlay:${dto.overlayName}`;
  const result: Record<string, unknown> = { overlayName: dto.overlayName, clientId: client.clientId };
  let changed = false;
  for (const list of URI_LISTS) {
    let added = 0;
    let skippedDuplicate = 0;
    for (const uri of given[list]) {
      if (client[list].includes(uri)) {
        skippedDuplicate++;
        continue;
      }
      client[list].push(uri);
      client.uriSources[list][uri] = tag;
      added++;
    }
    if (added) changed = true;
    result[list] = { added, skippedDuplicate };
  }
  if (changed) await r.commit();
  sendJson(r.res, 200, result);
}

/** `DELETE clients/cleanOverlayEntries[?overlayName=]`: strips overlay entries (of one overlay, or all) from every client. */
async function cleanOverlays(r: AdminRequest): Promise<void> {
  r.req.resume();
  const name = queryGet(r.query, 'overlayName') || null;
  if (name !== null && !OVERLAY_NAME.test(name)) {
    return sendValidationProblem(r.res, { overlayName: ["The field overlayName must match the regular expression '^[A-Za-z0-9._-]+$'."] });
  }
  const matches = (source: string | undefined) => (name === null ? !!source?.startsWith('overlay:') : source === `overlay:${name}`);
  const clientResults = [];
  let total = 0;
  for (const client of r.tenant.clients) {
    const removed: Record<UriListName, number> = { redirectUris: 0, postLogoutRedirectUris: 0, allowedCorsOrigins: 0 };
    for (const list of URI_LISTS) {
      const sources = client.uriSources[list];
      const keep = client[list].filter((uri) => !matches(sources[uri]));
      removed[list] = client[list].length - keep.length;
      if (removed[list] === 0) continue;
      for (const uri of client[list]) if (matches(sources[uri])) delete sources[uri];
      client[list] = keep;
    }
    const sum = removed.redirectUris + removed.postLogoutRedirectUris + removed.allowedCorsOrigins;
    if (sum === 0) continue;
    total += sum;
    clientResults.push({
      clientId: client.clientId,
      redirectUrisRemoved: removed.redirectUris,
      postLogoutRedirectUrisRemoved: removed.postLogoutRedirectUris,
      allowedCorsOriginsRemoved: removed.allowedCorsOrigins,
    });
  }
  if (total > 0) await r.commit();
  sendJson(r.res, 200, { overlayName: name, clientsAffected: clientResults.length, totalEntriesRemoved: total, clientResults });
}

/** A copy of a flagged client for a child tenant (same id, secrets and URIs; roles that exist there). */
function mirrorOf(client: ClientRecord, parentTenantId: string, child: TenantData): ClientRecord {
  const copy = structuredClone(client);
  return {
    ...copy,
    rtId: newRtId(),
    roleIds: copy.roleIds.filter((id) => child.roles.some((role) => role.rtId === id)),
    autoProvisionInChildTenants: false,
    provisionedByParentTenantId: parentTenantId,
    mirrors: [],
  };
}

/** Provisions one client into one child tenant; true when a new mirror was created. */
function provision(r: AdminRequest, client: ClientRecord, childId: string): boolean {
  const child = r.svc.store.tenant(childId)!;
  const parentId = r.tenant.tenantId;
  const existing = child.clients.find((c) => c.clientId === client.clientId);
  const tracked = client.mirrors.some((m) => m.childTenantId === childId);
  if (existing) {
    if (!tracked && existing.provisionedByParentTenantId === parentId) {
      client.mirrors.push({ childTenantId: childId, provisionedAt: new Date().toISOString(), secretHashVersion: 1 });
    }
    return false;
  }
  child.clients.push(mirrorOf(client, parentId, child));
  client.mirrors = client.mirrors.filter((m) => m.childTenantId !== childId);
  client.mirrors.push({ childTenantId: childId, provisionedAt: new Date().toISOString(), secretHashVersion: 1 });
  return true;
}

/** Removes a client's mirrors from its child tenants (only clients this parent provisioned), the tracking and their grants. */
export function removeMirrors(r: AdminRequest, client: ClientRecord, only?: string): void {
  for (const mirror of client.mirrors) {
    if (only !== undefined && mirror.childTenantId !== only) continue;
    const child = r.svc.store.tenant(mirror.childTenantId);
    if (!child) continue;
    const copy = child.clients.find((c) => c.clientId === client.clientId && c.provisionedByParentTenantId === r.tenant.tenantId);
    if (!copy) continue;
    child.clients = child.clients.filter((c) => c !== copy);
    for (const g of child.groups) g.memberClientIds = g.memberClientIds.filter((id) => id !== copy.rtId);
  }
  client.mirrors = only === undefined ? [] : client.mirrors.filter((m) => m.childTenantId !== only);
  // A removed mirror's grants go with it: a mirror provisioned again later must not inherit its refresh tokens.
  revokeClientGrants(r.svc, client.clientId);
}

const notFlagged = (r: AdminRequest, client: ClientRecord) =>
  sendOperationFailed(r.res, `Client '${client.clientId}' is not flagged AutoProvisionInChildTenants.`);

export const clientExtraRoutes: Route[] = [
  { method: 'POST', path: 'clients/:id/overlayUris', policy: 'write', storeErrorStatus: 400, handler: applyOverlay },
  { method: 'DELETE', path: 'clients/cleanOverlayEntries', policy: 'write', storeErrorStatus: 400, handler: cleanOverlays },
  {
    method: 'GET',
    path: 'clients/:id/mirrors',
    policy: 'read',
    handler: (r) => {
      const client = clientOr404(r);
      if (!client) return;
      sendJson(
        r.res,
        200,
        client.mirrors.map((m) => ({
          parentClientId: client.clientId,
          parentTenantId: r.tenant.tenantId,
          childTenantId: m.childTenantId,
          provisionedAt: m.provisionedAt,
          secretHashVersion: m.secretHashVersion,
        })),
      );
    },
  },
  {
    method: 'POST',
    path: 'clients/:id/mirrors/provisionInExistingTenants',
    policy: 'write',
    storeErrorStatus: 400,
    handler: async (r) => {
      r.req.resume();
      const client = clientOr404(r);
      if (!client) return;
      if (!client.autoProvisionInChildTenants) return notFlagged(r, client);
      const children = childTenantsOf(r.svc, r.tenant.tenantId);
      let newlyProvisioned = 0;
      for (const child of children) if (provision(r, client, child)) newlyProvisioned++;
      await r.commit();
      sendJson(r.res, 200, { childTenantsConsidered: children.length, newlyProvisioned, alreadyPresent: children.length - newlyProvisioned });
    },
  },
  {
    method: 'POST',
    path: 'clients/:id/mirrors/provisionInTenant',
    policy: 'write',
    storeErrorStatus: 400,
    handler: async (r) => {
      r.req.resume();
      const childId = queryGet(r.query, 'childTenantId')?.trim().toLowerCase();
      if (!childId) return sendValidationProblem(r.res, { childTenantId: ['The childTenantId field is required.'] });
      const client = clientOr404(r);
      if (!client) return;
      if (!childTenantsOf(r.svc, r.tenant.tenantId).includes(childId)) {
        return sendNotFoundDto(r.res, `Child tenant '${queryGet(r.query, 'childTenantId')}' not found.`);
      }
      if (!client.autoProvisionInChildTenants) return notFlagged(r, client);
      const created = provision(r, client, childId);
      await r.commit();
      sendJson(r.res, 200, { flaggedClientsConsidered: 1, newlyProvisioned: created ? 1 : 0, alreadyPresent: created ? 0 : 1 });
    },
  },
  {
    method: 'DELETE',
    path: 'clients/:id/mirrors/:childTenantId',
    policy: 'write',
    storeErrorStatus: 400,
    handler: async (r) => {
      const client = clientOr404(r);
      if (!client) return;
      const childId = r.params.childTenantId!.toLowerCase();
      if (!client.mirrors.some((m) => m.childTenantId === childId)) {
        return sendNotFoundDto(r.res, `No mirror tracked for client '${client.clientId}' in child tenant '${r.params.childTenantId}'.`);
      }
      removeMirrors(r, client, childId);
      await r.commit();
      sendEmpty(r.res, 204);
    },
  },
  {
    method: 'PATCH',
    path: 'clients/:id/autoProvisionInChildTenants',
    policy: 'write',
    storeErrorStatus: 400,
    handler: async (r) => {
      const dto = await readDto(r.req, r.res, { enabled: 'bool' } as const, 'SetAutoProvisionInChildTenantsDto');
      if (dto === HANDLED) return;
      const client = clientOr404(r);
      if (!client) return;
      client.autoProvisionInChildTenants = dto.enabled;
      await r.commit();
      sendEmpty(r.res, 204);
    },
  },
];
