/** Builds the admin API client for the context a command works on (the active one, or --context). */
import type { RunContext } from '../cli/context.js';
import { resolveTarget } from '../config/target.js';
import { AdminApi } from './client.js';
import { assertSecureTransport, transportPolicy } from './http.js';

export { path, AdminApi } from './client.js';

export async function adminApi(ctx: RunContext): Promise<AdminApi> {
  const target = await resolveTarget(ctx);
  const { identityUrl, tenant } = target;
  // Before any token is looked up or sent (also a legacy token from contexts.json): plain http only to loopback.
  assertSecureTransport(identityUrl, transportPolicy(ctx.env));
  ctx.log.debug(`Service URI: ${identityUrl}/${tenant}/v1 (context '${target.contextName}')`);
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

/**
 * A client for the service's anonymous endpoints outside the admin API (`baseUrl`, e.g. Setup's
 * `{identityUrl}/{tenant}/api/setup`): no token is looked up or sent; timeout, retries and error messages as
 * `adminApi`.
 */
export function anonymousApi(ctx: RunContext, target: { identityUrl: string; tenant: string }, baseUrl: string): AdminApi {
  return new AdminApi({
    identityUrl: target.identityUrl,
    tenant: target.tenant,
    baseUrl,
    fetch: ctx.fetch,
    getToken: async () => undefined,
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
