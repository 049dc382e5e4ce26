/**
 * The output layer, the one exporter (gh's Exporter). A command returns what it found or did as a CommandResult
 * (or hands it to emit()), and only this module decides how it looks: a table, key/value lines, or with
 * `--output json` the wire JSON (camelCase) and nothing else, so `| jq` always works. Results go to stdout only.
 * Tables (the default) are for people: aligned columns without borders, fitted to the terminal width unless --wide
 * (the key column never cut), no colour when stdout is not a terminal, and tab-separated lines when it is piped.
 */
import type { OutputFormat, RunContext } from './context.js';
import { palette } from './color.js';
import { displayWidth, padToWidth, terminalSafeJson, truncateToWidth, visible } from './text.js';

export interface Column<R> {
  header: string;
  value(row: R): unknown;
  /** Cells of this column may be truncated first (long lists). */
  shrink?: boolean;
  /**
   * The identifying column (client id, scope name, secret hash, …): never truncated, whatever the width. Without any
   * column marked, the first column is the key.
   */
  key?: boolean;
}

/** Labelled values of one object, in order (GetClient, AuthStatus, …). */
export type Pairs = ReadonlyArray<readonly [string, unknown]>;

interface ResultBase {
  /** The format a command chose itself (ListContexts -j); by default --output decides. */
  format?: OutputFormat;
  /** For people only: a line on stderr after the result (what to do with a secret shown once); JSON leaves it out. */
  note?: string;
  /**
   * For people only: shown in table format, nothing with JSON. A preview before a confirmation (what is about to
   * be deleted); the command's JSON is its result at the end.
   */
  preview?: boolean;
  /**
   * The exit code once the result is printed (0 when omitted): a report that found something (Doctor's failed checks,
   * GetExpiringSecrets --detailed-exitcode) or a batch in which some changes failed.
   */
  exitCode?: number;
}

/** Rows: a table for people, the JSON array with --output json (also `[]`). */
export interface ListResult<R = any> extends ResultBase {
  list: readonly R[];
  columns: readonly Column<R>[];
  /** A note on stderr (in either format) instead of a table when there are no rows; without it an empty list prints nothing for people. */
  empty?: string;
  /** The JSON when it is not the rows themselves. */
  json?: unknown;
}

/** A list result whose columns are checked against its rows (an object literal would type them as any). */
export function listOf<R>(list: readonly R[], columns: readonly Column<R>[], options: Omit<ListResult<R>, 'list' | 'columns'> = {}): ListResult<R> {
  return { list, columns, ...options };
}

/** One object: key/value lines for people, `json` with --output json. */
export interface ViewResult extends ResultBase {
  view: Pairs;
  json: unknown;
  /** Never truncate the values (a secret shown only once). */
  full?: boolean;
}

/** One part of a document for people: key/value lines or a table (printed even when empty), under an optional title. */
export type Section = { title?: string; view: Pairs } | { title?: string; table: readonly any[]; columns: readonly Column<any>[] };

/** Several parts for people (AuthStatus: the token, its claims, userinfo), one JSON document. */
export interface DocumentResult extends ResultBase {
  sections: readonly Section[];
  json: unknown;
}

/**
 * The small result of a command that changes something: the JSON with --output json, nothing on stdout for
 * people (their confirmation is the progress line on stderr).
 */
export interface JsonResult extends ResultBase {
  json: unknown;
}

/**
 * Whether the output is for people (tables) rather than a script reading JSON: the one test for reports on stderr
 * that only people want (what a dry run would change, what was skipped). A command's result needs no such test.
 */
export function forPeople(ctx: Pick<RunContext, 'output'>): boolean {
  return ctx.output !== 'json';
}

/** What a command's run() may return instead of an exit code; main() hands it to emit(). */
export type CommandResult = ListResult | ViewResult | DocumentResult | JsonResult;

type OutputContext = Pick<RunContext, 'io' | 'wide' | 'output' | 'log'>;

/** Renders a command's result in the format asked for: the one place that decides between table, key/value and JSON. */
export async function emit(ctx: OutputContext, result: CommandResult): Promise<void> {
  if (result.preview && (result.format ?? ctx.output) === 'json') return;
  const json = await render(ctx, result);
  if (!json && result.note !== undefined) ctx.log.info(result.note);
}

