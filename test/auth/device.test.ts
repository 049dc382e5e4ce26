/** Device sign-in (RFC 8628) against a scripted token endpoint: polling, slow_down, errors, Ctrl-C, the prompt. */
import { afterEach, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/run.js';
import { ISSUER, fakeOAuth, userTokens } from './fake-oauth.js';
import { assertNoSecrets } from './helpers.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const homes: Array<{ cleanup(): void }> = [];
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));

async function setup(tenant = 'meshtest') {
  const h = tempHome();
  homes.push(h);
  const r = await runCli(['-c', 'AddContext', '-n', 'dev', '-isu', ISSUER, '-tid', tenant], { home: h.home });
  expect(r.code).toBe(0);
  return h.home;
}

const pending = { status: 400, body: { error: 'authorization_pending' } };
const slowDown = { status: 400, body: { error: 'slow_down' } };
const env = { OCTO_CLI_TOKEN_STORE: 'memory' };

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('LogIn device flow', () => {
  test('polls at the interval; slow_down adds 5 s to every following wait', async () => {
    const home = await setup();
    const oauth = fakeOAuth({ token: [pending, slowDown, pending, slowDown, userTokens(NOW)] });
    const { waits, sleep } = recordingSleep();
    const r = await runCli(['-c', 'LogIn'], { home, env, fetch: oauth.fetch, sleep, now: () => NOW });
    expect(r.code).toBe(0);
    expect(waits).toEqual([5000, 5000, 10000, 10000, 15000]);
    expect(r.stderr).toContain('asked to slow down; checking every 10 s now');
    expect(r.stderr).toContain('asked to slow down; checking every 15 s now');
  });

  test('without interval in the answer, polls every 5 s (RFC 8628 default)', async () => {
    const home = await setup();
    const oauth = fakeOAuth({ device: { interval: undefined }, token: [pending, userTokens(NOW)] });
    const { waits, sleep } = recordingSleep();
    const r = await runCli(['-c', 'LogIn'], { home, env, fetch: oauth.fetch, sleep, now: () => NOW });
    expect(r.code).toBe(0);
    expect(waits).toEqual([5000, 5000]);
  });

  test('sends the original requests: Basic octo-cli, scopes, acr_values on authorization but not on the poll', async () => {
    const home = await setup('meshtest');
    const oauth = fakeOAuth({ token: [userTokens(NOW)] });
    const r = await runCli(['-c', 'LogIn'], { home, env, fetch: oauth.fetch, sleep: async () => {}, now: () => NOW });
    expect(r.code).toBe(0);
    // Exactly what the original's IdentityModel sends (identity-api.md §7.3).
    const basic = 'Basic b2N0by1jbGk6JTdCQUVFMkRBNTAtMDY1RS00MDcxLUE1NkUtN0IzQjRCMTc1RUZCJTdE';
    const dar = oauth.requests.find((q) => q.url.endsWith('/connect/deviceauthorization'))!;
    expect(dar.headers.authorization).toBe(basic);
    expect(dar.form.get('scope')).toBe('openid profile email role offline_access octo_api');
    expect(dar.form.get('acr_values')).toBe('tenant:meshtest');
    expect(dar.form.get('client_secret')).toBeNull();
    const [poll] = oauth.tokenRequests();
    expect(poll!.headers.authorization).toBe(basic);
    expect(poll!.form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:device_code');
    expect(poll!.form.get('device_code')).toBe('DEVICE-CODE-SECRET-0123456789');
    expect(poll!.form.get('acr_values')).toBeNull();
  });

  test('shows the URL, the user code and the complete URL on stderr, never the device code; stdout stays empty', async () => {
    const home = await setup();
    const oauth = fakeOAuth({ token: [userTokens(NOW)] });
    const r = await runCli(['-c', 'LogIn', '--verbose'], { home, env, fetch: oauth.fetch, sleep: async () => {}, now: () => NOW });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${ISSUER}/octosystem/device`);
    expect(r.stderr).toContain('123456789');
    expect(r.stderr).toContain(`${ISSUER}/octosystem/device?userCode=123456789`);
    expect(r.stderr).toContain('Device log-in successful');
    expect(r.stderr).not.toContain('\x1b[2K'); // no spinner when stderr is not a terminal
    expect(r.stderr).toContain('Waiting for the sign-in to be approved (checking every 5 s)');
    assertNoSecrets([r.stdout, r.stderr], ['DEVICE-CODE-SECRET-0123456789', 'REFRESH-TOKEN-SECRET-abcdef', (userTokens(NOW).body as { access_token: string }).access_token, '{AEE2DA50-065E-4071-A56E-7B3B4B175EFB}']);
  });

  test('on a terminal: QR code of the complete URL and a spinner on stderr', async () => {
    const home = await setup();
    const oauth = fakeOAuth({ token: [pending, userTokens(NOW)] });
    const r = await runCli(['-c', 'LogIn'], { home, env, fetch: oauth.fetch, sleep: async () => {}, now: () => NOW, tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('▄'); // QR blocks
    expect(r.stderr).toContain('Scan the QR code');
    expect(r.stderr).toMatch(/\r\x1b\[2K. Waiting for the sign-in to be approved… \(code expires in 5:00/);
  });

  test('--output json: the prompt is one JSON line on stderr, the result JSON on stdout without tokens', async () => {
    const home = await setup();
    const oauth = fakeOAuth({ token: [userTokens(NOW)] });
    const r = await runCli(['-c', 'LogIn', '-o', 'json'], { home, env, fetch: oauth.fetch, sleep: async () => {}, now: () => NOW });
    expect(r.code).toBe(0);
    const promptLine = r.stderr.split('\n').find((l) => l.startsWith('{'))!;
    expect(JSON.parse(promptLine)).toEqual({
      verification_uri: `${ISSUER}/octosystem/device`,
      verification_uri_complete: `${ISSUER}/octosystem/device?userCode=123456789`,
      user_code: '123456789',
      expires_in: 300,
      expires_at: new Date(NOW + 300_000).toISOString(),
    });
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ status: 'signed_in', context: 'dev', tenant: 'meshtest', method: 'device_code', tokenStore: 'memory', hasRefreshToken: true, expiresAt: new Date(NOW + 3600_000).toISOString() });
    expect(r.stdout).not.toContain('REFRESH-TOKEN');
  });

  test('expired_token ends with a clear message and exit 252', async () => {
    const home = await setup();
    const oauth = fakeOAuth({ token: [pending, { status: 400, body: { error: 'expired_token' } }] });
    const r = await runCli(['-c', 'LogIn'], { home, env, fetch: oauth.fetch, sleep: async () => {}, now: () => NOW });
    expect(r.code).toBe(252);
    expect(r.stderr).toMatch(/error: the code expired before the sign-in was approved \(expired_token\); nothing was stored \(run `octo-cli -c LogIn` again and approve within 5 min\)/);
  });

  test('access_denied ends with a clear message and exit 252', async () => {
    const home = await setup();
    const oauth = fakeOAuth({ token: [{ status: 400, body: { error: 'access_denied', error_description: 'user said no' } }] });
    const r = await runCli(['-c', 'LogIn'], { home, env, fetch: oauth.fetch, sleep: async () => {}, now: () => NOW });
    expect(r.code).toBe(252);
    expect(r.stderr).toContain('error: the sign-in was denied in the browser (access_denied); nothing was stored');
  });

  test('Ctrl-C while waiting ends with exit 252 and stores nothing', async () => {
    const home = await setup();
    const oauth = fakeOAuth({ token: [pending] });
    const controller = new AbortController();
    let polls = 0;
    const sleep = async (_ms: number, signal?: AbortSignal) => {
      if (++polls === 3) controller.abort(new Error('SIGINT'));
      if (signal?.aborted) throw signal.reason;
    };
    const r = await runCli(['-c', 'LogIn'], { home, env, fetch: oauth.fetch, sleep, now: () => NOW, signal: controller.signal });
    expect(r.code).toBe(252);
    expect(r.stderr).toContain('error: sign-in cancelled (Ctrl-C); nothing was stored');
    const status = await runCli(['-c', 'AuthStatus'], { home, env, fetch: oauth.fetch, now: () => NOW });
    expect(status.code).toBe(252);
  });

  test('a code the server never resolves is given up a minute after its lifetime', async () => {
    const home = await setup();
    const oauth = fakeOAuth({ token: [pending] });
    let now = NOW;
    const r = await runCli(['-c', 'LogIn'], { home, env, fetch: oauth.fetch, sleep: async (ms) => void (now += ms), now: () => now });
    expect(r.code).toBe(252);
    expect(r.stderr).toContain('the code expired');
    expect(oauth.tokenRequests().length).toBe(73); // (300 s + 60 s) / 5 s, plus the one that notices
  });

  test('-i opens the complete URL; when the browser cannot be opened, it says so and keeps waiting', async () => {
    const home = await setup();
    const oauth = fakeOAuth({ token: [pending, userTokens(NOW)] });
    const opened: string[] = [];
    const r = await runCli(['-c', 'LogIn', '-i'], {
      home,
      env,
      fetch: oauth.fetch,
      sleep: async () => {},
      now: () => NOW,
      openUrl: async (url) => {
        opened.push(url);
        throw new Error('no display');
      },
    });
    expect(r.code).toBe(0);
    expect(opened).toEqual([`${ISSUER}/octosystem/device?userCode=123456789`]);
    expect(r.stderr).toContain(`warning: could not open a browser (no display); open ${ISSUER}/octosystem/device?userCode=123456789 yourself`);
  });

  test('-i without a complete URL opens the verification URL', async () => {
    const home = await setup();
    const oauth = fakeOAuth({ device: { verification_uri_complete: undefined }, token: [userTokens(NOW)] });
    const opened: string[] = [];
    const r = await runCli(['-c', 'LogIn', '-i'], { home, env, fetch: oauth.fetch, sleep: async () => {}, now: () => NOW, openUrl: async (u) => void opened.push(u) });
    expect(r.code).toBe(0);
    expect(opened).toEqual([`${ISSUER}/octosystem/device`]);
  });

  test('a failing token endpoint (server error) is reported with the OAuth error, exit 252', async () => {
    const home = await setup();
    const oauth = fakeOAuth({ token: [{ status: 400, body: { error: 'invalid_client' } }] });
    const r = await runCli(['-c', 'LogIn'], { home, env, fetch: oauth.fetch, sleep: async () => {}, now: () => NOW });
    expect(r.code).toBe(252);
    expect(r.stderr).toContain('the device sign-in failed: invalid_client');
  });

  test('an unreachable identity service exits 253 with one clear line', async () => {
    const home = await setup();
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const r = await runCli(['-c', 'LogIn'], { home, env, fetch: (async () => { throw refused; }) as typeof fetch, sleep: async () => {}, now: () => NOW });
    expect(r.code).toBe(253);
    expect(r.stderr).toMatch(/^error: cannot connect to https:\/\/id\.example\.test: connection refused \(is the service running\?\)$/m);
  });
});

test('a bad OCTO_CLI_TOKEN_STORE is refused before any request', async () => {
  const home = await setup();
  const oauth = fakeOAuth({ token: [userTokens(NOW)] });
  const r = await runCli(['-c', 'LogIn'], { home, env: { OCTO_CLI_TOKEN_STORE: 'bogus' }, fetch: oauth.fetch, sleep: async () => {}, now: () => NOW });
  expect(r.code).toBe(254);
  expect(r.stderr).toContain("OCTO_CLI_TOKEN_STORE must be keychain, file or memory (or unset), got 'bogus'");
  expect(oauth.requests).toEqual([]);
  expect(() => readFileSync(join(home, 'credentials.json'))).toThrow();
});
