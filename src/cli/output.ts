/**
 * The output layer. Results go to stdout only: `--output json` prints the wire JSON (camelCase) and nothing
 * else, so `| jq` always works; tables (the default) are for people: aligned columns without borders, cells
 * truncated to the terminal width unless --wide, and no colour when stdout is not a terminal.
 */
import type { RunContext } from './context.js';
import { terminalSafeJson, visible } from './text.js';

/** The exact JSON value; C1 and bidi controls inside strings are written as \u escapes (same value, safe on a terminal). */
export function printJson(ctx: Pick<RunContext, 'io'>, value: unknown): void {
  ctx.io.stdout.write(terminalSafeJson(JSON.stringify(value ?? null, null, 2)) + '\n');
}

export interface Column<R> {
  header: string;
  value(row: R): unknown;
  /** Cells of this column may be truncated first (long lists). */
  shrink?: boolean;
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
  const { default: chalk } = await import('chalk');
  const none = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '' };
  const table = new Table({
    head: headers.map((h) => (ctx.io.color ? chalk.bold(h) : h)),
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
export async function printKeyValue(ctx: Pick<RunContext, 'io' | 'wide'>, items: ReadonlyArray<readonly [string, unknown]>): Promise<void> {
  const pairs = items.map(([k, v]) => [visible(k), v] as const);
  const keyWidth = Math.max(...pairs.map(([k]) => len(k)));
  const { default: chalk } = await import('chalk');
  const valueWidth = ctx.io.columns && !ctx.wide ? Math.max(20, ctx.io.columns - keyWidth - 2) : Infinity;
  const lines = pairs.map(([k, v]) => {
    const key = k + ' '.repeat(keyWidth - len(k));
    const text = cellText(v);
    return `${ctx.io.color ? chalk.bold(key) : key}  ${valueWidth === Infinity ? text : truncate(text, valueWidth)}`;
  });
  ctx.io.stdout.write(lines.join('\n') + '\n');
}
