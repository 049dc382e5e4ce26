/**
 * Durable file writes: temp file + fsync + rename (write-file-atomic), mode 0600; and a cross-process lock
 * around read-modify-write cycles.
 *
 * The lock is a `<path>.lock` file created with O_EXCL that holds the owner's pid. A lock whose owner process
 * is gone (killed with SIGKILL, say) is taken over at once; one not touched for 30 s is taken over too (a live
 * holder touches it every 10 s). mkdir-based libraries such as proper-lockfile can only judge staleness by age (at
 * least 5 s), which would stall every command after a killed one.
 */
import { link, mkdir, readFile, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import { ToolError } from '../errors.js';

export async function atomicWriteFile(path: string, data: string): Promise<void> {
  const { default: writeFileAtomic } = await import('write-file-atomic');
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, data, { mode: 0o600, fsync: true, encoding: 'utf8' });
}

const STALE_MS = 30_000;
const WAIT_MS = 20_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's content when its owner is gone (or it is too old), else undefined. */
async function staleContent(lockPath: string, staleMs: number): Promise<string | undefined> {
  try {
    const [text, st] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    if (Date.now() - st.mtimeMs > staleMs) return text;
    const [pidText, host] = text.split('\n');
    const pid = Number(pidText);
    if (!Number.isInteger(pid) || pid <= 0) return Date.now() - st.mtimeMs > 1000 ? text : undefined; // being written, or garbage
    return host === hostname() && !alive(pid) ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `fn` while holding `<path>.lock` (waits up to 20 s for another live process). The holder touches the lock
 * while `fn` runs (a slow refresh must not look stale and be taken over, or a one-time refresh token is used twice),
 * and removes it only while it still holds its own content.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, opts: { waitMs?: number; staleMs?: number } = {}): Promise<T> {
  const waitMs = opts.waitMs ?? WAIT_MS;
  const staleMs = opts.staleMs ?? STALE_MS;
  const lockPath = `${path}.lock`;
  // Unique per acquisition, so a release can tell its own lock from one another holder took over.
  const owner = `${process.pid}\n${hostname()}\n${Math.random().toString(36).slice(2)}\n`;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const started = Date.now();
  let delay = 5;
  for (;;) {
    // The lock appears complete or not at all: the owner is written to a private file first, then hard-linked
    // into place (link fails with EEXIST when another process holds the lock).
    const tmp = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    try {
      await writeFile(tmp, owner, { mode: 0o600 });
      try {
        await link(tmp, lockPath);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw err;
        await writeFile(lockPath, owner, { flag: 'wx', mode: 0o600 }); // file systems without hard links
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const stale = await staleContent(lockPath, staleMs);
      // Re-read right before removing, so a lock another process just took over is not removed.
      if (stale !== undefined && (await readFile(lockPath, 'utf8').catch(() => undefined)) === stale) {
        await unlink(lockPath).catch(() => {});
        continue;
      }
      if (Date.now() - started > waitMs) {
        throw new ToolError(`timed out waiting for the lock ${lockPath}`, { hint: 'another octo-cli command holds it; try again when it has finished' });
      }
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      delay = Math.min(100, delay * 1.5);
    } finally {
      await unlink(tmp).catch(() => {});
    }
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    void utimes(lockPath, now, now).catch(() => {});
  }, Math.max(10, Math.floor(staleMs / 3)));
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    if ((await readFile(lockPath, 'utf8').catch(() => undefined)) === owner) await unlink(lockPath).catch(() => {});
  }
}
