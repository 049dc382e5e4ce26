// bench/RESULTS.md is written by several bench scripts: each owns the section between its own markers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

/** Replaces the section from `start` to `end` (both markers included in `section`), or appends it when absent. */
export function writeResultsSection(start, end, section) {
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  const at = current.indexOf(start);
  const stop = current.indexOf(end);
  const next = at >= 0 && stop > at ? current.slice(0, at) + section + current.slice(stop + end.length + 1) : `${current.replace(/\n*$/, '\n\n')}${section}`;
  writeFileSync(RESULTS, next);
}
