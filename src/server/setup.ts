/**
 * First-admin setup of a fresh installation (identity-api.md §2.10 `POST {tenant}/v1/setup`, §2.11 the anonymous
 * `GET /{tenant}/api/setup/status` and `POST /{tenant}/api/setup/create-admin` of the setup page). Setup is possible
 * only in the system tenant while it has no users and no external tenant user mappings; a server started with
 * `seedAdminUser: false` (`--no-admin`) starts that way.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HANDLED, readJson } from './admin/body.js';
import type { ServiceContext } from './context.js';
import { sendEmpty, sendJson, sendProblem } from './http.js';
import { hashPassword, setupPasswordProblem } from './passwords.js';
import { newUser } from './seed.js';
import type { TenantData } from './types.js';

/** The roles the first admin gets (identity-api.md §2.10). */
const SETUP_ADMIN_ROLES = [
  'TenantManagement',
  'UserManagement',
  'Development',
  'CommunicationManagement',
  'BotManagement',
  'AdminPanelManagement',
  'DashboardViewer',
  'DashboardManagement',
  'ReportingManagement',
  'ReportingViewer',
] as const;

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether setup is still possible in this tenant. */
export function setupRequired(svc: Pick<ServiceContext, 'systemTenant'>, tenant: TenantData): boolean {
  return tenant.tenantId === svc.systemTenant && tenant.users.length === 0 && tenant.externalTenantUserMappings.length === 0;
}

/**
 * Creates the first admin (user name = e-mail, the ten setup roles, a hashed password). Returns false when setup is no
 * longer possible: checked before hashing (a request that cannot succeed pays for no hash, e.g. when another setup
 * finished while its body arrived) and again after it (a user may appear while the password is being hashed).
 */
export async function createFirstAdmin(
  svc: ServiceContext,
  tenant: TenantData,
  email: string,
  password: string,
  commit: () => Promise<void> = () => svc.store.commit(),
): Promise<boolean> {
  if (!setupRequired(svc, tenant)) return false;
  const hash = await hashPassword(password, svc.options.passwordHashCost);
  if (!setupRequired(svc, tenant)) return false;
  const roleIds = tenant.roles.filter((r) => (SETUP_ADMIN_ROLES as readonly string[]).includes(r.name)).map((r) => r.rtId);
  tenant.users.push(newUser({ name: email, email, roleIds, passwordHash: hash }));
  await commit();
  svc.options.log(`setup: first admin '${email}' created in tenant ${tenant.tenantId}`);
  return true;
}

const SETUP_PATH = /^\/([^/]+)\/api\/setup\/(status|create-admin)\/?$/i;

export function isSetupPath(pathname: string): boolean {
  return SETUP_PATH.test(pathname);
}

/** `GET /{tenant}/api/setup/status` and `POST /{tenant}/api/setup/create-admin` (anonymous). */
export async function handleSetupApi(svc: ServiceContext, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  const [, rawTenant = '', action = ''] = SETUP_PATH.exec(pathname) ?? [];
  let tenantId: string;
  try {
    tenantId = decodeURIComponent(rawTenant).toLowerCase();
  } catch {
    req.resume();
    return sendEmpty(res, 400);
  }
  const tenant = svc.store.tenant(tenantId);
  const method = req.method ?? 'GET';
  if (action.toLowerCase() === 'status') {
    req.resume();
    if (method !== 'GET') return sendEmpty(res, 405, { allow: 'GET' });
    if (!tenant || !setupRequired(svc, tenant)) return sendProblem(res, 404);
    return sendJson(res, 200, { setupRequired: true });
  }
  if (method !== 'POST') {
    req.resume();
    return sendEmpty(res, 405, { allow: 'POST' });
  }
  if (!tenant || !setupRequired(svc, tenant)) {
    req.resume();
    return sendProblem(res, 404);
  }
  const value = await readJson(req, res, 'request');
  if (value === HANDLED) return;
  const body = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  const field = (name: string) => {
    const entry = Object.entries(body).find(([k]) => k.toLowerCase() === name.toLowerCase());
    return typeof entry?.[1] === 'string' ? entry[1] : '';
  };
  const email = field('email').trim();
  const password = field('password');
  const fail = (errorMessage: string) => sendJson(res, 200, { success: false, errorMessage });
  if (!EMAIL.test(email) || email.length > 254) return fail('A valid e-mail address is required.');
  if (password !== field('confirmPassword')) return fail('Passwords do not match');
  const weak = setupPasswordProblem(password);
  if (weak) return fail(weak);
  if (!(await createFirstAdmin(svc, tenant, email, password))) return sendProblem(res, 404);
  sendJson(res, 200, { success: true, errorMessage: null });
}
