/**
 * The argv compatibility layer: octo-style command lines (`-c <Name> -id x --clientid y /name z`) parsed with
 * each command's flag table, following the original parser's rules (octo-cli-commands.md §1.2–1.4), plus our
 * documented improvements: values may start with `-`, `--flag=value` works, a repeated flag is a clear error,
 * and global options (--output, --context, --verbose, --no-color, --wide, --help, --version) go anywhere.
 */
import { isRtId } from '../shared/ids.js';
import { didYouMean } from '../shared/suggest.js';
import { UsageError } from '../errors.js';
import { flagList, type CommandSpec } from './spec.js';
import { flagKey, flagLabel, type CheckEnv, type FlagSpec, type FlagValue, type ParsedFlags } from './flags.js';

export { flagLabel } from './flags.js';

export interface GlobalOptions {
  output?: 'table' | 'json';
  context?: string;
  verbose: boolean;
  noColor: boolean;
  wide: boolean;
}

export type ParseResult =
  | { kind: 'help'; command?: CommandSpec<any>; topic?: string; globals: GlobalOptions }
  | { kind: 'version'; globals: GlobalOptions }
  | { kind: 'run'; command: CommandSpec; flags: ParsedFlags; globals: GlobalOptions };

/** Global options, declared like command flags so that help and the README list them from one table. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { long: 'output', short: 'o', type: 'enum', values: ['table', 'json'], description: 'Output format: table (default, for people) or json (the wire JSON, nothing else on stdout). `-o` works where the command has no `-o` flag of its own.' },
  { long: 'context', type: 'string', valueName: '<name>', description: 'Use this context for this call only (does not change the active context).' },
  { long: 'verbose', type: 'presence', description: 'Debug lines on stderr (HTTP calls with secrets redacted; stack traces of unexpected errors).' },
  { long: 'no-color', key: 'noColor', type: 'presence', description: 'No colour (also NO_COLOR=1; colour is off when output is not a terminal).' },
  { long: 'wide', type: 'presence', description: 'Do not truncate table cells to the terminal width.' },
  { long: 'help', short: 'h', type: 'presence', description: 'Help: all commands, one group (`-h identity`), or one command (`-c <Name> --help`). Also -?, /?.' },
  { long: 'version', type: 'presence', description: 'Print the version.' },
];

const HELP_TERMS = new Set(['-h', '--h', '/h', '-help', '--help', '/help', '-?', '--?', '/?']);
const COMMAND_TERMS = new Set(['-c', '--command', '/command', '--c', '--co', '--com', '--comm', '--comma', '--comman', '/c']);

/**
 * Whether a word selects the command (`-c`, `--command`, its prefixes, `/c`): the parser's rule, also used by
 * completion. A command's own flag that the word also names wins once the command is known (argv below).
 */
export function isCommandTerm(word: string): boolean {
  return COMMAND_TERMS.has(word.toLowerCase());
}

interface Term {
  /** '-', '--' or '/'. */
  dashes: '-' | '--' | '/';
  name: string;
  /** Value given inline with '=' (our improvement). */
  inline?: string;
}

function splitTerm(token: string): Term | undefined {
  const m = /^(--|-|\/)([^=]+)(?:=(.*))?$/s.exec(token);
  if (!m) return undefined;
  const dashes = m[1] as Term['dashes'];
  // A lone '-' or a negative number is a value, never a flag.
  if (m[2] === '' || /^\d/.test(m[2]!)) return undefined;
  return { dashes, name: m[2]!, inline: m[3] };
}

/**
 * Finds the flag a term means, as the original does: `-x` matches a short name exactly; `--xxx` and `/xxx` match
 * a long name by case-insensitive prefix, at least as long as the short name; the first declared flag wins.
 */
export function matchFlag(term: Term, flags: readonly FlagSpec[]): FlagSpec | undefined {
  const name = term.name.toLowerCase();
  if (term.dashes === '-') {
    return flags.find((f) => f.short !== undefined && f.short.toLowerCase() === name);
  }
  return flags.find((f) => {
    const long = f.long.toLowerCase();
    return long.startsWith(name) && name.length >= (f.short?.length ?? 1);
  });
}

function matchGlobal(term: Term, command: CommandSpec<any> | undefined): FlagSpec | undefined {
  const name = term.name.toLowerCase();
  if (term.dashes === '-') {
    if (name === 'o' && !(command && flagList(command).some((f) => f.short?.toLowerCase() === 'o'))) return GLOBAL_FLAGS[0];
    return undefined;
  }
  // Global long options match exactly (no prefix), so they never steal a command's abbreviation.
  return GLOBAL_FLAGS.find((f) => f.long.toLowerCase() === name);
}

