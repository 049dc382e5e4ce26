/**
 * The help bundle (dist/help.cjs, and the help asset of the single-file executables): answers help and --version
 * from the build's help manifest (help-manifest.ts) without loading the CLI's commands, chalk or output. The line is
 * parsed by the same parseArgv against the manifest's commands and printed by the same answerHelp as main.ts does;
 * anything that is not a help or version request, or that parseArgv refuses (a usage error, an unknown help topic),
 * is left to the full CLI, which then answers (or reports) it as always.
 */
import { readFileSync } from 'node:fs';
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
  const pipes = guardClosedPipes(processIO());
  const code = answerHelp(parsed, commands, pipes.io);
  return pipes.closed ? ExitCode.pipeClosed : code;
}

/**
 * The built bundle's entry: serveHelp with the manifest the build wrote next to it (dist/help-manifest.jsonl), or
 * the text given (the single-file executable's embedded asset).
 */
export function help(argv: readonly string[], io?: IO, manifest?: string): number | undefined {
  return serveHelp(argv, manifestCommands(manifest ?? readFileSync(join(__dirname, 'help-manifest.jsonl'), 'utf8')), io);
}
