/**
 * Device verification for people (`/{tenant}/device`) and for scripts (`/_local/device/approve|deny`).
 *
 * The page says who is asking before anyone approves (RFC 8628 §5.4, remote phishing): the client's name and id, the
 * tenant, the requested scopes and what approving means. Then the user signs in and approves or denies; the answer
 * says what happened and that the page can be closed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceContext } from './context.js';
import { decideDeviceCode, describeDeviceCode, type DeviceDecision, type DeviceRequest } from './device.js';
import { isJsonContentType, isLoopbackHost, sendEmpty, sendHtml, sendJson } from './http.js';
import { csrfValid, errorAlert, escapeHtml, layout, readPostedForm, retryAfterHeader, sendFormPage, signIn } from './pages.js';
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

/** What each scope gives, in words. */
const SCOPE_TEXT: Record<string, string> = {
  openid: 'sign you in',
  profile: 'your name',
  email: 'your e-mail address',
  role: 'your roles',
  allowed_tenants: 'the tenants you may use',
  offline_access: 'stay signed in (refresh tokens)',
  octo_api: 'the OctoMesh API with your rights (administration)',
  'octo_api.read_only': 'the OctoMesh API, read only',
};

const pagePath = (tenantId: string) => `/${encodeURIComponent(tenantId)}/device`;

/** Step 1: the code form (a GET form: the code then sits in the URL like verification_uri_complete). */
function codeForm(tenantId: string, userCode: string, error?: string): string {
  return layout(
    'Device sign-in',
    `${errorAlert(error)}
<p>Enter the code shown on your device to sign it in to tenant <strong>${escapeHtml(tenantId)}</strong>.</p>
<form method="get" action="${escapeHtml(pagePath(tenantId))}" autocomplete="off">
<label for="userCode">Code</label>
<input id="userCode" name="userCode" inputmode="numeric" required value="${escapeHtml(userCode)}">
<div class="buttons"><button type="submit">Continue</button></div>
</form>`,
  );
}

function groupDigits(code: string): string {
  return code.replace(/(\d{3})(?=\d)/g, '$1 ');
}

function requestSummary(request: Extract<DeviceRequest, { ok: true }>): string {
  const name = request.clientName && request.clientName !== request.clientId ? request.clientName : request.clientId;
  const scopes = request.scopes
    .map((s) => `<li><code>${escapeHtml(s)}</code>${SCOPE_TEXT[s] ? ` – ${escapeHtml(SCOPE_TEXT[s])}` : ''}</li>`)
    .join('');
  return `<div class="request">
<p><strong id="client-name">${escapeHtml(name)}</strong> <span class="muted">(client id <code id="client-id">${escapeHtml(request.clientId)}</code>)</span>
asks for access to tenant <strong id="tenant">${escapeHtml(request.tenant)}</strong>.</p>
<p>Code <strong>${escapeHtml(groupDigits(request.userCode))}</strong>: check that your device shows the same code.</p>
<p>Requested scopes:</p><ul id="scopes">${scopes || '<li>none</li>'}</ul>
<p class="warn">If you approve, this device gets access to tenant <strong>${escapeHtml(request.tenant)}</strong>
<strong>as the user you sign in with</strong>, with that user's rights. Approve only if you started this sign-in
yourself; otherwise deny.</p>
</div>`;
}

