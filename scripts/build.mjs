// Bundles the CLI and the local Identity Service with esbuild (dependencies stay external and are loaded
// lazily where they are heavy). Run by `npm ci` (prepare), `npm run build` and `npm test`.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
await build({
  entryPoints: { cli: 'src/cli/main.ts', ...(existsSync('src/server/main.ts') ? { server: 'src/server/main.ts' } : {}) },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  sourcemap: false,
  logLevel: 'warning',
  define: { OCTO_CLI_VERSION: JSON.stringify(pkg.version) },
  chunkNames: 'chunks/[name]-[hash]',
});
