// Bundles the CLI and the local Identity Service with esbuild. Run by `npm ci` (prepare), `npm pack` (prepare, so
// the tarball carries dist/), `npm run build` and vitest's global setup.
//
// The CLI is one CommonJS file: Node loads it a few milliseconds faster than ES modules (start-up is most of the
// cost of `--help`; see bench/RESULTS.md). The small dependencies that table output needs (cli-table3 and its
// string-width, chalk) are bundled in: an import() of a package goes through Node's ES module loader, which costs
// ~10 ms per process the first time (resolution, cjs-module-lexer). The heavy ones (openid-client, jose, undici,
// qrcode, open, the keychain addon) stay external and are loaded with import() only by the commands that use them.
// The single-file executables bundle everything (scripts/build-binaries.mjs).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/** Bundled into dist/cli.cjs; every other dependency stays external (see above). */
const BUNDLED_IN_CLI = ['cli-table3', 'chalk'];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  sourcemap: false,
  logLevel: 'warning',
  define: { OCTO_CLI_VERSION: JSON.stringify(pkg.version) },
};
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.cjs',
    format: 'cjs',
    external: Object.keys(pkg.dependencies).filter((name) => !BUNDLED_IN_CLI.includes(name)),
  }),
  build({ ...common, packages: 'external', entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js', format: 'esm' }),
]);
