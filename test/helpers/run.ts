/** Runs the CLI in-process with captured I/O (no TTY unless asked), a temporary OCTO_CLI_HOME and injected seams. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main, type MainDeps } from '../../src/cli/main.js';
import type { IO } from '../../src/cli/io.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions extends Partial<Omit<MainDeps, 'io'>> {
  /** Text fed to stdin (stdin is then not a TTY). */
  stdin?: string;
  /** A terminal on stdin, stdout and stderr; 'stderr': only stderr is one (`octo-cli … | jq` at a prompt). */
  tty?: boolean | 'stderr';
  /** With `tty`: what the user types on the terminal. */
  input?: string;
  columns?: number;
  home?: string;
}

export function tempHome(): { home: string; cleanup(): void } {
  const home = mkdtempSync(join(tmpdir(), 'octo-cli-test-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export async function runCli(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: IO = {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
    stdin: Readable.from(opts.stdin !== undefined ? [opts.stdin] : opts.input !== undefined ? [opts.input] : []),
    stdinIsTTY: opts.tty === true && opts.stdin === undefined,
    stdoutIsTTY: opts.tty === true,
    stderrIsTTY: Boolean(opts.tty),
    color: false,
    columns: opts.tty === true ? (opts.columns ?? 120) : undefined,
  };
  const env: NodeJS.ProcessEnv = { ...(opts.env ?? {}) };
  if (opts.home) env.OCTO_CLI_HOME = opts.home;
  if (!env.OCTO_CLI_HOME) throw new Error('runCli needs a home (tempHome()) so tests never touch ~/.octo-cli');
  const { env: _e, home: _h, stdin: _s, tty: _t, input: _i, columns: _c, ...deps } = opts;
  const code = await main(argv, { ...deps, io, env, signal: opts.signal ?? new AbortController().signal });
  return { code, stdout, stderr };
}
