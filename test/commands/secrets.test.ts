import { describe, expect, it } from 'vitest';
import { cmd, fakeApi } from './fake-api.js';
import { hashSecret, secretPathId } from '../../src/shared/secrets.js';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const now = () => NOW;
const CLEAR = '0b4d6f52-3c1e-4a7b-9d2f-6e8a1c5b7d90';
const HASH = 'N9M6QcEr7JAojycxjiYatkMBGu1GlYFpFmHez/mjYG4=';
const PATH_ID = 'TjlNNlFjRXI3SkFvanljeGppWWF0a01CR3UxR2xZRnBGbUhlei9tallHND0%3D';

const created = { valueEncrypted: HASH, valueClearText: CLEAR, expirationDate: '2027-12-31T00:00:00', description: 'Production secret' };

/** Both owner kinds share the same behaviour; only the flag and the path segment differ. */
const OWNERS = [
  { suffix: 'Client', flag: ['-cid', 'my-service'], segment: 'client/my-service', jsonKey: 'clientId', id: 'my-service', noun: 'client' },
  { suffix: 'ApiResource', flag: ['-n', 'myAPI'], segment: 'apiResource/myAPI', jsonKey: 'apiResourceName', id: 'myAPI', noun: 'API resource' },
] as const;

it('the fixtures agree with identity-api.md §3.5', () => {
  expect(hashSecret(CLEAR)).toBe(HASH);
  expect(encodeURIComponent(secretPathId(HASH))).toBe(PATH_ID);
});

