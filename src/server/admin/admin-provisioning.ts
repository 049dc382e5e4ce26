/**
 * `adminProvisioning/{targetTenantId}` (identity-api.md §2.10): admins of a parent tenant give users of their tenant
 * access to a child tenant, as external tenant user mappings stored in the child. Every action needs the RW policy,
 * GETs included. The target must be a child of the route tenant (here: any other tenant when the route tenant is the
 * system tenant); otherwise 404 `Tenant '<t>' not found.`
 */
import { childTenantsOf } from '../context.js';
import { sendEmpty, sendJson, sendProblem, sendString, sendValidationProblem } from '../http.js';
import { TENANT_OWNERS_RTID } from '../seed.js';
import type { TenantData } from '../types.js';
import { HANDLED, readDto } from './body.js';
import { isRtId, queryGet } from './common.js';
import { addMapping, CREATE_WITH_GROUPS_SCHEMA, checkSource, findMapping, mappingToDto, readCreateMapping, sourceOf } from './tenant-mappings.js';
import type { AdminRequest, Route } from './types.js';

const BASE = 'adminProvisioning/:target';

/** The target tenant, or undefined after answering 404 with the plain string of the real service. */
function targetTenant(r: AdminRequest): TenantData | undefined {
  const wanted = r.params.target!.toLowerCase();
  const isChild = childTenantsOf(r.svc, r.tenant.tenantId).includes(wanted);
  const tenant = isChild ? r.svc.store.tenant(wanted) : undefined;
  if (!tenant) {
    r.req.resume();
    sendString(r.req, r.res, 404, `Tenant '${r.params.target}' not found.`);
  }
  return tenant;
}

function get(path: string, body: (r: AdminRequest, target: TenantData) => unknown): Route {
  return {
    method: 'GET',
    path: path ? `${BASE}/${path}` : BASE,
    policy: 'write',
    handler: (r) => {
      const target = targetTenant(r);
      if (target) sendJson(r.res, 200, body(r, target));
    },
  };
}

/** Users of the route (source) tenant matching `search` (name or e-mail, case-insensitive); `take` clamped to 1..100. */
function sourceUsers(r: AdminRequest) {
  const search = (queryGet(r.query, 'search') ?? '').trim().toLowerCase();
  const rawTake = Number(queryGet(r.query, 'take') ?? 20);
  const take = Math.min(100, Math.max(1, Number.isFinite(rawTake) ? Math.trunc(rawTake) : 20));
  return r.tenant.users
    .filter((u) => !search || u.name.toLowerCase().includes(search) || (u.email ?? '').toLowerCase().includes(search))
    .slice(0, take)
    .map((u) => ({ userId: u.rtId, userName: u.name, email: u.email, firstName: u.firstName, lastName: u.lastName }));
}

async function createMapping(r: AdminRequest): Promise<void> {
  const dto = await readCreateMapping(r);
  if (!dto) return;
  const target = targetTenant(r);
  if (!target) return;
  const mapping = addMapping(r, target, sourceOf(dto), dto.roleIds ?? [], []);
  if (!mapping) return;
  await r.commit();
  sendJson(r.res, 201, mappingToDto(target, mapping));
}

async function createWithGroups(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, CREATE_WITH_GROUPS_SCHEMA, 'CreateAdminProvisioningWithGroupsDto');
  if (dto === HANDLED || !checkSource(r.res, dto)) return;
  const target = targetTenant(r);
  if (!target) return;
  const bad = (dto.groupIds ?? []).find((id) => !isRtId(id));
  if (bad !== undefined) return sendValidationProblem(r.res, { GroupIds: [`The value '${bad}' is not valid.`] });
  const mapping = addMapping(r, target, sourceOf(dto), [], dto.groupIds ?? []);
  if (!mapping) return;
  await r.commit();
  sendJson(r.res, 201, mappingToDto(target, mapping));
}

/** The signed-in user (token `sub` + `tenant_id`) becomes a TenantOwners member of the target: 201 new, 200 existing. */
async function provisionCurrentUser(r: AdminRequest): Promise<void> {
  r.req.resume();
  const { sub, tenant_id: tokenTenant } = r.claims;
  if (typeof sub !== 'string' || typeof tokenTenant !== 'string') {
    return sendString(r.req, r.res, 400, 'The access token carries no user (sub) or tenant (tenant_id).');
  }
  const target = targetTenant(r);
  if (!target) return;
  const existing = findMapping(target, tokenTenant, sub);
  if (existing) return sendJson(r.res, 200, mappingToDto(target, existing));
  if (!target.groups.some((g) => g.rtId === TENANT_OWNERS_RTID)) return sendProblem(r.res, 503);
  const user = r.svc.store.tenant(tokenTenant)?.users.find((u) => u.rtId === sub);
  const mapping = addMapping(r, target, { sourceTenantId: tokenTenant, sourceUserId: sub, sourceUserName: user?.name ?? sub }, [], [TENANT_OWNERS_RTID]);
  if (!mapping) return;
  await r.commit();
  sendJson(r.res, 201, mappingToDto(target, mapping));
}

async function deleteMapping(r: AdminRequest): Promise<void> {
  const target = targetTenant(r);
  if (!target) return;
  const id = r.params.mappingRtId!.toLowerCase();
  const mapping = target.externalTenantUserMappings.find((m) => m.rtId === id);
  if (!mapping) return sendString(r.req, r.res, 404, `Mapping '${r.params.mappingRtId}' not found.`);
  target.externalTenantUserMappings = target.externalTenantUserMappings.filter((m) => m !== mapping);
  await r.commit();
  sendEmpty(r.res, 200);
}

export const adminProvisioningRoutes: Route[] = [
  get('', (_r, target) => target.externalTenantUserMappings.map((m) => mappingToDto(target, m))),
  get('sourceUsers', (r) => sourceUsers(r)),
  get('roles', (_r, target) => target.roles.map((x) => ({ id: x.rtId, name: x.name }))),
  get('groups', (_r, target) => target.groups.map((g) => ({ id: g.rtId, name: g.name, description: g.description }))),
  { method: 'POST', path: BASE, policy: 'write', storeErrorStatus: 500, handler: createMapping },
  { method: 'POST', path: `${BASE}/withGroups`, policy: 'write', storeErrorStatus: 500, handler: createWithGroups },
  { method: 'POST', path: `${BASE}/provisionCurrentUser`, policy: 'write', storeErrorStatus: 500, handler: provisionCurrentUser },
  { method: 'DELETE', path: `${BASE}/:mappingRtId`, policy: 'write', storeErrorStatus: 500, handler: deleteMapping },
];
