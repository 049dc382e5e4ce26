/** "Did you mean …?" for command names, flags and the provisioning file's keys and references. */

/** Levenshtein distance (one row of the table). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

/**
 * The closest of `candidates` to `word` (case-insensitive), when it is close enough to be a likely typo: at most
 * max(2, length / 3) edits. With `substrings`, a candidate that contains the word or is contained in it counts as
 * one edit away (`--prot` → `--port`, `-c AddClient` → `AddClients…`).
 */
export function didYouMean(word: string, candidates: readonly string[], opts: { substrings?: boolean } = {}): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let score = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    const d = opts.substrings && (cl.includes(lower) || lower.includes(cl)) ? 1 : editDistance(lower, cl);
    if (d < score) [best, score] = [c, d];
  }
  return best !== undefined && score <= Math.max(2, Math.floor(lower.length / 3)) ? best : undefined;
}
