/**
 * Helpers of the issue-7 Identity commands (users, roles, groups, identity providers, rules, mappings, client
 * extras): flag fragments, input checks that run before any request, and tolerant readers of the server's list
 * shapes. Output helpers shared with the other commands (jsonResult, printList) are in shared.ts.
 */
import type { RunContext } from '../cli/context.js';
import type { FlagSpec } from '../cli/spec.js';
import { flagLabel } from '../cli/argv.js';
import type { Column } from '../cli/output.js';
import { HttpError, UsageError } from '../errors.js';

export const GROUP = 'Identity Services' as const;

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** Whether a value is an OctoObjectId (RtId): 24 hex digits. */
export function isObjectId(value: string): boolean {
  return OBJECT_ID.test(value.trim());
}

/** `-id/--identifier`, a 24-hex RtId (groups, rules, mappings, identity providers). */
export function identifierFlag(description: string): FlagSpec {
  return { long: 'identifier', short: 'id', type: 'oid', required: true, valueName: '<rtId>', description };
}

/** `-rids/--roleIds`: one comma-separated token of role RtIds. */
export function roleIdsFlag(description: string, required = false): FlagSpec {
  return { long: 'roleIds', short: 'rids', type: 'csv', required, valueName: '<rtId,rtId,…>', description };
}

export const label = (flag: FlagSpec): string => flagLabel(flag);

/** Non-empty after trimming, or a usage error naming the flag. */
export function checkNotBlank(flagLabelText: string, value: unknown): void {
  if (typeof value === 'string' && value.trim() === '') throw new UsageError(`${flagLabelText} must not be empty`);
}

/** Non-empty and without whitespace (user names, tenant ids, client ids). */
export function checkToken(flagLabelText: string, value: unknown): void {
  if (typeof value !== 'string') return;
  checkNotBlank(flagLabelText, value);
  if (/\s/.test(value)) throw new UsageError(`${flagLabelText} must not contain whitespace, got '${value}'`);
}

/** Every entry of a csv flag is a 24-hex RtId (role ids). */
export function checkObjectIds(flagLabelText: string, values: unknown): void {
  if (!Array.isArray(values)) return;
  const bad = values.filter((v) => typeof v !== 'string' || !isObjectId(v));
  if (bad.length > 0) {
    throw new UsageError(`${flagLabelText} expects role ids of 24 hex digits (see GetRoles), got '${bad.join(', ')}'`);
  }
}

/** Ids as the server writes them: RtIds in lower-case hex, anything else as given. */
export function normalizeIds(values: readonly string[]): string[] {
  return values.map((v) => (isObjectId(v) ? v.trim().toLowerCase() : v.trim()));
}

/** Names the server matches against `^[A-Za-z0-9._-]+$` (overlay names; identity providers also need 3..100). */
export const SAFE_NAME = /^[A-Za-z0-9._-]+$/;

export function checkSafeName(flagLabelText: string, value: unknown, what: string, min = 1, max = Infinity): void {
  if (typeof value !== 'string') return;
  if (!SAFE_NAME.test(value)) {
    throw new UsageError(`${flagLabelText}: the ${what} may contain only letters, digits, '.', '_' and '-' (no spaces), got '${value}'`);
  }
  if (value.length < min || value.length > max) {
    throw new UsageError(`${flagLabelText}: the ${what} must be ${min} to ${max} characters long, got ${value.length}`);
  }
}

/** A plausible e-mail address (the server validates it fully). */
export function checkEmail(flagLabelText: string, value: unknown): void {
  if (typeof value !== 'string') return;
  if (!/^[^\s@]+@[^\s@]+$/.test(value.trim())) throw new UsageError(`${flagLabelText} expects an e-mail address, got '${value}'`);
}

/**
 * A list from the server in either shape it uses: a bare array, or an object wrapping the array under `key`
 * (`{groups:[…]}`, `{identityProviders:[…]}`, `{emailDomainGroupRules:[…]}`). Anything else is an error.
 */
