/**
 * Progress, logs and warnings go to stderr; stdout carries only the result. Every line passes through the
 * redactor, so a secret registered with `redact.add()` (tokens, refresh tokens, device codes, client secrets)
 * can never be printed, not even with --verbose.
 */
import type { IO } from './io.js';
import { visible, visibleLines } from './text.js';
import { Redactor } from '../shared/redact.js';

// The redactor is neutral (the HTTP layer uses redactFields too); re-exported for the CLI's callers.
export { Redactor, redactFields } from '../shared/redact.js';

export interface Logger {
  /** Progress for people (stderr, so it never mixes with the result on stdout, JSON included). */
  info(message: string): void;
  warn(message: string): void;
  /** Only with --verbose. */
  debug(message: string): void;
  readonly verbose: boolean;
  readonly redact: Redactor;
}

export function createLogger(io: IO, opts: { verbose: boolean; redact?: Redactor }): Logger {
  const redact = opts.redact ?? new Redactor();
  // Redact first (a secret may itself contain control characters), then make every control character visible.
  const write = (line: string, show: (text: string) => string = visible) => io.stderr.write(show(redact.apply(line)) + '\n');
  return {
    verbose: opts.verbose,
    redact,
    info(message) {
      write(message);
    },
    warn(message) {
      write(`warning: ${message}`);
    },
    debug(message) {
      // Traces may span lines (bodies, stacks): line feeds are kept, every other control is shown.
      if (opts.verbose) write(`[debug] ${message}`, visibleLines);
    },
  };
}
