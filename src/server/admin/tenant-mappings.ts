/**
 * `externalTenantUserMappings` (identity-api.md §2.10, §4.9): "user X of tenant S may work in this tenant with these
 * roles/groups". Stored and returned; this local service does not create cross-tenant shadow users from them.
 * The mapping helpers are shared with admin provisioning.
 */
import type { ServerResponse } from 'node:http';
import { sendJson, sendProblem, sendString, sendValidationProblem } from '../http.js';
import { newRtId } from '../ids.js';
import type { ExternalTenantUserMappingRecord, TenantData } from '../types.js';
import { HANDLED, pageParams, readDto, type Dto } from './body.js';
import { findGroup, normalizeIds, queryGet, removeRoute, routeRtId, unknownRoleId } from './common.js';
import type { AdminRequest, Route } from './types.js';

export function mappingToDto(tenant: TenantData, m: ExternalTenantUserMappingRecord) {
  return {
    id: m.rtId,
    sourceTenantId: m.sourceTenantId,
    sourceUserId: m.sourceUserId,
    sourceUserName: m.sourceUserName,
    roleIds: [...m.roleIds],
    groupNames: m.groupIds.map((id) => findGroup(tenant, id)?.name).filter((n): n is string => n !== undefined),
  };
}

const CREATE_SCHEMA = { sourceTenantId: 'string', sourceUserId: 'string', sourceUserName: 'string', roleIds: 'string[]' } as const;
export const CREATE_WITH_GROUPS_SCHEMA = { sourceTenantId: 'string', sourceUserId: 'string', sourceUserName: 'string', groupIds: 'string[]' } as const;

type SourceFields = { sourceTenantId?: string | null; sourceUserId?: string | null; sourceUserName?: string | null };

/** The three [Required] source fields; sends 400 ValidationProblemDetails and returns false when one is missing. */
export function checkSource(res: ServerResponse, dto: SourceFields): boolean {
  const errors: Record<string, string[]> = {};
  for (const [key, label] of [
    ['sourceTenantId', 'SourceTenantId'],
    ['sourceUserId', 'SourceUserId'],
    ['sourceUserName', 'SourceUserName'],
  ] as const) {
    if (!dto[key]?.trim()) errors[label] = [`The ${label} field is required.`];
  }
  if (Object.keys(errors).length === 0) return true;
  sendValidationProblem(res, errors);
  return false;
}

/** The validated source fields (after checkSource). */
export function sourceOf(dto: SourceFields): { sourceTenantId: string; sourceUserId: string; sourceUserName: string } {
  return { sourceTenantId: dto.sourceTenantId!.trim(), sourceUserId: dto.sourceUserId!.trim(), sourceUserName: dto.sourceUserName!.trim() };
}

export function findMapping(tenant: TenantData, sourceTenantId: string, sourceUserId: string) {
  return tenant.externalTenantUserMappings.find(
    (m) => m.sourceTenantId.toLowerCase() === sourceTenantId.toLowerCase() && m.sourceUserId.toLowerCase() === sourceUserId.toLowerCase(),
  );
}

/**
 * Adds a mapping to `tenant` after checking roles, groups and duplicates (answering 400 / 409 plain strings itself);
 * returns undefined when the answer was sent.
 */
export function addMapping(
  r: AdminRequest,
  tenant: TenantData,
  source: ReturnType<typeof sourceOf>,
  roleIds: readonly string[],
  groupIds: readonly string[],
): ExternalTenantUserMappingRecord | undefined {
  const unknownRole = unknownRoleId(tenant, roleIds);
  if (unknownRole !== undefined) {
    sendString(r.req, r.res, 400, `Role with id '${unknownRole}' not found.`);
    return undefined;
  }
  const unknownGroup = groupIds.find((id) => !findGroup(tenant, id));
  if (unknownGroup !== undefined) {
    sendString(r.req, r.res, 400, `Group with id '${unknownGroup}' not found.`);
    return undefined;
  }
  if (findMapping(tenant, source.sourceTenantId, source.sourceUserId)) {
    sendString(r.req, r.res, 409, `A mapping for user '${source.sourceUserId}' of tenant '${source.sourceTenantId}' already exists.`);
    return undefined;
  }
  const mapping: ExternalTenantUserMappingRecord = {
    rtId: newRtId(),
    sourceTenantId: source.sourceTenantId,
    sourceUserId: source.sourceUserId,
    sourceUserName: source.sourceUserName,
    roleIds: normalizeIds(roleIds),
    groupIds: normalizeIds(groupIds),
  };
  tenant.externalTenantUserMappings.push(mapping);
  return mapping;
}

