/**
 * Updates say what they change, and `--dry-run` shows it without changing anything (issue 15 §2).
 *
 * - `changesOf(before, after, fields)` compares the object a command read (the GET it already makes) with what it
 *   will send: `field: old → new`, a list as entries added and removed.
 * - `reportChanges` prints that for people on stderr (JSON leaves it to the command's result) with warnings that
 *   matter, in colour on a terminal (a replaced redirect-URI list breaks a web app's sign-in).
 * - `withDryRun` gives every Update* and Delete* command `--dry-run`, declared once here: the command runs as usual
 *   (its reads included), but every write request to the admin API is recorded instead of sent, no confirmation is
 *   asked, and the result is what would have been sent.
 */
import type { RunContext } from '../cli/context.js';
import type { CommandResult } from '../cli/output.js';
import { flag } from '../cli/flags.js';
import { palette } from '../cli/color.js';
import { cellText, forPeople } from '../cli/output.js';
import { visible } from '../cli/text.js';
import type { CommandSpec } from '../cli/spec.js';

/** One field that changes: a value (`old` → `new`) or a list (entries `added`, `removed`). */
export type Change =
  | { field: string; old: unknown; new: unknown }
  | { field: string; added: unknown[]; removed: unknown[] };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields of `after` that differ from `before`, in the order of `fields`. A field of `after` that is undefined,
 * or listed in `untouched` (sent as null, which the server leaves as it is), does not change.
 */
export function changesOf<T extends object>(before: Partial<T>, after: Partial<T>, fields: readonly (keyof T & string)[], untouched: readonly (keyof T & string)[] = []): Change[] {
  const changes: Change[] = [];
  for (const field of fields) {
    if (untouched.includes(field) || after[field] === undefined) continue;
    const old = before[field];
    const value = after[field];
    if (same(old, value)) continue;
    if (Array.isArray(value) || Array.isArray(old)) {
      const was = Array.isArray(old) ? old : [];
      const now = Array.isArray(value) ? value : [];
      changes.push({ field, added: now.filter((v) => !was.some((w) => same(v, w))), removed: was.filter((w) => !now.some((v) => same(v, w))) });
    } else changes.push({ field, old, new: value });
  }
  return changes;
}

/** `field: old → new`, or `field: + added, − removed` for a list. */
export function changeText(change: Change): string {
  if ('added' in change) {
    const parts = [...change.added.map((v) => `+ ${cellText(v)}`), ...change.removed.map((v) => `- ${cellText(v)}`)];
    return `${visible(change.field)}: ${parts.join(', ') || 'order changed'}`;
  }
  return `${visible(change.field)}: ${cellText(change.old)} → ${cellText(change.new)}`;
}

/** What the summary prints, and what a dry run reports. */
export interface ChangeReport {
  /** What is changed, as messages name it: `client 'my-web-app'`. */
  what: string;
  changes: Change[];
  /** Consequences people must not miss (printed in yellow on a terminal). */
  warnings?: string[];
}

/** Dry runs record what a command reported and the writes it would have sent; set on the context by withDryRun. */
interface DryRun {
  reports: ChangeReport[];
  writes: Array<{ method: string; url: string }>;
}
const dryRuns = new WeakMap<RunContext, DryRun>();

/**
 * Prints the changes for people on stderr (`field: old → new`, one a line; nothing to change says so) and the
 * warnings, in colour when stderr is a terminal with colour on; under a dry run they are also kept for its result.
 * With `--output json` nothing is printed: the command's result carries the changes.
 */
export async function reportChanges(ctx: RunContext, report: ChangeReport): Promise<void> {
  dryRuns.get(ctx)?.reports.push(report);
  if (!forPeople(ctx)) return;
  const { yellow, bold } = await palette(ctx.io.stderrColor === true);
  const lines =
    report.changes.length === 0
      ? [`No change to ${visible(report.what)}: the values given are the stored ones.`]
      : [`${bold(`Changes to ${visible(report.what)}:`)}`, ...report.changes.map((c) => `  ${changeText(c)}`)];
  for (const warning of report.warnings ?? []) lines.push(yellow(`warning: ${visible(warning)}`));
  ctx.io.stderr.write(lines.join('\n') + '\n');
}

/** `--dry-run` (ours), on every Update* and Delete* command. */
export const dryRunFlag = flag.presence('dry-run', {
  ours: true,
  description: 'Show what would change and send no write request (reads still run; no confirmation is asked).',
});

/** Whether a command changes or removes something and so gets `--dry-run`. */
export function takesDryRun(command: Pick<CommandSpec<any>, 'name'>): boolean {
  return /^(Update|Delete)/.test(command.name);
}

/** Token requests are not writes to the tenant: a dry run may still sign in or refresh. */
const isTokenRequest = (url: string) => /\/connect\/[^/]+$/.test(new URL(url).pathname);

function requestOf(input: Parameters<typeof fetch>[0], init?: RequestInit): { method: string; url: string } {
  const request = input instanceof Request ? input : undefined;
  return { method: (init?.method ?? request?.method ?? 'GET').toUpperCase(), url: request ? request.url : String(input) };
}

/** The command with `--dry-run` added to its flags and its run (a dry run when the flag is given). */
export function withDryRun(command: CommandSpec<any>): CommandSpec<any> {
  if (!takesDryRun(command) || 'dryRun' in command.flags) return command;
  return {
    ...command,
    flags: { ...command.flags, dryRun: dryRunFlag },
    async run(ctx, flags) {
      if (!flags.dryRun) return command.run(ctx, flags);
      return dryRun(command, ctx, flags);
    },
  };
}

async function dryRun(command: CommandSpec<any>, ctx: RunContext, flags: Record<string, unknown>): Promise<CommandResult> {
  const state: DryRun = { reports: [], writes: [] };
  const fetchImpl: typeof fetch = async (input, init) => {
    const { method, url } = requestOf(input, init);
    if (method === 'GET' || method === 'HEAD' || isTokenRequest(url)) return ctx.fetch(input, init);
    state.writes.push({ method, url });
    return new Response(null, { status: 204 });
  };
  // The command's own progress ("… deleted") would not be true: it goes to --verbose only.
  const log = { ...ctx.log, info: (m: string) => ctx.log.debug(`(dry run) ${m}`) };
  const dry: RunContext = { ...ctx, fetch: fetchImpl, log };
  dryRuns.set(dry, state);
  await command.run(dry, ('yes' in flags ? { ...flags, yes: true } : flags) as never);
  if (forPeople(ctx)) {
    for (const w of state.writes) ctx.log.info(`Dry run: would send ${w.method} ${w.url}`);
    ctx.log.info(state.writes.length ? 'Dry run: nothing was sent, nothing changed.' : 'Dry run: no write request would be sent.');
  }
  return { json: { dryRun: true, command: command.name, changes: state.reports, requests: state.writes } };
}
