/**
 * The session behind every admin command: the stored access token while it is valid for 30 s more (no network call,
 * no openid-client), else a refresh (or, for client_credentials sign-ins, a silent re-acquisition when
 * OCTO_CLI_CLIENT_ID/OCTO_CLI_CLIENT_SECRET are set).
 *
 * Refresh tokens are one-time use, so renewals run under a cross-process lock per context: the first process
 * refreshes and stores the new tokens before using them; the others, after taking the lock, re-read the store and
 * find the fresh token. OCTO_CLI_ACCESS_TOKEN bypasses all of this.
 */
import { join } from 'node:path';
import type { AuthContext, SessionProvider } from './context.js';
import { findContextKey } from '../config/contexts.js';
import { storedIdentityUrl, type ContextTarget } from '../config/target.js';
import { AuthError, CliError } from '../errors.js';
import { withFileLock } from '../shared/fs.js';
import { EXPIRY_MARGIN_MS } from './constants.js';
import { expiresAtMs, isFresh } from './jwt.js';
import { tokenStores } from './stores/index.js';
import { KeychainCorruptError } from './stores/keychain.js';
import type { AuthSummary, StoredTokens, TokenKey, TokenStore } from './types.js';

/** Tokens and the store they came from (none: acquired for this process only). */
export interface Located {
  tokens: StoredTokens;
  store?: TokenStore;
}

/** A sign-in target with a context (every stored token belongs to one): config/target.ts's ContextTarget. */
export type { ContextTarget } from '../config/target.js';

/** The context a command works on (active, or --context), with its identity URL and tenant. */
export { resolveTarget } from '../config/target.js';

export function keyOf(target: ContextTarget): TokenKey {
  return { contextName: target.contextName, identityUrl: target.identityUrl };
}

/** The newest stored tokens of a context (keychain or file, then the .NET tool's contexts.json block). */
export async function locate(ctx: AuthContext, key: TokenKey): Promise<Located | undefined> {
  for (const store of await tokenStores(ctx).readable()) {
    let tokens: StoredTokens | undefined;
    try {
      tokens = await store.get(key);
    } catch (err) {
      if (err instanceof KeychainCorruptError) {
        ctx.log.warn(`${err.message}; ignoring it (sign in again to replace it)`);
        continue;
      }
      if (err instanceof CliError) throw err;
      throw new AuthError(`cannot read the tokens from ${store.location}: ${(err as Error).message}`, { cause: err });
    }
    if (tokens) {
      ctx.log.redact.add(tokens.accessToken);
      ctx.log.redact.add(tokens.refreshToken);
      ctx.log.redact.add(tokens.idToken);
      return { tokens, store };
    }
  }
  return undefined;
}

/** Runs `fn` holding the context's token lock (`<home>/tokens-<context>.lock`), shared by all octo-cli processes. */
export function withTokenLock<T>(ctx: AuthContext, contextName: string, fn: () => Promise<T>): Promise<T> {
  const safe = contextName.toLowerCase().replace(/[^a-z0-9._-]/g, '_');
  return withFileLock(join(ctx.home, `tokens-${safe}`), fn);
}

/** Writes tokens to a store, turning library errors into one clear line. */
export async function saveTokens(ctx: AuthContext, store: TokenStore, key: TokenKey, tokens: StoredTokens): Promise<void> {
  try {
    await store.set(key, tokens);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new AuthError(`cannot store the tokens in ${store.location}: ${(err as Error).message}`, { cause: err });
  }
  ctx.log.debug(`tokens of context '${key.contextName}' stored in ${store.location}`);
}

export function clientCredentialsFromEnv(env: NodeJS.ProcessEnv): { clientId: string; clientSecret: string } | undefined {
  const clientId = env.OCTO_CLI_CLIENT_ID?.trim();
  const clientSecret = env.OCTO_CLI_CLIENT_SECRET;
  return clientId && clientSecret ? { clientId, clientSecret } : undefined;
}

export interface RenewOptions {
  /** Renew even when the stored token looks valid (after a 401), unless the store already holds another token. */
  force?: boolean;
  /** The token the server rejected (a different fresh token in the store is then used as is). */
  rejected?: string;
}

/**
 * Renews a context's access token under the lock: re-reads the store (another process may have refreshed already),
 * else refreshes with the refresh token, else re-acquires with OCTO_CLI_CLIENT_ID/SECRET for client_credentials
 * sign-ins. The new tokens are stored before they are returned. Undefined when there is no way to renew.
 */