describe.each(OWNERS)('secrets of $noun', (o) => {
  describe(`CreateApiSecret${o.suffix}`, () => {
    it('POSTs {valueEncrypted: placeholder, valueClearText: null, expirationDate, description} and shows the secret once', async () => {
      const api = fakeApi({ [`POST apiSecrets/${o.segment}`]: { json: created } });
      const r = await cmd(api, ['-c', `CreateApiSecret${o.suffix}`, ...o.flag, '-e', '2027-12-31', '-d', 'Production secret'], { now });
      expect(r.code).toBe(0);
      expect(api.calls()).toEqual([`POST apiSecrets/${o.segment}`]);
      expect(api.requests[0]!.body).toEqual({ valueEncrypted: 'generated-by-server', valueClearText: null, expirationDate: '2027-12-31T00:00:00', description: 'Production secret' });
      expect(r.stdout).toMatch(new RegExp(`^Secret\\s+${CLEAR}$`, 'm'));
      expect(r.stdout).toMatch(/^Hash\s+N9M6QcEr7JAojycxjiYatkMBGu1GlYFpFmHez\/mjYG4=$/m);
      expect(r.stdout).toMatch(/^Expires\s+2027-12-31T00:00:00$/m);
      expect(r.stdout.split(CLEAR).length).toBe(2);
      expect(r.stderr).toContain('shown only once');
      expect(r.stderr).toContain(`DeleteApiSecret${o.suffix} ${o.flag[0]} "${o.id}" -s "${HASH}"`);
      expect(r.stderr).not.toContain(CLEAR);
    });

    it('never truncates the secret on a narrow terminal', async () => {
      const api = fakeApi({ [`POST apiSecrets/${o.segment}`]: { json: created } });
      const r = await cmd(api, ['-c', `CreateApiSecret${o.suffix}`, ...o.flag], { now, tty: true, columns: 30 });
      expect(r.stdout).toContain(CLEAR);
      expect(r.stdout).toContain(HASH);
    });

    it('sends nulls without -e/-d; --output json prints the returned DTO', async () => {
      const reply = { ...created, expirationDate: null, description: null };
      const api = fakeApi({ [`POST apiSecrets/${o.segment}`]: { json: reply } });
      const r = await cmd(api, ['-c', `CreateApiSecret${o.suffix}`, ...o.flag, '-o', 'json'], { now });
      expect(api.requests[0]!.body).toEqual({ valueEncrypted: 'generated-by-server', valueClearText: null, expirationDate: null, description: null });
      expect(JSON.parse(r.stdout)).toEqual(reply);
    });

    it('sends a date-time with a zone as UTC', async () => {
      const api = fakeApi({ [`POST apiSecrets/${o.segment}`]: { json: created } });
      await cmd(api, ['-c', `CreateApiSecret${o.suffix}`, ...o.flag, '-e', '2027-06-30T12:00:00+02:00'], { now });
      expect((api.requests[0]!.body as { expirationDate: string }).expirationDate).toBe('2027-06-30T10:00:00.000Z');
    });

    it.each([
      [['-e', '2020-01-01'], '--expirationDate (-e) must be in the future'],
      [['-e', '2026-11-22T11:59:59Z'], '--expirationDate (-e) must be in the future'],
      [['-e', '31.12.2027'], '--expirationDate (-e) expects an ISO date'],
      [['-e', 'tomorrow'], '--expirationDate (-e) expects an ISO date'],
    ])('refuses %j before any request', async (extra, message) => {
      const api = fakeApi();
      const r = await cmd(api, ['-c', `CreateApiSecret${o.suffix}`, ...o.flag, ...extra], { now });
      expect(r.code).toBe(255);
      expect(r.stderr).toContain(message);
      expect(api.requests).toEqual([]);
    });

    it('names the owner on a 404 ProblemDetails', async () => {
      const api = fakeApi({ [`POST apiSecrets/${o.segment}`]: { status: 404, json: { title: 'Not Found', status: 404 } } });
      const r = await cmd(api, ['-c', `CreateApiSecret${o.suffix}`, ...o.flag], { now });
      expect(r.code).toBe(253);
      expect(r.stderr.trim().split('\n').at(-1)).toBe(`error: ${o.noun} '${o.id}' was not found (404)`);
    });

    it('accepts --if-not-exists', async () => {
      const api = fakeApi({ [`POST apiSecrets/${o.segment}`]: { status: 409, text: 'conflict' } });
      const r = await cmd(api, ['-c', `CreateApiSecret${o.suffix}`, ...o.flag, '--if-not-exists', '-o', 'json'], { now });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ [o.jsonKey]: o.id, created: false });
    });
  });

  describe(`GetApiSecrets${o.suffix}`, () => {
    const list = [
      { valueEncrypted: HASH, valueClearText: null, expirationDate: '2027-12-31T00:00:00Z', description: 'Production secret' },
      { valueEncrypted: 'KMnBJ6iIO5qqJb/504tfMCVeL7TcJgLnm0/I7iUld/w=', valueClearText: null, expirationDate: '2025-01-01T00:00:00Z', description: null },
      { valueEncrypted: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', valueClearText: null, expirationDate: null, description: 'forever' },
    ];

    it('GETs the secrets and prints hash, description, expiry and expired', async () => {
      const api = fakeApi({ [`GET apiSecrets/${o.segment}`]: { json: list } });
      const r = await cmd(api, ['-c', `GetApiSecrets${o.suffix}`, ...o.flag], { now });
      expect(r.code).toBe(0);
      expect(api.calls()).toEqual([`GET apiSecrets/${o.segment}`]);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^HASH\s+DESCRIPTION\s+EXPIRES\s+EXPIRED$/);
      expect(lines[1]).toMatch(/^N9M6QcEr7JAojycxjiYatkMBGu1GlYFpFmHez\/mjYG4=\s+Production secret\s+2027-12-31T00:00:00Z\s+no$/);
      expect(lines[2]).toMatch(/^KMnBJ6iIO5qqJb\/504tfMCVeL7TcJgLnm0\/I7iUld\/w=\s+-\s+2025-01-01T00:00:00Z\s+yes$/);
      expect(lines[3]).toMatch(/\s+forever\s+never\s+no$/);
    });

    it('prints the wire JSON, or [] and a note', async () => {
      let r = await cmd(fakeApi({ [`GET apiSecrets/${o.segment}`]: { json: list } }), ['-c', `GetApiSecrets${o.suffix}`, ...o.flag, '-o', 'json']);
      expect(JSON.parse(r.stdout)).toEqual(list);
      r = await cmd(fakeApi({ [`GET apiSecrets/${o.segment}`]: { json: [] } }), ['-c', `GetApiSecrets${o.suffix}`, ...o.flag, '-o', 'json']);
      expect(JSON.parse(r.stdout)).toEqual([]);
      expect(r.stderr).toContain(`No secrets found for ${o.noun} '${o.id}'`);
    });
  });

  describe(`DeleteApiSecret${o.suffix}`, () => {
    const route = `DELETE apiSecrets/${o.segment}/${PATH_ID}`;

    it('DELETEs by the hash, base64-encoded again in the path', async () => {
      const api = fakeApi({ [route]: {} });
      const r = await cmd(api, ['-c', `DeleteApiSecret${o.suffix}`, ...o.flag, '-s', HASH, '-y']);
      expect(r.code).toBe(0);
      expect(api.calls()).toEqual([route]);
      expect(r.stderr).toContain(`API secret '${HASH}' of ${o.noun} '${o.id}' deleted`);
    });

    it('hashes a clear-text secret locally, also from stdin', async () => {
      let api = fakeApi({ [route]: {} });
      let r = await cmd(api, ['-c', `DeleteApiSecret${o.suffix}`, ...o.flag, '-s', CLEAR, '-y', '-o', 'json']);
      expect(r.code).toBe(0);
      expect(api.calls()).toEqual([route]);
      expect(JSON.parse(r.stdout)).toEqual({ [o.jsonKey]: o.id, secretHash: HASH, deleted: true });
      api = fakeApi({ [route]: {} });
      r = await cmd(api, ['-c', `DeleteApiSecret${o.suffix}`, ...o.flag, '-s', '-', '-y'], { stdin: `${CLEAR}\n` });
      expect(r.code).toBe(0);
      expect(api.calls()).toEqual([route]);
      expect(r.stderr).not.toContain(CLEAR);
    });

    it('needs -y without a terminal and asks on one', async () => {
      let api = fakeApi({ [route]: {} });
      let r = await cmd(api, ['-c', `DeleteApiSecret${o.suffix}`, ...o.flag, '-s', HASH]);
      expect(r.code).toBe(251);
      expect(api.requests).toEqual([]);
      api = fakeApi({ [route]: {} });
      r = await cmd(api, ['-c', `DeleteApiSecret${o.suffix}`, ...o.flag, '-s', HASH], { tty: true, input: 'y\n' });
      expect(r.stderr).toContain(`Are you sure you want to delete API secret '${HASH}' of ${o.noun} '${o.id}'? (y/N): `);
      expect(api.calls()).toEqual([route]);
    });

    it('reports the NotFoundErrorDto of an unknown secret', async () => {
      const api = fakeApi({ [route]: { status: 404, json: { statusCode: 404, statusDescription: 'NotFound', message: `API secret '${HASH}' not found`, details: null } } });
      const r = await cmd(api, ['-c', `DeleteApiSecret${o.suffix}`, ...o.flag, '-s', HASH, '-y']);
      expect(r.code).toBe(253);
      expect(r.stderr.trim().split('\n').at(-1)).toBe(`error: API secret '${HASH}' not found`);
    });
  });

  describe(`UpdateApiSecret${o.suffix}`, () => {
    const getRoute = `GET apiSecrets/${o.segment}/${PATH_ID}`;
    const putRoute = `PUT apiSecrets/${o.segment}`;
    const existing = { valueEncrypted: HASH, valueClearText: null, expirationDate: '2027-12-31T00:00:00Z', description: 'Production secret' };

    it('GETs the secret and PUTs it (not POST, fix) with the new expiry, keeping the description', async () => {
      const api = fakeApi({ [getRoute]: { json: existing }, [putRoute]: {} });
      const r = await cmd(api, ['-c', `UpdateApiSecret${o.suffix}`, ...o.flag, '-s', HASH, '-e', '2028-06-30'], { now });
      expect(r.code).toBe(0);
      expect(api.calls()).toEqual([getRoute, putRoute]);
      expect(api.requests[1]!.body).toEqual({ valueEncrypted: HASH, valueClearText: null, expirationDate: '2028-06-30T00:00:00', description: 'Production secret' });
    });

    it('-d keeps the expiry; a clear text is hashed', async () => {
      const api = fakeApi({ [getRoute]: { json: existing }, [putRoute]: {} });
      const r = await cmd(api, ['-c', `UpdateApiSecret${o.suffix}`, ...o.flag, '-s', CLEAR, '-d', 'Rotated', '-o', 'json'], { now });
      expect(r.code).toBe(0);
      expect(api.requests[1]!.body).toEqual({ valueEncrypted: HASH, valueClearText: null, expirationDate: '2027-12-31T00:00:00Z', description: 'Rotated' });
      expect(JSON.parse(r.stdout)).toEqual({ [o.jsonKey]: o.id, secretHash: HASH, updated: true });
    });

    it('refuses a no-op before any request; warns about a past expiry', async () => {
      let api = fakeApi();
      let r = await cmd(api, ['-c', `UpdateApiSecret${o.suffix}`, ...o.flag, '-s', HASH], { now });
      expect(r.code).toBe(255);
      expect(r.stderr).toContain('nothing to update');
      expect(api.requests).toEqual([]);
      api = fakeApi({ [getRoute]: { json: existing }, [putRoute]: {} });
      r = await cmd(api, ['-c', `UpdateApiSecret${o.suffix}`, ...o.flag, '-s', HASH, '-e', '2020-01-01'], { now });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('is in the past: the secret will be expired');
    });
  });
});
