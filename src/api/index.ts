/** Builds the admin API client for the context a command works on (the active one, or --context). */
import type { RunContext } from '../cli/context.js';
import { resolveTarget } from '../config/target.js';
import { AdminApi, type AdminApiOptions } from './client.js';
import { assertSecureTransport, transportPolicy } from './http.js';

export { path, AdminApi } from './client.js';

export async function adminApi(ctx: RunContext): Promise<AdminApi> {
  const target = await resolveTarget(ctx);
  const { identityUrl, tenant } = target;
  // The HTTP layer refuses plain http to a host that is not loopback on every request; this applies the same rule
  // earlier, before any token is looked up (a keychain read, a refresh) or handed out (also a legacy token from
  // contexts.json).
  assertSecureTransport(identityUrl, transportPolicy(ctx.env));
  ctx.log.debug(`Service URI: ${identityUrl}/${tenant}/v1 (context '${target.contextName}')`);
  return new AdminApi(clientOptions(ctx, target, { getToken: (opts) => ctx.session.getAccessToken(ctx, target, opts) }));
}

/**
 * A client for the service's anonymous endpoints outside the admin API (`baseUrl`, e.g. Setup's
 * `{identityUrl}/{tenant}/api/setup`): no token is looked up or sent; timeout, retries and error messages as
 * `adminApi`.
 */
export function anonymousApi(ctx: RunContext, target: { identityUrl: string; tenant: string }, baseUrl: string): AdminApi {
  return new AdminApi(clientOptions(ctx, target, { baseUrl, getToken: async () => undefined }));
}

/** The options both clients share (transport, clock, timeout, Ctrl-C, notices), with the caller's token source. */
function clientOptions(
  ctx: RunContext,
  target: { identityUrl: string; tenant: string },
  own: Pick<AdminApiOptions, 'getToken'> & Partial<Pick<AdminApiOptions, 'baseUrl'>>,
): AdminApiOptions {
  return {
    identityUrl: target.identityUrl,
    tenant: target.tenant,
    ...own,
    fetch: ctx.fetch,
    sleep: ctx.sleep,
    now: ctx.now,
    timeoutMs: parseTimeout(ctx.env.OCTO_CLI_TIMEOUT),
    signal: ctx.signal,
    notice: (m) => ctx.log.info(m),
  };
}

function parseTimeout(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}
