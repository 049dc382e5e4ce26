/** Users, clients and what they are entitled to: roles (direct and via groups), API scopes, secrets. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { OIDC_SCOPE_SET } from './context.js';
import type { ClientRecord, GroupRecord, RoleRecord, SecretRecord, TenantData, UserRecord } from './types.js';

/** Groups a user or client is in, directly or through nested groups (a child group's members are the parent's members). */
function groupsOf(tenant: TenantData, kind: 'user' | 'client', rtId: string): GroupRecord[] {
  const memberOf = new Map<string, GroupRecord>();
  let frontier = tenant.groups.filter((g) => (kind === 'user' ? g.memberUserIds : g.memberClientIds).includes(rtId));
  while (frontier.length > 0) {
    const next = [];
    for (const group of frontier) {
      if (memberOf.has(group.rtId)) continue;
      memberOf.set(group.rtId, group);
      next.push(...tenant.groups.filter((g) => g.memberGroupIds.includes(group.rtId)));
    }
    frontier = next;
  }
  return [...memberOf.values()];
}

/** Roles of a user or client: direct roles plus roles of every group it is in (nested groups included), in tenant order. */
export function effectiveRoles(tenant: TenantData, kind: 'user' | 'client', rtId: string, directRoleIds: string[]): RoleRecord[] {
  const roleIds = new Set(directRoleIds);
  for (const group of groupsOf(tenant, kind, rtId)) group.roleIds.forEach((id) => roleIds.add(id));
  return tenant.roles.filter((r) => roleIds.has(r.rtId));
}

/** Role names of a user or client (see effectiveRoles): the `role` claim. */
export function effectiveRoleNames(tenant: TenantData, kind: 'user' | 'client', rtId: string, directRoleIds: string[]): string[] {
  return effectiveRoles(tenant, kind, rtId, directRoleIds).map((r) => r.name);
}

/** A user by user name, else by e-mail (both case-insensitive). */
export function findUserByName(tenant: TenantData, name: string): UserRecord | undefined {
  const wanted = name.toLowerCase();
  return (
    tenant.users.find((u) => u.name.toLowerCase() === wanted) ?? tenant.users.find((u) => u.email?.toLowerCase() === wanted)
  );
}

/** A user by its login name only (case-insensitive): how the admin API's write actions address users. */
export function findUserByUserName(tenant: TenantData, name: string): UserRecord | undefined {
  const wanted = name.toLowerCase();
  return tenant.users.find((u) => u.name.toLowerCase() === wanted);
}

/** A user by user name, e-mail or RtId: how the admin API's GET actions address users (identity-api.md §2.7). */
export function findUserForRead(tenant: TenantData, value: string): UserRecord | undefined {
  return findUserByName(tenant, value) ?? tenant.users.find((u) => u.rtId === value.toLowerCase());
}

/** A dynamically registered client past its lifetime counts as absent everywhere (as in the real service). */
export function isExpiredRegistration(client: ClientRecord, now = Date.now()): boolean {
  return !!client.dynamicRegistration && Date.parse(client.dynamicRegistration.expiresAt) <= now;
}

/**
 * The live client of an id: an expired dynamic registration is skipped (it counts as absent until purged), so it
 * never hides a client created again under the same id.
 */
export function findClient(tenant: TenantData | undefined, clientId: string): ClientRecord | undefined {
  return tenant?.clients.find((c) => c.clientId === clientId && !isExpiredRegistration(c));
}

/** The API scopes a client may get: its allowed scopes that exist and are enabled in the tenant. */
export function allowedApiScopes(tenant: TenantData, client: ClientRecord): string[] {
  const enabled = new Set(tenant.apiScopes.filter((s) => s.isEnabled).map((s) => s.name));
  return [...new Set(client.allowedScopes.filter((s) => !OIDC_SCOPE_SET.has(s) && enabled.has(s)))];
}

/** Audience of an access token: the enabled API resources that contain one of its scopes (Duende's rule). */
export function audienceFor(tenant: TenantData | undefined, apiScopes: string[], fallback: string): string | string[] {
  const wanted = new Set(apiScopes);
  const names = (tenant?.apiResources ?? [])
    .filter((r) => r.isEnabled && r.scopes.some((s) => wanted.has(s)))
    .map((r) => r.name);
  if (names.length === 0) return fallback;
  return names.length === 1 ? names[0]! : names;
}

function isSecretExpired(secret: SecretRecord, now = Date.now()): boolean {
  return secret.expiration !== null && Date.parse(secret.expiration) <= now;
}

/** Compares a presented clear-text secret with every stored, unexpired hash in constant time. */
export function secretMatches(secrets: SecretRecord[], presented: string): boolean {
  const digest = createHash('sha256').update(presented, 'utf8').digest();
  let ok = false;
  for (const secret of secrets) {
    if (isSecretExpired(secret)) continue;
    const stored = Buffer.from(secret.value, 'base64');
    if (stored.length === digest.length && timingSafeEqual(stored, digest)) ok = true;
  }
  return ok;
}

/** Single values as a string, several as an array, none omitted — how Duende serialises repeated JWT claims. */
export function claimValue(values: string[]): string | string[] | undefined {
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : values;
}
