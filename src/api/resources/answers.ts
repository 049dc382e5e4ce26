/**
 * Reading the admin API's answers: the shapes it uses for lists and single objects, checked, so that a wrong URL or a
 * proxy's page is an error and not an empty table. Also the id forms the server writes.
 */
import { normalizedRtId } from '../../shared/ids.js';
import { HttpError } from '../../errors.js';
import type { AdminApi } from '../client.js';

/**
 * A list: a bare array, or (with `wrapper`) an object wrapping the array under that key (`{groups:[…]}`,
 * `{identityProviders:[…]}`, `{emailDomainGroupRules:[…]}`). No body (or null) is an empty list.
 */
export function listOf<T>(data: unknown, what: string, wrapper?: string): T[] {
  if (data === undefined || data === null) return [];
  if (Array.isArray(data)) return data as T[];
  if (wrapper !== undefined && typeof data === 'object' && wrapper in (data as object)) {
    const inner = (data as Record<string, unknown>)[wrapper];
    if (inner === null || inner === undefined) return [];
    if (Array.isArray(inner)) return inner as T[];
  }
  throw new HttpError(`the server's answer for ${what} is not a list`, 200, JSON.stringify(data).slice(0, 200));
}

/** One object: anything else (no body, an array, a string) is an error. */
export function objectOf<T>(data: unknown, what: string): T {
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new HttpError(`the server's answer for ${what} is not an object`, 200, String(data ?? ''));
  return data as T;
}

/**
 * One object that some endpoints wrap like a list (`GET identityProviders/{id}` answers `{identityProviders:[x]}`): a
 * bare object, or the wrapper under `wrapper` with exactly one element.
 */
export function singleOf<T>(data: unknown, wrapper: string, what: string): T {
  if (data && typeof data === 'object' && !Array.isArray(data) && Array.isArray((data as Record<string, unknown>)[wrapper])) {
    const list = (data as Record<string, unknown[]>)[wrapper]!;
    if (list.length === 1 && list[0] && typeof list[0] === 'object') return list[0] as T;
    throw new HttpError(`the server's answer for ${what} holds ${list.length} entries instead of one`, 200, JSON.stringify(data).slice(0, 200));
  }
  return objectOf<T>(data, what);
}

/** A string field of an answer (an id), or an error naming what was asked for. */
export function idField(data: unknown, object: Record<string, unknown>, field: string, what: string): string {
  const id = object[field];
  if (typeof id !== 'string' || !id) throw new HttpError(`the server's answer for ${what} has no ${field}`, 200, JSON.stringify(data).slice(0, 200));
  return id;
}

/** The id of a created object when the server returned one (`id` or `rtId`); undefined for an empty answer. */
export function createdId(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const o = data as Record<string, unknown>;
  const id = o.id ?? o.rtId;
  return typeof id === 'string' && id ? id : undefined;
}

export { isRtId } from '../../shared/ids.js';

/**
 * The RtId of an object that group membership takes: a value of 24 hex digits is taken as the RtId (lower-cased);
 * anything else names the object and is looked up: GET `at(value)`, an object (or one wrapped under `wrapper`) whose
 * `field` holds the RtId. `what` names the object in errors.
 */
export async function lookUpRtId(api: AdminApi, value: string, how: { at: (value: string) => string; wrapper: string; field: string; what: string }): Promise<string> {
  const id = normalizedRtId(value);
  if (id) return id;
  const { data } = await api.get<unknown>(how.at(value), { entity: how.what });
  return idField(data, singleOf<Record<string, unknown>>(data, how.wrapper, how.what), how.field, how.what);
}

/** Ids as the server writes them: RtIds in lower-case hex, anything else trimmed. */
export function normalizeIds(values: readonly string[]): string[] {
  return values.map((v) => normalizedRtId(v) ?? v.trim());
}
