/**
 * LogIn (device flow, --if-needed) and LogInClientCredentials. They return what happened (LogInResult); showing it,
 * the device prompt and reading the secret are the caller's (src/commands/auth-run.ts, src/cli/device-ui.ts).
 */
import type { AuthContext } from './context.js';
import { currentContext, targetOf } from '../config/target.js';
import { ToolError, CliError } from '../errors.js';
import { EXPIRY_MARGIN_MS } from './constants.js';
import { pollForApproval, type DeviceUi } from './device.js';
import { decodeJwt, isFresh } from './jwt.js';
import * as oidc from './oidc.js';
import { keyOf, locate, renew, resolveTarget, saveTokens, withTokenLock, type ContextTarget } from './session.js';
import { tokenStores } from './stores/index.js';
import type { StoredTokens, TokenStore } from './types.js';

export interface LogInOptions {
  ifNeeded: boolean;
  insecureStorage: boolean;
  /** The user's side of the device flow, once the identity service and tenant are known. */
  deviceUi(target: { identityUrl: string; tenant: string }): DeviceUi;
}

export type LogInStatus = 'signed_in' | 'already_signed_in' | 'refreshed';

/** The outcome of a sign-in (never the tokens' values in anything shown: see logInJson). */
export interface LogInResult {
  status: LogInStatus;
  target: ContextTarget;
  tokens: StoredTokens;
  store: TokenStore | undefined;
  /** A device sign-in: who signed in ('name'), from the id token or the access token. */
  who?: string;
}

export async function runLogIn(ctx: AuthContext, opts: LogInOptions): Promise<LogInResult> {
  const target = await resolveTarget(ctx);
  const key = keyOf(target);

  if (opts.ifNeeded) {
    const located = await locate(ctx, key);
    if (located && isFresh(located.tokens, ctx.now(), EXPIRY_MARGIN_MS)) {
      ctx.log.info('Existing access token is still valid; skipping device log-in.');
      return { status: 'already_signed_in', target, tokens: located.tokens, store: located.store };
    }
    if (located?.tokens.refreshToken) {
      try {
        const renewed = await renew(ctx, target);
        if (renewed) {
          const { tokens, store } = renewed.located;
          ctx.log.info(`Access token refreshed silently. Token expires at '${tokens.accessTokenExpiresAt ?? 'unknown'}'.`);
          return { status: renewed.how === 'reused' ? 'already_signed_in' : 'refreshed', target, tokens, store };
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
  if (store.kind === 'memory') {
    ctx.log.warn('OCTO_CLI_TOKEN_STORE=memory: the tokens of this sign-in are discarded when octo-cli exits; later commands will not be signed in (unset it to keep them in the OS keychain)');
  }
  const client = await oidc.connect(ctx, target.identityUrl);
  const dar = await oidc.initiateDeviceAuthorization(ctx, client, target.tenant);
  const ui = opts.deviceUi({ identityUrl: target.identityUrl, tenant: target.tenant });
  let response: oidc.TokenResponse;
  try {
    await ui.prompt(dar);
    response = await pollForApproval(ctx, client, dar, ui);
  } finally {
    ui.stop();
  }
  const tokens = oidc.toStoredTokens(ctx, response, { method: 'device_code', issuer: client.issuer, tenant: target.tenant });
  await withTokenLock(ctx, target.contextName, () => saveTokens(ctx, store, key, tokens));
  return { status: 'signed_in', target, tokens, store, who: subjectName(tokens, response.id_token) };
}

export interface ClientCredentialsOptions {
  clientId?: string;
  /** The client secret (flag, stdin or OCTO_CLI_CLIENT_SECRET), asked for once the client id is known. */
  secret(): Promise<string | undefined>;
  /** Whether the secret came from the command line (a warning: shell history, process lists). */
  secretOnCommandLine: boolean;
  insecureStorage: boolean;
}

export async function runLogInClientCredentials(ctx: AuthContext, opts: ClientCredentialsOptions): Promise<LogInResult> {
  const { context } = await currentContext(ctx);
  const tenantId = context?.entry.OctoToolOptions?.TenantId;
  if (context && (typeof tenantId !== 'string' || tenantId.trim() === '')) {
    throw new ToolError("Active context has no TenantId — set one with 'octo-cli -c Config -tid <id>'.");
  }
  const target = targetOf(context);
  const clientId = (opts.clientId ?? ctx.env.OCTO_CLI_CLIENT_ID)?.trim();
  if (!clientId) throw new ToolError('Client ID required. Provide via -id or OCTO_CLI_CLIENT_ID.');
  const clientSecret = await opts.secret();
  if (!clientSecret) throw new ToolError('Client secret required. Provide via -s or OCTO_CLI_CLIENT_SECRET.');
  if (opts.secretOnCommandLine) ctx.log.warn('a secret on the command line can end up in shell history and process lists; prefer `-s -` (stdin) or OCTO_CLI_CLIENT_SECRET');

  const store = await tokenStores(ctx).writable({ insecureAllowed: opts.insecureStorage });
  ctx.log.info(`Client-credentials log-in at '${target.identityUrl}' for tenant '${target.tenant}' as client '${clientId}'...`);
  const client = await oidc.connect(ctx, target.identityUrl, { clientId, clientSecret });
  const response = await oidc.clientCredentialsGrant(ctx, client, target.tenant);
  const tokens = oidc.toStoredTokens(ctx, response, { method: 'client_credentials', clientId, issuer: client.issuer, tenant: target.tenant });
  await withTokenLock(ctx, target.contextName, () => saveTokens(ctx, store, keyOf(target), tokens));
  return { status: 'signed_in', target, tokens, store };
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
