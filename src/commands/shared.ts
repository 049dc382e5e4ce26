/**
 * What several command files share: flags declared once (with their checks), readers of the server's answers, and
 * run steps (create unless it exists, confirmed deletes). Value checks are in
 * ../cli/checks.ts.
 */
import { HttpError } from '../errors.js';
import type { RunContext } from '../cli/context.js';
import { flag } from '../cli/flags.js';
import { identifier, isObjectId } from '../cli/checks.js';
import { readLine } from '../cli/io.js';
import { visible } from '../cli/text.js';
import type { CommandResult } from '../cli/output.js';
import { confirm } from '../cli/prompt.js';
import { adminApi } from '../api/index.js';

export const GROUP = 'Identity Services' as const;

// ---- Flags shared by several commands ----

export const yesFlag = flag.presence('yes', { short: 'y', description: 'Do not ask for confirmation (needed when stdin is not a terminal).' });

/** `--if-not-exists` (ours) on the Add… and Create… commands: a 409 Conflict becomes success. */
export const ifNotExistsFlag = flag.presence('if-not-exists', {
  ours: true,
  description: 'Succeed (exit 0, a one-line note on stderr) when it already exists (HTTP 409), for idempotent CI scripts.',
});

/** `-id/--clientId` of the client commands: a client id, one segment of the request path. */
export const clientIdFlag = flag.string('clientId', { short: 'id', pathSegment: true, valueName: '<client-id>', check: identifier });

/** `-id/--identifier`, a 24-hex RtId (groups, rules, mappings, identity providers). */
export const identifierFlag = flag.oid('identifier', { short: 'id', required: true, valueName: '<rtId>' });

/** `-rids/--roleIds`: one comma-separated token of role RtIds. */
export const roleIdsFlag = flag.csv('roleIds', { short: 'rids', valueName: '<rtId,rtId,…>' });

// ---- The server's answers ----

/**
 * A list from the server: a bare array, or (with `wrapper`) an object wrapping the array under that key
 * (`{groups:[…]}`, `{identityProviders:[…]}`). Anything else is an error (a wrong URL or a proxy page).
 */
export function listFrom<T>(data: unknown, what: string, wrapper?: string): T[] {
  if (data === undefined || data === null) return [];
  if (Array.isArray(data)) return data as T[];
  if (wrapper !== undefined && typeof data === 'object' && wrapper in (data as object)) {
    const inner = (data as Record<string, unknown>)[wrapper];
    if (inner === null || inner === undefined) return [];
    if (Array.isArray(inner)) return inner as T[];
  }
  throw new HttpError(`the server's answer for ${what} is not a list`, 200, JSON.stringify(data).slice(0, 200));
}

/** One object from the server: a bare DTO, or (with `wrapper`) the list wrapper `{wrapper:[dto]}` with exactly one element. */
export function singleFrom<T>(data: unknown, what: string, wrapper?: string): T {
  if (wrapper !== undefined && data && typeof data === 'object' && !Array.isArray(data) && Array.isArray((data as Record<string, unknown>)[wrapper])) {
    const list = (data as Record<string, unknown[]>)[wrapper]!;
    if (list.length === 1 && list[0] && typeof list[0] === 'object') return list[0] as T;
    throw new HttpError(`the server's answer for ${what} holds ${list.length} entries instead of one`, 200, JSON.stringify(data).slice(0, 200));
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new HttpError(`the server's answer for ${what} is not an object`, 200, String(data ?? ''));
  }
  return data as T;
}

/** The id of a created object when the server returned one (`id` or `rtId`). */
export function createdId(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const o = data as Record<string, unknown>;
  const id = o.id ?? o.rtId;
  return typeof id === 'string' && id ? id : undefined;
}

// ---- Values sent ----

/** Ids as the server writes them: RtIds in lower-case hex, anything else as given. */
export function normalizeIds(values: readonly string[]): string[] {
  return values.map((v) => (isObjectId(v) ? v.trim().toLowerCase() : v.trim()));
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

// ---- Run steps ----

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

/** A warning for a replace-all list that is empty: it removes everything. */
export function warnIfEmptyReplace(ctx: RunContext, ids: readonly string[], what: string): void {
  if (ids.length === 0) ctx.log.warn(`the role list is empty: this removes every role of ${what}`);
}

/** What a confirmed Delete… command removes: `what` as its messages name the kind (`API scope`, `user`). */
export interface DeleteTarget {
  what: string;
  /** The name or id shown in the messages. */
  id: string;
  /** The API path to send DELETE to. */
  path: string;
  /** The command's result (printed with `--output json`). */
  json: Record<string, unknown>;
}

/** The run of a confirmed Delete… command: asks (y/N) unless --yes, deletes, logs, returns the result. */
export async function confirmAndDelete(ctx: RunContext, yes: boolean | undefined, target: DeleteTarget): Promise<CommandResult> {
  const { what, id } = target;
  const api = await adminApi(ctx);
  await confirm(ctx, `Are you sure you want to delete ${what} '${id}'?`, yes === true);
  ctx.log.info(`Deleting ${what} '${id}' from '${api.baseUrl}'`);
  await api.delete(target.path, { entity: `${what} '${id}'` });
  ctx.log.info(`${what.charAt(0).toUpperCase()}${what.slice(1)} '${id}' deleted`);
  return { json: target.json };
}
