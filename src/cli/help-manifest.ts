/**
 * The help manifest: what help and the parser need of every command (name, group, description, flags, examples,
 * notes), serialised by the build from the real registry (scripts/build.mjs → dist/help-manifest.jsonl), so that help
 * requests are answered without loading any command's implementation. Functions (run, validate, a flag's check) are
 * left out: none of them takes part in a help answer (parseArgv runs the checks only for a command it will run).
 * test/cli/help-fast-path.test.ts proves that help from the manifest is byte-identical to help from the registry.
 *
 * Format (JSON lines): line 1 lists every command in registry order as [name, group, description, ours]; line n + 1
 * holds the rest of command n ({ flags, examples, notes }), parsed only when asked for. The top-level help reads line
 * 1 alone; `-c <Command> --help` reads line 1 and that command's line.
 */
import type { CommandSpec } from './spec.js';

/** The command fields on line 1 (mainHelp and the parser's command lookup read only these). */
type Summary = [name: string, group: CommandSpec['group'], description: string, ours: boolean];
/** The rest of what help and the parser read of a command. */
const DETAIL_FIELDS = ['flags', 'examples', 'notes'] as const;

/** The manifest text of the registry's commands. */
export function helpManifest(commands: readonly CommandSpec<any>[]): string {
  const summaries: Summary[] = commands.map((c) => [c.name, c.group, c.description, Boolean(c.ours)]);
  const details = commands.map((c) => {
    const d: Record<string, unknown> = {};
    for (const field of DETAIL_FIELDS) if (c[field] !== undefined) d[field] = c[field];
    return JSON.stringify(d);
  });
  if (details.some((line) => line.includes('\n'))) throw new Error('help manifest: a detail line holds a line break');
  // ASCII only (other characters as JSON escapes): Node reads an ASCII file into a one-byte string, several times
  // faster than decoding UTF-8 into a two-byte one.
  return [JSON.stringify(summaries), ...details].join('\n').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

function notRunnable(): never {
  throw new Error('a command of the help manifest cannot run');
}

/** Command specs read back from the manifest text, for parseArgv and help; their run() throws. */
export function manifestCommands(text: string): CommandSpec<any>[] {
  const first = text.indexOf('\n');
  const summaries = JSON.parse(text.slice(0, first)) as Summary[];
  // Where each command's line starts, found on first use of any detail.
  let starts: number[] | undefined;
  const detail = (i: number): Record<string, unknown> => {
    if (!starts) {
      starts = [];
      for (let at = first + 1; at < text.length; at = text.indexOf('\n', at) + 1) starts.push(at);
    }
    const from = starts[i]!;
    return JSON.parse(text.slice(from, text.indexOf('\n', from))) as Record<string, unknown>;
  };
  return summaries.map(([name, group, description, ours], i) => {
    const c: Record<string, unknown> = { name, group, description, run: notRunnable };
    if (ours) c.ours = true;
    let loaded: Record<string, unknown> | undefined;
    for (const field of DETAIL_FIELDS) {
      Object.defineProperty(c, field, { enumerable: true, get: () => (loaded ??= detail(i))[field] });
    }
    return c as unknown as CommandSpec<any>;
  });
}
