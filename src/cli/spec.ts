/**
 * The declarative shape of a command. One record of flags per command drives parsing (argv.ts), help (help.ts),
 * the per-flag checks, the README reference and completion. A command file exports one or more `CommandSpec`s.
 */
import type { RunContext } from './context.js';
import type { Column, CommandResult } from './output.js';
import type { FlagRecord, FlagSpec, FlagValues, KeysMatch } from './flags.js';

export type { FlagSpec, FlagType, FlagValue, ParsedFlags, FlagRecord, FlagValues } from './flags.js';
export { flagKey } from './flags.js';

export type CommandGroup = 'General' | 'Context Management' | 'Identity Services';
export const COMMAND_GROUPS: readonly CommandGroup[] = ['General', 'Context Management', 'Identity Services'];

export interface CommandExample {
  command: string;
  description: string;
}

/**
 * What a command does, declared by each command (Describe prints it; test/commands/declarations.test.ts runs every
 * command against the local Identity Service and checks the declaration against the requests it sends):
 * - `local`: no network at all (contexts, configuration, completion, Describe, GetApplySchema);
 * - `read`: only reads: GET requests (and a token request, which changes nothing: TestClientCredentials);
 * - `sign-in`: only the sign-in endpoints (discovery, /connect/*): changes the stored tokens, no tenant data;
 * - `write`: creates or updates tenant data (POST, PUT, PATCH), removes nothing;
 * - `delete`: removes tenant data (DELETE), creates nothing;
 * - `write+delete`: both (Apply --prune, a secret rotation with --overlap 0).
 */
export type CommandEffect = 'local' | 'read' | 'sign-in' | 'write' | 'delete' | 'write+delete';
export const COMMAND_EFFECTS: readonly CommandEffect[] = ['local', 'read', 'sign-in', 'write', 'delete', 'write+delete'];

/**
 * The JSON a command prints with `-o json`: a DTO or result type and its top-level fields (of each element when it
 * is an array). A field written `name?` may be absent; no other field is printed.
 */
export interface JsonShape {
  type: string;
  array?: boolean;
  fields: readonly string[];
}

/** A JSON object of `type` with these top-level fields (`name?`: sometimes absent). */
export function jsonObject(type: string, fields: readonly string[]): JsonShape {
  return { type, fields };
}

/** A JSON array of `type` objects with these top-level fields. */
export function jsonArray(type: string, fields: readonly string[]): JsonShape {
  return { type, array: true, fields };
}

/** What a command prints: for people on stdout, and with `-o json`. */
export interface CommandOutput {
  /** A table: the very column array run() passes to listOf (the printed headers are its headers, upper-cased). */
  columns?: readonly Column<any>[];
  /** A table printed by other means (Plan, Apply): its header line as printed. */
  headers?: readonly string[];
  /** A key/value view: its row labels in order; `Label?` when a row is only sometimes there. */
  rows?: readonly string[];
  /** What else people get on stdout, one sentence. Without any of these, stdout is empty for people (progress on stderr). */
  text?: string;
  /** What `-o json` prints; null when the output is not JSON (or always JSON whatever -o says: then `text` says so). */
  json: JsonShape | null;
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
   * What it does to the Identity Service (see CommandEffect). Required by defineCommand, so every command declares
   * it; optional here only for the help manifest's specs, which are never run or described.
   */
  effect?: CommandEffect;
  /** What it prints (required by defineCommand, as `effect`). */
  output?: CommandOutput;
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

/** The declarations every command makes (Describe reads them). */
export interface Declarations {
  effect: CommandEffect;
  output: CommandOutput;
}

/**
 * Declares a command; `run` and `validate` get flag values typed from the record. A record key that is not its
 * flag's key (`long` in camelCase, or its explicit `key`) does not compile.
 */
export function defineCommand<R extends FlagRecord>(spec: CommandSpec<R> & Declarations & { flags: NoInfer<KeysMatch<R>> }): CommandSpec<R> {
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
