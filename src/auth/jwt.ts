/** Local JWT reading (no signature check: the server checks; we only need `exp` and claims for display). */
import type { StoredTokens } from './types.js';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    if (!header || typeof header !== 'object' || Array.isArray(header) || !payload || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
    return { header, payload };
  } catch {
    return undefined;
  }
}

/** ISO expiry from a JWT's `exp`, or undefined. */
export function decodeJwtExpiry(token: string): string | undefined {
  const exp = decodeJwt(token)?.payload.exp;
  return typeof exp === 'number' ? new Date(exp * 1000).toISOString() : undefined;
}

/** Expiry of stored tokens in ms: the recorded one, else the JWT's `exp`; undefined when unknown. */
export function expiresAtMs(tokens: StoredTokens): number | undefined {
  const iso = tokens.accessTokenExpiresAt ?? decodeJwtExpiry(tokens.accessToken);
  if (!iso) return undefined;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? undefined : at;
}

/** Still usable for at least `marginMs` (unknown expiry counts as usable: the server decides). */
export function isFresh(tokens: StoredTokens, now: number, marginMs: number): boolean {
  const at = expiresAtMs(tokens);
  return at === undefined ? true : at > now + marginMs;
}

/**
 * A user token (device flow) rather than a client's: it has `sub` that is not the client itself. The local service
 * sets `sub` = client id on client_credentials tokens; Duende sets no `sub` at all.
 */
export function isUserToken(payload: Record<string, unknown>, method?: StoredTokens['method']): boolean {
  if (method === 'client_credentials') return false;
  const sub = payload.sub;
  if (typeof sub !== 'string' || sub === '') return false;
  return sub !== payload.client_id;
}
