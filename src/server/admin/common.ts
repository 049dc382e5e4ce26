/** Small pieces shared by the admin controllers of users, roles, groups, providers, rules and mappings. */
import { sendValidationProblem } from '../http.js';
import type { GroupRecord, RoleRecord, TenantData } from '../types.js';
import type { AdminRequest } from './router.js';

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

export function findRoleById(tenant: TenantData, id: string): RoleRecord | undefined {
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

/** `skip`/`take`-free paging helper: PagedResult<T> (identity-api.md §4.10). */
export function pagedResult<T, D>(all: readonly T[], skip: number, take: number, map: (t: T) => D) {
  return { totalCount: all.length, skip, take, list: all.slice(skip, skip + take).map(map) };
}

/** A query parameter by name, case-insensitively (ASP.NET model binding), or null. */
export function queryGet(query: URLSearchParams, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === wanted) return value;
  return null;
}
