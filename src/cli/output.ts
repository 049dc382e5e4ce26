/**
 * The output layer, the one exporter (gh's Exporter). A command returns what it found or did as a CommandResult
 * (or hands it to emit()), and only this module decides how it looks: a table, key/value lines, or with
 * `--output json` the wire JSON (camelCase) and nothing else, so `| jq` always works. Results go to stdout only.
 * Tables (the default) are for people: aligned columns without borders, cells truncated to the terminal width
 * unless --wide, and no colour when stdout is not a terminal.
 */
import type { OutputFormat, RunContext } from './context.js';
import { palette } from './color.js';
import { terminalSafeJson, visible } from './text.js';

export interface Column<R> {
  header: string;
  value(row: R): unknown;
  /** Cells of this column may be truncated first (long lists). */
  shrink?: boolean;
}

/** Labelled values of one object, in order (GetClient, AuthStatus, …). */
export type Pairs = ReadonlyArray<readonly [string, unknown]>;

interface ResultBase {
  /** The format a command chose itself (ListContexts -j); by default --output decides. */
  format?: OutputFormat;
  /** For people only: a line on stderr after the result (what to do with a secret shown once); JSON leaves it out. */
  note?: string;
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

/** What a command's run() may return instead of an exit code; main() hands it to emit(). */
export type CommandResult = ListResult | ViewResult | DocumentResult | JsonResult;

type OutputContext = Pick<RunContext, 'io' | 'wide' | 'output' | 'log'>;

/** Renders a command's result in the format asked for: the one place that decides between table, key/value and JSON. */
export async function emit(ctx: OutputContext, result: CommandResult): Promise<void> {
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

function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  return chars.length <= width ? text : chars.slice(0, Math.max(0, width - 1)).join('') + '…';
}

const len = (s: string) => [...s].length;

export async function renderTable<R>(ctx: Pick<RunContext, 'io' | 'wide'>, columns: readonly Column<R>[], rows: readonly R[]): Promise<string> {
  const cells = rows.map((row) => columns.map((c) => cellText(c.value(row))));
  const headers = columns.map((c) => c.header.toUpperCase());
  const widths = headers.map((h, i) => Math.max(len(h), ...cells.map((r) => len(r[i]!))));
  const gap = 2;
  const max = ctx.io.columns;
  if (max && !ctx.wide) {
    // Shrink the widest (shrinkable first) columns until the table fits the terminal.
    let total = widths.reduce((a, b) => a + b, 0) + gap * (widths.length - 1);
    const order = columns.map((c, i) => i).sort((a, b) => Number(Boolean(columns[b]!.shrink)) - Number(Boolean(columns[a]!.shrink)));
    while (total > max) {
      const candidates = order.filter((i) => widths[i]! > Math.max(6, len(headers[i]!)));
      if (candidates.length === 0) break;
      const widest = candidates.reduce((a, b) => (widths[b]! > widths[a]! || (columns[b]!.shrink && !columns[a]!.shrink) ? b : a));
      widths[widest]!--;
      total--;
    }
  }
  // cli-table3 lays the table out (borderless, gh style): fixed column widths, cells cut with '…'.
  const { default: Table } = await import('cli-table3');
  const { bold } = await palette(ctx.io.color);
  const none = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '' };
  const table = new Table({
    head: headers.map(bold),
    chars: { ...none, middle: ' '.repeat(gap) },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colWidths: widths,
    wordWrap: false,
    truncate: '…',
  });
  table.push(...cells);
  return table
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n') + '\n';
}

export async function printTable<R>(ctx: Pick<RunContext, 'io' | 'wide'>, columns: readonly Column<R>[], rows: readonly R[]): Promise<void> {
  ctx.io.stdout.write(await renderTable(ctx, columns, rows));
}

/** A key/value view of one object (GetClient, AuthStatus, …). */
export async function printKeyValue(ctx: Pick<RunContext, 'io' | 'wide'>, items: Pairs): Promise<void> {
  const pairs = items.map(([k, v]) => [visible(k), v] as const);
  const keyWidth = Math.max(...pairs.map(([k]) => len(k)));
  const { bold } = await palette(ctx.io.color);
  const valueWidth = ctx.io.columns && !ctx.wide ? Math.max(20, ctx.io.columns - keyWidth - 2) : Infinity;
  const lines = pairs.map(([k, v]) => {
    const key = k + ' '.repeat(keyWidth - len(k));
    const text = cellText(v);
    return `${bold(key)}  ${valueWidth === Infinity ? text : truncate(text, valueWidth)}`;
  });
  ctx.io.stdout.write(lines.join('\n') + '\n');
}
