/**
 * Closed pipes (issue 10, item 10): when the reader of stdout or stderr goes away (`octo-cli … | head -1`), the
 * command ends quietly with exit 141 (128 + SIGPIPE, as a shell reports for git or gh): no stack trace, no exit 1.
 * The built CLI runs as a child whose stdout (or stderr) read end this test closes right after the spawn, long
 * before Node has started and written anything, so every write meets a closed pipe (EPIPE).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { CLI } from '../helpers/spawn.js';
import { tempHome } from '../helpers/run.js';

const homes: Array<{ cleanup(): void }> = [];
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));

function runWithClosed(stream: 'stdout' | 'stderr', argv: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; other: string }> {
  const h = tempHome();
  homes.push(h);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...argv], {
      env: { PATH: process.env.PATH, NO_COLOR: '1', OCTO_CLI_HOME: h.home, OCTO_CLI_TOKEN_STORE: 'file' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The only read end of the pipe goes away before the child can write: its writes fail with EPIPE.
    child[stream].destroy();
    const open = stream === 'stdout' ? child.stderr : child.stdout;
    let other = '';
    open.on('data', (d) => (other += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, other });
    });
  });
}

describe('a closed pipe ends the command quietly with exit 141', () => {
  test('--help with stdout closed', async () => {
    const r = await runWithClosed('stdout', ['--help']);
    expect(r.other).toBe('');
    expect(r.code).toBe(141);
  });

  test('ListContexts with stdout closed: nothing on stderr either', async () => {
    const r = await runWithClosed('stdout', ['-c', 'ListContexts', '-o', 'json']);
    expect(r.other).toBe('');
    expect(r.code).toBe(141);
  });

  test('AuthStatus (not signed in, an error on stderr) with stderr closed', async () => {
    const r = await runWithClosed('stderr', ['-c', 'AuthStatus']);
    expect(r.other).toBe('');
    expect(r.code).toBe(141);
  });
});
