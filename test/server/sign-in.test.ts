/**
 * Sign-in on the HTML device page resists misuse: failed sign-ins are throttled per user name and per client address
 * (429 + Retry-After, backing off), an unknown user costs as much as a wrong password, and passwords are hashed at
 * OWASP's scrypt cost with older hashes upgraded at the next successful sign-in.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningServer, ServerOptions } from '../../src/server/index.js';
import { hashPassword, verifyPassword } from '../../src/server/passwords.js';
import { CHEAP_HASH, adminApi, pollToken, sleep, start, startDevice, userToken } from './helpers.js';

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serverWithUsers(options: ServerOptions, users: Record<string, string>): Promise<RunningServer> {
  const server = await start(options);
  servers.push(server);
  const api = adminApi(server, (await userToken(server)).access_token);
  for (const [name, password] of Object.entries(users)) {
    const res = await api.post('users', { name, email: `${name}@example.com`, password, firstName: null, lastName: null, userId: null });
    if (res.status !== 200) throw new Error(`create ${name}: ${res.status} ${res.text}`);
  }
  return server;
}

/** One sign-in attempt on the device page for a fresh device code: status, Retry-After, page text, time taken. */
async function attempt(server: RunningServer, username: string, password: string) {
  const dar = await startDevice(server);
  const page = await fetch(`${server.url}/octosystem/device?userCode=${dar.user_code}`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const started = performance.now();
  const res = await fetch(`${server.url}/octosystem/device`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrf, userCode: dar.user_code, username, password, action: 'approve' }).toString(),
  });
  const ms = performance.now() - started;
  return { status: res.status, retryAfter: res.headers.get('retry-after'), html: await res.text(), ms, deviceCode: dar.device_code };
}

describe('failed sign-ins are throttled', () => {
  it('locks a user name after 5 failures with 429 + Retry-After; while locked even the right password is refused; other users go on', async () => {
    const server = await serverWithUsers({}, { alice: 'Alice-123', bob: 'Bob-1234' });
    for (let i = 1; i <= 4; i++) expect((await attempt(server, 'alice', `wrong-${i}`)).status).toBe(401);
    const fifth = await attempt(server, 'alice', 'wrong-5');
    expect(fifth.status).toBe(429);
    expect(Number(fifth.retryAfter)).toBe(30);
    expect(fifth.html).toContain('Too many failed sign-ins');

    const right = await attempt(server, 'ALICE', 'Alice-123'); // user names are case-insensitive, so is the lock
    expect(right.status).toBe(429);
    expect(Number(right.retryAfter)).toBeGreaterThan(0);
    expect((await pollToken(server, right.deviceCode)).json.error).toBe('authorization_pending');

    expect((await attempt(server, 'bob', 'Bob-1234')).status).toBe(200);
  });

  it('throttles unknown user names exactly like real ones (no enumeration through the lock)', async () => {
    const server = await serverWithUsers({}, {});
    const statuses = [];
    for (let i = 1; i <= 6; i++) statuses.push((await attempt(server, 'no.such.user', 'whatever')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('backs off: each failure after the lock doubles the lockout; a success clears it', async () => {
    const server = await serverWithUsers({ signInThrottle: { userFailures: 2, lockoutSeconds: 1 } }, { carol: 'Carol-123' });
    expect((await attempt(server, 'carol', 'x')).status).toBe(401);
    const locked = await attempt(server, 'carol', 'x');
    expect([locked.status, locked.retryAfter]).toEqual([429, '1']);
    await sleep(1100);
    const again = await attempt(server, 'carol', 'x');
    expect([again.status, again.retryAfter]).toEqual([429, '2']);
    await sleep(2100);
    expect((await attempt(server, 'carol', 'Carol-123')).status).toBe(200);
    expect((await attempt(server, 'carol', 'x')).status).toBe(401); // the count started over
  });

  it('locks a client address after failures spread over many user names', async () => {
    const server = await serverWithUsers({ signInThrottle: { userFailures: 100, addressFailures: 3 } }, { dave: 'Dave-1234' });
    expect((await attempt(server, 'u1', 'x')).status).toBe(401);
    expect((await attempt(server, 'u2', 'x')).status).toBe(401);
    expect((await attempt(server, 'u3', 'x')).status).toBe(429);
    const other = await attempt(server, 'dave', 'Dave-1234');
    expect(other.status).toBe(429);
    expect(Number(other.retryAfter)).toBe(30);
  });
});

describe('equal work for unknown users', () => {
  it('answers an unknown user name about as slowly as a wrong password for a real user', async () => {
    // A real scrypt cost (N=2^14, ~50–100 ms here) so that skipping the hash would show; throttling off for the count.
    const server = await serverWithUsers({ signInThrottle: false, passwordHashCost: { N: 2 ** 14 } }, { erin: 'Erin-1234' });
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      const k = await attempt(server, 'erin', `wrong-${i}`);
      const u = await attempt(server, `nobody-${i}`, `wrong-${i}`);
      expect([k.status, u.status]).toEqual([401, 401]);
      expect(u.html).toContain('Wrong user name or password.');
      known.push(k.ms);
      unknown.push(u.ms);
    }
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.6);
    expect(median(unknown)).toBeLessThan(median(known) * 1.7);
  });
});

describe('password hashes', () => {
  it("hashes at OWASP's scrypt cost by default: N=2^17, r=8, p=1", async () => {
    const hash = await hashPassword('Default-1');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('Default-1', hash)).toBe(true);
    expect(await verifyPassword('default-1', hash)).toBe(false);
  });

  it('upgrades a hash made with older parameters at the next successful sign-in, and the password keeps working', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'octo-hash-'));
    try {
      const first = await serverWithUsers({ dataDir, passwordHashCost: CHEAP_HASH }, { frank: 'Frank-123' });
      await first.close();
      const storedHash = async () =>
        (JSON.parse(await readFile(join(dataDir, 'identity-store.json'), 'utf8')) as {
          tenants: { octosystem: { users: { name: string; passwordHash: string }[] } };
        }).tenants.octosystem.users.find((u) => u.name === 'frank')!.passwordHash;
      expect(await storedHash()).toMatch(/^scrypt\$1024\$8\$1\$/);

      // Restarted with the default (OWASP) cost: a failed sign-in changes nothing, a successful one re-hashes.
      const second = await start({ dataDir, passwordHashCost: undefined });
      servers.push(second);
      expect((await attempt(second, 'frank', 'wrong')).status).toBe(401);
      expect(await storedHash()).toMatch(/^scrypt\$1024\$8\$1\$/);
      const ok = await attempt(second, 'frank', 'Frank-123');
      expect(ok.status).toBe(200);
      expect((await pollToken(second, ok.deviceCode)).status).toBe(200);
      const upgraded = await storedHash();
      expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
      expect(await verifyPassword('Frank-123', upgraded)).toBe(true);
      expect((await attempt(second, 'frank', 'Frank-123')).status).toBe(200);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