/** A value that becomes one URL path segment must not be `.`, `..` or blank: it would change the request's path. */
export function checkPathSegment(label: string, value: string): void {
  const v = value.trim();
  if (v === '') throw new UsageError(`${label} must not be empty`);
  if (v === '.' || v === '..') {
    throw new UsageError(`${label} cannot be '${v}': the value is a segment of the request URL, where '${v}' would address another resource`);
  }
}

export function convertValue(flag: FlagSpec, raw: string): FlagValue {
  const label = flagLabel(flag);
  switch (flag.type) {
    case 'string':
      return raw;
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (v === 'true') return true;
      if (v === 'false') return false;
      throw new UsageError(`${label} expects true or false, got '${raw}'`);
    }
    case 'int': {
      const v = raw.trim();
      const n = /^0x[0-9a-f]+$/i.test(v) ? Number.parseInt(v.slice(2), 16) : /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
      if (!Number.isSafeInteger(n) || n > 2147483647 || n < -2147483648) {
        throw new UsageError(`${label} expects a whole number, got '${raw}'`);
      }
      return n;
    }
    case 'ushort': {
      const v = raw.trim();
      const n = /^\d+$/.test(v) ? Number(v) : /^0x[0-9a-f]+$/i.test(v) ? Number.parseInt(v.slice(2), 16) : NaN;
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${label} expects a port number 0-65535, got '${raw}'`);
      return n;
    }
    case 'date': {
      const v = raw.trim();
      const ok = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T')));
      if (!ok) throw new UsageError(`${label} expects an ISO date like 2027-12-31 or 2027-12-31T23:59:59Z, got '${raw}'`);
      return v.replace(' ', 'T');
    }
    case 'oid': {
      const v = raw.trim();
      if (!isRtId(v)) throw new UsageError(`${label} expects an object id of 24 hex digits, got '${raw}'`);
      return v.toLowerCase();
    }
    case 'enum': {
      const values = flag.values ?? [];
      const v = raw.trim().toLowerCase();
      const byName = values.find((x) => x.toLowerCase() === v);
      if (byName) return byName;
      if (/^\d+$/.test(v) && Number(v) < values.length) return values[Number(v)];
      throw new UsageError(`${label} expects one of ${values.join(', ')}, got '${raw}'`);
    }
    case 'csv':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
    case 'presence':
      return true;
  }
}

export function findCommand(name: string, commands: readonly CommandSpec<any>[]): CommandSpec<any> | undefined {
  const lower = name.toLowerCase();
  return commands.find((c) => c.name.toLowerCase() === lower);
}

export interface ParseOptions {
  /** The clock of checks such as `futureDate` (default Date.now). */
  now?: () => number;
}

/** Runs a flag's check on its converted value (on each element of a csv list). */
function runCheck(flag: FlagSpec, value: FlagValue, env: CheckEnv): void {
  if (value === undefined) return;
  const label = flagLabel(flag);
  for (const v of Array.isArray(value) ? value : [value]) {
    if (flag.pathSegment && flag.type === 'string') checkPathSegment(label, v as string);
    flag.check?.(v, label, env);
  }
}

export function parseArgv(argv: readonly string[], commands: readonly CommandSpec<any>[], options: ParseOptions = {}): ParseResult {
  const globals: GlobalOptions = { verbose: false, noColor: false, wide: false };
  const seenGlobals = new Set<string>();
  let command: CommandSpec<any> | undefined;
  /** The command's flags in declaration order (each one's record key is its flagKey: KeysMatch enforces it). */
  const declared: FlagSpec[] = [];
  const flags: ParsedFlags = {};
  const given = new Set<FlagSpec>();
  let help = false;
  let topic: string | undefined;
  let version = false;
  let lastFlag: FlagSpec | undefined;

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const lowerToken = token.toLowerCase();
    const term = splitTerm(token);

    const takeValue = (label: string): string => {
      if (term?.inline !== undefined) return term.inline;
      if (i + 1 >= argv.length) throw new UsageError(`${label} needs a value`);
      return argv[++i]!;
    };

    // 1. The command selector.
    const bareTerm = term ? `${term.dashes}${term.name}`.toLowerCase() : '';
    if (term && isCommandTerm(bareTerm) && !(command && matchFlag(term, declared))) {
      if (command) throw new UsageError(`the command was given twice ('${command.name}' and '${token}')`);
      const name = takeValue('--command (-c)');
      const found = findCommand(name.trim(), commands);
      if (!found) {
        const guess = didYouMean(name, commands.map((c) => c.name), { substrings: true });
        throw new UsageError(`'${name}' is not a command${guess ? ` (did you mean ${guess}?)` : ''}`, {
          hint: 'run `octo-cli --help` for the list of commands',
        });
      }
      command = found;
      declared.push(...flagList(found));
      continue;
    }

    if (!term) {
      if (help && topic === undefined && !command) {
        topic = token;
        continue;
      }
      if (help) continue;
      // Right after a secret's value, a stray word is most likely the rest of an unquoted secret: never echo it.
      if (lastFlag?.secret) {
        throw new UsageError(`an unexpected extra value follows ${flagLabel(lastFlag)} (quote a value that contains spaces, or use - to read it from stdin)`);
      }
      // `octo-cli GetClients`: a command name without -c.
      const named = command ? undefined : findCommand(token.trim(), commands);
      throw new UsageError(`'${token}' is an unknown parameter${command ? ` for ${command.name}` : ''}${named ? ` (did you mean \`octo-cli -c ${named.name}\`?)` : ''}`, {
        hint: command ? `values of a flag follow it directly; see \`octo-cli -c ${command.name} --help\`` : named ? 'commands are chosen with -c <Command>' : 'run `octo-cli --help`',
      });
    }

    // 2. The command's own flags win over global ones.
    const flag = command ? matchFlag(term, declared) : undefined;
    if (flag) {
      const label = flagLabel(flag);
      if (given.has(flag) && !flag.repeatable) throw new UsageError(`${label} was given more than once`);
      given.add(flag);
      if (flag.repeatable) {
        flags[flagKey(flag)] = [...((flags[flagKey(flag)] as string[] | undefined) ?? []), convertValue(flag, takeValue(label)) as string];
      } else if (flag.type === 'presence') {
        if (term.inline !== undefined) throw new UsageError(`${label} takes no value`);
        flags[flagKey(flag)] = true;
      } else {
        flags[flagKey(flag)] = convertValue(flag, takeValue(label));
      }
      lastFlag = flag;
      continue;
    }

    // 3. Help terms are tested after the command's flags (so `-h` means --host where a command declares it).
    if (HELP_TERMS.has(lowerToken)) {
      help = true;
      continue;
    }

    // 4. Global options.
    const global = matchGlobal(term, command);
    if (global) {
      lastFlag = undefined;
      const key = flagKey(global);
      if (seenGlobals.has(key)) throw new UsageError(`${flagLabel(global)} was given more than once`);
      seenGlobals.add(key);
      switch (key) {
        case 'output':
          globals.output = convertValue(global, takeValue(flagLabel(global))) as 'table' | 'json';
          break;
        case 'context': {
          const value = takeValue('--context').trim();
          if (!value) throw new UsageError('--context needs a context name');
          globals.context = value;
          break;
        }
        case 'help':
          help = true;
          break;
        case 'version':
          version = true;
          break;
        default:
          if (term.inline !== undefined) throw new UsageError(`${flagLabel(global)} takes no value`);
          (globals as unknown as Record<string, boolean>)[key] = true;
      }
      continue;
    }

    if (help) continue; // `octo-cli -c X --help <anything>`: help wins, no validation.
    if (!command) {
      const owner = commands.find((c) => matchFlag(term, flagList(c)));
      throw new UsageError(`${token} is an unknown parameter`, {
        hint: owner ? 'command flags go after `-c <Command>`' : 'run `octo-cli --help`',
      });
    }
    const guess = didYouMean(term.name, declared.map((f) => f.long), { substrings: true });
    throw new UsageError(`${token} is an unknown parameter for ${command.name}${guess ? ` (did you mean --${guess}?)` : ''}`, {
      hint: `see \`octo-cli -c ${command.name} --help\``,
    });
  }

  if (help) return { kind: 'help', command, topic, globals };
  if (version) return { kind: 'version', globals };
  if (!command) {
    if (argv.length === 0) return { kind: 'help', globals };
    throw new UsageError('no command given: use -c <Command>', { hint: 'run `octo-cli --help` for the list of commands' });
  }
  const missing = declared.filter((f) => f.required && !given.has(f));
  if (missing.length > 0) {
    throw new UsageError(`${command.name}: missing required ${missing.length === 1 ? 'flag' : 'flags'} ${missing.map(flagLabel).join(', ')}`, {
      hint: `see \`octo-cli -c ${command.name} --help\``,
    });
  }
  // Each flag's own check, in the order the flags were given: after the whole line, so that --help wins and a
  // missing flag is named first, as before.
  const env: CheckEnv = { now: options.now ?? Date.now };
  for (const flag of given) runCheck(flag, flags[flagKey(flag)], env);
  // Presence flags are false when not given (their type is boolean).
  for (const flag of declared) if (flag.type === 'presence' && !given.has(flag)) flags[flagKey(flag)] = false;
  return { kind: 'run', command, flags, globals };
}
