/**
 * The runs of Plan, Apply, Export and GetApplySchema (src/commands/provisioning.ts declares them and loads this module
 * only when one of them runs, so yaml and zod never slow the start of other commands).
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { RunContext } from '../cli/context.js';
import { readAllStdin } from '../cli/io.js';
import { emitJson } from '../cli/output.js';
import { confirm } from '../cli/prompt.js';
import { spinner, statusLine } from '../cli/status.js';
import { adminApi } from '../api/index.js';
import type { AdminApi } from '../api/client.js';
import { decodeJwt } from '../auth/jwt.js';
import { resolveTarget } from '../config/target.js';
import { CliError, ExitCode, ToolError, UsageError } from '../errors.js';
import { atomicWriteFile } from '../shared/fs.js';
import { DEFAULT_PARALLEL } from '../shared/pool.js';
import { applyPlan, type Progress } from './apply.js';
import { exportTenant, exportYaml } from './export.js';
import { FileProblems, loadSources, type Desired, type Source } from './load.js';
import { plan, type Plan } from './plan.js';
import { readTenant, type Actual } from './read.js';
import { outcomeCounts, outcomeText, planJson, planText } from './render.js';
import { jsonSchema } from './schema.js';

export interface PlanFlags {
  file: string[];
  prune: boolean;
  parallel?: number;
}

/** Exit code of Plan --detailed-exitcode when something would change (Terraform's convention). */
export const CHANGES_PENDING = 2;

