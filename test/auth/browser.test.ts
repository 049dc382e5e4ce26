/**
 * `LogIn -i` and the browser (issue 10, items 8 and 9): only http(s) URLs are handed to the system opener, and a box
 * without a browser never ends the sign-in early: the CLI says the browser could not be opened, keeps polling, and
 * exits 0 only once tokens are stored.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '../../src/server/index.js';
import { openInBrowser, webUrl } from '../../src/cli/browser.js';
import { runCli, tempHome } from '../helpers/run.js';
import { CLI } from '../helpers/spawn.js';
import { startTestServer } from '../helpers/server.js';
import { ISSUER, fakeOAuth, userTokens } from './fake-oauth.js';
import { decide, fileEnv, localContextHomes } from './helpers.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const pending = { status: 400, body: { error: 'authorization_pending' } };
const homes: Array<{ cleanup(): void }> = [];
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));

async function fakeContextHome(): Promise<string> {
  const h = tempHome();
  homes.push(h);
  expect((await runCli(['-c', 'AddContext', '-n', 'dev', '-isu', ISSUER, '-tid', 'meshtest'], { home: h.home })).code).toBe(0);
  return h.home;
}

describe('only http(s) URLs are opened (item 8)', () => {
  test('webUrl and openInBrowser refuse other schemes', async () => {
    expect(webUrl('https://id.example/device?x=1')).toBe('https://id.example/device?x=1');
    expect(webUrl('HTTP://id.example')).toBe('http://id.example/');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', 'not a url']) expect(webUrl(url)).toBeUndefined();
    await expect(openInBrowser('file:///etc/passwd')).rejects.toThrow('only http(s) URLs are opened');
  });

  test('a file: complete URL from the server is not opened; the https verification URL is', async () => {
    const home = await fakeContextHome();
    const oauth = fakeOAuth({ device: { verification_uri_complete: 'file:///etc/passwd' }, token: [userTokens(NOW)] });
    const opened: string[] = [];
    const r = await runCli(['-c', 'LogIn', '-i'], { home, env: { OCTO_CLI_TOKEN_STORE: 'memory' }, fetch: oauth.fetch, sleep: async () => {}, now: () => NOW, openUrl: async (u) => void opened.push(u) });
    expect(r.code).toBe(0);
    expect(opened).toEqual([`${ISSUER}/octosystem/device`]);
  });

  test('when no URL from the server is http(s), nothing is opened, it says so and the sign-in goes on', async () => {
    const home = await fakeContextHome();
    const oauth = fakeOAuth({ device: { verification_uri: 'file:///etc/passwd', verification_uri_complete: 'smb://evil/share' }, token: [pending, userTokens(NOW)] });
    const opened: string[] = [];
    const r = await runCli(['-c', 'LogIn', '-i'], { home, env: { OCTO_CLI_TOKEN_STORE: 'memory' }, fetch: oauth.fetch, sleep: async () => {}, now: () => NOW, openUrl: async (u) => void opened.push(u) });
    expect(opened).toEqual([]);
    expect(r.stderr).toContain('warning: not opening a browser: the identity service sent no http(s) URL');
    expect(r.stderr).not.toContain('Opening the default browser');
    expect(r.code).toBe(0);
  });

  test('the device prompt shows server-sent control characters visibly (item 3)', async () => {
    const home = await fakeContextHome();
    const oauth = fakeOAuth({ device: { user_code: '12\x1b]52;c;SGk=\x0734', verification_uri: `${ISSUER}/device\x1b[2J` }, token: [userTokens(NOW)] });
    const r = await runCli(['-c', 'LogIn'], { home, env: { OCTO_CLI_TOKEN_STORE: 'memory' }, fetch: oauth.fetch, sleep: async () => {}, now: () => NOW });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stderr).toContain('Enter the code: 12\\x1b]52;c;SGk=\\x0734');
    expect(r.stderr).toContain(`Open:           ${ISSUER}/device\\x1b[2J`);
  });
});

describe('a box without a browser (item 9, the built CLI with a real opener)', () => {
  let server: RunningServer;
  let bin: string;
  beforeAll(async () => {
    server = await startTestServer();
    // A box without a browser, whichever xdg-open runs (the one `open` ships, or the system's on PATH): the browser
    // xdg-open is told to use ($BROWSER, with no display) fails, and a system xdg-open fails as it does there (exit 3).
    // Both record the URL they were given.
    bin = mkdtempSync(join(tmpdir(), 'octo-cli-nobrowser-'));
    for (const name of ['xdg-open', 'no-browser']) {
      writeFileSync(join(bin, name), `#!/bin/sh\necho "$1" >> "${join(bin, 'opened.log')}"\nexit 3\n`);
      chmodSync(join(bin, name), 0o755);
    }
  });
  afterAll(() => {
    server?.close();
    rmSync(bin, { recursive: true, force: true });
  });
  const contextHome = localContextHomes(() => server);

  test.skipIf(process.platform !== 'linux')('the opener fails: says so, keeps polling, exits 0 only after approval with tokens stored', async () => {
    const home = await contextHome();
    const child = spawn(process.execPath, [CLI, '-c', 'LogIn', '-i'], {
      env: { PATH: `${bin}:${process.env.PATH}`, BROWSER: join(bin, 'no-browser'), HOME: process.env.HOME, NO_COLOR: '1', OCTO_CLI_HOME: home, ...fileEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let approved = false;
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const warned = new Promise<void>((resolve) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        // Approve only after the CLI reported the failed opener: it must still be polling then.
        if (!approved && stderr.includes('warning: could not open a browser')) {
          approved = true;
          const code = /Enter the code: (\S+)/.exec(stderr)![1]!;
          void decide(server, code, 'approve').then(resolve);
        }
      });
    });
    const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const outcome = await Promise.race([warned.then(() => 'approved'), exited.then((code) => `exited ${code} before approval`)]);
    expect(outcome, stderr).toBe('approved');
    const code = await exited;
    clearTimeout(timeout);
    expect(stderr).toMatch(/warning: could not open a browser \(xdg-open exited with code 3\); open http:\/\/127\.0\.0\.1:\d+\/\S+ yourself/);
    expect(readFileSync(join(bin, 'opened.log'), 'utf8')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*userCode=/);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('Device log-in successful');
    expect(existsSync(join(home, 'credentials.json'))).toBe(true);
    expect((await runCli(['-c', 'AuthStatus'], { home, env: fileEnv })).code).toBe(0);
  });
});
