/** Confirmation prompts and secret input, through the injected streams. */
import type { RunContext } from './context.js';
import { canPrompt, readAllStdin, readLine } from './io.js';
import { visible } from './text.js';
import { ToolError, UsageError } from '../errors.js';

/**
 * Asks `<message> (y/N): ` on a terminal; only y/yes confirms. Without a terminal, or in a CI job, it refuses
 * unless `yes` (-y/--yes) was given, so scripts never hang and never delete by accident. Declining exits 251.
 */
export async function confirm(ctx: RunContext, message: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (!canPrompt(ctx.io)) {
    const why = !ctx.io.stdinIsTTY ? 'stdin is not a terminal' : 'prompts are off (CI is set, or -o json)';
    throw new ToolError(`confirmation required but ${why}`, { hint: 'pass --yes (-y) to confirm' });
  }
  ctx.io.stderr.write(`${visible(message)} (y/N): `);
  const answer = await readLine(ctx.io.stdin);
  if (!answer || !/^(y|yes)$/i.test(answer.trim())) throw new ToolError('Operation cancelled by user.');
}

const consumedStdins = new WeakSet<object>();

/**
 * A secret from a flag value, `-` (read stdin), or an environment variable, in that order. The value is
 * registered with the redactor so it can never be printed. Returns undefined when none is given.
 */
export async function readSecret(ctx: RunContext, label: string, flagValue: unknown, envName?: string): Promise<string | undefined> {
  let value: string | undefined;
  if (flagValue === '-') {
    if (ctx.io.stdinIsTTY) {
      throw new UsageError(`${label} is '-' but stdin is a terminal: pipe the secret in (e.g. printf %s "$SECRET" | octo-cli …)`);
    }
    if (consumedStdins.has(ctx.io.stdin)) throw new UsageError(`only one flag can read stdin ('-')`);
    consumedStdins.add(ctx.io.stdin);
    value = await readAllStdin(ctx.io.stdin);
    if (!value) throw new UsageError(`${label} is '-' but stdin was empty`);
  } else if (typeof flagValue === 'string') {
    value = flagValue;
  } else if (envName && ctx.env[envName]) {
    value = ctx.env[envName];
  }
  if (value !== undefined) ctx.log.redact.add(value);
  return value;
}

