/**
 * Checks of flag values, declared with the flag (`flag.string('clientId', { check: identifier })`) and run by the
 * parser on the converted value (each element of a csv list) with the flag's label, before any request is sent.
 */
import { isRtId as isObjectId } from '../shared/ids.js';

/** Whether a value is an OctoObjectId (RtId): 24 hex digits (src/shared/ids.ts). */
export { isObjectId };
import { UsageError } from '../errors.js';
import type { Check } from './flags.js';
import { parseHttpUrl, withoutUserinfo } from '../shared/urls.js';

/** Runs several checks in order. */
export function all<V>(...checks: Check<V>[]): Check<V> {
  return (value, label, env) => checks.forEach((check) => check(value, label, env));
}

/** Not empty after trimming. */
export const notBlank: Check<string> = (value, label) => {
  if (value.trim() === '') throw new UsageError(`${label} must not be empty`);
};

/** Not empty and without whitespace (ids, scope names, tenant ids, user names). */
export const identifier: Check<string> = (value, label, env) => {
  notBlank(value, label, env);
  if (/\s/.test(value)) throw new UsageError(`${label} must not contain whitespace, got '${value}'`);
};

/** A URL for messages: a `user:password@` part is replaced by `***@`, valid URL or not (src/shared/urls.ts). */
export { withoutUserinfo };

/** An absolute http(s) URL without a user name or password (they would be printed and stored). */
export const httpUrl: Check<string> = (value, label) => {
  const shown = withoutUserinfo(value);
  switch (parseHttpUrl(value).problem) {
    case 'not-a-url':
      throw new UsageError(`${label} expects an absolute http(s) URL, got '${shown}'`);
    case 'not-http':
      throw new UsageError(`${label} expects an http:// or https:// URL, got '${shown}'`);
    case 'no-host':
      throw new UsageError(`${label} expects a URL with a host, got '${shown}'`);
    case 'userinfo':
      throw new UsageError(`${label} must not contain a user name or password (user:password@host), got '${shown}'`, {
        hint: 'sign in with `octo-cli -c LogIn` or `LogInClientCredentials`; credentials in URLs end up in logs and files',
      });
  }
};

/** No wildcards: redirect URIs are matched exactly (no wildcards, no globs). */
export const noWildcard: Check<string> = (value, label) => {
  if (value.includes('*')) {
    throw new UsageError(`${label} must be an exact URI without wildcards, got '${value}' (redirect URIs are matched exactly)`);
  }
};

/** An absolute http(s) URL without wildcards (client, redirect and logout URIs). */
export const exactHttpUrl: Check<string> = all(noWildcard, httpUrl);

/**
 * A CORS origin: scheme://host[:port] (the server compares origins exactly). A lone trailing slash, as scripts write
 * origins (`http://localhost:4200/`), is accepted here and removed by normalizeOrigin; a real path is refused.
 */
export const origin: Check<string> = (value, label, env) => {
  exactHttpUrl(value, label, env);
  if (normalizeOrigin(value) === undefined) {
    throw new UsageError(`${label} expects origins like http://localhost:4200 (scheme, host and port, no path), got '${value}'`);
  }
};

/** The origin of a value that is an origin, with or without one trailing slash; undefined when it has more (a path, query, …). */
export function normalizeOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.origin === value || `${url.origin}/` === value ? url.origin : undefined;
}

/** Milliseconds of an ISO date from the `date` flag type; a date without a zone is local time (as .NET reads it). */
export function dateMillis(value: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00` : value);
}

/** A date that lies in the future (by the injected clock), e.g. the expiry of a new secret. */
export const futureDate: Check<string> = (value, label, env) => {
  const at = dateMillis(value);
  if (Number.isNaN(at)) throw new UsageError(`${label} expects an ISO date like 2027-12-31, got '${value}'`);
  if (at <= env.now()) throw new UsageError(`${label} must be in the future, got '${value}'`);
};

/** Units of a duration flag (`30s`, `90m`, `36h`, `7d`), in milliseconds. */
const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a duration like `30s`, `90m`, `36h`, `7d` (or `0`); NaN when it is not one. */
export function durationMillis(value: string): number {
  const m = /^(\d{1,6})([smhd])$/i.exec(value.trim());
  if (m) return Number(m[1]) * DURATION_UNITS[m[2]!.toLowerCase()]!;
  return value.trim() === '0' ? 0 : Number.NaN;
}

/** A duration: a whole number with a unit s, m, h or d (`30s`, `90m`, `36h`, `7d`), or `0`. */
export const duration: Check<string> = (value, label) => {
  if (Number.isNaN(durationMillis(value))) throw new UsageError(`${label} expects a duration like 30s, 90m, 36h or 7d, got '${value}'`);
};

/** A plausible e-mail address (the server validates it fully). */
export const email: Check<string> = (value, label) => {
  if (!/^[^\s@]+@[^\s@]+$/.test(value.trim())) throw new UsageError(`${label} expects an e-mail address, got '${value}'`);
};


/** A role RtId (24 hex digits), for the entries of `-rids`. */
export const roleId: Check<string> = (value, label) => {
  if (!isObjectId(value)) throw new UsageError(`${label} expects role ids of 24 hex digits (see GetRoles), got '${value}'`);
};

/** Names the server matches against `^[A-Za-z0-9._-]+$` (overlay names; identity providers also need 3..100). */
export function safeName(what: string, min = 1, max = Infinity): Check<string> {
  return (value, label) => {
    if (!/^[A-Za-z0-9._-]+$/.test(value)) {
      throw new UsageError(`${label}: the ${what} may contain only letters, digits, '.', '_' and '-' (no spaces), got '${value}'`);
    }
    if (value.length < min || value.length > max) {
      throw new UsageError(`${label}: the ${what} must be ${min} to ${max} characters long, got ${value.length}`);
    }
  };
}

/** At most `max` characters. */
export function maxLength(max: number): Check<string> {
  return (value, label) => {
    if (value.length > max) throw new UsageError(`${label} must be at most ${max} characters long, got ${value.length}`);
  };
}

/** A number of at least `min` (0: not negative). */
export function atLeast(min: number): Check<number> {
  return (value, label) => {
    if (value < min) throw new UsageError(`${label} ${min === 0 ? 'must not be negative' : `must be at least ${min}`}, got ${value}`);
  };
}

/** The check of the trimmed value (flags whose value is trimmed before use). */
export function trimmed(check: Check<string>): Check<string> {
  return (value, label, env) => check(value.trim(), label, env);
}
