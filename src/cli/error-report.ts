/**
 * How a failed command reports itself on stderr: one line for people (`error: <message> (<hint>)`), or with
 * `--output json` one JSON object for scripts, e.g. `{"error":{"code":255,"kind":"usage","message":"…","hint":"…"}}`.
 * Either way stdout stays empty of it and the exit code is the error's class (errors.ts). Messages may quote argv
 * values or a server's error body: secrets are redacted, and the text is shown, never obeyed (text.ts).
 */
import { CliError, ExitCode, HttpError } from '../errors.js';
import { palette } from './color.js';
import type { Redactor } from '../shared/redact.js';
import { terminalSafeJson, visible, visibleLines } from './text.js';
import type { Writer } from './io.js';

export type ErrorKind = 'usage' | 'config' | 'http' | 'auth' | 'tool' | 'unexpected';

const KINDS: Record<number, ErrorKind> = {
  [ExitCode.usage]: 'usage',
  [ExitCode.config]: 'config',
  [ExitCode.http]: 'http',
  [ExitCode.auth]: 'auth',
  [ExitCode.tool]: 'tool',
};

export interface ErrorReportOptions {
  /** `--output json` (parsed, or seen in argv when parsing itself failed). */
  json: boolean;
  verbose: boolean;
  /** Colour for the `error:` prefix (stderr is a terminal and colour is wanted). */
  color: boolean;
  redact: Redactor;
}

/** Writes the report of `err` to stderr and returns the exit code. */
export async function reportError(stderr: Writer, err: unknown, opts: ErrorReportOptions): Promise<number> {
  const known = err instanceof CliError;
  const code: number = known ? err.exitCode : ExitCode.unexpected;
  const message = known ? err.message : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
  const hint = known ? err.hint : undefined;
  if (opts.json) {
    const body: Record<string, unknown> = { code, kind: KINDS[code] ?? 'unexpected', message: opts.redact.apply(message) };
    if (hint) body.hint = opts.redact.apply(hint);
    if (err instanceof HttpError && err.status > 0) body.status = err.status;
    if (known && err.details) body.details = err.details;
    stderr.write(terminalSafeJson(JSON.stringify({ error: body })) + '\n');
  } else {
    const { red } = await palette(opts.color);
    const line = hint ? `${message} (${hint})` : known || opts.verbose ? message : `${message} (run with --verbose for details)`;
    // Only our prefix is coloured; the message is made visible first.
    stderr.write(`${red('error:')} ${visible(opts.redact.apply(line))}\n`);
  }
  if (opts.verbose) {
    const trace = known ? (err.cause ? `[debug] cause: ${String((err.cause as Error)?.stack ?? err.cause)}` : undefined) : String((err as Error)?.stack ?? err);
    if (trace) stderr.write(visibleLines(opts.redact.apply(trace)) + '\n');
  }
  return code;
}

/**
 * Whether argv asks for JSON output, read from the raw words: the fallback when parsing failed before (or at)
 * the global option. `-o json`, `--output json`, `--output=json`, `/output json` (case-insensitive).
 */
export function argvWantsJson(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const m = /^(?:-o|--output|\/output|\/o)(?:[=:](.*))?$/is.exec(argv[i]!);
    if (!m) continue;
    const value = m[1] ?? argv[i + 1];
    if (value !== undefined && value.trim().toLowerCase() === 'json') return true;
  }
  return false;
}
