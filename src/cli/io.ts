/**
 * I/O streams decided once (like gh's IOStreams): whether stdout is a terminal, whether colour is on, whether
 * prompts are allowed. Commands ask this object instead of looking at process.* themselves, so tests can
 * run every command in-process with captured output.
 */
import { CliError, ExitCode } from '../errors.js';

export interface Writer {
  write(chunk: string): unknown;
}

export interface IO {
  stdout: Writer;
  stderr: Writer;
  /** Standard input as a stream (for secrets given as `-`, and prompts). */
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Colour on stdout (off when not a TTY, with NO_COLOR or --no-color; FORCE_COLOR forces it on). */
  color: boolean;
  /** The same rule for stderr (warnings, notes, error reports), decided once by main(); off when unset. */
  stderrColor?: boolean;
  /** Terminal width of stdout when it is a TTY. */
  columns?: number;
  /** No prompts and no redrawn lines even on a terminal (a CI job, see isCI); set once by main(). */
  neverPrompt?: boolean;
}

/** Whether the tool may ask the user something (gh's CanPrompt): stdin is a terminal and this is not a CI job. */
export function canPrompt(io: IO): boolean {
  return io.stdinIsTTY && !io.neverPrompt;
}

/** Whether stderr is a terminal we may redraw on (spinner, QR code), i.e. someone is watching it live. */
export function canAnimate(io: IO): boolean {
  return io.stderrIsTTY && !io.neverPrompt;
}

/**
 * A CI job (CI set to anything but "", "false" or "0", as GitHub Actions, GitLab, Jenkins and others set it) is
 * non-interactive even when the runner allocates a terminal: nobody is there to answer a prompt.
 */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

export function colorWanted(env: NodeJS.ProcessEnv, isTTY: boolean, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

/**
 * The real streams, watched for a reader that went away (`octo-cli … | head -1`: EPIPE, or any other write error).
 * Then nothing more is written to either stream, `signal` aborts the running command (as Ctrl-C does) and the
 * process exits ExitCode.pipeClosed (141), quietly, however the command ends.
 */
export function guardClosedPipes(io: IO, streams: { stdout: NodeJS.EventEmitter; stderr: NodeJS.EventEmitter } = process): { io: IO; signal: AbortSignal; readonly closed: boolean } {
  const controller = new AbortController();
  const close = () => {
    if (controller.signal.aborted) return;
    controller.abort(new CliError('output closed', ExitCode.pipeClosed));
    // The write error can arrive after main() returned; the last word on the exit code is ours.
    process.once('exit', () => {
      process.exitCode = ExitCode.pipeClosed;
    });
  };
  streams.stdout.on('error', close);
  streams.stderr.on('error', close);
  const guarded = (writer: Writer): Writer => ({ write: (chunk: string) => (controller.signal.aborted ? true : writer.write(chunk)) });
  return {
    io: { ...io, stdout: guarded(io.stdout), stderr: guarded(io.stderr) },
    signal: controller.signal,
    get closed() {
      return controller.signal.aborted;
    },
  };
}

export function processIO(): IO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    color: false, // decided in main() once the flags are known
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}

/** Reads all of stdin (for `-s -`). Trailing newline characters are removed. */
export async function readAllStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/[\r\n]+$/, '');
}

/** Reads one line from stdin (for y/N prompts). Resolves null on EOF. */
export function readLine(stdin: NodeJS.ReadableStream): Promise<string | null> {
  return new Promise((resolve) => {
    let buffer = '';
    const onData = (chunk: Buffer | string) => {
      buffer += chunk.toString();
      const nl = buffer.indexOf('\n');
      if (nl >= 0) finish(buffer.slice(0, nl).replace(/\r$/, ''));
    };
    const onEnd = () => finish(buffer.length > 0 ? buffer : null);
    const finish = (value: string | null) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      (stdin as NodeJS.ReadStream).pause?.();
      resolve(value);
    };
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    (stdin as NodeJS.ReadStream).resume?.();
  });
}
