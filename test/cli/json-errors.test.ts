/**
 * With `--output json` a failure is one JSON object on stderr, `{"error":{"code","kind","message","hint"?}}`, stdout
 * stays empty and the exit code is the error's class, for every class: usage (also when argv cannot be parsed, so
 * the JSON wish is read from the raw words), configuration, HTTP, authentication, tool and unexpected.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { cmd, fakeApi, testHome } from '../commands/fake-api.js';
import { runCli, tempHome, type RunResult } from '../helpers/run.js';
import { spawnCli } from '../helpers/spawn.js';
import { argvWantsJson } from '../../src/cli/error-report.js';

const homes: Array<{ cleanup(): void }> = [];
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));
const emptyHome = () => {
  const h = tempHome();
  homes.push(h);
  return h.home;
};

/** The error object of a failed run; stdout must be empty and the object the last line of stderr. */
function jsonError(r: { stdout: string; stderr: string }): Record<string, unknown> {
  expect(r.stdout).toBe('');
  const last = r.stderr.trimEnd().split('\n').at(-1)!;
  const parsed = JSON.parse(last) as { error: Record<string, unknown> };
  expect(Object.keys(parsed)).toEqual(['error']);
  return parsed.error;
}

// Every control character a terminal could obey, raw in the text (JSON writes C0 as \u escapes itself).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('--output json: errors are one JSON object on stderr', () => {
  test('usage, when parsing fails (unknown flag): -o json, --output json and --output=json are read from argv', async () => {
    const home = emptyHome();
    for (const json of [['-o', 'json'], ['--output', 'JSON'], ['--output=json']]) {
      const r = await runCli(['-c', 'GetClients', '--no-such-flag', ...json], { home });
      expect(r.code).toBe(255);
      expect(jsonError(r)).toMatchObject({ code: 255, kind: 'usage', message: expect.stringContaining('--no-such-flag') });
    }
    // Before the command is known, too.
    const unknown = await runCli(['-o', 'json', '-c', 'NoSuchCommand'], { home });
    expect(unknown.code).toBe(255);
    expect(jsonError(unknown)).toMatchObject({ code: 255, kind: 'usage' });
  });

  test('usage after parsing (a flag check)', async () => {
    const r = await runCli(['-c', 'GetClient', '-id', 'a b', '-o', 'json'], { home: emptyHome() });
    expect(r.code).toBe(255);
    const error = jsonError(r);
    expect(error).toMatchObject({ code: 255, kind: 'usage' });
    expect(String(error.message)).toContain("'a b'");
  });

  test('configuration: no context', async () => {
    const r = await runCli(['-c', 'GetClients', '-o', 'json'], { home: emptyHome(), env: { OCTO_CLI_ACCESS_TOKEN: 't' } });
    expect(r.code).toBe(254);
    expect(jsonError(r)).toMatchObject({ code: 254, kind: 'config', message: expect.any(String) });
  });

  test('HTTP: the status is a field of its own', async () => {
    const api = fakeApi({ 'GET clients/nope': { status: 404, json: { title: 'Not Found' } } });
    const r = await cmd(api, ['-c', 'GetClient', '-id', 'nope', '-o', 'json']);
    expect(r.code).toBe(253);
    expect(jsonError(r)).toMatchObject({ code: 253, kind: 'http', status: 404, message: expect.stringContaining('nope') });
  });

  test('authentication: AuthStatus not signed in, with the status in details and the hint', async () => {
    const home = testHome();
    const r = await runCli(['-c', 'AuthStatus', '-o', 'json'], { home, env: { OCTO_CLI_TOKEN_STORE: 'memory' } });
    expect(r.code).toBe(252);
    expect(jsonError(r)).toEqual({
      code: 252,
      kind: 'auth',
      message: "Not signed in to context 'test'.",
      hint: 'run `octo-cli -c LogIn` (or LogInClientCredentials)',
      details: { status: 'not_signed_in', context: 'test', tenant: 'octosystem', identityUrl: 'https://ids.test' },
    });
  });

  test('tool: an unknown context', async () => {
    const r = await runCli(['-c', 'UseContext', '-n', 'nope', '-o', 'json'], { home: emptyHome() });
    expect(r.code).toBe(251);
    expect(jsonError(r)).toMatchObject({ code: 251, kind: 'tool', message: expect.stringContaining('nope') });
  });

  test('unexpected: a bug is code 157, kind unexpected', async () => {
    const session = {
      getAccessToken: async () => {
        throw new TypeError('boom');
      },
      forget: async () => {},
      describe: async () => ({ status: 'none' as const, hasRefreshToken: false }),
    };
    const r = await runCli(['-c', 'GetClients', '-o', 'json'], { home: testHome(), session, fetch: fakeApi().fetch });
    expect(r.code).toBe(157);
    expect(jsonError(r)).toEqual({ code: 157, kind: 'unexpected', message: 'unexpected error: boom' });
  });

  test('the message is terminal-safe JSON that keeps the exact text', async () => {
    const evil = 'evil\x1b]0;pwned\x07\u009b31m\u202e';
    const r = await runCli(['-c', 'UseContext', '-n', evil, '-o', 'json'], { home: emptyHome() });
    expect(r.code).toBe(251);
    expect(r.stderr).not.toMatch(CONTROL);
    expect(String(jsonError(r).message)).toContain(evil);
  });

  test('without --output json the error is the one line for people, as before', async () => {
    const r: RunResult = await runCli(['-c', 'UseContext', '-n', 'nope'], { home: emptyHome() });
    expect(r.code).toBe(251);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: Context 'nope' does not exist\./);
  });

  test('argv fallback reads only the output option', () => {
    expect(argvWantsJson(['-c', 'X', '-o', 'json'])).toBe(true);
    expect(argvWantsJson(['--output=JSON'])).toBe(true);
    expect(argvWantsJson(['/output', 'json'])).toBe(true);
    expect(argvWantsJson(['-o', 'table'])).toBe(false);
    expect(argvWantsJson(['-n', 'json'])).toBe(false);
    expect(argvWantsJson(['-o'])).toBe(false);
  });

  test('the built CLI (spawned): a usage error as JSON on stderr, nothing on stdout, exit 255', async () => {
    const r = await spawnCli(['-c', 'GetClients', '--bogus', '--output=json'], { env: { OCTO_CLI_HOME: emptyHome() } });
    expect(r.code).toBe(255);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 255, kind: 'usage', message: expect.stringContaining('--bogus') } });
  });
});
