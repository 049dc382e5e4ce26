/** The admin REST API under `/{tenant}/v1/…`: routing, authentication, tenant lookup and common error handling. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceContext } from '../context.js';
import { sendEmpty, sendInternalErrorDto } from '../http.js';
import { authorize } from './auth.js';
import { adminProvisioningRoutes } from './admin-provisioning.js';
import { clientExtraRoutes } from './client-extras.js';
import { clientRoutes } from './clients.js';
import { emailDomainRuleRoutes } from './email-domain-rules.js';
import { groupRoutes } from './groups.js';
import { identityProviderRoutes } from './identity-providers.js';
import { resourceRoutes } from './resources.js';
import { roleRoutes } from './roles.js';
import { scopeRoutes } from './scopes.js';
import { secretRoutes } from './secrets.js';
import { setupRoutes } from './setup.js';
import { tenantMappingRoutes } from './tenant-mappings.js';
import type { AdminRequest, Route } from './types.js';
import { userRoutes } from './users.js';

class StoreWriteError extends Error {}

interface CompiledRoute extends Route {
  segments: string[];
  /** Literal segments: when several routes match, the one with more literals wins (`clients/cleanOverlayEntries` over `clients/:id`). */
  literals: number;
}

const routes: CompiledRoute[] = [
  ...clientRoutes,
  ...clientExtraRoutes,
  ...roleRoutes,
  ...scopeRoutes,
  ...resourceRoutes,
  ...secretRoutes,
  ...userRoutes,
  ...groupRoutes,
  ...identityProviderRoutes,
  ...emailDomainRuleRoutes,
  ...tenantMappingRoutes,
  ...adminProvisioningRoutes,
  ...setupRoutes,
].map((r) => {
  const segments = r.path.split('/');
  return { ...r, segments, literals: segments.filter((s) => !s.startsWith(':')).length };
});

function match(route: CompiledRoute, segments: string[]): Record<string, string> | undefined {
  if (route.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const pattern = route.segments[i]!;
    const actual = segments[i]!;
    if (pattern.startsWith(':')) {
      if (actual === '') return undefined;
      params[pattern.slice(1)] = actual;
    } else if (pattern.toLowerCase() !== actual.toLowerCase()) {
      return undefined;
    }
  }
  return params;
}

const ADMIN_PATH = /^\/([^/]+)\/v1(?:\.0)?(?:\/(.*))?$/i;

/** True when the path belongs to the admin API (`/{tenant}/v1/...`). */
export function isAdminPath(pathname: string): boolean {
  return ADMIN_PATH.test(pathname);
}

export async function handleAdmin(svc: ServiceContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  svc.stats.adminRequests++;
  svc.stats.adminRequestsByMethod[req.method ?? 'GET'] = (svc.stats.adminRequestsByMethod[req.method ?? 'GET'] ?? 0) + 1;
  res.setHeader('api-supported-versions', '1.0');
  const [, rawTenant = '', rest = ''] = ADMIN_PATH.exec(url.pathname) ?? [];
  let segments: string[];
  let tenantId: string;
  try {
    tenantId = decodeURIComponent(rawTenant);
    segments = rest.replace(/\/$/, '').split('/').map(decodeURIComponent);
  } catch {
    req.resume();
    return sendEmpty(res, 400);
  }
  const method = req.method ?? 'GET';
  let found: { route: CompiledRoute; params: Record<string, string> } | undefined;
  let pathMatched = false;
  for (const route of routes) {
    const params = match(route, segments);
    if (!params) continue;
    pathMatched = true;
    if (route.method === method && (!found || route.literals > found.route.literals)) found = { route, params };
  }
  if (!found) {
    req.resume();
    return sendEmpty(res, pathMatched ? 405 : 404);
  }
  const { route, params } = found;

  const auth = await authorize(svc, req, route.policy);
  if (!auth.ok) {
    req.resume();
    return sendEmpty(res, auth.status, auth.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
  }
  const tenant = svc.store.tenant(tenantId);
  if (!tenant) {
    req.resume();
    return sendEmpty(res, 404);
  }
  // A user token may only manage its own tenant (identity-api.md §1.3); client tokens (no `sub`) are not checked.
  const tokenTenant = auth.claims.tenant_id;
  if (
    svc.options.checkTokenTenant &&
    auth.claims.sub !== undefined &&
    (typeof tokenTenant !== 'string' || tokenTenant.toLowerCase() !== tenant.tenantId.toLowerCase())
  ) {
    req.resume();
    return sendEmpty(res, 403);
  }

  const request: AdminRequest = {
    svc,
    req,
    res,
    tenant,
    params,
    query: url.searchParams,
    claims: auth.claims,
    commit: async () => {
      try {
        await svc.store.commit();
      } catch (err) {
        throw new StoreWriteError((err as Error).message, { cause: err });
      }
    },
  };
  try {
    await route.handler(request);
  } catch (err) {
    if (res.headersSent) throw err;
    if (err instanceof StoreWriteError) {
      svc.options.log(`admin ${method} ${url.pathname}: store write failed: ${err.message}`);
      return sendInternalErrorDto(res, route.storeErrorStatus ?? 400, err.message);
    }
    throw err;
  }
}
