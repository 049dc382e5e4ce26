/**
 * The declarative shape of a command. One record of flags per command drives parsing (argv.ts), help (help.ts),
 * the per-flag checks, the README reference and completion. A command file exports one or more `CommandSpec`s.
 */
import type { RunContext } from './context.js';
import type { CommandResult } from './output.js';
import type { FlagRecord, FlagSpec, FlagValues, KeysMatch } from './flags.js';

export type { FlagSpec, FlagType, FlagValue, ParsedFlags, FlagRecord, FlagValues } from './flags.js';
export { flagKey } from './flags.js';

export type CommandGroup = 'General' | 'Context Management' | 'Identity Services';
export const COMMAND_GROUPS: readonly CommandGroup[] = ['General', 'Context Management', 'Identity Services'];

export interface CommandExample {
  command: string;
  description: string;
}

export interface CommandSpec<R extends FlagRecord = FlagRecord> {
  name: string;
  group: CommandGroup;
  /** One line. */
  description: string;
  /** The flags, keyed by each flag's key, in the original's declaration order ("first declared flag wins"). */
  flags: R;
  examples?: readonly CommandExample[];
  notes?: readonly string[];
  /** Added by this port (not in the original). */
  ours?: boolean;
  /**
   * Rules across several flags that need no network (a flag's own rule is its `check`); throw UsageError.
   * Runs before `run`.
   */
  validate?(flags: FlagValues<R>, ctx: RunContext): void;
  /**
   * Does the work. Returns its result for the exporter to render (table, key/value or JSON: see output.ts), or the
   * exit code (0 when omitted).
   */
  run(ctx: RunContext, flags: FlagValues<R>): Promise<CommandResult | number | void>;
}

/**
 * Declares a command; `run` and `validate` get flag values typed from the record. A record key that is not its
 * flag's key (`long` in camelCase, or its explicit `key`) does not compile.
 */
export function defineCommand<R extends FlagRecord>(spec: CommandSpec<R> & { flags: NoInfer<KeysMatch<R>> }): CommandSpec<R> {
  return spec;
}

/** The flags of a command in declaration order. */
export function flagList(command: Pick<CommandSpec<any>, 'flags'>): FlagSpec[] {
  return Object.values(command.flags as FlagRecord);
}

/** The flags of a command with their keys in the parsed flags, in declaration order. */
export function flagEntries(command: Pick<CommandSpec<any>, 'flags'>): Array<[string, FlagSpec]> {
  return Object.entries(command.flags as FlagRecord);
}
