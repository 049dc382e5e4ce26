/**
 * GetExpiringSecrets against the local Identity Service: a tenant of 30 clients (the bench measures 500), secrets that
 * are expired, expiring, ok and without expiry; statuses, days left and order; the window; expired ones only with
 * --include-expired; --detailed-exitcode 2/0; JSON; requests in parallel but never more than --parallel at once;
 * a progress line on a terminal only; dynamically registered clients not read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { byExpiry, secretStatus, type SecretReportRow } from '../../src/commands/hygiene.js';
import { useService } from '../provision/live.js';

const live = useService();
const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** Admin API calls straight to the service (setting up 30 clients through the CLI would be slower). */
async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${live.server.url}/octosystem/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${live.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

const secret = (owner: string, expirationDate: string | null, description: string, kind = 'client') =>
  admin('POST', `apiSecrets/${kind}/${owner}`, { valueEncrypted: 'x', expirationDate, description }) as Promise<{ valueEncrypted: string }>;

type Row = SecretReportRow;

beforeAll(async () => {
  const ids = Array.from({ length: 30 }, (_, i) => `hyg-${String(i).padStart(2, '0')}`);
  await Promise.all(ids.map((id) => admin('POST', 'clients', { isEnabled: true, clientId: id, requireClientSecret: true, allowedGrantTypes: ['client_credentials'], allowedScopes: ['octo_api'] })));
  await secret('hyg-00', at(-3), 'expired three days ago');
  await secret('hyg-01', at(10.5), 'expires in ten days');
  await secret('hyg-02', at(60.5), 'expires in two months');
  await secret('hyg-03', null, 'never expires');
  await admin('POST', 'apiResources', { isEnabled: true, name: 'hygApi', scopes: ['octo_api'] });
  await secret('hygApi', at(20.5), 'resource secret', 'apiResource');
  // A dynamically registered client (a public client, no secrets): the report does not read it.
  const reg = await fetch(`${live.server.url}/connect/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['http://127.0.0.1:7777/cb'] }) });
  expect(reg.status).toBe(201);
});

const mine = (rows: Row[]) => rows.filter((r) => r.owner.startsWith('hyg'));

describe('GetExpiringSecrets', () => {
  it('statuses, days left and order; expired left out by default; exit 0 without --detailed-exitcode', async () => {
    const r = await live.octo(['-c', 'GetExpiringSecrets', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = mine(JSON.parse(r.stdout) as Row[]);
    expect(rows.map((x) => [x.ownerKind, x.owner, x.status, x.daysLeft])).toEqual([
      ['client', 'hyg-01', 'expiring', 10],
      ['apiResource', 'hygApi', 'expiring', 20],
      ['client', 'hyg-02', 'ok', 60],
      ['client', 'hyg-03', 'never', null],
    ]);
    expect(rows[0]).toMatchObject({ description: 'expires in ten days', hashPrefix: rows[0]!.hash.slice(0, 8) });
    expect(r.stderr).toMatch(/1 expired not shown \(--include-expired\)/);
  });

  it('--within widens the window; --include-expired adds the expired one first', async () => {
    const r = await live.octo(['-c', 'GetExpiringSecrets', '--within', '90d', '--include-expired', '-o', 'json']);
    const rows = mine(JSON.parse(r.stdout) as Row[]);
    expect(rows.map((x) => [x.owner, x.status])).toEqual([
      ['hyg-00', 'expired'],
      ['hyg-01', 'expiring'],
      ['hygApi', 'expiring'],
      ['hyg-02', 'expiring'],
      ['hyg-03', 'never'],
    ]);
    expect(rows[0]!.daysLeft).toBe(-3);
  });

  it('--detailed-exitcode: 2 when something is expired or inside the window, 0 otherwise', async () => {
    expect((await live.octo(['-c', 'GetExpiringSecrets', '--detailed-exitcode'])).code).toBe(2);
    expect((await live.octo(['-c', 'GetExpiringSecrets', '--within', '5d', '--detailed-exitcode'])).code).toBe(0);
    expect((await live.octo(['-c', 'GetExpiringSecrets', '--within', '5d', '--include-expired', '--detailed-exitcode'])).code).toBe(2);
  });

  it('a table for people with the hash prefix; a progress line on a terminal only', async () => {
    const piped = await live.octo(['-c', 'GetExpiringSecrets']);
    const header = piped.stdout.split('\n')[0]!;
    expect(header).toMatch(/^OWNER KIND\s+OWNER\s+DESCRIPTION\s+HASH\s+EXPIRES\s+DAYS LEFT\s+STATUS$/);
    expect(piped.stdout).toMatch(/API resource\s+hygApi\s+resource secret\s+\S{8}…\s+\S+\s+20\s+expiring/);
    expect(piped.stderr).not.toContain('Reading secrets');
    const tty = await live.octo(['-c', 'GetExpiringSecrets'], { tty: true });
    expect(tty.stderr).toContain('Reading secrets');
    expect(tty.stderr).toMatch(/Reading secrets (\d+)\/\1/); // the last redraw: all owners read
  });

  it('reads the owners in parallel, never more than --parallel at once, and skips dynamic clients', async () => {
    let inFlight = 0;
    let peak = 0;
    const paths: string[] = [];
    const counting: typeof fetch = async (input, init) => {
      const url = String(input);
      if (!url.includes('/apiSecrets/')) return fetch(input, init);
      paths.push(new URL(url).pathname);
      peak = Math.max(peak, ++inFlight);
      try {
        await new Promise((r) => setTimeout(r, 5));
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const r = await live.octo(['-c', 'GetExpiringSecrets', '--parallel', '4'], { fetch: counting });
    expect(r.code, r.stderr).toBe(0);
    expect(peak).toBe(4);
    expect(paths.some((p) => p.includes('octo-dcr-'))).toBe(false);
    expect(paths.filter((p) => p.includes('/apiSecrets/client/hyg-'))).toHaveLength(30);
  });

  it('pure parts: status boundaries and order', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    expect(secretStatus('2026-06-01T00:00:00Z', now, 7 * DAY)).toEqual({ status: 'expired', daysLeft: 0 });
    expect(secretStatus('2026-06-08T00:00:00Z', now, 7 * DAY)).toEqual({ status: 'expiring', daysLeft: 7 });
    expect(secretStatus('2026-06-08T00:00:01Z', now, 7 * DAY)).toEqual({ status: 'ok', daysLeft: 7 });
    expect(secretStatus(null, now, 7 * DAY)).toEqual({ status: 'never', daysLeft: null });
    const row = (owner: string, expirationDate: string | null) => ({ ownerKind: 'client', owner, hash: owner, expirationDate }) as Row;
    expect([row('c', null), row('b', '2027-01-01'), row('a', '2026-01-01')].sort(byExpiry).map((r) => r.owner)).toEqual(['a', 'b', 'c']);
  });
});
