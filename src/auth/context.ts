/**
 * What the sign-in layer needs from its caller, and nothing more (explicit inputs, as openid-client takes them):
 * environment, clock, the octo-cli folder, the contexts file and `--context`, HTTP, sleeping and Ctrl-C, and a log
 * for progress and for registering secrets to mask. A command's RunContext satisfies it, so src/auth imports
 * nothing from src/cli and never decides how anything is shown. SessionProvider is the layer's service to the CLI.
 */
import type { ContextRepository } from '../config/contexts.js';
import type { AuthSummary, SessionTarget } from './types.js';

export interface AuthLog {
  /** Progress for people. */
  info(message: string): void;
  warn(message: string): void;
  /** Only with --verbose. */
  debug(message: string): void;
  /** Secrets added here are masked in everything the CLI writes (tokens, device codes, client secrets). */
  readonly redact: { add(value: string | undefined | null): void };
}

export interface AuthContext {
  env: NodeJS.ProcessEnv;
  /** Milliseconds since the epoch (the clock seam). */
  now(): number;
  /** The octo-cli folder (token file, locks). */
  home: string;
  contexts: ContextRepository;
  /** --context <name>. */
  contextOverride?: string;
  log: AuthLog;
  /** Every request of the sign-in layer goes through this. */
  fetch: typeof fetch;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

/** What the CLI core needs from the sign-in layer (session.ts implements it; RunContext carries one). */
export interface SessionProvider {
  /**
   * A bearer token for admin calls, refreshed when it expires within 30 s (or when `forceRefresh` is set after a
   * 401). Undefined when not signed in (the call then goes out without a token and gets 401).
   */
  getAccessToken(ctx: AuthContext, target: SessionTarget, opts?: { forceRefresh?: boolean }): Promise<string | undefined>;
  /**
   * Forget the tokens of a context (AddContext/Config with another URL or tenant, RemoveContext): keychain, file and
   * memory stores. The caller owns contexts.json (it may hold its lock), so the legacy block is the caller's job.
   */
  forget(ctx: AuthContext, contextName: string): Promise<void>;
  /** Sign-in state of a context for ListContexts (no network call). */
  describe(ctx: AuthContext, contextName: string): Promise<AuthSummary>;
}
