// Prints the plain closing line CI reads, `N passed, N failed, N skipped`, summed over vitest's JSON reports
// (one per Node version, one for the executables' test), and exits non-zero when any run failed. A step without a
// report (the npm tarball check, the executables' build) counts as one check: passed on exit 0, else failed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...statuses] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let anyFailure = false;
for (const entry of statuses) {
  const [label, code] = [entry.slice(0, entry.lastIndexOf('=')), Number(entry.slice(entry.lastIndexOf('=') + 1))];
  const file = join(dir, `${label}.json`);
  let runFailed = 0;
  if (existsSync(file)) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    runFailed = report.numFailedTests ?? 0;
    // A suite that failed to load has no failed tests; count it so a red run never reads "0 failed".
    if (code !== 0 && runFailed === 0) runFailed = Math.max(1, report.numFailedTestSuites ?? 1);
  } else if (code !== 0) runFailed = 1;
  else passed += 1;
  if (code !== 0 || runFailed > 0) anyFailure = true;
  console.log(`${label}: exit ${code}, ${runFailed} failed`);
  failed += runFailed;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(anyFailure ? 1 : 0);
