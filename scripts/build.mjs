// Bundles the CLI and the local Identity Service with esbuild. Run by `npm ci` (prepare), `npm pack` (prepare, so
// the tarball carries dist/), `npm run build` and vitest's global setup.
//
// The CLI is one CommonJS file: Node loads it a few milliseconds faster than ES modules (start-up is most of the
// cost of a command; see bench/RESULTS.md). The one small dependency every command's output needs (chalk) is bundled
// in: an import() of a package goes through Node's ES module loader, which costs ~10 ms per process the first time
// (resolution, cjs-module-lexer). The heavy ones stay external and load only in the commands that use them: openid-client,
// jose, undici, qrcode, open and the keychain addon with import(), yaml and zod with require() inside the provisioning
// modules, which esbuild initialises on first use. Help and --version come from a separate small bundle (dist/help.cjs,
// below) that loads no command.
// The single-file executables bundle everything (scripts/build-binaries.mjs).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { lazyBuiltins } from './lazy-builtins.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/** Bundled into dist/cli.cjs; every other dependency stays external (see above). */
const BUNDLED_IN_CLI = ['chalk'];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  sourcemap: false,
  logLevel: 'warning',
  define: { OCTO_CLI_VERSION: JSON.stringify(pkg.version) },
};
const src = fileURLToPath(new URL('../src/', import.meta.url));
/** The CLI's own modules (not the local service's): their node:crypto and node:fs/promises load on first use. */
const cliSource = (file) => file.startsWith(src) && !file.startsWith(`${src}server/`);
// Built into dist/.build-<pid>/ and moved into dist/ file by file at the end: dist/ never lacks a file while a build
// runs (test runs, benches and other builds share the working tree and start the CLI from it at any time).
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const OUT = `${DIST}.build-${process.pid}/`;
mkdirSync(DIST, { recursive: true });
for (const f of readdirSync(DIST)) {
  const pid = /^\.build-(\d+)$/.exec(f)?.[1];
  if (pid && !alive(Number(pid))) rmSync(DIST + f, { recursive: true, force: true }); // left by a killed build
}
rmSync(OUT, { recursive: true, force: true });
try {
  await bundle();
  const built = readdirSync(OUT);
  for (const f of built) renameSync(OUT + f, DIST + f);
  for (const f of readdirSync(DIST)) if (!built.includes(f) && !f.startsWith('.build-')) rmSync(DIST + f, { recursive: true, force: true });
} finally {
  rmSync(OUT, { recursive: true, force: true });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function bundle() {
  const [cliBuild] = await Promise.all([
    build({
      ...common,
      entryPoints: ['src/cli/main.ts'],
      outfile: `${OUT}cli.cjs`,
      format: 'cjs',
      external: Object.keys(pkg.dependencies).filter((name) => !BUNDLED_IN_CLI.includes(name)),
      plugins: [lazyBuiltins({ applies: cliSource })],
      metafile: true,
    }),
    build({ ...common, packages: 'external', entryPoints: ['src/server/main.ts'], outfile: `${OUT}server.js`, format: 'esm' }),
  ]);

  // For bin/octo-cli.js's V8 code cache on Node < 22.1 (vm.Script with cachedData):
  // - the bundle's first line names its content (sha256), the cache's key (V8 only checks a cache against the source's
  //   length);
  // - its dynamic imports (the external packages, loaded lazily) call __octoImport(): code compiled by vm.Script has
  //   no import() of its own on Node 20 without an experimental flag, so the launcher passes its own. Without the
  //   launcher (a plain require) __octoImport is import().
  const cli = `${OUT}cli.cjs`;
  let code = readFileSync(cli, 'utf8');
  const expected = Object.values(cliBuild.metafile.outputs)[0].imports.filter((i) => i.kind === 'dynamic-import' && i.external).length;
  let rewritten = 0;
  code = code.replace(/\bimport\(("(?:node:[a-z_/]+|(?:@[a-z0-9._-]+\/)?[a-z0-9._-]+(?:\/[a-z0-9._/-]+)?)")\)/g, (_, specifier) => {
    rewritten++;
    return `__octoImport(${specifier})`;
  });
  if (rewritten !== expected) throw new Error(`dist/cli.cjs: rewrote ${rewritten} dynamic imports, esbuild reports ${expected}`);
  code = code.replace(/^"use strict";\n/, '"use strict";\nvar __octoImport = __octoImport || ((specifier) => import(specifier));\n');
  // ASCII only: esbuild escapes non-ASCII characters in strings (its default charset), but not in the comments it keeps
  // nor in regular expressions; one '…' in a comment makes Node decode the whole file as UTF-8 into a two-byte string
  // (~5 ms per start for 500 KB, and twice the memory) instead of reading it as one-byte text. A \u escape means the same
  // character in a string, a regular expression or an identifier (only a tagged template's raw text would differ).
  code = asciiOnly(code);
  if (!code.includes('var __octoImport =')) throw new Error('dist/cli.cjs: no "use strict" prologue to put __octoImport after');
  writeFileSync(cli, `// octo-cli-build ${createHash('sha256').update(code).digest('hex').slice(0, 32)}\n${code}`);

  // dist/help.cjs: help and --version without the commands (src/cli/help-entry.ts), from dist/help-manifest.jsonl,
  // made here from the real registry of the bundle just built; bin/octo-cli.js sends help requests there.
  const registry = createRequire(import.meta.url)(cli);
  writeFileSync(`${OUT}help-manifest.jsonl`, registry.helpManifest(registry.allCommands()));
  await build({
    ...common,
    entryPoints: ['src/cli/help-entry.ts'],
    outfile: `${OUT}help.cjs`,
    format: 'cjs',
    plugins: [lazyBuiltins({ applies: cliSource })],
  });
  const help = `${OUT}help.cjs`;
  writeFileSync(help, asciiOnly(readFileSync(help, 'utf8')));
}

/** The text with every non-ASCII character of its comments written as a \\u escape (see above). */
function asciiOnly(text) {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
