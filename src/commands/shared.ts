/**
 * What several command files share: flags declared once (with their checks) and run steps (create unless it exists,
 * confirmed deletes). Value checks are in ../cli/checks.ts; requests, DTOs and the reading
 * of the server's answers in ../api/resources.
 */
import { isRtId, normalizedRtId } from '../shared/ids.js';
import { DEFAULT_PARALLEL } from '../shared/pool.js';
import { HttpError, UsageError } from '../errors.js';
import type { RunContext } from '../cli/context.js';
import { flag } from '../cli/flags.js';
import { identifier } from '../cli/checks.js';
import { readLine } from '../cli/io.js';
import { visible } from '../cli/text.js';
import type { CommandResult } from '../cli/output.js';
import { confirm } from '../cli/prompt.js';
import { adminApi, type AdminApi } from '../api/index.js';
import * as roles from '../api/resources/roles.js';
import { normalizeIds } from '../api/resources/answers.js';

export const GROUP = 'Identity Services' as const;

// ---- Flags shared by several commands ----

export const yesFlag = flag.presence('yes', { short: 'y', description: 'Do not ask for confirmation (needed when stdin is not a terminal).' });

/** `--if-not-exists` (ours) on the Add… and Create… commands: a 409 Conflict becomes success. */
export const ifNotExistsFlag = flag.presence('if-not-exists', {
  ours: true,
  description: 'Succeed (exit 0, a one-line note on stderr) when it already exists (HTTP 409), for idempotent CI scripts.',
});

/** `--parallel` of the commands that work through a whole tenant (Plan, Apply, Export, GetExpiringSecrets). */
export const parallelFlag = flag.int('parallel', {
  valueName: '<n>',
  description: `Requests in flight at once (default ${DEFAULT_PARALLEL}, 1 to 64).`,
  check: (value: number, label: string) => {
    if (!Number.isInteger(value) || value < 1 || value > 64) throw new UsageError(`${label} must be 1 to 64, got ${value}`);
  },
});

/** `-id/--clientId` of the client commands: a client id, one segment of the request path. */
export const clientIdFlag = flag.string('clientId', { short: 'id', pathSegment: true, valueName: '<client-id>', check: identifier });

/** `-id/--identifier`, a 24-hex RtId (groups, rules, mappings, identity providers). */
export const identifierFlag = flag.oid('identifier', { short: 'id', required: true, valueName: '<rtId>' });

/** A role name or id: `.` and `..` are neither (refused before the roles request). */
function roleReference(value: string, label: string): void {
  if (value === '.' || value === '..') throw new UsageError(`${label}: '${value}' is neither a role name nor a role id (see GetRoles)`);
}

/**
 * `-rids/--roleIds`: one comma-separated token of roles, each a role RtId (24 hex digits) or a role name
 * (`Development,DashboardViewer`, as the project's docs and scripts write them); resolveRoleIds turns names into ids.
 */
export const roleIdsFlag = flag.csv('roleIds', { short: 'rids', valueName: '<role-name|rtId,…>', check: roleReference });

/** What the help of a `-rids` flag says about names. */
export const ROLE_NAMES_NOTE =
  'Each role in -rids is a role RtId (24 hex digits) or a role name (case-insensitive, see GetRoles); names are looked up with one request for the roles, ids are sent as they are. An unknown name fails before any change, with exit 253 (as a role the service does not have).';

// ---- Run steps ----

/**
 * The role ids for `-rids` entries: an RtId is kept as it is (lower-cased), a name is looked up (case-insensitively)
 * in one GET roles, made only when some entry is not an id. Names the tenant does not have are one HttpError (404,
 * exit 253) naming them all, before the command changes anything: resolving needs the service, so it is not a
 * parse-time usage error.
 */
export async function resolveRoleIds(ctx: RunContext, api: AdminApi, entries: readonly string[]): Promise<string[]> {
  const names = entries.map((e) => e.trim()).filter((e) => !isRtId(e));
  if (names.length === 0) return normalizeIds(entries);
  const known = new Map<string, string>();
  for (const role of await roles.list(api)) if (role.name && role.id) known.set(role.name.toLowerCase(), role.id.toLowerCase());
  const unknown = names.filter((n) => !known.has(n.toLowerCase()));
  if (unknown.length > 0) {
    const list = unknown.map((n) => `'${n}'`).join(', ');
    throw new HttpError(`${unknown.length === 1 ? 'Role' : 'Roles'} ${list} ${unknown.length === 1 ? 'does' : 'do'} not exist at '${api.baseUrl}'`, 404, '', {
      hint: 'see `octo-cli -c GetRoles` for the role names and ids',
    });
  }
  const ids = entries.map((e) => normalizedRtId(e) ?? known.get(e.trim().toLowerCase())!);
  ctx.log.debug(`Role names resolved: ${names.map((n) => `${n} → ${known.get(n.toLowerCase())}`).join(', ')}`);
  return ids;
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

/** A warning for a replace-all list that is empty: it removes everything. */
export function warnIfEmptyReplace(ctx: RunContext, ids: readonly string[], what: string): void {
  if (ids.length === 0) ctx.log.warn(`the role list is empty: this removes every role of ${what}`);
}

/** What a confirmed Delete… command removes: `what` as its messages name the kind (`API scope`, `user`). */
export interface DeleteTarget {
  what: string;
  /** The name or id shown in the messages. */
  id: string;
  /** The delete request, e.g. `(api) => clients.remove(api, id)` (src/api/resources). */
  remove(api: AdminApi): Promise<void>;
  /** The command's result (printed with `--output json`). */
  json: Record<string, unknown>;
}

/** The run of a confirmed Delete… command: asks (y/N) unless --yes, deletes, logs, returns the result. */
export async function confirmAndDelete(ctx: RunContext, yes: boolean | undefined, target: DeleteTarget): Promise<CommandResult> {
  const { what, id } = target;
  const api = await adminApi(ctx);
  await confirm(ctx, `Are you sure you want to delete ${what} '${id}'?`, yes === true);
  ctx.log.info(`Deleting ${what} '${id}' from '${api.baseUrl}'`);
  await target.remove(api);
  ctx.log.info(`${what.charAt(0).toUpperCase()}${what.slice(1)} '${id}' deleted`);
  return { json: target.json };
}