/** Reads a CreateExternalTenantUserMappingDto; undefined when the 400 was sent. */
export async function readCreateMapping(r: AdminRequest): Promise<Dto<typeof CREATE_SCHEMA> | undefined> {
  const dto = await readDto(r.req, r.res, CREATE_SCHEMA, 'CreateExternalTenantUserMappingDto');
  if (dto === HANDLED || !checkSource(r.res, dto)) return undefined;
  return dto;
}

async function createMapping(r: AdminRequest): Promise<void> {
  const dto = await readCreateMapping(r);
  if (!dto) return;
  const mapping = addMapping(r, r.tenant, sourceOf(dto), dto.roleIds ?? [], []);
  if (!mapping) return;
  await r.commit();
  const path = new URL(r.req.url ?? '/', 'http://x').pathname.replace(/\/$/, '');
  r.res.setHeader('location', `${path}/${mapping.rtId}`);
  sendJson(r.res, 201, mappingToDto(r.tenant, mapping));
}

function routeMapping(r: AdminRequest): ExternalTenantUserMappingRecord | undefined {
  const rtId = routeRtId(r, 'rtId');
  if (rtId === undefined) return undefined;
  const mapping = r.tenant.externalTenantUserMappings.find((m) => m.rtId === rtId);
  if (!mapping) sendProblem(r.res, 404);
  return mapping;
}

async function updateMapping(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, { roleIds: 'string[]' } as const, 'UpdateExternalTenantUserMappingDto');
  if (dto === HANDLED) return;
  const mapping = routeMapping(r);
  if (!mapping) return;
  const roleIds = dto.roleIds ?? [];
  const unknown = unknownRoleId(r.tenant, roleIds);
  if (unknown !== undefined) return sendString(r.req, r.res, 400, `Role with id '${unknown}' not found.`);
  mapping.roleIds = normalizeIds(roleIds);
  await r.commit();
  sendJson(r.res, 200, mappingToDto(r.tenant, mapping));
}

export const tenantMappingRoutes: Route[] = [
  {
    method: 'GET',
    path: 'externalTenantUserMappings',
    policy: 'read',
    handler: (r) => {
      const page = pageParams(r.query);
      if ('error' in page) return sendValidationProblem(r.res, page.error);
      const source = queryGet(r.query, 'sourceTenantId')?.toLowerCase();
      const all = r.tenant.externalTenantUserMappings.filter((m) => !source || m.sourceTenantId.toLowerCase() === source);
      sendJson(r.res, 200, all.slice(page.skip, page.skip + page.take).map((m) => mappingToDto(r.tenant, m)));
    },
  },
  {
    method: 'GET',
    path: 'externalTenantUserMappings/:rtId',
    policy: 'read',
    handler: (r) => {
      const mapping = routeMapping(r);
      if (mapping) sendJson(r.res, 200, mappingToDto(r.tenant, mapping));
    },
  },
  { method: 'POST', path: 'externalTenantUserMappings', policy: 'write', storeErrorStatus: 500, handler: createMapping },
  { method: 'PUT', path: 'externalTenantUserMappings/:rtId', policy: 'write', storeErrorStatus: 500, handler: updateMapping },
  removeRoute('externalTenantUserMappings/:rtId', 500, 'externalTenantUserMappings', routeMapping),
];
