/**
 * Everything a command depends on, injected (gh's "options record"): streams, environment, clock, HTTP, the
 * contexts file, the token store. Tests build one with fakes; main() builds the real one.
 */
import type { IO } from './io.js';
import type { Logger } from './log.js';
import type { ContextRepository } from '../config/contexts.js';
import type { SessionProvider } from '../auth/context.js';

export type { SessionProvider } from '../auth/context.js';

export type OutputFormat = 'table' | 'json';

export interface RunContext {
  io: IO;
  env: NodeJS.ProcessEnv;
  /** Milliseconds since the epoch (the clock seam). */
  now(): number;
  /** The octo-cli folder (~/.octo-cli, or OCTO_CLI_HOME). */
  home: string;
  output: OutputFormat;
  verbose: boolean;
  /** --wide: do not truncate table cells to the terminal width. */
  wide: boolean;
  /** --context <name>: use this context for this call only. */
  contextOverride?: string;
  log: Logger;
  /** HTTP seam: every request of the CLI goes through this (WHATWG fetch signature). */
  fetch: typeof fetch;
  contexts: ContextRepository;
  /** Access tokens for admin calls (sign-in, refresh, token store). */
  session: SessionProvider;
  /** Opens a URL in the browser; rejects when that is not possible. */
  openUrl(url: string): Promise<void>;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

