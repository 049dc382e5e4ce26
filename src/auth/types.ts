/** The sign-in layer's data: stored tokens, token stores, session targets and summaries (SessionProvider, what the CLI core needs from this layer, is in auth/context.ts; cli/context.ts re-exports it). */

/** What we keep per context. Never printed or logged. */
export interface StoredTokens {
  accessToken: string;
  /** ISO 8601; absolute expiry of the access token (local clock + expires_in when it was issued). */
  accessTokenExpiresAt?: string;
  refreshToken?: string;
  idToken?: string;
  /** How the token was obtained. 'legacy' = left in contexts.json by the .NET tool. */
  method?: 'device_code' | 'client_credentials' | 'legacy';
  /** For client_credentials: the client id used (the secret is never stored). */
  clientId?: string;
  issuer?: string;
  scope?: string;
  /** The tenant the token was issued for (acr_values=tenant:<id>). */
  tenant?: string;
}

/** Which tokens: a context at one identity service (the keychain account is `<context lowercased>@<identity host>`). */
export interface TokenKey {
  contextName: string;
  identityUrl: string;
}

export type TokenStoreKind = 'keychain' | 'file' | 'memory' | 'legacy';

export interface TokenStore {
  readonly kind: TokenStoreKind;
  /** For messages: "the OS keychain (service 'octo-cli')", "/home/me/.octo-cli/credentials.json". */
  readonly location: string;
  get(key: TokenKey): Promise<StoredTokens | undefined>;
  set(key: TokenKey, tokens: StoredTokens): Promise<void>;
  /** Returns true when something was removed. */
  delete(key: TokenKey): Promise<boolean>;
  /** Removes a context's tokens for every identity service (RemoveContext, LogOut, retargeting). Returns how many. */
  deleteContext(contextName: string): Promise<number>;
}

/** The target of an admin call: which context, identity service and tenant. */
export interface SessionTarget {
  contextName: string | undefined;
  identityUrl: string;
  tenant: string;
}

/** What ListContexts shows about a context's sign-in, without any network call. */
export interface AuthSummary {
  status: 'none' | 'unknown-expiry' | 'expired' | 'valid';
  accessTokenExpiresAt?: string;
  hasRefreshToken: boolean;
  /** Where the tokens are: keychain, file, memory, legacy (contexts.json of the .NET tool), env. */
  source?: string;
}