export async function renew(ctx: AuthContext, target: ContextTarget, opts: RenewOptions = {}): Promise<{ located: Located; how: 'reused' | 'refreshed' | 'reacquired' } | undefined> {
  const key = keyOf(target);
  return withTokenLock(ctx, target.contextName, async () => {
    const current = await locate(ctx, key);
    if (current && isFresh(current.tokens, ctx.now(), EXPIRY_MARGIN_MS) && !(opts.force && current.tokens.accessToken === opts.rejected)) {
      return { located: current, how: 'reused' as const };
    }
    const oidc = await import('./oidc.js');
    if (current?.tokens.refreshToken) {
      const client = await oidc.connect(ctx, target.identityUrl);
      const response = await oidc.refreshTokenGrant(ctx, client, current.tokens.refreshToken, target.tenant);
      const tokens = oidc.toStoredTokens(ctx, response, {
        method: current.tokens.method === 'legacy' ? 'device_code' : (current.tokens.method ?? 'device_code'),
        issuer: client.issuer,
        tenant: target.tenant,
        previousRefreshToken: current.tokens.refreshToken,
      });
      const store = await storeRenewed(ctx, key, current, tokens);
      ctx.log.debug(`access token of context '${target.contextName}' refreshed (expires ${tokens.accessTokenExpiresAt ?? 'unknown'})`);
      return { located: { tokens, store }, how: 'refreshed' as const };
    }
    const credentials = clientCredentialsFromEnv(ctx.env);
    if (credentials && (!current || current.tokens.method === 'client_credentials' || current.tokens.method === undefined)) {
      ctx.log.redact.add(credentials.clientSecret);
      const client = await oidc.connect(ctx, target.identityUrl, credentials);
      const response = await oidc.clientCredentialsGrant(ctx, client, target.tenant);
      const tokens = oidc.toStoredTokens(ctx, response, { method: 'client_credentials', clientId: credentials.clientId, issuer: client.issuer, tenant: target.tenant });
      const store = await storeRenewed(ctx, key, current, tokens);
      ctx.log.debug(`access token of context '${target.contextName}' re-acquired for client '${credentials.clientId}' (OCTO_CLI_CLIENT_ID/OCTO_CLI_CLIENT_SECRET)`);
      return { located: { tokens, store }, how: 'reacquired' as const };
    }
    return undefined;
  });
}

/**
 * Stores renewed tokens where the old ones were. Tokens of the .NET tool move to the keychain (or the file store
 * when it is selected) and leave contexts.json; when neither may be used they stay in contexts.json, so the new
 * one-time refresh token is never lost. Tokens acquired from environment credentials with no store available are
 * kept for this process only.
 */
async function storeRenewed(ctx: AuthContext, key: TokenKey, previous: Located | undefined, tokens: StoredTokens): Promise<TokenStore | undefined> {
  const stores = tokenStores(ctx);
  let store = previous?.store?.kind === 'legacy' ? undefined : previous?.store;
  if (!store) {
    try {
      store = await stores.writable({ insecureAllowed: false });
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      if (previous?.store?.kind === 'legacy') store = previous.store;
      else {
        ctx.log.debug(`not storing the new token: ${err.message}`);
        return undefined;
      }
    }
  }
  await saveTokens(ctx, store, key, tokens);
  if (previous?.store?.kind === 'legacy' && store.kind !== 'legacy') {
    await previous.store.delete(key);
    ctx.log.info(`Moved the tokens of context '${key.contextName}' from contexts.json to ${store.location}.`);
  }
  return store;
}

/** Removes a context's tokens from the keychain, file and memory stores (and contexts.json when `legacy`). */
export async function removeEverywhere(ctx: AuthContext, contextName: string, opts: { legacy: boolean }): Promise<{ removedFrom: TokenStore[]; failed: Array<{ store: TokenStore; error: string }> }> {
  const removedFrom: TokenStore[] = [];
  const failed: Array<{ store: TokenStore; error: string }> = [];
  for (const store of await tokenStores(ctx).all(opts)) {
    try {
      if ((await store.deleteContext(contextName)) > 0) removedFrom.push(store);
    } catch (err) {
      failed.push({ store, error: (err as Error).message });
    }
  }
  return { removedFrom, failed };
}

