/**
 * Progress, logs and warnings go to stderr; stdout carries only the result. Every line passes through the
 * redactor, so a secret registered with `redact.add()` (tokens, refresh tokens, device codes, client secrets)
 * can never be printed, not even with --verbose.
 */
import type { IO } from './io.js';
import { visible, visibleLines } from './text.js';

export class Redactor {
  private readonly secrets = new Set<string>();
  add(value: string | undefined | null): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }
  apply(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('***');
    }
    return out;
  }
}

const SENSITIVE_KEYS = /^(authorization|proxy-authorization|client_secret|clientsecret|secret|password|refresh_token|device_code|access_token|id_token|token|client_assertion|code|code_verifier|subject_token|valuecleartext|cookie|set-cookie)$/i;

/** Redacts sensitive fields of a form body, JSON body or header map for --verbose traces. */
export function redactFields(input: unknown): unknown {
  if (typeof input === 'string') {
    const trimmed = input.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(redactFields(JSON.parse(trimmed)));
      } catch {
        /* not JSON */
      }
    }
    if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(trimmed)) {
      const params = new URLSearchParams(trimmed);
      for (const key of [...params.keys()]) if (SENSITIVE_KEYS.test(key)) params.set(key, '***');
      return params.toString();
    }
    return input;
  }
  if (Array.isArray(input)) return input.map(redactFields);
  if (input && typeof input === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) {
      out[key] = SENSITIVE_KEYS.test(key) && value != null ? '***' : redactFields(value);
    }
    return out;
  }
  return input;
}

export interface Logger {
  /** Progress for people (stderr). Suppressed with --output json unless it is a warning. */
  info(message: string): void;
  warn(message: string): void;
  /** Only with --verbose. */
  debug(message: string): void;
  readonly verbose: boolean;
  readonly redact: Redactor;
}

export function createLogger(io: IO, opts: { verbose: boolean; quiet: boolean; redact?: Redactor }): Logger {
  const redact = opts.redact ?? new Redactor();
  // Redact first (a secret may itself contain control characters), then make every control character visible.
  const write = (line: string, show: (text: string) => string = visible) => io.stderr.write(show(redact.apply(line)) + '\n');
  return {
    verbose: opts.verbose,
    redact,
    info(message) {
      if (!opts.quiet || opts.verbose) write(message);
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
