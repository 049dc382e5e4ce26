/** Local JWT reading (no signature check: the server checks; we only need `exp` and claims for display). */

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
    if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object') return undefined;
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
