/** Small pieces shared by the admin controllers: lookups, clean-up after deletes, role-id replacement, paging, queries. */
import { sendEmpty, sendJson, sendNotFoundDto, sendProblem, sendValidationProblem } from '../http.js';
import type { GroupRecord, RoleRecord, TenantData } from '../types.js';
import { pageParams } from './body.js';
import type { AdminRequest, Route } from './types.js';

const RT_ID = /^[0-9a-f]{24}$/i;

/** Whether a value is an OctoObjectId (RtId): 24 hex digits. */
export function isRtId(value: string | null | undefined): value is string {
  return typeof value === 'string' && RT_ID.test(value);
}

/** Route values bound to an OctoObjectId: invalid hex → 400 ValidationProblemDetails (identity-api.md §2.8). */
export function routeRtId(r: AdminRequest, name: string): string | undefined {
  const value = r.params[name]!;
  if (isRtId(value)) return value.toLowerCase();
  sendValidationProblem(r.res, { [name]: [`The value '${value}' is not valid.`] });
  return undefined;
}

export const roleToDto = (r: RoleRecord) => ({ id: r.rtId, name: r.name });

/** Role names are matched case-insensitively (ASP.NET Identity normalisation). */
export function findRoleByName(tenant: TenantData, name: string): RoleRecord | undefined {
  const wanted = name.toLowerCase();
  return tenant.roles.find((role) => role.name.toLowerCase() === wanted);
}

function findRoleById(tenant: TenantData, id: string): RoleRecord | undefined {
  const wanted = id.toLowerCase();
  return tenant.roles.find((role) => role.rtId === wanted);
}

/** The first id that names no role of the tenant, or undefined when all exist. */
export function unknownRoleId(tenant: TenantData, ids: readonly string[]): string | undefined {
  return ids.find((id) => !findRoleById(tenant, id));
}

/** Lower-cased, de-duplicated role ids. */
export function normalizeIds(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.trim().toLowerCase()))];
}

/** `PUT …/roles` of a user, client or group: the role ids replace its roles; an id that names no role answers 404. */
export async function replaceRoleIds(r: AdminRequest, owner: { roleIds: string[] }, ids: readonly string[]): Promise<void> {
  const unknown = unknownRoleId(r.tenant, ids);
  if (unknown !== undefined) return sendNotFoundDto(r.res, `Role with id '${unknown}' not found.`);
  owner.roleIds = normalizeIds(ids);
  await r.commit();
  sendEmpty(r.res, 200);
}

export function findGroup(tenant: TenantData, rtId: string): GroupRecord | undefined {
  const wanted = rtId.toLowerCase();
  return tenant.groups.find((g) => g.rtId === wanted);
}

/** Removes a user, client or group from every group's member lists. */
export function removeMemberEverywhere(tenant: TenantData, kind: 'user' | 'client' | 'group', rtId: string): void {
  for (const g of tenant.groups) {
    if (kind === 'user') g.memberUserIds = g.memberUserIds.filter((id) => id !== rtId);
    else if (kind === 'client') g.memberClientIds = g.memberClientIds.filter((id) => id !== rtId);
    else g.memberGroupIds = g.memberGroupIds.filter((id) => id !== rtId);
  }
}

/** Removes a deleted role from everything that references it. */
export function removeRoleEverywhere(tenant: TenantData, roleId: string): void {
  const without = (ids: string[]) => ids.filter((id) => id !== roleId);
  for (const u of tenant.users) u.roleIds = without(u.roleIds);
  for (const c of tenant.clients) c.roleIds = without(c.roleIds);
  for (const g of tenant.groups) g.roleIds = without(g.roleIds);
  for (const m of tenant.externalTenantUserMappings) m.roleIds = without(m.roleIds);
}

/** A `…/GetPaged` answer: PagedResult<T> (identity-api.md §4.10) of the `skip`/`take` page; 400 when they are invalid. */
export function sendPaged<T, D>(r: AdminRequest, all: readonly T[], map: (t: T) => D): void {
  const page = pageParams(r.query);
  if ('error' in page) return sendValidationProblem(r.res, page.error);
  sendJson(r.res, 200, { totalCount: all.length, skip: page.skip, take: page.take, list: all.slice(page.skip, page.skip + page.take).map(map) });
}

/**
 * The three reads of a named collection: `GET base` (all), `GET base/GetPaged` (PagedResult) and `GET base/:key`
 * (one, or 404 ProblemDetails as the real service's bare NotFound()).
 */
export function readRoutes<T, D>(base: string, key: string, all: (r: AdminRequest) => readonly T[], findOne: (r: AdminRequest, key: string) => T | undefined, toDto: (t: T) => D): Route[] {
  return [
    { method: 'GET', path: base, policy: 'read', handler: (r) => sendJson(r.res, 200, all(r).map(toDto)) },
    { method: 'GET', path: `${base}/GetPaged`, policy: 'read', handler: (r) => sendPaged(r, all(r), toDto) },
    {
      method: 'GET',
      path: `${base}/:${key}`,
      policy: 'read',
      handler: (r) => {
        const one = findOne(r, r.params[key]!);
        if (!one) return sendProblem(r.res, 404);
        sendJson(r.res, 200, toDto(one));
      },
    },
  ];
}

/** The tenant's collections (clients, roles, groups, …) and the type of their items. */
type Collection = { [K in keyof TenantData]: TenantData[K] extends readonly unknown[] ? K : never }[keyof TenantData];
type ItemOf<K extends Collection> = TenantData[K][number];

/**
 * `DELETE path` of one item of a tenant collection: `find` resolves the route to the item, or answers the miss itself
 * (400 for a bad RtId, the controller's 404) and returns undefined. The item leaves the collection, `cleanUp` removes
 * what referred to it, and once that is on disk the answer is 200 with an empty body.
 */
export function removeRoute<K extends Collection>(
  path: string,
  storeErrorStatus: 400 | 500,
  collection: K,
  find: (r: AdminRequest) => ItemOf<K> | undefined,
  cleanUp: (r: AdminRequest, item: ItemOf<K>) => void = () => {},
): Route {
  return {
    method: 'DELETE',
    path,
    policy: 'write',
    storeErrorStatus,
    handler: async (r) => {
      const item = find(r);
      if (item === undefined) return;
      const items: unknown[] = r.tenant[collection];
      items.splice(items.indexOf(item), 1);
      cleanUp(r, item);
      await r.commit();
      sendEmpty(r.res, 200);
    },
  };
}

/**
 * `DELETE base/:rtId` that checks only the RtId's form (400), not whether the item exists: 200 either way, as the real
 * service's identity providers and e-mail domain group rules.
 */
export function removeByRtIdRoute(base: string, collection: 'identityProviders' | 'emailDomainGroupRules'): Route {
  return {
    method: 'DELETE',
    path: `${base}/:rtId`,
    policy: 'write',
    storeErrorStatus: 500,
    handler: async (r) => {
      const rtId = routeRtId(r, 'rtId');
      if (rtId === undefined) return;
      const items: Array<{ rtId: string }> = r.tenant[collection];
      const index = items.findIndex((x) => x.rtId === rtId);
      if (index >= 0) items.splice(index, 1);
      await r.commit();
      sendEmpty(r.res, 200);
    },
  };
}

/** A query parameter by name, case-insensitively (ASP.NET model binding), or null. */
export function queryGet(query: URLSearchParams, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === wanted) return value;
  return null;
}
