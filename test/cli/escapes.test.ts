/**
 * Terminal escape injection (issue 10, item 3): text from the server or the command line is shown, never obeyed.
 * A client whose name carries OSC 52 (clipboard), a screen clear, a C1 CSI and a bidi override is stored in the
 * local Identity Service; tables, key/value views and error lines show those characters visibly, while
 * `--output json` keeps the exact value (escaped by JSON).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { terminalSafeJson, visible } from '../../src/cli/text.js';
import { deviceLogin, startTestServer } from '../helpers/server.js';
import { runCli } from '../helpers/run.js';
import { fileEnv, localContextHomes, logInApproving } from '../auth/helpers.js';

/** Any character a terminal may obey: C0 (line feed excepted), DEL, C1, bidi embeddings/overrides/isolates. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const EVIL_NAME = 'Evil\x1b]52;c;SGVsbG8=\x07\x1b[2J\u009b31m\u202eZürich 東京';

describe('visible()', () => {
  test('escapes C0, DEL, C1 and bidi controls and keeps ordinary Unicode text', () => {
    expect(visible('a\x1b[2Jb\x07c\x7f\u009b\u202e\r\n\t')).toBe('a\\x1b[2Jb\\x07c\\x7f\\x9b\\u202e\\r\\n\\t');
    expect(visible('Zürich 東京 ✓ 🎉 שלום')).toBe('Zürich 東京 ✓ 🎉 שלום');
  });
  test('terminalSafeJson keeps the JSON value and writes C1 and bidi controls as \\u escapes', () => {
    const json = terminalSafeJson(JSON.stringify({ name: EVIL_NAME }, null, 2));
    expect(json).not.toMatch(CONTROL);
    expect(JSON.parse(json)).toEqual({ name: EVIL_NAME });
  });
});

describe('through the CLI against the local Identity Service', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
    const { access_token } = await deviceLogin(server);
    const res = await fetch(`${server.url}/octosystem/v1/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        isEnabled: true,
        clientId: 'evil',
        clientName: EVIL_NAME,
        clientUri: 'https://evil.example/\x1b]8;;https://phish.example\x07link',
        allowedGrantTypes: ['client_credentials'],
        allowedScopes: ['octo_api'],
        requireClientSecret: false,
      }),
    });
    if (!res.ok) throw new Error(`creating the client failed: ${res.status} ${await res.text()}`);
  });
  afterAll(() => server?.close());
  const contextHome = localContextHomes(() => server);

  test('tables, key/value views and errors show control characters visibly; JSON keeps the exact value', async () => {
    const home = await contextHome();
    expect((await logInApproving(server, home, { env: fileEnv })).code).toBe(0);

    const list = await runCli(['-c', 'GetClients', '--wide'], { home, env: fileEnv });
    expect(list.code).toBe(0);
    // Piped, a table is tab-separated: the tabs between cells are the tool's own; nothing else is a control.
    expect(list.stdout.split('\n')[1]!.split('\t').length).toBe(list.stdout.split('\n')[0]!.split('\t').length);
    expect(list.stdout.replace(/\t/g, ' ')).not.toMatch(CONTROL);
    expect(list.stdout).toContain('Evil\\x1b]52;c;SGVsbG8=\\x07\\x1b[2J\\x9b31m\\u202eZürich');

    const one = await runCli(['-c', 'GetClient', '-id', 'evil', '--wide'], { home, env: fileEnv });
    expect(one.code).toBe(0);
    expect(one.stdout).not.toMatch(CONTROL);
    expect(one.stdout).toContain('Evil\\x1b]52;c;SGVsbG8=\\x07');
    expect(one.stdout).toContain('https://evil.example/\\x1b]8;;https://phish.example\\x07link');

    const json = await runCli(['-c', 'GetClients', '-o', 'json'], { home, env: fileEnv });
    expect(json.stdout).not.toMatch(CONTROL);
    const clients = JSON.parse(json.stdout) as Array<{ clientId: string; clientName: string }>;
    expect(clients.find((c) => c.clientId === 'evil')?.clientName).toBe(EVIL_NAME);

    // An echoed argv value in an error line, on a colour terminal: our own red prefix stays, the value's ESC does not.
    const missing = await runCli(['-c', 'GetClient', '-id', 'nope\x1b]0;pwned\x07'], { home, env: fileEnv, tty: true });
    expect(missing.code).not.toBe(0);
    const redPrefix = '\x1b[31merror:\x1b[39m ';
    expect(missing.stderr.startsWith(redPrefix)).toBe(true);
    const rest = missing.stderr.slice(redPrefix.length);
    expect(rest).not.toMatch(CONTROL);
    expect(rest).toContain('nope\\x1b]0;pwned\\x07');
  });
});
