/**
 * The declarative shape of a command. One table of flags per command drives parsing (argv.ts), help (help.ts),
 * validation, the README reference and completion. A command file exports one or more `CommandSpec`s.
 */
import type { RunContext } from './context.js';
import type { CommandResult } from './output.js';

/** Value types, as in ../shared/spec/octo-cli-commands.md (str, bool, int, ushort, date, oid, enum, csv, F). */
export type FlagType =
  | 'string'
  | 'bool' // explicit true/false (case-insensitive)
  | 'int' // decimal or 0x-hex
  | 'ushort' // 0..65535 (ports)
  | 'date' // ISO date or date-time
  | 'oid' // 24 hex digits (OctoObjectId)
  | 'enum' // one of `values`, case-insensitive, or its index
  | 'csv' // one comma-separated token: split, trim, drop empties
  | 'presence'; // no value: present or not

export interface FlagSpec {
  /** Key in the parsed flags object. Defaults to `long` with dashes turned into camelCase. */
  key?: string;
  /** Long term without dashes, exactly as the original declares it (e.g. `clientId`, `if-needed`). */
  long: string;
  /** Short term without the dash (e.g. `id`, `ru`, `in`). */
  short?: string;
  type: FlagType;
  required?: boolean;
  description: string;
  /** Allowed values for `enum`. */
  values?: readonly string[];
  /** Name of the value in help, e.g. `<uri>`. */
  valueName?: string;
  /** A secret: `-` reads it from stdin, it is never echoed or logged. */
  secret?: boolean;
  /**
   * The value becomes one URL path segment (an id or name in `clients/{id}`, a tenant id). `.`, `..` and blank
   * values are refused: fetch and servers resolve them as dot segments (`%2e` too), so the request would reach
   * another route.
   */
  pathSegment?: boolean;
  /** Added by this port (not in the original). Shown in help as such. */
  ours?: boolean;
  /** Do not list in help (kept for compatibility only). */
  hidden?: boolean;
}

export type CommandGroup = 'General' | 'Context Management' | 'Identity Services';
export const COMMAND_GROUPS: readonly CommandGroup[] = ['General', 'Context Management', 'Identity Services'];

export interface CommandExample {
  command: string;
  description: string;
}

export type FlagValue = string | boolean | number | string[] | undefined;
export type ParsedFlags = Record<string, FlagValue>;

export interface CommandSpec<F extends ParsedFlags = ParsedFlags> {
  name: string;
  group: CommandGroup;
  /** One line. */
  description: string;
  flags: readonly FlagSpec[];
  examples?: readonly CommandExample[];
  notes?: readonly string[];
  /** Added by this port (not in the original). */
  ours?: boolean;
  /** Cross-flag validation that needs no network; throw UsageError. Runs before `run`. */
  validate?(flags: F, ctx: RunContext): void;
  /**
   * Does the work. Returns its result for the exporter to render (table, key/value or JSON: see output.ts), or the
   * exit code (0 when omitted).
   */
  run(ctx: RunContext, flags: F): Promise<CommandResult | number | void>;
}

/** Helper that keeps the flag type parameter when declaring a command. */
export function defineCommand<F extends ParsedFlags>(spec: CommandSpec<F>): CommandSpec<F> {
  return spec;
}

export function flagKey(flag: FlagSpec): string {
  return flag.key ?? flag.long.replace(/-([a-z])/gi, (_, c: string) => c.toUpperCase());
}
