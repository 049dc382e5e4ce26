/**
 * Device verification for people (`/{tenant}/device`) and for scripts (`/_local/device/approve|deny`).
 * The page is one form: the code, the user's credentials, approve or deny.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceContext } from './context.js';
import { decideDeviceCode, type DeviceDecision } from './device.js';
import { sendEmpty, sendHtml, sendJson } from './http.js';
import { csrfValid, errorAlert, escapeHtml, layout, readPostedForm, sendFormPage, signIn } from './pages.js';
import { HANDLED, readJson } from './admin/body.js';

const DEVICE_PAGE = /^\/([^/]+)\/device\/?$/;

/** The tenant of a `/{tenant}/device` path, or undefined. */
export function devicePageTenant(pathname: string): string | undefined {
  const m = DEVICE_PAGE.exec(pathname);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!).toLowerCase();
  } catch {
    return undefined;
  }
}

function form(tenantId: string, csrf: string, userCode: string, username: string, error?: string): string {
  return layout(
    'Device sign-in',
    `${errorAlert(error)}
<p>Enter the code shown on your device and sign in to tenant <strong>${escapeHtml(tenantId)}</strong>.</p>
<form method="post" action="/${escapeHtml(encodeURIComponent(tenantId))}/device" autocomplete="off">
<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">
<label for="userCode">Code</label>
<input id="userCode" name="userCode" inputmode="numeric" required value="${escapeHtml(userCode)}">
<label for="username">User name</label>
<input id="username" name="username" required value="${escapeHtml(username)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" required>
<div class="buttons"><button type="submit" name="action" value="approve">Approve</button>
<button type="submit" name="action" value="deny">Deny</button></div>
</form>`,
  );
}

export async function handleDevicePage(
  svc: ServiceContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  tenantId: string,
): Promise<void> {
  const tenant = svc.store.tenant(tenantId);
  if (!tenant) {
    req.resume();
    return sendHtml(res, 404, layout('Unknown tenant', '<p class="error">This tenant does not exist.</p>'));
  }
  const path = `/${encodeURIComponent(tenantId)}/device`;
  if (req.method === 'GET' || req.method === 'HEAD') {
    const userCode = url.searchParams.get('userCode') ?? url.searchParams.get('user_code') ?? '';
    return sendFormPage(req, res, path, 200, (csrf) => form(tenantId, csrf, userCode, ''));
  }
  const body = await readPostedForm(req, res);
  if (!body) return;
  const userCode = body.get('userCode') ?? '';
  const username = body.get('username') ?? '';
  const again = (status: number, message: string) =>
    sendFormPage(req, res, path, status, (csrf) => form(tenantId, csrf, userCode, username, message));

  if (!csrfValid(req, body.get('csrf') ?? undefined)) return again(403, 'The form has expired. Please try again.');
  const user = await signIn(svc, tenant, username, body.get('password') ?? '');
  if (!user) return again(401, 'Wrong user name or password.');
  const action = body.get('action') === 'deny' ? 'deny' : 'approve';
  const result = await decideDeviceCode(svc, { userCode, decision: action, username: user.name, tenant: tenantId });
  if (!result.ok) return again(result.httpStatus, result.message);
  const done =
    result.status === 'approved'
      ? `<p class="ok">Device approved for client <strong>${escapeHtml(result.clientId)}</strong>. You can return to your device.</p>`
      : `<p>Access denied for client <strong>${escapeHtml(result.clientId)}</strong>.</p>`;
  sendHtml(res, 200, layout(result.status === 'approved' ? 'Device approved' : 'Device denied', done));
}

/** `POST /_local/device/approve|deny` with `{"userCode":"…","username":"admin"}` → JSON. */
export async function handleLocalDeviceDecision(
  svc: ServiceContext,
  req: IncomingMessage,
  res: ServerResponse,
  decision: 'approve' | 'deny',
): Promise<void> {
  if (req.method !== 'POST') {
    req.resume();
    return sendEmpty(res, 405, { allow: 'POST' });
  }
  // It approves sign-ins without a password: only for callers on this machine, even when the service listens on
  // another interface (--host 0.0.0.0).
  if (!isLoopback(req.socket.remoteAddress)) {
    req.resume();
    return sendJson(res, 403, { error: 'forbidden', message: 'The local approval endpoints answer only requests from this machine (loopback).' });
  }
  const value = await readJson(req, res, 'request');
  if (value === HANDLED) return;
  const body = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const userCode = body.userCode ?? body.user_code;
  if (typeof userCode !== 'string' || (body.username !== undefined && typeof body.username !== 'string')) {
    return sendJson(res, 400, { error: 'invalid_request', message: 'Body must be {"userCode": string, "username"?: string}.' });
  }
  const result: DeviceDecision = await decideDeviceCode(svc, {
    userCode,
    decision,
    username: body.username as string | undefined,
  });
  if (!result.ok) return sendJson(res, result.httpStatus, { error: result.error, message: result.message });
  sendJson(res, 200, result);
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/i, '');
  return a === '::1' || /^127\./.test(a);
}
