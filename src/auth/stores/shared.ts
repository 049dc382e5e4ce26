/** Naming and parsing shared by the token stores. */
import type { StoredTokens, TokenKey } from '../types.js';

/** `<context lowercased>@<identity host[/path]>`, e.g. `local@localhost:5003`. */
export function accountName(key: TokenKey): string {
  return `${key.contextName.toLowerCase()}@${identityHost(key.identityUrl)}`;
}

export function identityHost(identityUrl: string): string {
  try {
    const url = new URL(identityUrl);
    const path = url.pathname.replace(/\/+$/, '');
    return `${url.host}${path}`.toLowerCase();
  } catch {
    return identityUrl.toLowerCase();
  }
}

/** Tokens from stored JSON, or undefined when it does not hold any. */
export function parseStoredTokens(value: unknown): StoredTokens | undefined {
  let data = value;
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const tokens = data as StoredTokens;
  return typeof tokens.accessToken === 'string' && tokens.accessToken !== '' ? tokens : undefined;
}
