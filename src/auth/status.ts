/**
 * AuthStatus: what the stored token says (issuer, audience, validity, subject, method, claims), never the token
 * or its signature. Validity is checked locally first; userinfo is asked only for user tokens. An expired token
 * with a way to renew it is renewed and reported. Exit 0 when valid, 252 when not signed in or expired for good.
 * Returns the report (AuthStatusReport); showing it is the command's (src/commands/auth-run.ts).
 */
import type { AuthContext } from './context.js';
import { AuthError, CliError } from '../errors.js';
import { EXPIRY_MARGIN_MS } from './constants.js';
import { decodeJwt, expiresAtMs, isUserToken } from './jwt.js';
import { clientCredentialsFromEnv, keyOf, locate, renew, resolveTarget, type ContextTarget, type Located } from './session.js';

export type Status = 'valid' | 'refreshed' | 'not_signed_in' | 'expired' | 'invalid';

/** A usable token, described: `rows` and `claims` for people, `json` for scripts (never the token or its signature). */
export interface AuthStatusReport {
  status: 'valid' | 'refreshed';
  /** A user token (device code), confirmed with userinfo; else a client-credentials token. */
  user: boolean;
  rows: Array<[string, unknown]>;
  claims: Array<[string, unknown]>;
  userinfo?: Record<string, unknown>;
  /** Why userinfo could not confirm the token (a warning). */
  userinfoNote?: string;
  json: Record<string, unknown>;
}

/** Checks the token of the context; a token that is missing or unusable for good is an AuthError (details: the status). */
export async function runAuthStatus(ctx: AuthContext): Promise<AuthStatusReport> {
  const target = await resolveTarget(ctx);
  ctx.log.info(`Check of authentication status at '${target.identityUrl}' (context '${target.contextName}', tenant '${target.tenant}') in progress...`);

  const fromEnv = ctx.env.OCTO_CLI_ACCESS_TOKEN?.trim();
  let located: Located | undefined;
  let source: string;
  if (fromEnv) {
    ctx.log.redact.add(fromEnv);
    located = { tokens: { accessToken: fromEnv } };
    source = 'env';
  } else {
    located = await locate(ctx, keyOf(target));
    source = located?.store?.kind ?? 'none';
  }
  if (!located) {
    const renewed = clientCredentialsFromEnv(ctx.env) ? await renew(ctx, target) : undefined;
    if (!renewed) return fail(target, 'not_signed_in', `Not signed in to context '${target.contextName}'.`, 'run `octo-cli -c LogIn` (or LogInClientCredentials)');
    located = renewed.located;
    source = located.store?.kind ?? 'memory';
  }

  let status: Status = 'valid';
  let problem = checkLocally(located, ctx.now());
  let userinfo: Record<string, unknown> | undefined;
  let userinfoNote: string | undefined;

  // A user token that looks valid is confirmed with userinfo (which also shows who it is).
  if (!problem) {
    const decoded = decodeJwt(located.tokens.accessToken)!;
    if (isUserToken(decoded.payload, located.tokens.method)) {
      const result = await askUserInfo(ctx, target, located.tokens.accessToken);
      if (result.rejected) problem = { status: 'invalid', message: `Access token has 'sub' claim but the userinfo endpoint rejected it (${result.rejected}); treating as INVALID` };
      userinfo = result.claims;
      userinfoNote = result.note;
    }
  }

  if (problem) {
    ctx.log.info(problem.message);
    if (fromEnv) return fail(target, problem.status, `${problem.message} (OCTO_CLI_ACCESS_TOKEN)`, 'set OCTO_CLI_ACCESS_TOKEN to a valid token, or unset it to use the stored sign-in');
    let renewed: Awaited<ReturnType<typeof renew>>;
    try {
      renewed = await renew(ctx, target, { force: true, rejected: located.tokens.accessToken });
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      return fail(target, problem.status, `${problem.message}; renewing it failed: ${err.message}`, 'run `octo-cli -c LogIn`');
    }
    if (!renewed) {
      const how = located.tokens.method === 'client_credentials' ? 'run `octo-cli -c LogInClientCredentials`, or set OCTO_CLI_CLIENT_ID / OCTO_CLI_CLIENT_SECRET' : 'run `octo-cli -c LogIn`';
      return fail(target, problem.status, `${problem.message}, and there is no refresh token to renew it.`, how);
    }
    ctx.log.info(`Refresh successful. Token expires at '${renewed.located.tokens.accessTokenExpiresAt ?? 'unknown'}'`);
    located = renewed.located;
    source = located.store?.kind ?? 'memory';
    status = 'refreshed';
    const again = checkLocally(located, ctx.now());
    if (again) return fail(target, again.status, `the renewed token is not usable either: ${again.message}`, 'run `octo-cli -c LogIn`');
    const decoded = decodeJwt(located.tokens.accessToken)!;
    if (isUserToken(decoded.payload, located.tokens.method)) {
      const result = await askUserInfo(ctx, target, located.tokens.accessToken);
      if (result.rejected) return fail(target, 'invalid', `the userinfo endpoint rejected the renewed token too (${result.rejected})`, 'run `octo-cli -c LogIn`');
      userinfo = result.claims;
      userinfoNote = result.note;
    }
  }

  const view = tokenView(located, source, target);
  return {
    status,
    user: view.user,
    rows: view.rows,
    claims: view.claims,
    userinfo,
    userinfoNote,
    json: { status, ...view.json, userinfo: userinfo ?? null, ...(userinfoNote ? { userinfoNote } : {}) },
  };
}

