/**
 * Flags: the runtime description the parser, help, completion and the README read (`FlagSpec`), and typed builders
 * (`flag.string(…)`, `flag.bool(…)`, …) whose parsed value types are inferred, so a command's `run(ctx, flags)` needs
 * no hand-written flag type: `flags.name` is `string` when the flag is required, `string | undefined` when not.
 */

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

/** What a check may need besides the value: the clock (for dates that must lie in the future). */
export interface CheckEnv {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Refuses a converted value with a UsageError naming the flag (`label`, e.g. `--clientId (-id)`). */
export type Check<V> = (value: V, label: string, env: CheckEnv) => void;

/** One flag as parsing, help, completion and the README reference read it. */
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
  /** Run by the parser on the converted value (on each element of a csv list), before validate() and run(). */
  check?: Check<any>;
  /** May be given several times; the parsed value is the list of values in order (`flag.strings`). */
  repeatable?: boolean;
}

/** `if-not-exists` → `ifNotExists`, as `flagKey` does at run time. */
export type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** The key of a flag in the parsed flags object: `key`, or `long` in camelCase. */
export function flagKey(flag: Pick<FlagSpec, 'long' | 'key'>): string {
  return flag.key ?? flag.long.replace(/-([a-z])/gi, (_, c: string) => c.toUpperCase());
}

/** Display form of a flag in messages: `--clientId (-id)`. */
export function flagLabel(flag: Pick<FlagSpec, 'long' | 'short'>): string {
  return flag.short ? `--${flag.long} (-${flag.short})` : `--${flag.long}`;
}

declare const FLAG_VALUE: unique symbol;

type Element<V> = V extends readonly (infer E)[] ? E : V;

/** Options of a flag builder. `check` receives the converted value (each element of a csv list). */
export interface FlagOptions<V> {
  short?: string;
  required?: boolean;
  /** One sentence or more for help and the README; a base flag shared by commands may get it through `with`. */
  description?: string;
  valueName?: string;
  secret?: boolean;
  pathSegment?: boolean;
  ours?: boolean;
  hidden?: boolean;
  /** Key in the parsed flags object, when it is not `long` in camelCase. */
  key?: string;
  check?: Check<Element<V>>;
}

type PresenceOptions = Pick<FlagOptions<boolean>, 'short' | 'description' | 'ours' | 'hidden' | 'key'>;

/**
 * A typed flag: `long` and `key` as literal types, the parsed value type `V`, and `P` = whether the parsed flags
 * always hold a value (a required flag, or a presence flag, which is false when not given).
 */
export interface Flag<L extends string = string, V = unknown, P extends boolean = boolean, K extends string = string> extends FlagSpec {
  readonly long: L;
  readonly key: K;
  /** Type only (never set): what the parser produces for this flag. */
  readonly [FLAG_VALUE]: { value: V; present: P };
  /** The same flag with other options (e.g. a description or `required` for one command). */
  with<const O extends Omit<FlagOptions<V>, 'key'>>(overrides: O): Flag<L, V, O extends { required: infer R extends boolean } ? R : P, K>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFlag = Flag<string, any, boolean, string>;

type IsRequired<O> = O extends { required: true } ? true : false;
type KeyOf<L extends string, O> = O extends { key: infer K extends string } ? K : CamelCase<L>;

function build(spec: FlagSpec): AnyFlag {
  const flag: FlagSpec = { ...spec, key: flagKey(spec), description: spec.description ?? '' };
  // Not enumerable: spreads, JSON and test comparisons see only the description.
  Object.defineProperty(flag, 'with', { value: (overrides: Partial<FlagSpec>) => build({ ...spec, ...overrides }), enumerable: false });
  return flag as AnyFlag;
}

type Builder<V> = <const L extends string, const O extends FlagOptions<V> = {}>(long: L, options?: O) => Flag<L, V, IsRequired<O>, KeyOf<L, O>>;

const typed =
  <V>(type: FlagType): Builder<V> =>
  (long, options) =>
    build({ ...(options ?? {}), long, type, description: options?.description ?? '' }) as never;

/** The flag builders, one per value type. */
export const flag = {
  string: typed<string>('string'),
  bool: typed<boolean>('bool'),
  int: typed<number>('int'),
  ushort: typed<number>('ushort'),
  /** An ISO date or date-time, normalised (`2027-12-31 10:00` → `2027-12-31T10:00`). */
  date: typed<string>('date'),
  /** 24 hex digits, lower-cased. */
  oid: typed<string>('oid'),
  /** One comma-separated token: split, trimmed, empties dropped. `check` runs on each element. */
  csv: typed<string[]>('csv'),
  /** A string flag that may be repeated (`-f a.yaml -f b.yaml`): the values in the order given. */
  strings: <const L extends string, const O extends FlagOptions<string[]> = {}>(long: L, options?: O) =>
    build({ ...(options ?? {}), long, type: 'string', repeatable: true, description: options?.description ?? '' }) as unknown as Flag<L, string[], IsRequired<O>, KeyOf<L, O>>,
  /** One of `values` (case-insensitive, or its index); the parsed value is the declared spelling. */
  enum: <const L extends string, const V extends readonly string[], const O extends FlagOptions<V[number]> = {}>(long: L, values: V, options?: O) =>
    build({ ...(options ?? {}), long, type: 'enum', values, description: options?.description ?? '' }) as unknown as Flag<L, V[number], IsRequired<O>, KeyOf<L, O>>,
  /** No value: true when given, false when not. */
  presence: <const L extends string, const O extends PresenceOptions = {}>(long: L, options?: O) =>
    build({ ...(options ?? {}), long, type: 'presence', description: options?.description ?? '' }) as unknown as Flag<L, boolean, true, KeyOf<L, O>>,
};

/** A command's flags: a record whose key is each flag's key (checked by `defineCommand`), in declaration order. */
export type FlagRecord = Readonly<Record<string, FlagSpec>>;

/** A parsed value of any flag type (the untyped view of the parser). */
export type FlagValue = string | boolean | number | string[] | undefined;
export type ParsedFlags = Record<string, FlagValue>;

type Info<F> = F extends { readonly [FLAG_VALUE]: infer I } ? I : { value: FlagValue; present: false };
type ValueOf<F> = Info<F> extends { value: infer V; present: infer P } ? (P extends true ? V : V | undefined) : never;
type AlwaysThere<F> = Info<F> extends { present: true } ? true : false;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The parsed flags of a record: required and presence flags always there, the others optional. */
export type FlagValues<R> = Simplify<
  { -readonly [K in keyof R as AlwaysThere<R[K]> extends true ? K : never]: ValueOf<R[K]> } & {
    -readonly [K in keyof R as AlwaysThere<R[K]> extends true ? never : K]?: ValueOf<R[K]>;
  }
>;

/**
 * The record with every entry whose key differs from its flag's key replaced by an error text, so that
 * `defineCommand` fails to compile when a flag's `long` name is renamed in its declaration alone.
 */
export type KeysMatch<R> = {
  [K in keyof R]: R[K] extends { readonly key: infer FK extends string }
    ? string extends FK
      ? R[K]
      : [FK] extends [K]
        ? R[K]
        : `flag key '${FK}' must be the record key '${K & string}' (rename the key and its uses with the flag)`
    : R[K];
};
