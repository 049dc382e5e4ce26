// Prints the plain closing line CI reads: `N passed, N failed, N skipped`, from vitest's JSON report.
import { readFileSync, existsSync } from 'node:fs';

const [file, statusArg] = process.argv.slice(2);
const status = Number(statusArg ?? 1);
let passed = 0;
let failed = 0;
let skipped = 0;
if (file && existsSync(file)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A suite that failed to load has no failed tests; count it so the line never says 0 failed on a red run.
  if (status !== 0 && failed === 0) failed = Math.max(1, report.numFailedTestSuites ?? 1);
} else if (status !== 0) {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
