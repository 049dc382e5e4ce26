/**
 * Approving or denying a device code for a user, with oidc-provider's own models (local-service-notes.md §3):
 * find the code by user code, create a Grant with the requested scopes, and attach the account to the code.
 */
import { API_RESOURCE_INDICATOR, type ServiceContext } from './context.js';
import { findClientForTenant, saveGrant, tenantFromAcrValues } from './oidc-clients.js';
import { findUserByName } from './principals.js';

export type DeviceDecision =
  | { ok: true; status: 'approved' | 'denied'; userCode: string; clientId: string; tenant: string; scope: string }
  | { ok: false; httpStatus: 400 | 404 | 409; error: string; message: string };

/** Duende user codes are digits; accept what people type (`123-456 789`). */
function normalizeUserCode(value: string): string {
  return value.replace(/\D/g, '');
}

/** Who asks, for the device page (RFC 8628 §5.4): shown before anyone approves. */
export type DeviceRequest =
  | { ok: true; userCode: string; clientId: string; clientName: string | null; tenant: string; scopes: string[]; expiresAt: number }
  | { ok: false; httpStatus: 404 | 409; message: string };

type DeviceCodeModel = NonNullable<Awaited<ReturnType<ServiceContext['provider']['DeviceCode']['findByUserCode']>>>;

type PendingCode =
  | { ok: true; code: DeviceCodeModel; userCode: string; tenantId: string; params: Record<string, unknown> }
  | { ok: false; reason: 'unknown' | 'expired' | 'decided' };

/**
 * A user code that can still be decided, or why not: unknown (no such code, or not of `tenant` when given), expired,
 * or already decided — checked in that order.
 */
async function findPendingCode(svc: ServiceContext, rawUserCode: string, tenant?: string): Promise<PendingCode> {
  const userCode = normalizeUserCode(rawUserCode);
  if (!userCode) return { ok: false, reason: 'unknown' };
  const code = await svc.provider.DeviceCode.findByUserCode(userCode, { ignoreExpiration: true });
  if (!code) return { ok: false, reason: 'unknown' };
  const params = (code.params ?? {}) as Record<string, unknown>;
  const tenantId = tenantFromAcrValues(params.acr_values) ?? svc.systemTenant;
  if (tenant && tenant.toLowerCase() !== tenantId) return { ok: false, reason: 'unknown' };
  if (code.isExpired) return { ok: false, reason: 'expired' };
  if (code.accountId || code.error || code.consumed) return { ok: false, reason: 'decided' };
  return { ok: true, code, userCode, tenantId, params };
}

/** Looks up a pending user code (of `tenant` when given) without changing it. */
export async function describeDeviceCode(svc: ServiceContext, rawUserCode: string, tenant?: string): Promise<DeviceRequest> {
  const pending = await findPendingCode(svc, rawUserCode, tenant);
  if (!pending.ok) {
    if (pending.reason === 'expired') return { ok: false, httpStatus: 404, message: 'This code has expired. Start the sign-in on your device again.' };
    if (pending.reason === 'decided') return { ok: false, httpStatus: 409, message: 'This code has already been used.' };
    return { ok: false, httpStatus: 404, message: 'Unknown code. Check the code shown on your device.' };
  }
  const { code, userCode, tenantId, params } = pending;
  const clientId = code.clientId ?? '';
  const client = findClientForTenant(svc, tenantId, clientId);
  return {
    ok: true,
    userCode,
    clientId,
    clientName: client?.clientName ?? null,
    tenant: tenantId,
    scopes: typeof params.scope === 'string' ? params.scope.split(' ').filter(Boolean) : [],
    expiresAt: (code.exp ?? 0) * 1000,
  };
}

export interface DecisionInput {
  userCode: string;
  decision: 'approve' | 'deny';
  /** User name (or e-mail) in the code's tenant; defaults to the admin user. */
  username?: string;
  /** When given (the tenant's device page), the code must belong to this tenant. */
  tenant?: string;
}

export async function decideDeviceCode(svc: ServiceContext, input: DecisionInput): Promise<DeviceDecision> {
  const notFound = (message: string): DeviceDecision => ({ ok: false, httpStatus: 404, error: 'not_found', message });
  const pending = await findPendingCode(svc, input.userCode, input.tenant);
  if (!pending.ok) {
    if (pending.reason === 'expired') return notFound('The user code has expired.');
    if (pending.reason === 'decided') return { ok: false, httpStatus: 409, error: 'already_decided', message: 'This code has already been used.' };
    return notFound('Unknown user code.');
  }
  const { code, userCode, tenantId, params } = pending;
  const tenant = svc.store.tenant(tenantId);
  if (!tenant) return notFound('Unknown user code.');
  const scope = typeof params.scope === 'string' ? params.scope : '';

  if (input.decision === 'deny') {
    Object.assign(code, { error: 'access_denied', errorDescription: 'End-User denied the authorization request' });
    await code.save();
    return { ok: true, status: 'denied', userCode, clientId: code.clientId ?? '', tenant: tenantId, scope };
  }

  const user = findUserByName(tenant, input.username ?? svc.options.adminUser);
  if (!user) return { ok: false, httpStatus: 400, error: 'invalid_user', message: 'Unknown user.' };

  const grant = new svc.provider.Grant({ accountId: user.rtId, clientId: code.clientId });
  const grantId = await saveGrant(svc, grant, scope, tenantId);

  Object.assign(code, {
    accountId: user.rtId,
    grantId,
    scope,
    authTime: Math.floor(Date.now() / 1000),
    resource: API_RESOURCE_INDICATOR,
    amr: ['pwd'],
  });
  await code.save();
  svc.options.log(`device code approved for ${user.name} (client ${code.clientId}, tenant ${tenantId})`);
  return { ok: true, status: 'approved', userCode, clientId: code.clientId ?? '', tenant: tenantId, scope };
}