/** The sign-in layer's SessionProvider: access tokens for admin calls, forgetting and describing a context's sign-in. */
export function createSessionProvider(): SessionProvider {
  /** The token last handed out per context, to know which one a 401 rejected. */
  const handedOut = new Map<string, string>();
  /**
   * The fresh tokens last read or renewed per context: a command that sends a thousand requests (Plan, Apply, the
   * expiring-secrets report) reads the token store once, not once per request, while the token stays fresh. A 401
   * (forceRefresh) or an expiring token goes back to the store under the lock, as before.
   */
  const fresh = new Map<string, StoredTokens>();

  return {
    async getAccessToken(ctx, target, opts = {}) {
      const fromEnv = ctx.env.OCTO_CLI_ACCESS_TOKEN?.trim();
      if (fromEnv) {
        ctx.log.redact.add(fromEnv);
        return fromEnv;
      }
      if (!target.contextName) return undefined;
      const contextTarget: ContextTarget = { ...target, contextName: target.contextName };
      const key = keyOf(contextTarget);
      const memoKey = `${key.contextName.toLowerCase()}\u0000${key.identityUrl}`;
      const remembered = fresh.get(memoKey);
      if (remembered && !opts.forceRefresh && isFresh(remembered, ctx.now(), EXPIRY_MARGIN_MS)) return remembered.accessToken;
      fresh.delete(memoKey);
      const located = await locate(ctx, key);
      if (located && !opts.forceRefresh && isFresh(located.tokens, ctx.now(), EXPIRY_MARGIN_MS)) {
        handedOut.set(memoKey, located.tokens.accessToken);
        fresh.set(memoKey, located.tokens);
        return located.tokens.accessToken;
      }
      if (!located && !clientCredentialsFromEnv(ctx.env)) return undefined;
      const rejected = opts.forceRefresh ? (handedOut.get(memoKey) ?? located?.tokens.accessToken) : undefined;
      const renewed = await renew(ctx, contextTarget, { force: opts.forceRefresh, rejected });
      if (renewed) {
        handedOut.set(memoKey, renewed.located.tokens.accessToken);
        if (isFresh(renewed.located.tokens, ctx.now(), EXPIRY_MARGIN_MS)) fresh.set(memoKey, renewed.located.tokens);
        return renewed.located.tokens.accessToken;
      }
      if (opts.forceRefresh) return rejected;
      throw new AuthError(`the access token of context '${key.contextName}' has expired and there is no refresh token to renew it`, {
        hint:
          located?.tokens.method === 'client_credentials'
            ? 'run `octo-cli -c LogInClientCredentials` again, or set OCTO_CLI_CLIENT_ID and OCTO_CLI_CLIENT_SECRET to renew automatically'
            : 'run `octo-cli -c LogIn`',
      });
    },

    async forget(ctx, contextName) {
      for (const memoKey of [...fresh.keys()]) if (memoKey.startsWith(`${contextName.toLowerCase()}\u0000`)) fresh.delete(memoKey);
      const { removedFrom, failed } = await removeEverywhere(ctx, contextName, { legacy: false });
      for (const store of removedFrom) ctx.log.debug(`removed the tokens of context '${contextName}' from ${store.location}`);
      for (const f of failed) ctx.log.warn(`could not remove the tokens of context '${contextName}' from ${f.store.location}: ${f.error}`);
    },

    async describe(ctx, contextName): Promise<AuthSummary> {
      const file = await ctx.contexts.load();
      const name = findContextKey(file, contextName) ?? contextName;
      const identityUrl = storedIdentityUrl(file.Contexts[name]);
      let located: Located | undefined;
      try {
        located = await locate(ctx, { contextName: name, identityUrl });
      } catch (err) {
        ctx.log.warn(`cannot read the tokens of context '${name}': ${(err as Error).message}`);
        return { status: 'none', hasRefreshToken: false };
      }
      return summarize(located, ctx.now());
    },
  };
}

export function summarize(located: Located | undefined, now: number): AuthSummary {
  if (!located) return { status: 'none', hasRefreshToken: false };
  const hasRefreshToken = Boolean(located.tokens.refreshToken);
  const source = located.store?.kind;
  const at = expiresAtMs(located.tokens);
  if (at === undefined) return { status: 'unknown-expiry', hasRefreshToken, source };
  return { status: at > now ? 'valid' : 'expired', accessTokenExpiresAt: new Date(at).toISOString(), hasRefreshToken, source };
}
