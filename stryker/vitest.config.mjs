// The vitest configuration of mutation runs: the project's, without the global setup that builds dist/ (the
// in-process tests that mutation runs use import src/ directly; the spawned tests that need dist/ are not run).
import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  define: { OCTO_CLI_VERSION: JSON.stringify(pkg.version) },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
