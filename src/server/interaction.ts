/**
 * Sign-in for the authorization-code flow: oidc-provider redirects to `/interaction/{uid}`; the user signs in (and so
 * consents — Octo clients do not ask for consent) and we finish the interaction with a Grant for the requested scopes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceContext } from './context.js';
import { sendEmpty, sendHtml } from './http.js';
import { saveGrant, tenantFromAcrValues } from './oidc-clients.js';
import { csrfValid, errorAlert, escapeHtml, layout, readPostedForm, retryAfterHeader, sendFormPage, signIn } from './pages.js';

const INTERACTION_PATH = /^\/interaction\/([\w-]+)\/?$/;

export function interactionUid(pathname: string): string | undefined {
  return INTERACTION_PATH.exec(pathname)?.[1];
}

function loginForm(uid: string, csrf: string, clientId: string, tenantId: string, scope: string, error?: string): string {
  return layout(
    'Sign in',
    `${errorAlert(error)}
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

  if (req.method === 'GET') return sendFormPage(req, res, path, 200, (csrf) => loginForm(uid, csrf, clientId, tenantId, scope));
  const body = await readPostedForm(req, res);
  if (!body) return;
  const again = (status: number, message: string, headers: Record<string, string> = {}) =>
    sendFormPage(req, res, path, status, (csrf) => loginForm(uid, csrf, clientId, tenantId, scope, message), headers);
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
  if (!tenant) return again(401, 'Wrong user name or password.');
  const signedIn = await signIn(svc, tenant, body.get('username') ?? '', body.get('password') ?? '', req.socket.remoteAddress);
  if (!signedIn.ok) return again(signedIn.status, signedIn.message, retryAfterHeader(signedIn));
  const { user } = signedIn;

  const grant = details.grantId
    ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId: user.rtId, clientId }))
    : new provider.Grant({ accountId: user.rtId, clientId });
  const grantId = await saveGrant(svc, grant, scope, tenantId);
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.rtId, amr: ['pwd'] }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}
