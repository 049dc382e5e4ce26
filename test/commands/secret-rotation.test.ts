/**
 * RotateApiSecretClient / RotateApiSecretApiResource against the local Identity Service, proven with real token
 * requests: during the overlap the old and the new secret both get tokens, after it the old one is refused (the
 * service refuses expired secrets at the token endpoint); --overlap 0 deletes; --secret-file writes a new 0600 file
 * and never overwrites; the secret never reaches a log line, old secrets are named by hash prefix only; nothing is
 * changed when the new secret cannot be created.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeNewFile } from '../../src/shared/fs.js';
import { describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/shared/secrets.js';
import { durationMillis } from '../../src/cli/checks.js';
import { planOldSecrets } from '../../src/commands/secret-rotation.js';
import { useService } from '../provision/live.js';

const live = useService();

/** A real client_credentials token request; returns the HTTP status and the OAuth error, if any. */
async function tokenRequest(clientId: string, secret: string): Promise<{ status: number; error?: string }> {
  const res = await fetch(`${live.server.url}/connect/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', acr_values: 'tenant:octosystem' }).toString(),
  });
  const body = (await res.json()) as { error?: string };
  return { status: res.status, error: body.error };
}

async function serviceClient(id: string, secret: string): Promise<void> {
  const r = await live.octo(['-c', 'AddClientCredentialsClient', '-id', id, '-n', id, '-s', '-'], { stdin: secret });
  expect(r.code, r.stderr).toBe(0);
  expect((await tokenRequest(id, secret)).status).toBe(200);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

describe('durations and the plan', () => {
  it('reads 30s, 90m, 36h, 7d and 0; refuses anything else', () => {
    expect(['30s', '90m', '36h', '7d', '0'].map(durationMillis)).toEqual([30_000, 5_400_000, 129_600_000, 604_800_000, 0]);
    for (const bad of ['7', '1w', '-1d', '1.5h', 'd', '']) expect(durationMillis(bad), bad).toBeNaN();
  });

  it('expires only what would outlive the overlap; deletes everything with 0', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    const old = [
      { valueEncrypted: 'never', valueClearText: null, description: null, expirationDate: null },
      { valueEncrypted: 'later', valueClearText: null, description: null, expirationDate: '2027-01-01T00:00:00Z' },
      { valueEncrypted: 'sooner', valueClearText: null, description: null, expirationDate: '2026-06-02T00:00:00Z' },
    ];
    expect(planOldSecrets(old, now, durationMillis('7d')).map((p) => [p.secret.valueEncrypted, p.action, 'expiresAt' in p ? p.expiresAt : null])).toEqual([
      ['never', 'expire', '2026-06-08T00:00:00.000Z'],
      ['later', 'expire', '2026-06-08T00:00:00.000Z'],
      ['sooner', 'keep', null],
    ]);
    expect(planOldSecrets(old, now, 0).map((p) => p.action)).toEqual(['delete', 'delete', 'delete']);
  });
});

describe('RotateApiSecretClient', () => {
  it('zero downtime: both secrets get tokens during the overlap, the old one is refused after it', async () => {
    const oldSecret = 'old-secret-of-svc-rotate';
    await serviceClient('svc-rotate', oldSecret);
    const r = await live.octo(['-c', 'RotateApiSecretClient', '-cid', 'svc-rotate', '--overlap', '2s', '-d', 'rotated in test', '-o', 'json', '--verbose']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { secret: string; hash: string; expirationDate: null; retired: Array<{ hash: string; expirationDate: string }>; kept: unknown[] };
    expect(out.hash).toBe(hashSecret(out.secret));
    expect(out.expirationDate).toBeNull();
    expect(out.retired).toEqual([{ hash: hashSecret(oldSecret).slice(0, 8), expirationDate: expect.any(String) }]);
    expect(out.kept).toEqual([]);
    const overlapEnd = Date.parse(out.retired[0]!.expirationDate);
    expect(overlapEnd - Date.now()).toBeLessThanOrEqual(2000);
    // The old secret by hash prefix only; the new one only once, on stdout; never in a (verbose) log line.
    expect(`${r.stdout}${r.stderr}`).not.toContain(hashSecret(oldSecret));
    expect(r.stdout.split(out.secret)).toHaveLength(2);
    expect(r.stderr).not.toContain(out.secret);
    expect(r.stderr).toContain('[debug]');

    // During the overlap: both work.
    expect(await tokenRequest('svc-rotate', oldSecret)).toEqual({ status: 200, error: undefined });
    expect((await tokenRequest('svc-rotate', out.secret)).status).toBe(200);
    // After it: the old one is refused, the new one still works.
    await sleep(overlapEnd - Date.now() + 150);
    expect(await tokenRequest('svc-rotate', oldSecret)).toMatchObject({ status: 401, error: 'invalid_client' });
    expect((await tokenRequest('svc-rotate', out.secret)).status).toBe(200);

    // TestClientCredentials confirms the same, and exits 252 with the service's reason for the old one.
    const ok = await live.octo(['-c', 'TestClientCredentials', '-id', 'svc-rotate', '-s', '-', '-o', 'json'], { stdin: out.secret });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ clientId: 'svc-rotate', tenant: 'octosystem', scopes: expect.arrayContaining(['octo_api']) });
    const refused = await live.octo(['-c', 'TestClientCredentials', '-id', 'svc-rotate', '-s', '-'], { stdin: oldSecret });
    expect(refused.code).toBe(252);
    expect(refused.stderr).toContain('invalid_client');
  });

  it('a table for people: the new secret once, the old ones by prefix with their new expiry; a secret that expires sooner is kept', async () => {
    await serviceClient('svc-table', 'old-secret-of-svc-table');
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const extra = await live.octo(['-c', 'CreateApiSecretClient', '-cid', 'svc-table', '-e', soon, '-o', 'json']);
    const soonHash = (JSON.parse(extra.stdout) as { valueEncrypted: string }).valueEncrypted;
    const r = await live.octo(['-c', 'RotateApiSecretClient', '-cid', 'svc-table', '-e', '2099-12-31']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Secret\s+[0-9a-f-]{36}$/m);
    expect(r.stdout).toMatch(/^Expires\s+2099-12-31T00:00:00Z?$/m);
    expect(r.stdout).toContain(`${hashSecret('old-secret-of-svc-table').slice(0, 8)}… expires `);
    expect(r.stdout).toContain(`${soonHash.slice(0, 8)}… expires ${soon}`);
    expect(r.stderr).toMatch(/1 old secret\(s\) expire in 7d, 1 expire sooner and were kept/);
    expect(r.stderr).toContain('shown only once');
  });

  it('--secret-file: a new 0600 file holds the secret, stdout does not; an existing file is never overwritten and nothing is changed', async () => {
    await serviceClient('svc-file', 'old-secret-of-svc-file');
    const path = join(live.dir, 'new-secret.txt');
    const r = await live.octo(['-c', 'RotateApiSecretClient', '-cid', 'svc-file', '--overlap', '1h', '--secret-file', path, '-o', 'json', '--verbose']);
    expect(r.code, r.stderr).toBe(0);
    const secret = readFileSync(path, 'utf8').trim();
    expect(secret).toMatch(/^[0-9a-f-]{36}$/);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ secretFile: path, hash: hashSecret(secret) });
    expect(out).not.toHaveProperty('secret');
    expect(`${r.stdout}${r.stderr}`).not.toContain(secret);
    expect((await tokenRequest('svc-file', secret)).status).toBe(200);

    const writes = live.writes();
    const again = await live.octo(['-c', 'RotateApiSecretClient', '-cid', 'svc-file', '--secret-file', path]);
    expect(again.code).toBe(255);
    expect(again.stderr).toContain('exists; refusing to overwrite it');
    expect(live.writes()).toBe(writes);
    expect(readFileSync(path, 'utf8').trim()).toBe(secret);
  });

  it('--overlap 0 deletes the old secrets: refused without a terminal unless -y, then the old secret stops at once', async () => {
    await serviceClient('svc-zero', 'old-secret-of-svc-zero');
    const writes = live.writes();
    const refused = await live.octo(['-c', 'RotateApiSecretClient', '-cid', 'svc-zero', '--overlap', '0']);
    expect(refused.code).toBe(251);
    expect(refused.stderr).toContain('pass --yes');
    expect(live.writes()).toBe(writes);

    const r = await live.octo(['-c', 'RotateApiSecretClient', '-cid', 'svc-zero', '--overlap', '0', '-y', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { secret: string; retired: unknown[] };
    expect(out.retired).toEqual([{ hash: hashSecret('old-secret-of-svc-zero').slice(0, 8), deleted: true }]);
    expect(await tokenRequest('svc-zero', 'old-secret-of-svc-zero')).toMatchObject({ status: 401, error: 'invalid_client' });
    expect((await tokenRequest('svc-zero', out.secret)).status).toBe(200);
  });

  it('nothing is changed when the new secret cannot be created', async () => {
    await serviceClient('svc-fail', 'old-secret-of-svc-fail');
    const failing: typeof fetch = async (input, init) =>
      init?.method === 'POST' && String(input).includes('/apiSecrets/') ? new Response('{"message":"store down"}', { status: 400 }) : fetch(input, init);
    const r = await live.octo(['-c', 'RotateApiSecretClient', '-cid', 'svc-fail', '--overlap', '1h'], { fetch: failing });
    expect(r.code).toBe(253);
    const list = await live.octo(['-c', 'GetApiSecretsClient', '-cid', 'svc-fail', '-o', 'json']);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ valueEncrypted: hashSecret('old-secret-of-svc-fail'), expirationDate: null })]);
  });

  it('a failed expiry update: the new secret is still shown (exit 253), the failure named by hash prefix', async () => {
    await serviceClient('svc-partial', 'old-secret-of-svc-partial');
    const failing: typeof fetch = async (input, init) =>
      init?.method === 'PUT' && String(input).includes('/apiSecrets/') ? new Response('{"message":"store down"}', { status: 400 }) : fetch(input, init);
    const r = await live.octo(['-c', 'RotateApiSecretClient', '-cid', 'svc-partial', '-o', 'json'], { fetch: failing });
    expect(r.code).toBe(253);
    const out = JSON.parse(r.stdout) as { secret: string; retired: unknown[]; failed: Array<{ hash: string }> };
    expect(out.retired).toEqual([]);
    expect(out.failed.map((f) => f.hash)).toEqual([hashSecret('old-secret-of-svc-partial').slice(0, 8)]);
    expect(r.stderr).toContain(`warning: old secret ${hashSecret('old-secret-of-svc-partial').slice(0, 8)}… of client 'svc-partial' was not changed`);
    expect((await tokenRequest('svc-partial', out.secret)).status).toBe(200);
  });

  it('writeNewFile: 0600, never over an existing file (EEXIST), no temp file left behind', async () => {
    const path = join(live.dir, 'exclusive.txt');
    await writeNewFile(path, 'one\n');
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    await expect(writeNewFile(path, 'two\n')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path, 'utf8')).toBe('one\n');
    writeFileSync(join(live.dir, 'other.txt'), 'x');
    await expect(writeNewFile(join(live.dir, 'other.txt'), 'y')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readdirSync(live.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses bad durations before any request', async () => {
    const requests = live.requests();
    const r = await live.octo(['-c', 'RotateApiSecretClient', '-cid', 'x', '--overlap', '1w']);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain("--overlap expects a duration like 30s, 90m, 36h or 7d, got '1w'");
    expect(live.requests()).toBe(requests);
  });
});

describe('RotateApiSecretApiResource', () => {
  it('rotates an API resource secret with the same overlap rules', async () => {
    expect((await live.octo(['-c', 'CreateApiResource', '-n', 'rotApi', '-s', 'octo_api'])).code).toBe(0);
    const first = await live.octo(['-c', 'CreateApiSecretApiResource', '-n', 'rotApi', '-o', 'json']);
    const oldHash = (JSON.parse(first.stdout) as { valueEncrypted: string }).valueEncrypted;
    const r = await live.octo(['-c', 'RotateApiSecretApiResource', '-n', 'rotApi', '--overlap', '36h', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { hash: string; retired: Array<{ hash: string; expirationDate: string }> };
    expect(out.retired).toHaveLength(1);
    expect(out.retired[0]!.hash).toBe(oldHash.slice(0, 8));
    expect(Math.abs(Date.parse(out.retired[0]!.expirationDate) - (Date.now() + 36 * 3_600_000))).toBeLessThan(10_000);
    const list = JSON.parse((await live.octo(['-c', 'GetApiSecretsApiResource', '-n', 'rotApi', '-o', 'json'])).stdout) as Array<{ valueEncrypted: string; expirationDate: string | null }>;
    expect(list.find((s) => s.valueEncrypted === oldHash)?.expirationDate).toBe(out.retired[0]!.expirationDate);
    expect(list.find((s) => s.valueEncrypted === out.hash)?.expirationDate).toBeNull();
  });
});