/** Step 2: who asks, then sign in and decide. */
function decisionForm(tenantId: string, csrf: string, request: Extract<DeviceRequest, { ok: true }>, username: string, error?: string): string {
  return layout(
    'Approve device sign-in?',
    `${errorAlert(error)}
${requestSummary(request)}
<form method="post" action="${escapeHtml(pagePath(tenantId))}" autocomplete="off">
<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">
<input type="hidden" name="userCode" value="${escapeHtml(request.userCode)}">
<label for="username">User name or e-mail</label>
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
  const path = pagePath(tenantId);
  if (req.method === 'GET' || req.method === 'HEAD') {
    const userCode = url.searchParams.get('userCode') ?? url.searchParams.get('user_code') ?? '';
    if (!userCode) return sendHtml(res, 200, codeForm(tenantId, ''));
    const request = await describeDeviceCode(svc, userCode, tenantId);
    if (!request.ok) return sendHtml(res, request.httpStatus, codeForm(tenantId, userCode, request.message));
    return sendFormPage(req, res, path, 200, (csrf) => decisionForm(tenantId, csrf, request, ''));
  }
  const body = await readPostedForm(req, res);
  if (!body) return;
  const userCode = body.get('userCode') ?? '';
  const username = body.get('username') ?? '';
  const request = await describeDeviceCode(svc, userCode, tenantId);
  if (!request.ok) return sendHtml(res, request.httpStatus, codeForm(tenantId, userCode, request.message));
  const again = (status: number, message: string, headers: Record<string, string> = {}) =>
    sendFormPage(req, res, path, status, (csrf) => decisionForm(tenantId, csrf, request, username, message), headers);

  if (!csrfValid(req, body.get('csrf') ?? undefined)) return again(403, 'The form has expired. Please try again.');
  const signedIn = await signIn(svc, tenant, username, body.get('password') ?? '', req.socket.remoteAddress);
  if (!signedIn.ok) return again(signedIn.status, signedIn.message, retryAfterHeader(signedIn));
  const action = body.get('action') === 'deny' ? 'deny' : 'approve';
  const result = await decideDeviceCode(svc, { userCode, decision: action, username: signedIn.user.name, tenant: tenantId });
  if (!result.ok) return sendHtml(res, result.httpStatus, codeForm(tenantId, userCode, result.message));
  const client = escapeHtml(request.clientName && request.clientName !== request.clientId ? `${request.clientName} (${request.clientId})` : request.clientId);
  const done =
    result.status === 'approved'
      ? `<p class="ok" role="status">Device approved. <strong>${client}</strong> now has access to tenant
<strong>${escapeHtml(result.tenant)}</strong> as <strong>${escapeHtml(signedIn.user.name)}</strong>.</p>
<p>You can close this page and return to your device.</p>`
      : `<p role="status">Access denied. <strong>${client}</strong> got no access to tenant <strong>${escapeHtml(result.tenant)}</strong>.</p>
<p>You can close this page.</p>`;
  sendHtml(res, 200, layout(result.status === 'approved' ? 'Device approved' : 'Device denied', done));
}

/** The Host names of this service that the local approval endpoints accept: loopback names with its own port. */
function ownLoopbackHost(svc: ServiceContext, host: string | undefined): boolean {
  if (!host) return false;
  let url: URL;
  try {
    url = new URL(`http://${host}`);
  } catch {
    return false;
  }
  const issuer = new URL(svc.issuer);
  if (url.port !== issuer.port || url.pathname !== '/' || url.username || url.password) return false;
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  if (isLoopbackHost(issuer.hostname)) names.add(issuer.hostname);
  return names.has(url.hostname);
}

type Refusal = { status: number; error: string; message: string };

/**
 * Why a request to the password-less approval endpoints is refused, or undefined. They approve sign-ins without a
 * password, so only a program on this machine may call them: the caller must be on loopback (even when the service
 * listens on another interface), name this service's own loopback address in Host (no DNS rebinding), not come from
 * another site (Origin / Sec-Fetch-Site), and send JSON (a cross-site form or `no-cors` fetch cannot).
 */
function localDecisionRefusal(svc: ServiceContext, req: IncomingMessage): Refusal | undefined {
  if (!isLoopbackHost(req.socket.remoteAddress)) {
    return { status: 403, error: 'forbidden', message: 'The local approval endpoints answer only requests from this machine (loopback).' };
  }
  if (!ownLoopbackHost(svc, req.headers.host)) {
    return { status: 403, error: 'forbidden_host', message: "The Host header must name this service's loopback address." };
  }
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if ((origin !== undefined && origin !== `http://${req.headers.host}`) || (site !== undefined && site !== 'same-origin')) {
    return { status: 403, error: 'cross_site', message: 'Cross-site requests are refused.' };
  }
  if (!isJsonContentType(req.headers['content-type'])) {
    return { status: 415, error: 'unsupported_media_type', message: 'Send the body as JSON (Content-Type: application/json).' };
  }
  return undefined;
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
  const refusal = localDecisionRefusal(svc, req);
  if (refusal) {
    req.resume();
    return sendJson(res, refusal.status, { error: refusal.error, message: refusal.message });
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
