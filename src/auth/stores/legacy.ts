/**
 * Tokens the .NET octo-cli left in contexts.json (the context's `Authentication` block). We read them when nothing
 * newer exists, write back there only when no other store may be used (so a one-time refresh token is never
 * lost), and clear them on LogOut or once they moved to the keychain or file store.
 */
import type { ContextRepository, LegacyAuthentication } from '../../config/contexts.js';
import { findContextKey } from '../../config/contexts.js';
import type { StoredTokens, TokenKey, TokenStore } from '../types.js';

export class LegacyStore implements TokenStore {
  readonly kind = 'legacy' as const;
  readonly location: string;

  constructor(private readonly contexts: ContextRepository) {
    this.location = `${contexts.path} (tokens left by the .NET octo-cli)`;
  }

  async get(key: TokenKey): Promise<StoredTokens | undefined> {
    const file = await this.contexts.load();
    const name = findContextKey(file, key.contextName);
    const auth = name ? file.Contexts[name]?.Authentication : undefined;
    if (!auth || typeof auth.AccessToken !== 'string' || auth.AccessToken === '') return undefined;
    const expires = typeof auth.AccessTokenExpiresAt === 'string' ? Date.parse(auth.AccessTokenExpiresAt) : NaN;
    return {
      accessToken: auth.AccessToken,
      accessTokenExpiresAt: Number.isNaN(expires) ? undefined : new Date(expires).toISOString(),
      refreshToken: typeof auth.RefreshToken === 'string' && auth.RefreshToken !== '' ? auth.RefreshToken : undefined,
      method: 'legacy',
    };
  }

  async set(key: TokenKey, tokens: StoredTokens): Promise<void> {
    await this.contexts.update((file) => {
      const name = findContextKey(file, key.contextName);
      if (!name) return;
      const entry = file.Contexts[name]!;
      const auth: LegacyAuthentication = { ...(entry.Authentication ?? {}) };
      auth.AccessToken = tokens.accessToken;
      auth.AccessTokenExpiresAt = tokens.accessTokenExpiresAt ?? null;
      auth.RefreshToken = tokens.refreshToken ?? null;
      entry.Authentication = auth;
    });
  }

  async delete(key: TokenKey): Promise<boolean> {
    return (await this.deleteContext(key.contextName)) > 0;
  }

  async deleteContext(contextName: string): Promise<number> {
    const file = await this.contexts.load();
    const name = findContextKey(file, contextName);
    if (!name || !hasTokens(file.Contexts[name]?.Authentication)) return 0;
    return this.contexts.update((f) => {
      const key = findContextKey(f, contextName);
      if (!key || !hasTokens(f.Contexts[key]?.Authentication)) return 0;
      f.Contexts[key]!.Authentication = null;
      return 1;
    });
  }
}

function hasTokens(auth: LegacyAuthentication | null | undefined): boolean {
  return Boolean(auth && (auth.AccessToken || auth.RefreshToken));
}
