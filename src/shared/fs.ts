/**
 * Durable file writes: temp file + fsync + rename, mode 0600; and a cross-process lock
 * around read-modify-write cycles.
 *
 * The lock is a `<path>.lock` file created with O_EXCL that holds the owner's pid. A lock whose owner process
 * is gone (killed with SIGKILL, say) is taken over at once; one not touched for 30 s is taken over too (a live
 * holder touches it every 10 s). mkdir-based libraries such as proper-lockfile can only judge staleness by age (at
 * least 5 s), which would stall every command after a killed one.
 */
import { link, mkdir, open, readFile, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { hostname } from 'node:os';
import { ToolError } from '../errors.js';

/**
 * Our temp files: `.<file>.<pid>.<random>.tmp` beside the file. A process killed while writing leaves one behind,
 * with the whole new content (tokens, for credentials.json); the pid tells the next writer (and LogOut) that it is
 * stale. write-file-atomic, used before, named them `<file>.<number>`: those are recognised too.
 */
function tempName(file: string): RegExp {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Also `<file>.lock.<pid>.<random>`: the lock's owner record before it is linked into place (withFileLock).
  return new RegExp(`^(?:\\.${escaped}\\.(\\d+)\\.[0-9a-z]+\\.tmp|${escaped}\\.lock\\.(\\d+)\\.[0-9a-z]+|${escaped}\\.\\d+)$`);
}

/**
 * Removes the temp files of `path` that a killed writer left: ours whose pid is gone, and write-file-atomic's
 * (`<file>.<n>`, no pid) when `legacy` is set or they are older than a minute; with `lockRecordsOnly`, only the owner
 * records of the file's lock (`<file>.lock.<pid>.<random>`). Returns how many were removed.
 */
export async function removeStaleTemps(path: string, opts: { legacy?: boolean; lockRecordsOnly?: boolean } = {}): Promise<number> {
  const dir = dirname(path);
  const pattern = tempName(basename(path));
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m) continue;
    const file = join(dir, name);
    if (opts.lockRecordsOnly && m[2] === undefined) continue;
    const writer = m[1] ?? m[2];
    if (writer !== undefined) {
      const pid = Number(writer);
      if (pid === process.pid || alive(pid)) continue;
    } else if (!opts.legacy) {
      const age = await stat(file).then((st) => Date.now() - st.mtimeMs, () => 0);
      if (age < 60_000) continue;
    }
    if (await unlink(file).then(() => true, () => false)) removed++;
  }
  return removed;
}

/**
 * Test hook, for the crash tests only: OCTO_CLI_TEST_PAUSE_IN_WRITE_MS (at most 10 s) pauses after the new content is
 * in the temp file and before it replaces the file, so a test can kill the process inside the write window for sure.
 */
async function pauseInWrite(): Promise<void> {
  const ms = Number(process.env.OCTO_CLI_TEST_PAUSE_IN_WRITE_MS);
  if (Number.isFinite(ms) && ms > 0) await new Promise((r) => setTimeout(r, Math.min(ms, 10_000)));
}

/**
 * Temp file (0600, created exclusively) + fsync + rename. With `sweep` (octo-cli's own files: contexts.json,
 * credentials.json), stale temp files of earlier killed writers are removed first; never for a file the user names
 * (Export), whose folder may hold numbered files of the user's own (`tenant.yaml.1`).
 */
export async function atomicWriteFile(path: string, data: string, opts: { sweep?: boolean } = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  if (opts.sweep) await removeStaleTemps(path);
  await placeFile(path, data, { tmp: tempPath(path), replace: true, sync: true, pause: true });
}

/** `.<file>.<pid>.<random>.tmp` beside the file (see tempName). */
function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
}

/** link() failures that mean the file system has no hard links (FAT, some network shares and FUSE mounts). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/** Creates `file` (it must not exist) with mode 0600 and writes `data` to it, fsynced with `sync`. */
async function createFile(file: string, data: string, opts: { sync: boolean; pause?: boolean }): Promise<void> {
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    if (opts.pause) await pauseInWrite();
    if (opts.sync) await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The one way a file gets its whole content at once, so that a reader (or the next command after a killed one) sees
 * the old file or the new one, never a torn one: `data` goes to the temp file `tmp` beside `path` (created
 * exclusively, 0600, fsynced with `sync`), which then takes `path`'s place:
 * - `replace`: renamed over `path`;
 * - otherwise hard-linked to `path`, which fails with EEXIST when `path` exists (nothing is overwritten); where the
 *   file system has no hard links, `path` itself is created exclusively instead.
 * The temp file is gone afterwards, also when anything failed.
 */
async function placeFile(path: string, data: string, opts: { tmp: string; replace: boolean; sync: boolean; pause?: boolean }): Promise<void> {
  const { tmp } = opts;
  try {
    await createFile(tmp, data, opts);
    if (opts.replace) return await rename(tmp, path);
    try {
      await link(tmp, path);
    } catch (err) {
      if (!NO_HARD_LINKS.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
      await createFile(path, data, { sync: opts.sync });
    }
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await unlink(tmp).catch(() => {});
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
  // A process killed between writing its owner record and removing it left `<path>.lock.<pid>.<random>`: gone now.
  await removeStaleTemps(path, { lockRecordsOnly: true }).catch(() => 0);
  const started = Date.now();
  let delay = 5;
  for (;;) {
    // The lock appears complete or not at all: the owner is written to a private file first, then hard-linked
    // into place (link fails with EEXIST when another process holds the lock).
    // No fsync: a lock record that a crash left empty is judged by its age (staleContent).
    const tmp = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    try {
      await placeFile(lockPath, owner, { tmp, replace: false, sync: false });
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

/**
 * Writes a file that must not exist yet, mode 0600 (a secret handed to a CI job): the content goes to a temp file
 * created exclusively and fsynced, which is then hard-linked to `path`. link() fails with EEXIST when `path` exists,
 * so nothing is ever overwritten (O_EXCL semantics) and no reader sees a partial file. Where the file system has no
 * hard links, `path` itself is created with O_EXCL. The error of an existing path has code EEXIST.
 */
export async function writeNewFile(path: string, data: string): Promise<void> {
  await placeFile(path, data, { tmp: tempPath(path), replace: false, sync: true });
}