export function listFrom<T>(data: unknown, key: string, what: string): T[] {
  if (data === undefined || data === null) return [];
  if (Array.isArray(data)) return data as T[];
  if (typeof data === 'object' && key in (data as object)) {
    const inner = (data as Record<string, unknown>)[key];
    if (inner === null || inner === undefined) return [];
    if (Array.isArray(inner)) return inner as T[];
  }
  throw new HttpError(`the server's answer for ${what} is not a list`, 200, JSON.stringify(data).slice(0, 200));
}

/** One object from the server: a bare DTO, or the list wrapper `{key:[dto]}` with exactly one element. */
export function singleFrom<T>(data: unknown, key: string, what: string): T {
  if (data && typeof data === 'object' && !Array.isArray(data) && Array.isArray((data as Record<string, unknown>)[key])) {
    const list = (data as Record<string, unknown[]>)[key]!;
    if (list.length === 1 && list[0] && typeof list[0] === 'object') return list[0] as T;
    throw new HttpError(`the server's answer for ${what} holds ${list.length} entries instead of one`, 200, JSON.stringify(data).slice(0, 200));
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new HttpError(`the server's answer for ${what} is not an object`, 200, String(data ?? ''));
  }
  return data as T;
}

/** A warning for a replace-all list that is empty: it removes everything. */
export function warnIfEmptyReplace(ctx: RunContext, ids: readonly string[], what: string): void {
  if (ids.length === 0) ctx.log.warn(`the role list is empty: this removes every role of ${what}`);
}

// ---- External tenant user mappings (also the answer of the admin-provisioning commands) ----

/** ExternalTenantUserMappingDto (identity-api.md §4.9). */
export interface MappingDto {
  id?: string | null;
  sourceTenantId?: string | null;
  sourceUserId?: string | null;
  sourceUserName?: string | null;
  roleIds?: string[] | null;
  groupNames?: string[] | null;
}

export const MAPPING_COLUMNS: readonly Column<MappingDto>[] = [
  { header: 'Id', value: (m) => m.id },
  { header: 'Source tenant', value: (m) => m.sourceTenantId },
  { header: 'Source user id', value: (m) => m.sourceUserId },
  { header: 'Source user name', value: (m) => m.sourceUserName },
  { header: 'Role ids', value: (m) => m.roleIds, shrink: true },
  { header: 'Groups', value: (m) => m.groupNames, shrink: true },
];

export function mappingPairs(m: MappingDto): Array<readonly [string, unknown]> {
  return [
    ['Id', m.id],
    ['Source tenant', m.sourceTenantId],
    ['Source user id', m.sourceUserId],
    ['Source user name', m.sourceUserName],
    ['Role ids', m.roleIds],
    ['Groups', m.groupNames],
  ];
}

/** `{sourceTenantId, sourceUserId, sourceUserName, roleIds|null}` (CreateExternalTenantUserMappingDto). */
export function createMappingBody(flags: { sourceTenantId: string; sourceUserId: string; sourceUserName: string; roleIds?: string[] }) {
  return {
    sourceTenantId: flags.sourceTenantId,
    sourceUserId: flags.sourceUserId,
    sourceUserName: flags.sourceUserName,
    roleIds: flags.roleIds !== undefined ? normalizeIds(flags.roleIds) : null,
  };
}

export const sourceTenantIdFlag = { long: 'sourceTenantId', short: 'stid', type: 'string', pathSegment: true, valueName: '<tenant>' } as const;
export const sourceUserIdFlag = { long: 'sourceUserId', short: 'suid', type: 'string', valueName: '<user-id>' } as const;
export const sourceUserNameFlag = { long: 'sourceUserName', short: 'sun', type: 'string', valueName: '<user-name>' } as const;

/** The id of a created object when the server returned one (`id` or `rtId`). */
export function createdId(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const o = data as Record<string, unknown>;
  const id = o.id ?? o.rtId;
  return typeof id === 'string' && id ? id : undefined;
}