/** Writes the result; returns whether it was JSON. */
async function render(ctx: OutputContext, result: CommandResult): Promise<boolean> {
  if ('list' in result) {
    const json = emitJson(ctx, result);
    if (result.list.length === 0) {
      if (result.empty !== undefined) ctx.log.info(result.empty);
    } else if (!json) await printTable(ctx, result.columns, result.list);
    return json;
  }
  if (emitJson(ctx, result)) return true;
  if ('view' in result) await printKeyValue(result.full ? { io: ctx.io, wide: true } : ctx, result.view);
  if ('sections' in result) {
    for (const section of result.sections) {
      if (section.title !== undefined) ctx.io.stdout.write(`\n${visible(section.title)}\n`);
      if ('view' in section) await printKeyValue(ctx, section.view);
      else await printTable(ctx, section.columns, section.table);
    }
  }
  return false;
}

/** The JSON of a result when JSON is asked for; returns whether it was written (else the caller writes for people). */
export function emitJson(ctx: Pick<RunContext, 'io' | 'output'>, result: CommandResult): boolean {
  if ((result.format ?? ctx.output) !== 'json') return false;
  writeJson(ctx, 'list' in result && result.json === undefined ? result.list : result.json);
  return true;
}

/** The exact JSON value; C1 and bidi controls inside strings are written as \u escapes (same value, safe on a terminal). */
function writeJson(ctx: Pick<RunContext, 'io'>, value: unknown): void {
  ctx.io.stdout.write(terminalSafeJson(JSON.stringify(value ?? null, null, 2)) + '\n');
}

/**
 * Text of a cell: lists joined with ", ", booleans as yes/no, null as "-", line breaks and tabs as one space, any
 * other control character visible (`\x1b`), never obeyed by the terminal.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (Array.isArray(value)) return value.length ? value.map(cellText).join(', ') : '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return visible(JSON.stringify(value));
  return visible(String(value).replace(/[\r\n\t]+/g, ' '));
}

/**
 * A multi-value cell cut to `width` columns by whole entries, the rest counted: `openid, profile, +4`. Never half an
 * entry unless not even one fits.
 */
export function fitList(items: readonly string[], width: number): string {
  const full = items.join(', ');
  if (displayWidth(full) <= width) return full;
  for (let shown = items.length - 1; shown >= 1; shown--) {
    const text = `${items.slice(0, shown).join(', ')}, +${items.length - shown}`;
    if (displayWidth(text) <= width) return text;
  }
  const rest = `, +${items.length - 1}`;
  return width > displayWidth(rest) + 1 ? truncateToWidth(items[0]!, width - displayWidth(rest)) + rest : truncateToWidth(`+${items.length}`, width);
}

/** A cell's text at a column width: lists by whole entries with a count, other text cut with `…`. */
function fitCell(value: unknown, text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (Array.isArray(value) && value.length > 1) return fitList(value.map(cellText), width);
  return truncateToWidth(text, width);
}

const GAP = 2;
/** The most a list column keeps for its first whole entry before other columns give way (see fitWidths). */
const FIRST_ENTRY_MAX = 24;

/**
 * The columns a table gives up to fit `max`: key columns never shrink, `shrink` columns first, the widest first. A
 * list column first keeps room for one whole entry and its count (`openid, +5`, at most FIRST_ENTRY_MAX columns: a
 * scope or grant type, not a long URI); only when every column is down to that does it shrink further, to the
 * header's width.
 */
function fitWidths<R>(columns: readonly Column<R>[], headers: readonly string[], widths: number[], max: number, values: readonly unknown[][]): void {
  const keys = keyColumns(columns);
  let total = widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1);
  const floor = (i: number) => Math.max(6, displayWidth(headers[i]!));
  const firstEntry = (i: number) =>
    Math.max(
      floor(i),
      ...values.map((row) => {
        const v = row[i];
        return Array.isArray(v) && v.length > 1 ? Math.min(FIRST_ENTRY_MAX, displayWidth(`${cellText(v[0])}, +${v.length - 1}`)) : 0;
      }),
    );
  const softFloors = columns.map((_, i) => firstEntry(i));
  for (const limit of [(i: number) => softFloors[i]!, floor]) {
    while (total > max) {
      const candidates = columns.map((_, i) => i).filter((i) => !keys.has(i) && widths[i]! > limit(i));
      if (candidates.length === 0) break;
      const shrinkable = candidates.filter((i) => columns[i]!.shrink);
      const pool = shrinkable.length > 0 ? shrinkable : candidates;
      const widest = pool.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
      widths[widest]!--;
      total--;
    }
  }
}

