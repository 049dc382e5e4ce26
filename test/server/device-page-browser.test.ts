/**
 * The device page in a real browser: Debian's chromium driven by playwright-core, while a real `octo-cli -c LogIn`
 * (the built CLI) waits. Screenshots of each state go to docs/.
 * Without chromium the test is skipped locally, but fails under CI=true (.ci/run installs chromium).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { startCli, tempDir } from '../e2e/auth-helpers.js';
import { spawnCli } from '../helpers/spawn.js';
import { adminApi, sleep, start, startDevice, userToken } from './helpers.js';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
  (p): p is string => !!p && existsSync(p),
);
const inCi = process.env.CI === 'true' || process.env.CI === '1';
// The screenshots in docs/ are rewritten only on request (OCTO_UPDATE_SCREENSHOTS=1), so a test run leaves the work tree alone.
const SHOTS =
  process.env.OCTO_UPDATE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/', import.meta.url)) : `${mkdtempSync(join(tmpdir(), 'octo-shots-'))}/`;

if (!CHROMIUM && inCi) {
  describe('device page in a browser', () => {
    it('needs chromium under CI (.ci/run installs it)', () => {
      throw new Error('chromium not found (looked at $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome)');
    });
  });
}

describe.skipIf(!CHROMIUM)('device page in a browser (chromium + a real octo-cli -c LogIn)', () => {
  let server: RunningServer;
  let browser: Browser;
  const dirs: Array<{ cleanup(): void }> = [];

  beforeAll(async () => {
    server = await start({ deviceInterval: 1, signInThrottle: { userFailures: 3 } });
    const api = adminApi(server, (await userToken(server)).access_token);
    const created = await api.post('users', { name: 'grace', email: 'grace@example.com', password: 'Grace-123', firstName: null, lastName: null, userId: null });
    if (created.status !== 200) throw new Error(`create grace: ${created.status} ${created.text}`);
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    dirs.forEach((d) => d.cleanup());
  });

  async function loginCli() {
    const home = tempDir();
    dirs.push(home);
    const env = { OCTO_CLI_HOME: home.dir, OCTO_CLI_TOKEN_STORE: 'file' };
    const added = await spawnCli(['-c', 'AddContext', '-n', 'local', '-isu', server.url, '-tid', 'octosystem'], { env });
    expect(added.code, added.stderr).toBe(0);
    const login = startCli(['-c', 'LogIn', '-o', 'json'], env);
    const prompt = (await login.prompt) as { verification_uri_complete: string; user_code: string };
    return { login, prompt };
  }

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 560, height: 420 }, deviceScaleFactor: 1 });
    return context.newPage();
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });

  /** Fills the form, clicks a button and waits for the answer page; returns its HTTP status. */
  async function signIn(page: Page, username: string, password: string, button: 'Approve' | 'Deny'): Promise<number> {
    await page.fill('#username', username);
    await page.fill('#password', password);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
      page.click(`button:has-text("${button}")`),
    ]);
    await page.waitForLoadState('load');
    return response.status();
  }

  it('says who is asking, then approves: the waiting LogIn succeeds', async () => {
    const { login, prompt } = await loginCli();
    const page = await newPage();
    const response = await page.goto(prompt.verification_uri_complete);
    expect(response?.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Approve device sign-in?');
    expect(await page.textContent('#client-id')).toBe('octo-cli');
    expect(await page.textContent('#tenant')).toBe('octosystem');
    const scopes = await page.locator('#scopes code').allTextContents();
    expect(scopes).toEqual(['openid', 'profile', 'email', 'role', 'offline_access', 'octo_api']);
    const warning = await page.textContent('.warn');
    expect(warning).toMatch(/If you approve, this device gets access to tenant octosystem\s+as the user you sign in with/);
    await shot(page, 'device-page-request');

    expect(await signIn(page, 'admin', server.adminPassword, 'Approve')).toBe(200);
    expect(await page.textContent('h1')).toBe('Device approved');
    expect(await page.textContent('body')).toMatch(/octo-cli now has access to tenant\s+octosystem as admin\..*You can close this page/s);
    await shot(page, 'device-page-approved');

    const done = await login.done;
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ status: 'signed_in', tenant: 'octosystem', method: 'device_code' });
    await page.context().close();
  });

  it('wrong password, then throttled (429), then denied: the waiting LogIn exits 252', async () => {
    const { login, prompt } = await loginCli();
    const page = await newPage();
    await page.goto(prompt.verification_uri_complete);

    expect(await signIn(page, 'grace', 'not-her-password', 'Approve')).toBe(401);
    expect(await page.textContent('[role=alert]')).toBe('Wrong user name or password.');
    expect(await page.inputValue('#username')).toBe('grace');
    await shot(page, 'device-page-wrong-password');

    expect(await signIn(page, 'grace', 'still-wrong', 'Approve')).toBe(401);
    expect(await signIn(page, 'grace', 'wrong-again', 'Approve')).toBe(429); // the third failure locks the user name
    expect(await signIn(page, 'grace', 'Grace-123', 'Approve')).toBe(429); // even her password is refused now
    expect(await page.textContent('[role=alert]')).toMatch(/^Too many failed sign-ins\. Try again in \d+ seconds\.$/);
    await shot(page, 'device-page-throttled');

    expect(await signIn(page, 'admin', server.adminPassword, 'Deny')).toBe(200);
    expect(await page.textContent('h1')).toBe('Device denied');
    expect(await page.textContent('body')).toMatch(/Access denied\..*You can close this page/s);
    await shot(page, 'device-page-denied');

    const done = await login.done;
    expect(done.code).toBe(252);
    await page.context().close();
  });

  it('an expired code says so and asks for a new sign-in', async () => {
    const shortLived = await start({ deviceCodeTtl: 1, deviceInterval: 1 });
    try {
      const dar = await startDevice(shortLived);
      await sleep(1200);
      const page = await newPage();
      const response = await page.goto(dar.verification_uri_complete);
      expect(response?.status()).toBe(404);
      expect(await page.textContent('[role=alert]')).toBe('This code has expired. Start the sign-in on your device again.');
      expect(await page.locator('#password').count()).toBe(0);
      await shot(page, 'device-page-expired');
      await page.context().close();
    } finally {
      await shortLived.close();
    }
  });
});