function checkLocally(located: Located, now: number): { status: Status; message: string } | undefined {
  const decoded = decodeJwt(located.tokens.accessToken);
  if (!decoded) return { status: 'invalid', message: 'Access token is INVALID (not a parseable JWT)' };
  const at = expiresAtMs(located.tokens);
  if (at !== undefined && at <= now + EXPIRY_MARGIN_MS) {
    return { status: 'expired', message: `Access token is EXPIRED (valid to '${new Date(at).toISOString()}')` };
  }
  return undefined;
}

async function askUserInfo(ctx: AuthContext, target: ContextTarget, accessToken: string): Promise<{ claims?: Record<string, unknown>; rejected?: string; note?: string }> {
  const oidc = await import('./oidc.js');
  try {
    const client = await oidc.connect(ctx, target.identityUrl);
    return { claims: await oidc.fetchUserInfo(ctx, client, accessToken) };
  } catch (err) {
    if (err instanceof oidc.UserInfoRejected) return { rejected: err.message };
    if (err instanceof CliError) return { note: `could not confirm the token with the userinfo endpoint: ${err.message}` };
    throw err;
  }
}

/** The command's failure; with --output json its details say which (not_signed_in, expired, invalid) and where. */
function fail(target: ContextTarget, status: Status, message: string, hint: string): never {
  throw new AuthError(message, { hint, details: { status, context: target.contextName, tenant: target.tenant, identityUrl: target.identityUrl } });
}

const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time']);

function iso(value: unknown): string | null {
  return typeof value === 'number' ? new Date(value * 1000).toISOString() : null;
}

function tokenView(located: Located, source: string, target: ContextTarget) {
  const { header, payload } = decodeJwt(located.tokens.accessToken)!;
  const user = isUserToken(payload, located.tokens.method);
  const audience = Array.isArray(payload.aud) ? payload.aud.map(String) : typeof payload.aud === 'string' ? [payload.aud] : [];
  const scopes = Array.isArray(payload.scope) ? payload.scope.map(String) : typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  const expiresAt = expiresAtMs(located.tokens);
  const authMethod = user
    ? `device code (${located.tokens.refreshToken ? 'refresh token available' : 'no refresh token: run LogIn when it expires'})`
    : `client credentials${located.tokens.clientId ? ` as '${located.tokens.clientId}'` : ''} (no refresh token; ${
        located.tokens.method === 'client_credentials' ? 're-acquired automatically while OCTO_CLI_CLIENT_ID / OCTO_CLI_CLIENT_SECRET are set' : 'run LogInClientCredentials when it expires'
      })`;
  const rows: Array<[string, unknown]> = [
    ['Context', target.contextName],
    ['Identity Service', target.identityUrl],
    ['Tenant', target.tenant],
    ['Issuer', payload.iss ?? null],
    ['Audience', audience],
    ['Issued At', iso(payload.iat)],
    ['Valid From', iso(payload.nbf) ?? iso(payload.iat)],
    ['Valid To', expiresAt !== undefined ? new Date(expiresAt).toISOString() : null],
    ['Subject', user ? payload.sub : '(none — client_credentials)'],
    ['Token Type', typeof header.typ === 'string' ? header.typ : 'N/A'],
    ['Algorithm', header.alg ?? null],
    ['Scopes', scopes],
    ['Auth Method', authMethod],
    ['Token Store', storeText(source)],
  ];
  const claims: Array<[string, unknown]> = Object.entries(payload).map(([k, v]) => [k, TIME_CLAIMS.has(k) && typeof v === 'number' ? `${v} (${iso(v)})` : v]);
  return {
    user,
    rows,
    claims,
    json: {
      context: target.contextName,
      tenant: target.tenant,
      identityUrl: target.identityUrl,
      tokenStore: source,
      method: located.tokens.method === 'legacy' ? 'legacy' : user ? 'device_code' : 'client_credentials',
      clientId: located.tokens.clientId ?? (typeof payload.client_id === 'string' ? payload.client_id : null),
      expiresAt: expiresAt !== undefined ? new Date(expiresAt).toISOString() : null,
      hasRefreshToken: Boolean(located.tokens.refreshToken),
      token: {
        issuer: payload.iss ?? null,
        audience,
        subject: user ? payload.sub : null,
        issuedAt: iso(payload.iat),
        notBefore: iso(payload.nbf),
        expiresAt: iso(payload.exp),
        type: header.typ ?? null,
        algorithm: header.alg ?? null,
        scopes,
        claims: payload,
      },
    },
  };
}

function storeText(source: string): string {
  switch (source) {
    case 'keychain':
      return 'OS keychain';
    case 'file':
      return 'credentials.json (mode 0600, unencrypted)';
    case 'memory':
      return 'process memory';
    case 'legacy':
      return 'contexts.json (left by the .NET octo-cli; moves to the keychain at the next refresh)';
    case 'env':
      return 'OCTO_CLI_ACCESS_TOKEN (not stored)';
    default:
      return source;
  }
}
