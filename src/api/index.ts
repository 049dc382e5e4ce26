/** Builds the admin API client for the context a command works on (the active one, or --context). */
import type { RunContext } from '../cli/context.js';
import { requireTarget } from '../config/contexts.js';
import { AdminApi } from './client.js';
import { assertSecureTransport, transportPolicy } from './http.js';

export { path, AdminApi } from './client.js';

export async function adminApi(ctx: RunContext): Promise<AdminApi> {
  const file = await ctx.contexts.load();
  const resolved = ctx.contexts.resolve(file, ctx.contextOverride);
  const { identityUrl, tenant } = requireTarget(resolved?.name, resolved?.entry);
  // Before any token is looked up or sent (also a legacy token from contexts.json): plain http only to loopback.
  assertSecureTransport(identityUrl, transportPolicy(ctx.env));
  const target = { contextName: resolved?.name, identityUrl, tenant };
  ctx.log.debug(`Service URI: ${identityUrl}/${tenant}/v1 (context '${resolved?.name ?? '-'}')`);
  return new AdminApi({
    identityUrl,
    tenant,
    fetch: ctx.fetch,
    getToken: (opts) => ctx.session.getAccessToken(ctx, target, opts),
    sleep: ctx.sleep,
    now: ctx.now,
    timeoutMs: parseTimeout(ctx.env.OCTO_CLI_TIMEOUT),
    signal: ctx.signal,
    notice: (m) => ctx.log.info(m),
  });
}

function parseTimeout(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}
