// Bundles the CLI and the local Identity Service with esbuild; dependencies stay external and the heavy ones are
// loaded lazily. Run by `npm ci` (prepare), `npm run build` and vitest's global setup.
//
// The CLI is one CommonJS file: Node loads it a few milliseconds faster than ES modules (start-up is most of the
// cost of `--help`; see bench/RESULTS.md). ESM-only dependencies (chalk, open, openid-client) are loaded with
// import(), or with require() of ES modules, which Node supports from 20.19 on (the engines floor).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  sourcemap: false,
  logLevel: 'warning',
  define: { OCTO_CLI_VERSION: JSON.stringify(pkg.version) },
};
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.cjs', format: 'cjs' }),
  build({ ...common, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js', format: 'esm' }),
]);
