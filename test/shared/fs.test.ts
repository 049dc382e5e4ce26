/**
 * The cross-process lock (src/shared/fs.ts) that guards one-time refresh tokens and contexts.json: a live holder is
 * never taken over, a holder never removes a lock it no longer owns, and a timeout is a documented exit code.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../src/shared/fs.js';
import { CliError, ExitCode } from '../../src/errors.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'octo-cli-lock-'));
  dirs.push(d);
  return d;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('withFileLock', () => {
  it("removes the owner records a killed process left (dead pid) and keeps a live process's", async () => {
    const dir = tempDir();
    const path = join(dir, 'tokens-local');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a pid that has exited
    writeFileSync(`${path}.lock.${dead}.abc123`, `${dead}\nhost\nx\n`, { mode: 0o600 });
    writeFileSync(`${path}.lock.${process.pid}.def456`, `${process.pid}\nhost\ny\n`, { mode: 0o600 });
    await withFileLock(path, async () => {});
    expect(readdirSync(dir).sort()).toEqual([`tokens-local.lock.${process.pid}.def456`]);
  });

  it('does not remove a lock that another process took over while fn ran', async () => {
    const path = join(tempDir(), 'tokens-local');
    const other = '999999\nanother-host\n';
    await withFileLock(path, async () => {
      // Another process judged this lock stale and replaced it with its own.
      writeFileSync(`${path}.lock`, other);
    });
    expect(existsSync(`${path}.lock`)).toBe(true);
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(other);
  });

  it('a live holder that runs longer than the stale age is not taken over (one refresh at a time)', async () => {
    const path = join(tempDir(), 'tokens-local');
    const opts = { staleMs: 300, waitMs: 5_000 };
    const events: string[] = [];
    const first = withFileLock(
      path,
      async () => {
        events.push('first in');
        await sleep(1_000); // longer than staleMs: a slow refresh
        events.push('first out');
      },
      opts,
    );
    await sleep(50);
    const second = withFileLock(path, async () => void events.push('second in'), opts);
    await Promise.all([first, second]);
    expect(events).toEqual(['first in', 'first out', 'second in']);
  });

  it('waiting too long is a documented error (not an unexpected one, 157)', async () => {
    const path = join(tempDir(), 'tokens-local');
    let caught: unknown;
    await withFileLock(path, async () => {
      caught = await withFileLock(path, async () => 'never', { waitMs: 200 }).catch((err: unknown) => err);
    });
    expect(caught).toBeInstanceOf(CliError);
    expect((caught as CliError).exitCode).toBe(ExitCode.tool);
    expect((caught as CliError).message).toMatch(/timed out waiting for the lock/);
  });
});
