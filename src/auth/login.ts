/** LogIn (device flow, --if-needed) and LogInClientCredentials. */
import type { RunContext } from '../cli/context.js';
import { printJson } from '../cli/output.js';
import { readSecret } from '../cli/prompt.js';
import { ToolError, CliError } from '../errors.js';
import { EXPIRY_MARGIN_MS } from './constants.js';
import { createDeviceUi, pollForApproval } from './device.js';
import { decodeJwt, isFresh } from './jwt.js';
import * as oidc from './oidc.js';
import { keyOf, locate, renew, resolveTarget, saveTokens, withTokenLock, type ContextTarget } from './session.js';
import { tokenStores } from './stores/index.js';
import type { StoredTokens, TokenStore } from './types.js';

export interface LogInOptions {
  interactive: boolean;
  ifNeeded: boolean;
  insecureStorage: boolean;
}

type LogInStatus = 'signed_in' | 'already_signed_in' | 'refreshed';

export async function runLogIn(ctx: RunContext, opts: LogInOptions): Promise<number> {
  const target = await resolveTarget(ctx);
  const key = keyOf(target);

  if (opts.ifNeeded) {
    const located = await locate(ctx, key);
    if (located && isFresh(located.tokens, ctx.now(), EXPIRY_MARGIN_MS)) {
      ctx.log.info('Existing access token is still valid; skipping device log-in.');
      report(ctx, 'already_signed_in', target, located.tokens, located.store);
      return 0;
    }
    if (located?.tokens.refreshToken) {
      try {
        const renewed = await renew(ctx, target);
        if (renewed) {
          const { tokens, store } = renewed.located;
          ctx.log.info(`Access token refreshed silently. Token expires at '${tokens.accessTokenExpiresAt ?? 'unknown'}'.`);
          report(ctx, renewed.how === 'reused' ? 'already_signed_in' : 'refreshed', target, tokens, store);
          return 0;
        }
      } catch (err) {
        if (!(err instanceof CliError)) throw err;
        ctx.log.info(`Token refresh failed (${err.message}); falling back to device log-in.`);
      }
    } else {
      ctx.log.info('No valid access token and no refresh token available; device log-in required.');
    }
  }

  // Choose the store first: nobody should approve a sign-in whose tokens cannot be kept.
  const store = await tokenStores(ctx).writable({ insecureAllowed: opts.insecureStorage });
  const client = await oidc.connect(ctx, target.identityUrl);
  const dar = await oidc.initiateDeviceAuthorization(ctx, client, target.tenant);
  const ui = createDeviceUi(ctx, { identityUrl: target.identityUrl, tenant: target.tenant, interactive: opts.interactive });
  let response: oidc.TokenResponse;
  try {
    await ui.prompt(dar);
    response = await pollForApproval(ctx, client, dar, ui);
  } finally {
    ui.stop();
  }
  const tokens = oidc.toStoredTokens(ctx, response, { method: 'device_code', issuer: client.issuer, tenant: target.tenant });
  await withTokenLock(ctx, target.contextName, () => saveTokens(ctx, store, key, tokens));
  const who = subjectName(tokens, response.id_token);
  ctx.log.info(
    `Device log-in successful${who ? ` as ${who}` : ''}. Token expires at '${tokens.accessTokenExpiresAt ?? 'unknown'}'. Tokens are stored in ${store.location}.`,
  );
  report(ctx, 'signed_in', target, tokens, store);
  return 0;
}

export interface ClientCredentialsOptions {
  clientId?: string;
  secret?: string;
  insecureStorage: boolean;
}

export async function runLogInClientCredentials(ctx: RunContext, opts: ClientCredentialsOptions): Promise<number> {
  const file = await ctx.contexts.load();
  const resolved = ctx.contexts.resolve(file, ctx.contextOverride);
  const tenantId = resolved?.entry.OctoToolOptions?.TenantId;
  if (resolved && (typeof tenantId !== 'string' || tenantId.trim() === '')) {
    throw new ToolError("Active context has no TenantId — set one with 'octo-cli -c Config -tid <id>'.");
  }
  const target = await resolveTarget(ctx);
  const clientId = (opts.clientId ?? ctx.env.OCTO_CLI_CLIENT_ID)?.trim();
  if (!clientId) throw new ToolError('Client ID required. Provide via -id or OCTO_CLI_CLIENT_ID.');
  const literal = typeof opts.secret === 'string' && opts.secret !== '-';
  const clientSecret = await readSecret(ctx, '--secret (-s)', opts.secret, 'OCTO_CLI_CLIENT_SECRET');
  if (!clientSecret) throw new ToolError('Client secret required. Provide via -s or OCTO_CLI_CLIENT_SECRET.');
  if (literal) ctx.log.warn('a secret on the command line can end up in shell history and process lists; prefer `-s -` (stdin) or OCTO_CLI_CLIENT_SECRET');

  const store = await tokenStores(ctx).writable({ insecureAllowed: opts.insecureStorage });
  ctx.log.info(`Client-credentials log-in at '${target.identityUrl}' for tenant '${target.tenant}' as client '${clientId}'...`);
  const client = await oidc.connect(ctx, target.identityUrl, { clientId, clientSecret });
  const response = await oidc.clientCredentialsGrant(ctx, client, target.tenant);
  const tokens = oidc.toStoredTokens(ctx, response, { method: 'client_credentials', clientId, issuer: client.issuer, tenant: target.tenant });
  await withTokenLock(ctx, target.contextName, () => saveTokens(ctx, store, keyOf(target), tokens));
  const renewable = ctx.env.OCTO_CLI_CLIENT_ID && ctx.env.OCTO_CLI_CLIENT_SECRET;
  ctx.log.info(
    `Client-credentials log-in successful. Token expires at '${tokens.accessTokenExpiresAt ?? 'unknown'}'. Tokens are stored in ${store.location}; the client secret is not stored.` +
      (renewable ? ' It is re-acquired automatically while OCTO_CLI_CLIENT_ID / OCTO_CLI_CLIENT_SECRET are set.' : ' No refresh token is issued; set OCTO_CLI_CLIENT_ID / OCTO_CLI_CLIENT_SECRET in the environment to enable automatic re-acquisition.'),
  );
  report(ctx, 'signed_in', target, tokens, store);
  return 0;
}

function report(ctx: RunContext, status: LogInStatus, target: ContextTarget, tokens: StoredTokens, store: TokenStore | undefined): void {
  if (ctx.output !== 'json') return;
  printJson(ctx, {
    status,
    context: target.contextName,
    tenant: target.tenant,
    identityUrl: target.identityUrl,
    method: tokens.method ?? null,
    clientId: tokens.clientId ?? null,
    expiresAt: tokens.accessTokenExpiresAt ?? null,
    hasRefreshToken: Boolean(tokens.refreshToken),
    tokenStore: store?.kind ?? null,
  });
}

/** A display name for the signed-in user, from the id token or the access token (never the tokens themselves). */
function subjectName(tokens: StoredTokens, idToken: string | undefined): string | undefined {
  const claims = { ...(decodeJwt(tokens.accessToken)?.payload ?? {}), ...(idToken ? (decodeJwt(idToken)?.payload ?? {}) : {}) };
  for (const name of ['preferred_username', 'name', 'email', 'sub']) {
    const value = claims[name];
    if (typeof value === 'string' && value) return `'${value}'`;
  }
  return undefined;
}
