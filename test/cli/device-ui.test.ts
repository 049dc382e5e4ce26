/**
 * The device prompt for people (issue 15 §6): no QR code for a sign-in page on this machine, the 9-digit user code
 * grouped (the local service accepts it so; JSON keeps the raw code), and a warning before the device flow when
 * OCTO_CLI_TOKEN_STORE=memory will discard the tokens.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { groupedUserCode, phoneCanOpen } from '../../src/cli/device-ui.js';
import { startTestServer } from '../helpers/server.js';
import { runCli, tempHome } from '../helpers/run.js';
import { ISSUER, fakeOAuth, userTokens } from '../auth/fake-oauth.js';
import { addContext, logInApproving } from '../auth/helpers.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
/** Without SGR sequences (the code is bold on a terminal). */
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());
const homes: Array<{ cleanup(): void }> = [];
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));

async function home(url: string): Promise<string> {
  const h = tempHome();
  homes.push(h);
  await addContext(h.home, { url }, 'local', 'octosystem');
  return h.home;
}

describe('device prompt', () => {
  test('groupedUserCode groups 9 digits only; phoneCanOpen is false for loopback hosts', () => {
    expect(groupedUserCode('627481388')).toBe('627-481-388');
    for (const code of ['12345678', '1234567890', 'WDJB-MJHT', '']) expect(groupedUserCode(code)).toBe(code);
    for (const url of ['http://127.0.0.1:5000/device', 'http://localhost/device', 'http://[::1]:8080/x', 'http://app.localhost/']) expect(phoneCanOpen(url)).toBe(false);
    expect(phoneCanOpen('https://id.example.test/octosystem/device?userCode=1')).toBe(true);
    expect(phoneCanOpen('not a url')).toBe(false);
  });

  test('the local service (loopback) on a terminal: no QR code, a note why; the code grouped; memory store warned before the flow', async () => {
    const h = await home(server.url);
    const r = await logInApproving(server, h, { env: { OCTO_CLI_TOKEN_STORE: 'memory' }, tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('▄');
    expect(r.stderr).not.toContain('Scan the QR code');
    expect(r.stderr).toContain('No QR code: the sign-in page is on this machine, which a phone cannot open.');
    expect(plain(r.stderr)).toMatch(/2\. Enter the code: \d{3}-\d{3}-\d{3}\n/);
    const warning = r.stderr.indexOf('OCTO_CLI_TOKEN_STORE=memory: the tokens of this sign-in are discarded when octo-cli exits');
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(warning).toBeLessThan(r.stderr.indexOf('Device log-in at'));
  });

  test('the file store: no memory warning', async () => {
    const h = await home(server.url);
    const r = await logInApproving(server, h, { env: { OCTO_CLI_TOKEN_STORE: 'file' } });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('OCTO_CLI_TOKEN_STORE=memory');
  });

  test('a remote service on a terminal: QR code drawn, code grouped for people; JSON keeps the raw code', async () => {
    const h = tempHome();
    homes.push(h);
    await runCli(['-c', 'AddContext', '-n', 'dev', '-isu', ISSUER, '-tid', 'meshtest'], { home: h.home });
    const env = { OCTO_CLI_TOKEN_STORE: 'file' };
    const people = await runCli(['-c', 'LogIn'], { home: h.home, env, fetch: fakeOAuth({ token: [userTokens(NOW)] }).fetch, sleep: async () => {}, now: () => NOW, tty: true });
    expect(people.code).toBe(0);
    expect(people.stderr).toContain('Scan the QR code');
    expect(plain(people.stderr)).toContain('2. Enter the code: 123-456-789');
    expect(people.stderr).toContain(`${ISSUER}/octosystem/device?userCode=123456789`); // the complete URL as sent
    const h2 = tempHome();
    homes.push(h2);
    await runCli(['-c', 'AddContext', '-n', 'dev', '-isu', ISSUER, '-tid', 'meshtest'], { home: h2.home });
    const json = await runCli(['-c', 'LogIn', '-o', 'json'], { home: h2.home, env, fetch: fakeOAuth({ token: [userTokens(NOW)] }).fetch, sleep: async () => {}, now: () => NOW });
    expect(json.code).toBe(0);
    const prompt = JSON.parse(json.stderr.split('\n').find((l) => l.startsWith('{'))!);
    expect(prompt.user_code).toBe('123456789');
    expect(json.stderr).not.toContain('123-456-789');
  });

  test('the local service accepts the grouped code: approval with 627-481-388 style dashes signs in', async () => {
    const basic = 'Basic ' + Buffer.from(`octo-cli:${encodeURIComponent('{AEE2DA50-065E-4071-A56E-7B3B4B175EFB}')}`).toString('base64');
    const headers = { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' };
    const dar = await fetch(`${server.url}/connect/deviceauthorization`, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ scope: 'openid octo_api', acr_values: 'tenant:octosystem' }).toString(),
    });
    const { device_code, user_code } = (await dar.json()) as { device_code: string; user_code: string };
    expect(user_code).toMatch(/^\d{9}$/);
    const page = await fetch(`${server.url}/octosystem/device?userCode=${groupedUserCode(user_code)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('check that your device shows the same code');
    const approve = await fetch(`${server.url}/_local/device/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userCode: groupedUserCode(user_code), username: server.adminUser }),
    });
    expect(approve.status).toBe(200);
    const token = await fetch(`${server.url}/connect/token`, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code }).toString(),
    });
    expect(token.status).toBe(200);
  });
});