/** The files of `-f` (`-` is stdin, once). */
async function readSources(ctx: RunContext, files: readonly string[]): Promise<Source[]> {
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('--file (-f) - (stdin) can be given only once');
  return Promise.all(
    files.map(async (f): Promise<Source> => {
      if (f === '-') {
        if (ctx.io.stdinIsTTY) throw new UsageError('--file (-f) is - but stdin is a terminal: pipe the file in (octo-cli -c Plan -f - < tenant.yaml)');
        return { name: '<stdin>', text: await readAllStdin(ctx.io.stdin), dir: process.cwd() };
      }
      try {
        return { name: f, text: await readFile(f, 'utf8'), dir: dirname(resolve(f)) };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new UsageError(`cannot read ${f}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
      }
    }),
  );
}

/** Loads and checks the files; every problem is printed one a line (with -o json they are in the error's details). */
async function loadDesired(ctx: RunContext, files: readonly string[]): Promise<Desired> {
  try {
    const desired = await loadSources(await readSources(ctx, files), { env: ctx.env, readFile: (p) => readFile(p, 'utf8') });
    for (const secret of desired.secrets) ctx.log.redact.add(secret);
    return desired;
  } catch (err) {
    if (err instanceof FileProblems && ctx.output !== 'json' && err.problems.length > 1) for (const p of err.problems) ctx.log.info(p);
    throw err;
  }
}

/** The client id the CLI is signed in as (from the access token), so that prune never deletes it. */
async function signedInClient(ctx: RunContext): Promise<string | undefined> {
  const token = await ctx.session.getAccessToken(ctx, await resolveTarget(ctx)).catch(() => undefined);
  const id = token ? decodeJwt(token)?.payload.client_id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** A spinner on stderr while the tenant is read (a terminal only), counting the requests. */
function readingSpinner(ctx: RunContext): { tick(): void; stop(): void } {
  let requests = 0;
  const spin = spinner(ctx.io, (frame) => `${frame} Reading the tenant (${requests} requests)`);
  return { tick: () => void requests++, stop: spin.stop };
}

interface Planned {
  api: AdminApi;
  desired: Desired;
  actual: Actual;
  plan: Plan;
}

/** Files → desired state; tenant → actual state (GET only); the plan. */
async function makePlan(ctx: RunContext, flags: PlanFlags): Promise<Planned> {
  const desired = await loadDesired(ctx, flags.file);
  const api = await adminApi(ctx);
  if (desired.tenant !== undefined && desired.tenant.toLowerCase() !== api.tenant.toLowerCase()) {
    throw new ToolError(`the file describes tenant '${desired.tenant}' but the context targets tenant '${api.tenant}'; nothing was sent`, {
      hint: 'use --context <name> for that tenant, or change `tenant:` in the file',
    });
  }
  const clientsInFile = desired.objects.client;
  const spin = readingSpinner(ctx);
  let actual: Actual;
  try {
    actual = await readTenant(
      api,
      {
        secretsOf: new Set(clientsInFile.filter((e) => e.spec.clientSecret !== undefined).map((e) => e.name)),
        rolesOf: new Set(clientsInFile.filter((e) => e.spec.roles !== undefined).map((e) => e.name)),
        users: desired.objects.group.some((e) => e.spec.memberUsers !== undefined),
      },
      // GETs are cheap for the service: reads go twice as wide as writes.
      { parallel: 2 * (flags.parallel ?? DEFAULT_PARALLEL), onRequest: spin.tick, signal: ctx.signal },
    );
  } finally {
    spin.stop();
  }
  const p = plan(desired, actual, { prune: flags.prune, signedInClient: flags.prune ? await signedInClient(ctx) : undefined });
  for (const w of p.warnings) ctx.log.warn(w);
  return { api, desired, actual, plan: p };
}

export async function runPlan(ctx: RunContext, flags: PlanFlags & { detailedExitcode: boolean }): Promise<number> {
  const { plan: p } = await makePlan(ctx, flags);
  if (!emitJson(ctx, { json: planJson(p) })) ctx.io.stdout.write(await planText(ctx, p, { prune: flags.prune }));
  return flags.detailedExitcode && p.changes.length > 0 ? CHANGES_PENDING : ExitCode.ok;
}

/** Apply's progress on stderr: done / total, what is in flight, failures so far (a terminal only). */
function progressLine(ctx: RunContext): { show(p: Progress): void; clear(): void } | undefined {
  const line = statusLine(ctx.io);
  if (!line) return undefined;
  return {
    show(p) {
      const current = p.inFlight[0] ? ` ${p.inFlight[0]}${p.inFlight.length > 1 ? ` (+${p.inFlight.length - 1})` : ''}` : '';
      line.show(`[${p.done}/${p.total}]${current}${p.failed ? ` · ${p.failed} failed` : ''}`, p.done === p.total);
    },
    clear: line.clear,
  };
}

export async function runApply(ctx: RunContext, flags: PlanFlags & { yes: boolean }): Promise<number> {
  const { api, actual, plan: p } = await makePlan(ctx, flags);
  const json = ctx.output === 'json';
  if (!json) ctx.io.stdout.write(await planText(ctx, p, { prune: flags.prune }));
  if (p.changes.length === 0) {
    if (json) emitJson(ctx, { json: planJson(p, new Map()) });
    return ExitCode.ok;
  }
  const deletes = p.changes.filter((c) => c.action === 'delete');
  if (deletes.length > 0) {
    await confirm(ctx, `Delete ${deletes.length} object${deletes.length === 1 ? '' : 's'} that the file does not list (--prune)?`, flags.yes);
  }
  const progress = progressLine(ctx);
  let outcomes;
  try {
    outcomes = await applyPlan(api, p, actual, { parallel: flags.parallel ?? DEFAULT_PARALLEL, onProgress: progress?.show, signal: ctx.signal });
  } finally {
    progress?.clear();
  }
  if (!emitJson(ctx, { json: planJson(p, outcomes) })) ctx.io.stdout.write(await outcomeText(ctx, p, outcomes));
  const { failed, skipped } = outcomeCounts(p, outcomes);
  if (failed > 0 || skipped > 0) {
    throw new CliError(`${failed} change${failed === 1 ? '' : 's'} failed, ${skipped} skipped`, ExitCode.http, {
      hint: 'fix the cause and run Apply again: it changes only what is still different',
      details: { failed, skipped },
    });
  }
  return ExitCode.ok;
}

export async function runExport(ctx: RunContext, flags: { file?: string; includeDefaults: boolean; parallel?: number }): Promise<number> {
  const api = await adminApi(ctx);
  const spin = readingSpinner(ctx);
  let actual: Actual;
  try {
    actual = await readTenant(api, { secretsOf: new Set(), rolesOf: 'all', users: true }, { parallel: 2 * (flags.parallel ?? DEFAULT_PARALLEL), onRequest: spin.tick, signal: ctx.signal });
  } finally {
    spin.stop();
  }
  const file = exportTenant(actual, { tenant: api.tenant, includeDefaults: flags.includeDefaults });
  const asJson = flags.file !== undefined ? /\.json$/i.test(flags.file) : ctx.output === 'json';
  const text = asJson ? JSON.stringify(file, null, 2) + '\n' : exportYaml(file, `${api.identityUrl} (tenant ${api.tenant})`);
  if (flags.file === undefined || flags.file === '-') {
    ctx.io.stdout.write(text);
    return ExitCode.ok;
  }
  await atomicWriteFile(resolve(flags.file), text);
  const count = (['apiScopes', 'apiResources', 'roles', 'clients', 'groups'] as const).map((k) => `${file[k]!.length} ${k}`).join(', ');
  ctx.log.info(`Exported ${count} to ${flags.file}`);
  return ExitCode.ok;
}

export function runGetApplySchema(ctx: RunContext): number {
  ctx.io.stdout.write(JSON.stringify(jsonSchema(), null, 2) + '\n');
  return ExitCode.ok;
}
