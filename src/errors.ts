/**
 * Exit codes keep the original .NET octo-cli's classes (negative codes as the shell sees them, modulo 256),
 * so scripts that branch on them keep working. We never exit 0 on a failure.
 */
export const ExitCode = {
  ok: 0,
  /** -1: bad command line (unknown flag, missing or malformed value). */
  usage: 255,
  /** -2: configuration missing or invalid (no identity URL, no tenant, broken contexts.json). */
  config: 254,
  /** -3: the server answered with an error status, or could not be reached. */
  http: 253,
  /** -4: sign-in failed, or no valid credentials. */
  auth: 252,
  /** -5: the tool refused (cancelled by the user, unknown context, …). */
  tool: 251,
  /** -99: a bug: anything we did not expect. */
  unexpected: 157,
  /**
   * 128 + SIGPIPE: stdout or stderr was closed by its reader (`octo-cli … | head -1`); the command ended quietly.
   * The same code a shell reports for git or gh killed by SIGPIPE in that pipe.
   */
  pipeClosed: 141,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface CliErrorOptions {
  hint?: string;
  cause?: unknown;
  details?: Readonly<Record<string, unknown>>;
}

/** An error meant for the user: one line, a known exit code, no stack trace. */
export class CliError extends Error {
  readonly exitCode: ExitCodeValue;
  /** Optional second line: what to do about it. */
  readonly hint?: string;
  /** Facts for scripts, added to the `--output json` error object (AuthStatus: the status and the context). */
  readonly details?: Readonly<Record<string, unknown>>;
  constructor(message: string, exitCode: ExitCodeValue, options?: CliErrorOptions) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options?.hint;
    this.details = options?.details;
  }
}

export class UsageError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.usage, options);
  }
}
export class ConfigError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.config, options);
  }
}
export class AuthError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.auth, options);
  }
}
export class ToolError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(message, ExitCode.tool, options);
  }
}
/** The server answered with a non-success status (or could not be reached: status 0). */
export class HttpError extends CliError {
  readonly status: number;
  readonly body: string;
  constructor(message: string, status: number, body = '', options?: CliErrorOptions) {
    super(message, ExitCode.http, options);
    this.status = status;
    this.body = body;
  }
}