/** The key columns of a table: those declared `key: true`, else the first column. */
function keyColumns<R>(columns: readonly Column<R>[]): Set<number> {
  const marked = columns.flatMap((c, i) => (c.key ? [i] : []));
  return new Set(marked.length > 0 ? marked : columns.length > 0 ? [0] : []);
}

/** A laid-out table: its lines (without a trailing line feed) and whether any cell was cut. */
interface Layout {
  text: string;
  cut: boolean;
}

async function layoutTable<R>(ctx: Pick<RunContext, 'io' | 'wide'>, columns: readonly Column<R>[], rows: readonly R[]): Promise<Layout> {
  const values = rows.map((row) => columns.map((c) => c.value(row)));
  const cells = values.map((row) => row.map(cellText));
  const headers = columns.map((c) => c.header.toUpperCase());
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i]!))));
  const max = ctx.io.columns;
  if (max && !ctx.wide) fitWidths(columns, headers, widths, max, values);
  const { bold } = await palette(ctx.io.color);
  let cut = false;
  const line = (texts: readonly string[], style = (t: string) => t) =>
    texts
      .map((t, i) => (i === texts.length - 1 ? style(t) : style(padToWidth(t, widths[i]!)) + ' '.repeat(GAP)))
      .join('')
      .trimEnd();
  const body = cells.map((row, r) =>
    line(
      row.map((text, i) => {
        const fitted = fitCell(values[r]![i], text, widths[i]!);
        if (fitted !== text) cut = true;
        return fitted;
      }),
    ),
  );
  return { text: [line(headers.map((h, i) => truncateToWidth(h, widths[i]!)), bold), ...body].join('\n') + '\n', cut };
}

/**
 * A table for people: aligned columns without borders (gh style), padded by display width (a CJK name takes two
 * columns a character). On a terminal, without --wide, cells are fitted to its width: key columns (`key: true`, else
 * the first) never, `shrink` columns first; a list keeps whole entries and counts the rest (`openid, profile, +4`).
 */
export async function renderTable<R>(ctx: Pick<RunContext, 'io' | 'wide'>, columns: readonly Column<R>[], rows: readonly R[]): Promise<string> {
  return (await layoutTable(ctx, columns, rows)).text;
}

/**
 * A table for scripts (stdout is not a terminal, as gh does): the header line and one line per row, the cells
 * separated by tabs, never cut or padded, so `cut -f2` and `awk -F'\t'` work. A list is joined with ", ".
 */
export function tabSeparated<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const line = (cells: readonly string[]) => cells.join('\t');
  return [line(columns.map((c) => c.header.toUpperCase())), ...rows.map((row) => line(columns.map((c) => cellText(c.value(row)))))].join('\n') + '\n';
}

/** The note for people under a table whose cells were cut to the terminal's width. */
export const WIDE_NOTE = 'Some cells were cut to fit the terminal; --wide shows them in full.';

/** Writes a table: aligned (and fitted) on a terminal, tab-separated when stdout is piped; the --wide note on stderr when cells were cut. */
export async function printTable<R>(ctx: Pick<RunContext, 'io' | 'wide'>, columns: readonly Column<R>[], rows: readonly R[]): Promise<void> {
  if (!ctx.io.stdoutIsTTY) {
    ctx.io.stdout.write(tabSeparated(columns, rows));
    return;
  }
  const { text, cut } = await layoutTable(ctx, columns, rows);
  ctx.io.stdout.write(text);
  if (cut) ctx.io.stderr.write((await palette(ctx.io.stderrColor === true)).dim(WIDE_NOTE) + '\n');
}

/** A key/value view of one object (GetClient, AuthStatus, …). */
export async function printKeyValue(ctx: Pick<RunContext, 'io' | 'wide'>, items: Pairs): Promise<void> {
  const pairs = items.map(([k, v]) => [visible(k), v] as const);
  const keyWidth = Math.max(...pairs.map(([k]) => displayWidth(k)));
  const { bold } = await palette(ctx.io.color);
  const valueWidth = ctx.io.columns && !ctx.wide ? Math.max(20, ctx.io.columns - keyWidth - 2) : Infinity;
  const lines = pairs.map(([k, v]) => {
    const key = padToWidth(k, keyWidth);
    const text = cellText(v);
    return `${bold(key)}  ${valueWidth === Infinity ? text : truncateToWidth(text, valueWidth)}`;
  });
  ctx.io.stdout.write(lines.join('\n') + '\n');
}
