/** Bounded parallel requests: how many admin requests a command that works through a whole tenant sends at once. */

/** `--parallel`'s default (Apply's writes, the expiring-secrets report's reads; Plan and Export read twice as wide). */
export const DEFAULT_PARALLEL = 8;

/**
 * Runs `tasks` with at most `limit` at a time; resolves to their results in order, rejects on the first failure (no
 * new task starts after it). A task is called only when its turn comes, so it may look at what earlier ones did.
 */
export async function pool<T>(limit: number, tasks: ReadonlyArray<() => Promise<T>>, signal?: AbortSignal): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < tasks.length) {
      signal?.throwIfAborted();
      const i = next++;
      try {
        results[i] = await tasks[i]!();
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}
