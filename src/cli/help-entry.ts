/**
 * The help bundle (dist/help.cjs, and the help asset of the single-file executables): answers help and --version
 * from the build's help manifest (help-manifest.ts) without loading the CLI's commands, chalk or output. The line is
 * parsed by the same parseArgv against the manifest's commands and printed by the same answerHelp as main.ts does;
 * anything that is not a help or version request, or that parseArgv refuses (a usage error, an unknown help topic),
 * is left to the full CLI, which then answers (or reports) it as always.
 */
import { fstatSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgv } from './argv.js';
import { answerHelp, helpWidth, topicHelp } from './help.js';
import { manifestCommands } from './help-manifest.js';
import { guardClosedPipes, processIO, type IO } from './io.js';
import type { CommandSpec } from './spec.js';
import { ExitCode } from '../errors.js';

/**
 * The exit code of the help or version answer it printed, or undefined when the line is for the full CLI (nothing
 * was written then). Without `io`, the real streams, guarded as main() guards them (a closed pipe: exit 141).
 */
export function serveHelp(argv: readonly string[], commands: readonly CommandSpec<any>[], io?: IO): number | undefined {
  let parsed;
  try {
    parsed = parseArgv(argv, commands);
  } catch {
    return undefined;
  }
  if (parsed.kind === 'run') return undefined;
  if (parsed.kind === 'help' && !parsed.command && parsed.topic !== undefined && topicHelp(parsed.topic, commands, helpWidth({})) === undefined) return undefined;
  if (io) return answerHelp(parsed, commands, io);
  if (plainStdout()) {
    let closed = false;
    const code = answerHelp(parsed, commands, { stdout: { write: (text: string) => closed || (closed = !writeAll(1, text)) } });
    return closed ? ExitCode.pipeClosed : code;
  }
  const pipes = guardClosedPipes(processIO());
  const code = answerHelp(parsed, commands, pipes.io);
  return pipes.closed ? ExitCode.pipeClosed : code;
}

/**
 * Whether stdout is a pipe, socket or file, not a terminal: then help is written with fs.writeSync. Node's
 * process.stdout would load its stream and socket modules (a tenth of Node's own start) for one write; its width is
 * only read on a terminal (processIO), which keeps process.stdout as main() does.
 */
function plainStdout(): boolean {
  try {
    const st = fstatSync(1);
    return st.isFIFO() || st.isSocket() || st.isFile();
  } catch {
    return false;
  }
}

/**
 * Writes all of `text` to `fd`, waiting out a full non-blocking pipe (EAGAIN); false when the reader went away or
 * the write failed otherwise (main() then ends quietly with exit 141, and so does help).
 */
function writeAll(fd: number, text: string): boolean {
  const bytes = Buffer.from(text);
  let wait: Int32Array | undefined;
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(fd, bytes, at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return false;
      Atomics.wait((wait ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 1);
    }
  }
  return true;
}

/**
 * The built bundle's entry: serveHelp with the manifest the build wrote next to it (dist/help-manifest.jsonl), or
 * the text given (the single-file executable's embedded asset).
 */
export function help(argv: readonly string[], io?: IO, manifest?: string): number | undefined {
  return serveHelp(argv, manifestCommands(manifest ?? readFileSync(join(__dirname, 'help-manifest.jsonl'), 'utf8')), io);
}
