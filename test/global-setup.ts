// Builds dist/ once before any test file runs: end-to-end tests spawn the built CLI (bin/octo-cli.js), and a
// single build here means no test ever imports a bundle that another worker is rewriting.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });
}
