/**
 * Durable file writes: temp file + fsync + rename (write-file-atomic), mode 0600; and a cross-process lock
 * (proper-lockfile, mkdir-based, stale locks reclaimed) around read-modify-write cycles.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function atomicWriteFile(path: string, data: string): Promise<void> {
  const { default: writeFileAtomic } = await import('write-file-atomic');
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, data, { mode: 0o600, fsync: true, encoding: 'utf8' });
}

/** Runs `fn` while holding `<path>.lock`. Waits up to ~15 s for another process; a lock older than 10 s is stale. */
export async function withFileLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const lockfile = await import('proper-lockfile');
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const release = await lockfile.lock(path, {
    realpath: false,
    lockfilePath: `${path}.lock`,
    stale: 10_000,
    update: 2_000,
    retries: { retries: 150, factor: 1.2, minTimeout: 10, maxTimeout: 100, randomize: true },
  });
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}
