/** Shared bits of the small HTML pages: layout, escaping, form bodies, CSRF (double-submit cookie), sign-in check. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceContext } from './context.js';
import { BodyTooLargeError, parseCookies, readBody, sendEmpty, sendHtml } from './http.js';
import { hashPassword, needsRehash, spendVerifyWork, verifyPassword } from './passwords.js';
import { findUserByName } from './principals.js';
import { SignInThrottle } from './throttle.js';
import type { TenantData, UserRecord } from './types.js';

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;box-sizing:border-box}
.buttons{margin-top:1.2rem;display:flex;gap:.6rem}button{padding:.5rem 1rem}
.error{color:#b00020}.ok{color:#0a6b2c}.muted{color:#666;font-size:.9rem}
.request{border:1px solid #ccd;border-radius:6px;padding:.2rem 1rem;background:#f7f8fc}.request ul{padding-left:1.2rem}
.warn{background:#fff4e5;border-left:4px solid #e08a00;padding:.5rem .7rem}code{font-size:.95em}
</style></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

const CSRF_COOKIE = 'octo_csrf';

/** A CSRF token for a form, plus the cookie that must come back with it. */
function issueCsrf(req: IncomingMessage, path: string): { token: string; setCookie: string } {
  const existing = parseCookies(req.headers.cookie)[CSRF_COOKIE];
  const token = existing && /^[\w-]{32,}$/.test(existing) ? existing : randomBytes(24).toString('base64url');
  return { token, setCookie: `${CSRF_COOKIE}=${token}; Path=${path}; HttpOnly; SameSite=Strict` };
}

export function csrfValid(req: IncomingMessage, submitted: string | undefined): boolean {
  const cookie = parseCookies(req.headers.cookie)[CSRF_COOKIE];
  if (!cookie || !submitted) return false;
  const a = Buffer.from(cookie);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Sends a form page (status as given) rendered with a CSRF token, and the cookie that must come back with it. */
export function sendFormPage(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  status: number,
  render: (csrf: string) => string,
  headers: Record<string, string> = {},
): void {
  const csrf = issueCsrf(req, path);
  sendHtml(res, status, render(csrf.token), { ...headers, 'set-cookie': csrf.setCookie });
}

/** The error line above a form, or nothing. */
export function errorAlert(error: string | undefined): string {
  return error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
}

/**
 * The `application/x-www-form-urlencoded` body of a form POST (1 MiB limit applies), or undefined when the answer
 * was sent: 405 for any other method, 413 for a body over the limit.
 */
export async function readPostedForm(req: IncomingMessage, res: ServerResponse): Promise<URLSearchParams | undefined> {
  if (req.method !== 'POST') {
    req.resume();
    sendEmpty(res, 405, { allow: 'GET, POST' });
    return undefined;
  }
  try {
    return new URLSearchParams((await readBody(req)).toString('utf8'));
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    sendEmpty(res, 413, { connection: 'close' });
    return undefined;
  }
}

export type SignInResult =
  | { ok: true; user: UserRecord }
  | { ok: false; status: 401; message: string }
  | { ok: false; status: 429; retryAfter: number; message: string };

const WRONG = 'Wrong user name or password.';

function throttled(retryAfter: number): SignInResult {
  return { ok: false, status: 429, retryAfter, message: `Too many failed sign-ins. Try again in ${retryAfter} seconds.` };
}

/**
 * Checks a user's credentials: the stored scrypt hash (users created or reset through the admin API or Setup) or,
 * for the admin user of the start options, the start-time password (never stored).
 *
 * Misuse resistance (issue 11): failed attempts are throttled per user name and per client address (429 with
 * Retry-After, no password check while locked); every attempt spends exactly one scrypt at the current cost, so an
 * unknown user answers as slowly as a wrong password; a hash made with older parameters is re-hashed on success.
 */
export async function signIn(
  svc: ServiceContext,
  tenant: TenantData,
  username: string,
  password: string,
  address: string | undefined,
): Promise<SignInResult> {
  const keys = SignInThrottle.keys(tenant.tenantId, username, address);
  const wait = svc.signInThrottle.retryAfter(keys);
  if (wait > 0) return throttled(wait);

  const cost = svc.options.passwordHashCost;
  const user = username.trim() ? findUserByName(tenant, username.trim()) : undefined;
  let byHash = false;
  if (user?.passwordHash) byHash = await verifyPassword(password, user.passwordHash);
  else await spendVerifyWork(password, cost);
  let ok = byHash;
  if (!ok && user && password !== '' && svc.options.seedAdminUser && user.name.toLowerCase() === svc.options.adminUser.toLowerCase()) {
    const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
    ok = timingSafeEqual(digest(password), digest(svc.options.adminPassword));
  }
  if (!ok || !user || password === '') {
    const retryAfter = svc.signInThrottle.failed(keys);
    return retryAfter > 0 ? throttled(retryAfter) : { ok: false, status: 401, message: WRONG };
  }
  svc.signInThrottle.succeeded(keys);
  if (byHash && needsRehash(user.passwordHash, cost)) {
    user.passwordHash = await hashPassword(password, cost);
    await svc.store.commit();
    svc.options.log(`password hash of ${user.name} upgraded to scrypt N=${cost.N}, r=${cost.r}, p=${cost.p}`);
  }
  return { ok: true, user };
}

/** The Retry-After header of a throttled answer. */
export function retryAfterHeader(result: SignInResult): Record<string, string> {
  return !result.ok && result.status === 429 ? { 'retry-after': String(result.retryAfter) } : {};
}
