/**
 * How a plan (and an Apply's outcome) looks: a table for people (action, kind, name, one changed field a line;
 * colour on a terminal only), or one JSON object for scripts. No secret value ever reaches either: a plan holds
 * only `(none)`, `(set)` and `(changes)` for a client secret.
 */
import type { RunContext } from '../cli/context.js';
import { palette } from '../cli/color.js';
import { renderTable, type Column } from '../cli/output.js';
import type { Outcome } from './apply.js';
import { summaryOf, type Change, type FieldChange, type Plan } from './plan.js';

/** The JSON of a plan; with outcomes (Apply), each change's outcome and the counts of applied, failed, skipped. */
export function planJson(plan: Plan, outcomes?: Map<Change, Outcome>): Record<string, unknown> {
  const json: Record<string, unknown> = {
    changes: plan.changes.map((c) => ({
      action: c.action,
      kind: c.kind,
      name: c.name,
      fields: c.fields.map((f) => ({ ...f })),
      ...(outcomes ? { outcome: outcomes.get(c) ?? { status: 'skipped', message: 'not run' } } : {}),
    })),
    notInFile: plan.kept.map((k) => ({ kind: k.kind, name: k.name, ...(k.protected ? { protected: k.protected } : {}) })),
    summary: { ...summaryOf(plan), ...(outcomes ? outcomeCounts(plan, outcomes) : {}) },
  };
  if (plan.warnings.length > 0) json.warnings = plan.warnings;
  return json;
}

export function outcomeCounts(plan: Plan, outcomes: Map<Change, Outcome>): { applied: number; failed: number; skipped: number } {
  const count = (s: Outcome['status']) => plan.changes.filter((c) => (outcomes.get(c)?.status ?? 'skipped') === s).length;
  return { applied: count('applied'), failed: count('failed'), skipped: count('skipped') };
}

const show = (v: unknown): string => (v === null || v === undefined ? '(none)' : typeof v === 'string' ? JSON.stringify(v) : String(v));

/** One changed field as a line: `field: old → new`, lists as `+added -removed`, a secret as `(set)` / `(changes)`. */
export function fieldText(f: FieldChange): string {
  if (f.path === 'clientSecret') return `clientSecret: ${String(f.to)}${f.note ? ` (${f.note})` : ''}`;
  if (f.added || f.removed) return `${f.path}: ${[...(f.added ?? []).map((a) => `+${a}`), ...(f.removed ?? []).map((r) => `-${r}`)].join(' ')}`;
  return `${f.path}: ${show(f.from)} → ${show(f.to)}`;
}

interface Row {
  action: string;
  kind: string;
  name: string;
  change: string;
}

const columns: Column<Row>[] = [
  { header: 'Action', value: (r) => r.action },
  { header: 'Kind', value: (r) => r.kind },
  { header: 'Name', value: (r) => r.name },
  { header: 'Change', value: (r) => r.change, shrink: true },
];

/** The rows of a change: the first carries action, kind and name; further ones one field each. */
function rows(c: Change, last?: string): Row[] {
  const lines = c.fields.map(fieldText);
  if (last) lines.push(last);
  if (lines.length === 0) lines.push('');
  // A blank (not empty) cell: the table writes '-' for an empty one.
  return lines.map((change, i) => (i === 0 ? { action: c.action, kind: c.kind, name: c.name, change: change || ' ' } : { action: ' ', kind: ' ', name: ' ', change }));
}

/** The plan for people: the table of changes and kept objects, then one summary line ("No changes." when none). */
export async function planText(ctx: Pick<RunContext, 'io' | 'wide'>, plan: Plan, opts: { prune: boolean }): Promise<string> {
  const keptRows: Row[] = plan.kept
    // Seeded defaults are many and always kept: only counted. Other protected objects are named under --prune.
    .filter((k) => !k.protected || (opts.prune && k.protected !== 'seeded default'))
    .map((k) => ({ action: 'keep', kind: k.kind, name: k.name, change: k.protected ? `protected: ${k.protected}` : 'not in file (kept)' }));
  const all = [...plan.changes.flatMap((c) => rows(c)), ...keptRows];
  const s = summaryOf(plan);
  const kept = plan.kept.filter((k) => !k.protected).length;
  const seeded = opts.prune ? plan.kept.filter((k) => k.protected === 'seeded default').length : 0;
  const keptText = (kept ? `, ${kept} not in file (kept)` : '') + (seeded ? `, ${seeded} seeded defaults (never deleted)` : '');
  const summary = plan.changes.length === 0 ? `No changes. ${s.unchanged} unchanged${keptText}.` : `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.unchanged} unchanged${keptText}.`;
  if (all.length === 0) return `${summary}\n`;
  return (await colourActions(ctx, await renderTable(ctx, columns, all))) + summary + '\n';
}

/** Apply's result for people: the changes that did not apply (with the reason), then applied / failed / skipped. */
export async function outcomeText(ctx: Pick<RunContext, 'io' | 'wide'>, plan: Plan, outcomes: Map<Change, Outcome>): Promise<string> {
  const counts = outcomeCounts(plan, outcomes);
  const summary = `Apply: ${counts.applied} applied, ${counts.failed} failed, ${counts.skipped} skipped.`;
  const notApplied = plan.changes.filter((c) => outcomes.get(c)?.status !== 'applied');
  if (notApplied.length === 0) return `${summary}\n`;
  const table = await renderTable(
    ctx,
    [...columns.slice(0, 3), { header: 'Result', value: (r: Row) => r.change, shrink: true }],
    notApplied.map((c) => {
      const o = outcomes.get(c) ?? { status: 'skipped' as const, message: 'not run' };
      return { action: c.action, kind: c.kind, name: c.name, change: `${o.status}${o.message ? `: ${o.message}` : ''}` };
    }),
  );
  return (await colourActions(ctx, table)) + summary + '\n';
}

/** Colours the action word at the start of each row (after the table is laid out, so widths are unaffected). */
async function colourActions(ctx: Pick<RunContext, 'io'>, table: string): Promise<string> {
  if (!ctx.io.color) return table;
  const p = await palette(true);
  const paint: Record<string, (t: string) => string> = { create: p.green, update: p.yellow, delete: p.red };
  return table.replace(/^(create|update|delete)\b/gm, (word) => paint[word]!(word));
}
