/**
 * `POST users` and Setup check the whole request before they hash the password: a refused request never pays for an
 * scrypt hash (OWASP's cost is ~128 MiB and a few hundred ms each). hashPassword is wrapped to count its calls.
 */
import { request } from 'node:http';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { json, operationFailed, registerUser, sleep, start, useAdminServer } from './helpers.js';

const hashCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/server/passwords.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/server/passwords.js')>();
  return {
    ...original,
    hashPassword: (...args: Parameters<typeof original.hashPassword>) => {
      hashCalls.count++;
      return original.hashPassword(...args);
    },
  };
});

const admin = useAdminServer();

const register = registerUser;

beforeEach(() => {
  hashCalls.count = 0;
});

describe('POST users hashes only a request it accepts', () => {
  it('refuses a bad user name, a taken name or e-mail, a bad e-mail and a weak password without hashing', async () => {
    expect((await admin.api.post('users', register('taken.user'))).status).toBe(200);
    expect(hashCalls.count).toBe(1);
    hashCalls.count = 0;

    const refused: Array<[ReturnType<typeof register>, string[]]> = [
      [register('bad name', 'Test123!', 'bad@example.com'), ['InvalidUserName']],
      [register('TAKEN.USER', 'Test123!', 'other@example.com'), ['DuplicateUserName']],
      [register('other.user', 'Test123!', 'Taken.User@example.com'), ['DuplicateEmail']],
      [register('other.user', 'Test123!', 'not-an-email'), ['InvalidEmail']],
      [register('other.user', 'weak'), ['PasswordTooShort', 'PasswordRequiresNonAlphanumeric', 'PasswordRequiresDigit', 'PasswordRequiresUpper']],
      [register('bad name', 'weak', 'bad@example.com'), ['InvalidUserName', 'PasswordTooShort', 'PasswordRequiresNonAlphanumeric', 'PasswordRequiresDigit', 'PasswordRequiresUpper']],
    ];
    for (const [body, codes] of refused) {
      const res = await admin.api.post<{ details: Array<{ code: string }> }>('users', body);
      expect(res.status, body.name).toBe(400);
      expect(res.json.details.map((d) => d.code), body.name).toEqual(codes);
    }
    const noPassword = await admin.api.post('users', register('other.user', null));
    expect(noPassword.status).toBe(400);
    expect(hashCalls.count).toBe(0);
    expect((await admin.api.get('users/other.user')).status).toBe(404);
  });

  it('two concurrent creates of one name: one is stored, the other gets DuplicateUserName', async () => {
    const [a, b] = await Promise.all([
      admin.api.post('users', register('twin', 'Test123!', 'twin.a@example.com')),
      admin.api.post('users', register('TWIN', 'Test123!', 'twin.b@example.com')),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const refused = a.status === 400 ? a : b;
    expect(refused.json).toEqual(
      operationFailed('Creation of user failed', [
        { code: 'DuplicateUserName', description: `Username '${a.status === 400 ? 'twin' : 'TWIN'}' is already taken.` },
      ]),
    );
    const users = await admin.api.get<Array<{ name: string }>>('users');
    expect(users.json.filter((u) => u.name.toLowerCase() === 'twin')).toHaveLength(1);
  });
});

describe('Setup hashes only when it can still create the first admin', () => {
  const servers: RunningServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it('a create-admin whose body arrives after another setup finished gets 404 without hashing', async () => {
    const server = await start({ seedAdminUser: false });
    servers.push(server);
    const url = new URL(`${server.url}/octosystem/api/setup/create-admin`);
    const body = JSON.stringify({ email: 'late@example.com', password: 'Late-Pass1', confirmPassword: 'Late-Pass1' });
    // The late request passes the first setup check (no users yet), then waits for its body.
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    const late = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    req.flushHeaders();
    await sleep(300);
    const first = await json('POST', url.href, { email: 'first@example.com', password: 'First-Pass1', confirmPassword: 'First-Pass1' });
    expect(first.json).toEqual({ success: true, errorMessage: null });
    hashCalls.count = 0;
    req.end(body);
    expect(await late).toBe(404);
    expect(hashCalls.count).toBe(0);
  });
});
