/** Flag fragments, input checks and run steps (lists, JSON results, confirmed deletes) shared by several command files. */
import { HttpError, UsageError } from '../errors.js';
import type { FlagSpec } from '../cli/spec.js';
import type { RunContext } from '../cli/context.js';
import { readLine } from '../cli/io.js';
import { visible } from '../cli/text.js';
import { printJson, printTable, type Column } from '../cli/output.js';
import { confirm } from '../cli/prompt.js';
import { adminApi } from '../api/index.js';

export const yesFlag: FlagSpec = { long: 'yes', short: 'y', type: 'presence', description: 'Do not ask for confirmation (needed when stdin is not a terminal).' };

/** A URL for messages: a `user:password@` part is replaced by `***@`, valid URL or not. */
export function withoutUserinfo(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/*)[^/?#]*@/i, '$1***@');
}

/**
 * An absolute http(s) URL without a user name or password (they would be printed and stored), or a usage error
 * naming the flag.
 */
export function checkHttpUrl(label: string, value: string): void {
  const shown = withoutUserinfo(value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${label} expects an absolute http(s) URL, got '${shown}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${label} expects an http:// or https:// URL, got '${shown}'`);
  if (!url.hostname) throw new UsageError(`${label} expects a URL with a host, got '${shown}'`);
  if (url.username || url.password || shown !== value) {
    throw new UsageError(`${label} must not contain a user name or password (user:password@host), got '${shown}'`, {
      hint: 'sign in with `octo-cli -c LogIn` or `LogInClientCredentials`; credentials in URLs end up in logs and files',
    });
  }
}

/** Non-empty and without whitespace (ids, scope names, tenant ids). */
export function checkIdentifier(label: string, value: string): void {
  if (value.trim() === '') throw new UsageError(`${label} must not be empty`);
  if (/\s/.test(value)) throw new UsageError(`${label} must not contain whitespace, got '${value}'`);
}

// ---- Helpers of the admin commands (clients, scopes, resources, secrets) ----

/** `--if-not-exists` (ours) on the Add… and Create… commands: a 409 Conflict becomes success. */
export const ifNotExistsFlag: FlagSpec = {
  long: 'if-not-exists',
  type: 'presence',
  ours: true,
  description: 'Succeed (exit 0, a one-line note on stderr) when it already exists (HTTP 409), for idempotent CI scripts.',
};

/** Refuses wildcards in URIs: redirect URIs are matched exactly (no wildcards, no globs). */
export function checkNoWildcard(label: string, value: string): void {
  if (value.includes('*')) {
    throw new UsageError(`${label} must be an exact URI without wildcards, got '${value}' (redirect URIs are matched exactly)`);
  }
}

/** An absolute http(s) URL without wildcards (client, redirect and logout URIs). */
export function checkExactHttpUrl(label: string, value: string): void {
  checkNoWildcard(label, value);
  checkHttpUrl(label, value);
}

/** Milliseconds of an ISO date from the `date` flag type; a date without a zone is local time (as .NET reads it). */
export function dateMillis(value: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00` : value);
}

/** A date for new secrets: must lie in the future (by the injected clock). */
export function checkFutureDate(label: string, value: string, now: number): void {
  const at = dateMillis(value);
  if (Number.isNaN(at)) throw new UsageError(`${label} expects an ISO date like 2027-12-31, got '${value}'`);
  if (at <= now) throw new UsageError(`${label} must be in the future, got '${value}'`);
}

/**
 * The wire form of a date flag, as System.Text.Json writes the DateTime the original parses: a date alone becomes
 * `2027-12-31T00:00:00`; a time without seconds gets `:00`; a value with a zone is sent as UTC (`…Z`).
 */
export function wireDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00`;
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return new Date(Date.parse(value)).toISOString();
  return /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value;
}

/** Whether an error is the server's 409 Conflict. */
export function isConflict(err: unknown): boolean {
  return err instanceof HttpError && err.status === 409;
}

/**
 * Runs a create request; with --if-not-exists a 409 is turned into `false` (nothing created) after a note on
 * stderr. Returns true when the request succeeded.
 */
export async function createUnlessExists(ctx: RunContext, ifNotExists: boolean, what: string, send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (err) {
    if (ifNotExists && isConflict(err)) {
      ctx.log.info(`${what} already exists; nothing changed (--if-not-exists).`);
      return false;
    }
    throw err;
  }
}

/** Asks `<question> (Y/n): ` on stderr; an empty answer means yes. Only for terminals (callers check canPrompt: not in CI). */
export async function askYesDefault(ctx: RunContext, question: string): Promise<boolean> {
  ctx.io.stderr.write(`${visible(question)} (Y/n): `);
  const answer = await readLine(ctx.io.stdin);
  if (answer === null) return false;
  return /^(|y|yes)$/i.test(answer.trim());
}

/** A list from the server, or an error when the answer is not an array (a wrong URL or a proxy page). */
export function asArray<T>(data: unknown, what: string): T[] {
  if (data === undefined || data === null) return [];
  if (!Array.isArray(data)) throw new HttpError(`the server's answer for ${what} is not a list`, 200, JSON.stringify(data).slice(0, 200));
  return data as T[];
}

/** An object from the server, or an error when the answer is empty or not an object. */
export function asObject<T>(data: unknown, what: string): T {
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new HttpError(`the server's answer for ${what} is not an object`, 200, String(data ?? ''));
  return data as T;
}

/** The small JSON result of a mutating command (`--output json` only). */
export function jsonResult(ctx: RunContext, result: Record<string, unknown>): void {
  if (ctx.output === 'json') printJson(ctx, result);
}

/**
 * Prints a list: the JSON array with `--output json` (also `[]`), else a table; an empty list adds a note on
 * stderr instead of a table.
 */
export async function printList<R>(ctx: RunContext, rows: readonly R[], columns: readonly Column<R>[], emptyNote: string, json: unknown = rows): Promise<void> {
  if (ctx.output === 'json') printJson(ctx, json);
  if (rows.length === 0) {
    ctx.log.info(emptyNote);
    return;
  }
  if (ctx.output === 'json') return;
  await printTable(ctx, columns, rows);
}

/** What a confirmed Delete… command removes: `what` as its messages name the kind (`API scope`, `user`). */
export interface DeleteTarget {
  what: string;
  /** The name or id shown in the messages. */
  id: string;
  /** The API path to send DELETE to. */
  path: string;
  /** The result printed with `--output json`. */
  json: Record<string, unknown>;
}

/** The run of a confirmed Delete… command: asks (y/N) unless --yes, deletes, logs, prints the JSON result. */
export async function confirmAndDelete(ctx: RunContext, yes: boolean | undefined, target: DeleteTarget): Promise<void> {
  const { what, id } = target;
  const api = await adminApi(ctx);
  await confirm(ctx, `Are you sure you want to delete ${what} '${id}'?`, yes === true);
  ctx.log.info(`Deleting ${what} '${id}' from '${api.baseUrl}'`);
  await api.delete(target.path, { entity: `${what} '${id}'` });
  ctx.log.info(`${what.charAt(0).toUpperCase()}${what.slice(1)} '${id}' deleted`);
  jsonResult(ctx, target.json);
}
