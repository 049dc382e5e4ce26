/**
 * Sign-in for the authorization-code flow: oidc-provider redirects to `/interaction/{uid}`; the user signs in (and so
 * consents — Octo clients do not ask for consent) and we finish the interaction with a Grant for the requested scopes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_RESOURCE_INDICATOR, OIDC_SCOPE_SET, type ServiceContext } from './context.js';
import { BodyTooLargeError, sendEmpty, sendHtml } from './http.js';
import { tenantFromAcrValues } from './oidc-clients.js';
import { csrfValid, escapeHtml, issueCsrf, layout, readForm, signIn } from './pages.js';

const INTERACTION_PATH = /^\/interaction\/([\w-]+)\/?$/;

export function interactionUid(pathname: string): string | undefined {
  return INTERACTION_PATH.exec(pathname)?.[1];
}

function loginForm(uid: string, csrf: string, clientId: string, tenantId: string, scope: string, error?: string): string {
  return layout(
    'Sign in',
    `${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<p><strong>${escapeHtml(clientId)}</strong> asks to sign you in to tenant <strong>${escapeHtml(tenantId)}</strong>.</p>
<p class="muted">Scopes: ${escapeHtml(scope)}</p>
<form method="post" action="/interaction/${escapeHtml(uid)}" autocomplete="off">
<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">
<label for="username">User name</label><input id="username" name="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" required>
<div class="buttons"><button type="submit" name="action" value="login">Sign in</button>
<button type="submit" name="action" value="abort">Cancel</button></div>
</form>`,
  );
}

export async function handleInteraction(svc: ServiceContext, req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
  const { provider } = svc;
  let details: Awaited<ReturnType<typeof provider.interactionDetails>>;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    req.resume();
    return sendHtml(res, 400, layout('Sign-in expired', '<p class="error">This sign-in request has expired. Start again.</p>'));
  }
  if (details.uid !== uid) {
    req.resume();
    return sendEmpty(res, 404);
  }
  const params = details.params as Record<string, unknown>;
  const tenantId = tenantFromAcrValues(params.acr_values) ?? svc.systemTenant;
  const clientId = String(params.client_id ?? '');
  const scope = typeof params.scope === 'string' ? params.scope : '';
  const path = `/interaction/${uid}`;

  if (req.method === 'GET') {
    const csrf = issueCsrf(req, path);
    return sendHtml(res, 200, loginForm(uid, csrf.token, clientId, tenantId, scope), { 'set-cookie': csrf.setCookie });
  }
  if (req.method !== 'POST') {
    req.resume();
    return sendEmpty(res, 405, { allow: 'GET, POST' });
  }
  let body: URLSearchParams;
  try {
    body = await readForm(req);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return sendEmpty(res, 413, { connection: 'close' });
    throw err;
  }
  const csrf = issueCsrf(req, path);
  const again = (status: number, message: string) =>
    sendHtml(res, status, loginForm(uid, csrf.token, clientId, tenantId, scope, message), { 'set-cookie': csrf.setCookie });
  if (!csrfValid(req, body.get('csrf') ?? undefined)) return again(403, 'The form has expired. Please try again.');

  if (body.get('action') === 'abort') {
    return void (await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'End-User aborted interaction' },
      { mergeWithLastSubmission: false },
    ));
  }
  const tenant = svc.store.tenant(tenantId);
  const user = tenant ? await signIn(svc, tenant, body.get('username') ?? '', body.get('password') ?? '') : undefined;
  if (!user) return again(401, 'Wrong user name or password.');

  const requested = scope.split(' ').filter(Boolean);
  const grant = details.grantId
    ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId: user.rtId, clientId }))
    : new provider.Grant({ accountId: user.rtId, clientId });
  const oidcScopes = requested.filter((s) => OIDC_SCOPE_SET.has(s));
  const apiScopes = requested.filter((s) => !OIDC_SCOPE_SET.has(s));
  if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
  if (apiScopes.length) grant.addResourceScope(API_RESOURCE_INDICATOR, apiScopes.join(' '));
  const grantId = await grant.save();
  svc.grantTenants.set(grantId, tenantId);
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.rtId, amr: ['pwd'] }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}
