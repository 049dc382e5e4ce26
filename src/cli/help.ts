/**
 * Help text, generated from the flag tables (the same tables drive parsing and the README reference). `answerHelp`
 * prints what a help or version request asks for; the full CLI (main.ts) and the help bundle (help-entry.ts, served
 * from the build's help manifest without loading any command) both print through it.
 */
import { COMMAND_GROUPS, flagList, type CommandGroup, type CommandSpec, type FlagSpec } from './spec.js';
import { GLOBAL_FLAGS, type ParseResult } from './argv.js';
import type { IO } from './io.js';
import { ExitCode, UsageError } from '../errors.js';

declare const OCTO_CLI_VERSION: string;
export const VERSION = typeof OCTO_CLI_VERSION === 'string' ? OCTO_CLI_VERSION : '0.0.0-dev';

/** Help width: the terminal's columns between 80 and 120; 100 when stdout is not a terminal. */
export function helpWidth(io: Pick<IO, 'columns'>): number {
  return Math.max(80, Math.min(io.columns ?? 100, 120));
}

/** The answer to a `help` or `version` parse result, written to stdout; an unknown help topic is a UsageError. */
export function answerHelp(parsed: Extract<ParseResult, { kind: 'help' | 'version' }>, commands: readonly CommandSpec<any>[], io: Pick<IO, 'stdout' | 'columns'>): number {
  const width = helpWidth(io);
  if (parsed.kind === 'version') {
    io.stdout.write(`octo-cli ${VERSION}\n`);
    return ExitCode.ok;
  }
  if (parsed.command) io.stdout.write(commandHelp(parsed.command, width));
  else if (parsed.topic) {
    const text = topicHelp(parsed.topic, commands, width);
    if (text === undefined) throw new UsageError(`'${parsed.topic}' is neither a command nor a group (groups: General, Context Management, Identity Services)`);
    io.stdout.write(text);
  } else io.stdout.write(mainHelp(commands, VERSION, undefined, width));
  return ExitCode.ok;
}

/** `-h <topic>`: a command of that name, else a group it names; undefined when it is neither. */
export function topicHelp(topic: string, commands: readonly CommandSpec<any>[], width: number): string | undefined {
  const command = commands.find((c) => c.name.toLowerCase() === topic.toLowerCase());
  if (command) return commandHelp(command, width);
  const group = findGroup(topic);
  return group ? mainHelp(commands, VERSION, group, width) : undefined;
}

export const EXIT_CODES: ReadonlyArray<readonly [number, string, string]> = [
  [0, 'success', 'also help and --version'],
  [255, 'usage', 'unknown command or flag, missing or malformed value (-1 in the original)'],
  [254, 'configuration', 'no or invalid context, identity URL or tenant; unreadable contexts.json (-2)'],
  [253, 'HTTP', 'the server answered with an error, or could not be reached (-3)'],
  [252, 'authentication', 'not signed in, sign-in failed, denied or expired (-4)'],
  [251, 'tool', 'refused or cancelled: declined confirmation, unknown context (-5)'],
  [157, 'unexpected', 'a bug; run with --verbose for the stack trace (-99)'],
];

export function valueLabel(flag: FlagSpec): string {
  if (flag.valueName) return flag.valueName;
  switch (flag.type) {
    case 'presence':
      return '';
    case 'bool':
      return 'true|false';
    case 'enum':
      return (flag.values ?? []).join('|');
    case 'csv':
      return '<a,b,…>';
    case 'date':
      return '<date>';
    case 'int':
      return '<number>';
    case 'ushort':
      return '<port>';
    case 'oid':
      return '<24-hex id>';
    default:
      return flag.secret ? '<secret|->' : '<string>';
  }
}

function pad(s: string, width: number): string {
  return s.length >= width ? s + '  ' : s + ' '.repeat(width - s.length);
}

function wrap(text: string, width: number, indent: number): string {
  if (width - indent < 30) return text;
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width - indent) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join('\n' + ' '.repeat(indent));
}

export function findGroup(topic: string): CommandGroup | undefined {
  const t = topic.trim().toLowerCase();
  return (
    COMMAND_GROUPS.find((g) => g.toLowerCase() === t) ??
    COMMAND_GROUPS.find((g) => g.toLowerCase().split(' ').some((w) => w.startsWith(t)) || g.toLowerCase().startsWith(t))
  );
}

