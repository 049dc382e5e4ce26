/**
 * Bearer authentication of the admin API: our own RS256 JWTs, checked for signature, issuer, audience `octoAPI` and
 * expiry. Authorization is purely scope based (identity-api.md §1.2).
 */
import type { IncomingMessage } from 'node:http';
import { jwtVerify, type JWTPayload } from 'jose';
import { API_AUDIENCE, type ServiceContext } from '../context.js';

/** read = `octo_api` or `octo_api.read_only`; write = `octo_api`; auth = any valid bearer token (Setup). */
export type Policy = 'read' | 'write' | 'auth';

export type AuthResult = { ok: true; claims: JWTPayload } | { ok: false; status: 401 | 403 };

export function scopesOf(claims: JWTPayload): string[] {
  const scope = claims.scope;
  if (Array.isArray(scope)) return scope.filter((s): s is string => typeof s === 'string');
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
}

/** The token of `Authorization: Bearer …` (scheme word case-insensitive), or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

export async function verifyAccessToken(svc: ServiceContext, token: string): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtVerify(token, svc.publicKey, {
      issuer: svc.issuer,
      audience: API_AUDIENCE,
      algorithms: ['RS256'],
    });
    return payload;
  } catch {
    return undefined;
  }
}

function satisfies(policy: Policy, scopes: string[]): boolean {
  if (policy === 'auth' || scopes.includes('octo_api')) return true;
  return policy === 'read' && scopes.includes('octo_api.read_only');
}

export async function authorize(svc: ServiceContext, req: IncomingMessage, policy: Policy): Promise<AuthResult> {
  const token = bearerToken(req);
  const claims = token ? await verifyAccessToken(svc, token) : undefined;
  if (!claims) return { ok: false, status: 401 };
  if (!satisfies(policy, scopesOf(claims))) return { ok: false, status: 403 };
  return { ok: true, claims };
}
