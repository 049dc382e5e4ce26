/**
 * `/connect/userinfo`, served here because oidc-provider does not accept its own JWT access tokens there
 * (local-service-notes.md §5). Claims follow the token's scopes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, scopesOf, verifyAccessToken } from './admin/auth.js';
import type { ServiceContext } from './context.js';
import { sendEmpty, sendJson } from './http.js';
import { findUser, userClaims } from './oidc.js';

function challenge(res: ServerResponse, status: 401 | 403, error: 'invalid_token' | 'insufficient_scope', description: string): void {
  sendEmpty(res, status, { 'www-authenticate': `Bearer error="${error}", error_description="${description}"`, 'cache-control': 'no-store' });
}

export async function handleUserinfo(svc: ServiceContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  req.resume();
  if (req.method !== 'GET' && req.method !== 'POST') return sendEmpty(res, 405, { allow: 'GET, POST' });
  const token = bearerToken(req);
  if (!token) return sendEmpty(res, 401, { 'www-authenticate': 'Bearer' });
  const claims = await verifyAccessToken(svc, token);
  if (!claims) return challenge(res, 401, 'invalid_token', 'invalid or expired access token');
  const scopes = new Set(scopesOf(claims));
  if (typeof claims.sub !== 'string' || !scopes.has('openid')) {
    return challenge(res, 403, 'insufficient_scope', 'the openid scope is required');
  }
  const tenantId = typeof claims.tenant_id === 'string' ? claims.tenant_id : svc.systemTenant;
  const found = findUser(svc, claims.sub, tenantId);
  if (!found) return challenge(res, 401, 'invalid_token', 'the user no longer exists');
  const all = userClaims(svc, found.user, found.tenant, tenantId);
  sendJson(res, 200, {
    sub: claims.sub,
    ...(scopes.has('profile')
      ? { name: all.name, preferred_username: all.preferred_username, given_name: all.given_name, family_name: all.family_name }
      : {}),
    ...(scopes.has('email') ? { email: all.email, email_verified: all.email_verified } : {}),
    ...(scopes.has('role') && all.role !== undefined ? { role: all.role } : {}),
    tenant_id: all.tenant_id,
    allowed_tenants: all.allowed_tenants,
  });
}
