/** One time format for people (issue 15 §6): local time with zone plus relative; ISO 8601 stays in JSON. */
import { afterEach, describe, expect, test } from 'vitest';
import { localTime, peopleTime, relativeTime } from '../../src/cli/time.js';

const tz = process.env.TZ;
afterEach(() => {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

describe('times for people', () => {
  test('local time with the zone name, in the TZ of the machine', () => {
    const at = Date.parse('2026-06-01T12:05:00Z');
    process.env.TZ = 'UTC';
    expect(localTime(at)).toBe('2026-06-01 12:05:00 UTC');
    process.env.TZ = 'America/New_York';
    expect(localTime(at)).toBe('2026-06-01 08:05:00 EDT');
  });

  test('relative: seconds, minutes, hours, days; future and past', () => {
    const now = Date.parse('2026-06-01T12:00:00Z');
    expect(relativeTime(now + 30_000, now)).toBe('in 30 s');
    expect(relativeTime(now + 5 * 60_000, now)).toBe('in 5 min');
    expect(relativeTime(now - 3 * 3600_000, now)).toBe('3 h ago');
    expect(relativeTime(now + 10 * 86_400_000, now)).toBe('in 10 d');
  });

  test('peopleTime: ISO strings and epoch ms; unknown and unparsable values as they are', () => {
    process.env.TZ = 'UTC';
    const now = Date.parse('2026-06-01T12:00:00Z');
    expect(peopleTime('2026-06-01T12:05:00.000Z', now)).toBe('2026-06-01 12:05:00 UTC (in 5 min)');
    expect(peopleTime(now - 120_000, now)).toBe('2026-06-01 11:58:00 UTC (2 min ago)');
    expect(peopleTime(undefined, now)).toBe('unknown');
    expect(peopleTime('someday', now)).toBe('someday');
  });

  test('AuthStatus shows Issued At and Valid To this way; its JSON keeps ISO 8601', async () => {
    process.env.TZ = 'UTC';
    const { runCli, tempHome } = await import('../helpers/run.js');
    const { ISSUER, fakeOAuth, jwt } = await import('../auth/fake-oauth.js');
    const NOW = Date.parse('2026-06-01T12:00:00Z');
    const token = jwt({ iss: ISSUER, aud: 'octoAPI', client_id: 'svc', iat: NOW / 1000, exp: NOW / 1000 + 600 });
    const h = tempHome();
    try {
      await runCli(['-c', 'AddContext', '-n', 'dev', '-isu', ISSUER, '-tid', 'meshtest'], { home: h.home });
      const opts = { home: h.home, env: { OCTO_CLI_ACCESS_TOKEN: token }, fetch: fakeOAuth().fetch, now: () => NOW };
      const r = await runCli(['-c', 'AuthStatus'], opts);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Issued At\s+2026-06-01 12:00:00 UTC \(in 0 s\)$/m);
      expect(r.stdout).toMatch(/^Valid To\s+2026-06-01 12:10:00 UTC \(in 10 min\)$/m);
      const j = await runCli(['-c', 'AuthStatus', '-o', 'json'], opts);
      expect(j.stdout).toContain('"2026-06-01T12:10:00.000Z"');
    } finally {
      h.cleanup();
    }
  });

  test('the device prompt and LogIn say times this way; the JSON keeps ISO 8601', async () => {
    process.env.TZ = 'UTC';
    const { runCli, tempHome } = await import('../helpers/run.js');
    const { ISSUER, fakeOAuth, userTokens } = await import('../auth/fake-oauth.js');
    const NOW = Date.parse('2026-06-01T12:00:00Z');
    const h = tempHome();
    try {
      await runCli(['-c', 'AddContext', '-n', 'dev', '-isu', ISSUER, '-tid', 'meshtest'], { home: h.home });
      const env = { OCTO_CLI_TOKEN_STORE: 'file' };
      const r = await runCli(['-c', 'LogIn'], { home: h.home, env, fetch: fakeOAuth({ token: [userTokens(NOW)] }).fetch, sleep: async () => {}, now: () => NOW });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('The code expires at 2026-06-01 12:05:00 UTC (in 5 min).');
      expect(r.stderr).toContain("Token expires at '2026-06-01 13:00:00 UTC (in 60 min)'.");
      const h2 = tempHome();
      try {
        await runCli(['-c', 'AddContext', '-n', 'dev', '-isu', ISSUER, '-tid', 'meshtest'], { home: h2.home });
        const j = await runCli(['-c', 'LogIn', '-o', 'json'], { home: h2.home, env, fetch: fakeOAuth({ token: [userTokens(NOW)] }).fetch, sleep: async () => {}, now: () => NOW });
        expect(JSON.parse(j.stdout).expiresAt).toBe('2026-06-01T13:00:00.000Z');
      } finally {
        h2.cleanup();
      }
    } finally {
      h.cleanup();
    }
  });
});
