/**
 * Which context a command works on, and where that sends it: the one place that reads `--context` and the active
 * context and checks the identity URL and tenant. The admin API client, sign-in, sign-out, status and Setup use it.
 */
import { requireTarget, type ContextEntry, type ContextRepository, type ContextsFile, type ResolvedContext } from './contexts.js';

/** What resolving needs: the contexts file and `--context` (a RunContext has both). */
export interface ContextSource {
  contexts: ContextRepository;
  contextOverride?: string;
}

/** A context's name with its checked identity URL (no trailing slash) and tenant. */
export interface ContextTarget {
  contextName: string;
  identityUrl: string;
  tenant: string;
}

/**
 * The context a command works on, with the file it was read from: `--context <name>` when given (it must exist),
 * else the active one; `context` is undefined when there is no active context.
 */
export async function currentContext(ctx: ContextSource): Promise<{ file: ContextsFile; context: ResolvedContext | undefined }> {
  const file = await ctx.contexts.load();
  return { file, context: ctx.contexts.resolve(file, ctx.contextOverride) };
}

/**
 * A resolved context's target, its identity URL and tenant checked (a configuration error names what is missing,
 * also when there is no context). `tenant` replaces the context's tenant: Setup addresses the system tenant.
 */
export function targetOf(context: ResolvedContext | undefined, opts: { tenant?: string } = {}): ContextTarget {
  let entry = context?.entry;
  if (entry && opts.tenant !== undefined) entry = { ...entry, OctoToolOptions: { ...entry.OctoToolOptions, TenantId: opts.tenant } };
  const { identityUrl, tenant } = requireTarget(context?.name, entry);
  return { contextName: context!.name, identityUrl, tenant };
}

/** The target of the context a command works on (`currentContext` + `targetOf`). */
export async function resolveTarget(ctx: ContextSource, opts: { tenant?: string } = {}): Promise<ContextTarget> {
  return targetOf((await currentContext(ctx)).context, opts);
}

/**
 * A context's identity URL as stored tokens are keyed by it, unchecked (trimmed, no trailing slash): signing out and
 * listing contexts must work with a URL that is missing or broken.
 */
export function storedIdentityUrl(entry: ContextEntry | undefined): string {
  const url = entry?.OctoToolOptions?.IdentityServiceUrl;
  return typeof url === 'string' ? url.trim().replace(/\/+$/, '') : '';
}