export function mainHelp(commands: readonly CommandSpec<any>[], version: string, only?: CommandGroup, width = 100): string {
  const out: string[] = [];
  out.push(`octo-cli ${version} — identity administration for OctoMesh`, '');
  out.push('Usage:');
  out.push('  octo-cli -c <Command> [flags]      run a command (names and flags are case-insensitive)');
  out.push('  octo-cli -c <Command> --help       flags, examples and notes of one command');
  out.push('  octo-cli -h <group>                one group: general, context, identity');
  out.push('');
  const nameWidth = Math.max(...commands.map((c) => c.name.length)) + 3;
  for (const group of COMMAND_GROUPS) {
    if (only && group !== only) continue;
    const inGroup = commands.filter((c) => c.group === group);
    if (inGroup.length === 0) continue;
    out.push(group.toUpperCase());
    for (const c of inGroup) out.push('  ' + pad(c.name, nameWidth) + wrap(c.description + (c.ours ? ' (new)' : ''), width, nameWidth + 2));
    out.push('');
  }
  if (!only) {
    out.push('GLOBAL OPTIONS (anywhere on the line, before or after -c <Command>)');
    out.push(...flagLines(GLOBAL_FLAGS, width));
    out.push('');
    out.push('FLAG FORMS');
    out.push('  -short (exact), --long or any prefix of it at least as long as the short name, /long, --long=value.');
    out.push('  Lists are one comma-separated token: -s "a,b,c". Values may start with "-". "-" as a secret reads stdin.');
    out.push('');
    out.push('EXIT CODES');
    for (const [code, name, text] of EXIT_CODES) out.push(`  ${pad(String(code), 5)}${pad(name, 16)}${text}`);
    out.push('');
  }
  return out.join('\n');
}

function flagLines(flags: readonly FlagSpec[], width: number): string[] {
  const rows = flags
    .filter((f) => !f.hidden)
    .map((f) => {
      const names = `${f.short ? `-${f.short}, ` : ''}--${f.long}`;
      const value = valueLabel(f);
      return { left: value ? `${names} ${value}` : names, flag: f };
    });
  const leftWidth = Math.min(44, Math.max(...rows.map((r) => r.left.length)) + 4);
  return rows.map(({ left, flag }) => {
    const req = flag.required ? 'Required. ' : '';
    const ours = flag.ours ? ' (new)' : '';
    return '  ' + pad(left, leftWidth) + wrap(`${req}${flag.description}${ours}`, width, leftWidth + 2);
  });
}

export function commandHelp(command: CommandSpec<any>, width = 100): string {
  const out: string[] = [];
  const flags = flagList(command);
  out.push(`Usage: octo-cli -c ${command.name}${flags.length ? ' [flags]' : ''}`, '');
  out.push(`${command.group.toUpperCase()}${command.ours ? ' (new in this port)' : ''}`);
  out.push('  ' + wrap(command.description, width, 2), '');
  if (flags.length) {
    out.push('FLAGS');
    out.push(...flagLines(flags, width));
    out.push('');
  }
  out.push('GLOBAL OPTIONS: --output table|json, --context <name>, --verbose, --no-color, --wide (see octo-cli --help)', '');
  if (command.examples?.length) {
    out.push('EXAMPLES');
    for (const ex of command.examples) {
      out.push(`  ${ex.command}`);
      if (ex.description) out.push(`      ${wrap(ex.description, width, 6)}`);
    }
    out.push('');
  }
  if (command.notes?.length) {
    out.push('NOTES');
    for (const note of command.notes) out.push(`  - ${wrap(note, width, 4)}`);
    out.push('');
  }
  return out.join('\n');
}

/** The README command reference (a test keeps README.md in sync with it). */
export function markdownReference(commands: readonly CommandSpec<any>[]): string {
  const out: string[] = [];
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  for (const group of COMMAND_GROUPS) {
    const inGroup = commands.filter((c) => c.group === group);
    if (!inGroup.length) continue;
    out.push(`### ${group}`, '');
    for (const c of inGroup) {
      out.push(`#### ${c.name}${c.ours ? ' (new)' : ''}`, '', cell(c.description), '');
      const flags = flagList(c);
      if (flags.length) {
        out.push('| Flag | Value | Required | Description |', '|---|---|---|---|');
        for (const f of flags.filter((x) => !x.hidden)) {
          const names = `${f.short ? `\`-${f.short}\`, ` : ''}\`--${f.long}\``;
          out.push(`| ${names} | ${cell(valueLabel(f)) || '—'} | ${f.required ? 'yes' : 'no'} | ${cell(f.description)}${f.ours ? ' (new)' : ''} |`);
        }
        out.push('');
      }
      for (const ex of c.examples ?? []) out.push('```sh', ex.command, '```', '');
    }
  }
  return out.join('\n');
}
