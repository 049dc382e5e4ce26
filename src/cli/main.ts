/**
 * Entry point: parse argv with the flag tables, print help or run one command with injected dependencies,
 * hand a command's result to the exporter (output.ts), and turn every failure into one report on stderr (one line,
 * or one JSON object with --output json) plus the documented exit code. No stack traces unless --verbose.
 */
import { parseArgv } from './argv.js';
import type { RunContext, SessionProvider } from './context.js';
import { answerHelp } from './help.js';
import { colorWanted, guardClosedPipes, isCI, processIO, type IO } from './io.js';
import { createLogger, Redactor } from './log.js';
import { argvWantsJson, reportError } from './error-report.js';
import { emit } from './output.js';
import { openInBrowser } from './browser.js';
import { CliError, ExitCode } from '../errors.js';
import { ContextRepository, resolveHome } from '../config/contexts.js';
import { allCommands } from '../commands/index.js';

export { VERSION } from './help.js';

export interface MainDeps {
  io: IO;
  env: NodeJS.ProcessEnv;
  now: () => number;
  fetch: typeof fetch;
  session: SessionProvider;
  openUrl: (url: string) => Promise<void>;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  /** Aborted when the reader of stdout or stderr went away (set by main() for the real streams). */
  outputClosed: AbortSignal;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function main(argv: readonly string[], deps: Partial<MainDeps> = {}): Promise<number> {
  if (!deps.io) {
    // The real streams: a closed pipe (`| head -1`) stops the command and ends it quietly with exit 141.
    const pipes = guardClosedPipes(processIO());
    const code = await main(argv, { ...deps, io: pipes.io, outputClosed: pipes.signal });
    return pipes.closed ? ExitCode.pipeClosed : code;
  }
  const io = deps.io;
  const env = deps.env ?? process.env;
  if (isCI(env)) io.neverPrompt = true;
  const redact = new Redactor();
  let verbose = argv.some((a) => a.toLowerCase() === '--verbose');
  // Until argv is parsed (a usage error may come first), the raw words decide the error report's format.
  let json = argvWantsJson(argv);
  let noColor = argv.some((a) => a.toLowerCase() === '--no-color');
  try {
    const commands = allCommands();
    const now = deps.now ?? Date.now;
    const parsed = parseArgv(argv, commands, { now });
    verbose = parsed.globals.verbose;
    json = parsed.globals.output === 'json';
    noColor = parsed.globals.noColor;
    io.color = colorWanted(env, io.stdoutIsTTY, parsed.globals.noColor);
    io.stderrColor = colorWanted(env, io.stderrIsTTY, parsed.globals.noColor);
    // A script reading JSON is not there to answer a question: nothing prompts (issue 15 §5).
    if (parsed.globals.output === 'json') io.neverPrompt = true;
    // Help and --version; the launchers serve these from the help bundle (help-entry.ts) without loading this one.
    if (parsed.kind === 'version' || parsed.kind === 'help') return answerHelp(parsed, commands, io);

    const log = createLogger(io, { verbose, redact });
    const home = resolveHome(env);
    const controller = new AbortController();
    const onSigint = () => controller.abort(new CliError('interrupted', ExitCode.tool));
    const ownSignal = !deps.signal;
    if (ownSignal) process.once('SIGINT', onSigint);
    // The HTTP layer (proxy, CA bundle) is set up on the first request, so commands without network never fail on it.
    let realFetch: Promise<typeof fetch> | undefined;
    const fetchImpl: typeof fetch =
      deps.fetch ?? (async (input, init) => (await (realFetch ??= import('../api/http.js').then((m) => m.createFetch(env, log))))(input, init));
    const session = deps.session ?? (await import('../auth/session.js')).createSessionProvider();
    const ctx: RunContext = {
      io,
      env,
      now,
      home,
      output: parsed.globals.output ?? 'table',
      verbose,
      wide: parsed.globals.wide,
      contextOverride: parsed.globals.context,
      log,
      fetch: fetchImpl,
      contexts: new ContextRepository(home, (m) => log.info(m)),
      session,
      openUrl: deps.openUrl ?? openInBrowser,
      sleep: deps.sleep ?? sleep,
      signal: deps.outputClosed ? AbortSignal.any([deps.signal ?? controller.signal, deps.outputClosed]) : (deps.signal ?? controller.signal),
    };
    try {
      parsed.command.validate?.(parsed.flags, ctx);
      const result = await parsed.command.run(ctx, parsed.flags);
      if (typeof result === 'number') return result;
      if (!result) return ExitCode.ok;
      await emit(ctx, result);
      return result.exitCode ?? ExitCode.ok;
    } finally {
      if (ownSignal) process.off('SIGINT', onSigint);
    }
  } catch (err) {
    return reportError(io.stderr, err, { json, verbose, color: colorWanted(env, io.stderrIsTTY, noColor), redact });
  }
}

/**
 * The program: runs main() on the real streams and sets the exit code; bin/octo-cli.js and the single-file
 * executable (scripts/sea/) both start the CLI here. A command whose work is still pending when the event loop runs
 * dry (a promise nobody will settle) must not pass for a success: Node would exit 0, e.g. a LogIn that never stored
 * its tokens; it exits 157 (unexpected) with a line on stderr.
 */
export function run(argv: readonly string[]): void {
  let settled = false;
  process.once('exit', (code) => {
    if (settled || code !== 0) return;
    process.stderr.write('error: octo-cli stopped before the command finished (a bug; nothing was completed)\n');
    process.exitCode = ExitCode.unexpected;
  });
  void main(argv).then((code) => {
    settled = true;
    process.exitCode = code;
  });
}

// For scripts/docs.mjs (README reference) and completion.
export { allCommands } from '../commands/index.js';
export { markdownReference } from './help.js';
// For scripts/build.mjs: the help manifest of dist/help.cjs, made from this registry.
export { helpManifest } from './help-manifest.js';
