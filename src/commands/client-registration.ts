/**
 * How a client came to be: registered by an admin (the admin API) or by itself through dynamic client registration
 * (RFC 7591, `POST /connect/register`; ids `octo-dcr-…`, public PKCE clients with a limited lifetime). Shared by
 * GetClients/GetClient and DeleteDynamicClients.
 */
import { dateMillis } from '../cli/checks.js';
import type { ClientDto } from '../api/resources/clients.js';

const DAY_MS = 86_400_000;

/** Whether the service says the client registered itself (the read-only `dynamicRegistration`). */
export function isDynamicClient(c: Pick<ClientDto, 'dynamicRegistration'>): boolean {
  return c.dynamicRegistration === true;
}

/** Whether a dynamic registration's lifetime is over at `now` (the service normally hides those already). */
export function isExpiredRegistration(c: Pick<ClientDto, 'dynamicRegistration' | 'dynamicRegistrationExpiresAt'>, now: number): boolean {
  if (!isDynamicClient(c) || !c.dynamicRegistrationExpiresAt) return false;
  const at = dateMillis(c.dynamicRegistrationExpiresAt);
  return !Number.isNaN(at) && at <= now;
}

/** `admin`, or `dynamic, expires <date> (in N days)` / `dynamic, expired <date>`. */
export function registrationText(c: Pick<ClientDto, 'dynamicRegistration' | 'dynamicRegistrationExpiresAt'>, now: number): string {
  if (!isDynamicClient(c)) return 'admin';
  if (!c.dynamicRegistrationExpiresAt) return 'dynamic';
  const at = dateMillis(c.dynamicRegistrationExpiresAt);
  if (Number.isNaN(at)) return `dynamic, expires ${c.dynamicRegistrationExpiresAt}`;
  if (at <= now) return `dynamic, expired ${c.dynamicRegistrationExpiresAt}`;
  const days = Math.floor((at - now) / DAY_MS);
  return `dynamic, expires ${c.dynamicRegistrationExpiresAt} (in ${days} day${days === 1 ? '' : 's'})`;
}
