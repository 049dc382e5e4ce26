#!/usr/bin/env node
// Tiny launcher (CommonJS, see bin/package.json): the bundled CLI is dist/cli.cjs, built by `npm ci` (prepare).
//
// Help and --version come from dist/help.cjs: the help renderer and the build's help manifest of every command
// (src/cli/help-entry.ts), a fraction of the CLI bundle, so `octo-cli --help` never loads a command. Only lines with a
// help or version word (or no words at all) go there; it parses them with the same parser as the CLI and hands back
// anything that is not a help or version request (then the CLI runs it, or reports its usage error, as always).
const argv = process.argv.slice(2);
// The help words of src/cli/argv.ts (HELP_TERMS, --version, /version); test/cli/help-fast-path.test.ts checks them.
const HELP_WORD = /^(?:(?:-|--|\/)(?:h|help|\?)|(?:--|\/)version)$/i;
if (argv.length === 0 || argv.some((a) => HELP_WORD.test(a))) {
  let code;
  try {
    code = require('../dist/help.cjs').help(argv);
  } catch {
    // not built: the full CLI below says so
  }
  if (code !== undefined) {
    process.exitCode = code;
    return;
  }
}

// V8's code cache keeps the bundle's compiled code between runs: the start skips parsing the 500 KB bundle and
// compiling what the last run already compiled. It lives in the user's own cache folder (0700; bin/cache-folder.cjs),
// not in the shared temp folder, so no other user can plant code in it; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
// Node >= 22.1 has it built in (module.enableCompileCache). On Node 20 the launcher does the same with vm.Script's
// cachedData, keyed by the bundle's content hash (its first line, written by scripts/build.mjs), the Node version
// and architecture; V8 rejects a cache made by another V8 or for other flags, and the launcher then writes a new one.
const { join } = require('node:path');

function cacheDir() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  return require('./cache-folder.cjs').cacheFolder('compile-cache'); // no home folder: start without the cache
}

/** dist/cli.cjs through vm.Script with a code cache (Node < 22.1). */
function requireWithCodeCache(dir) {
  const fs = require('node:fs');
  const vm = require('node:vm');
  const Module = require('node:module');
  const source = fs.readFileSync(bundle, 'utf8');
  const id = /^\/\/ octo-cli-build ([0-9a-f]{32})\n/.exec(source)?.[1];
  if (!id) return require(bundle);
  const file = join(dir, `cli-${id}-${process.version}-${process.arch}.v8cache`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(file);
  } catch {
    // first run of this build
  }
  // Module.wrap's parameters plus __octoImport: the bundle's dynamic imports (scripts/build.mjs), done here.
  const wrapped = `(function (exports, require, module, __filename, __dirname, __octoImport) { ${source}\n})`;
  const script = new vm.Script(wrapped, { filename: bundle, cachedData });
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(join(__dirname, '../dist'));
  mod.loaded = true;
  const load = (specifier) => import(specifier);
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, join(__dirname, '../dist'), load);
  if (!cachedData || script.cachedDataRejected) {
    // Written at exit, so the cache also holds the functions this command compiled (the next start skips them too).
    process.once('exit', () => {
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, file);
        // Caches of older builds or Node versions: the three written last stay (another installed octo-cli, or the
        // next Node, may still use them; removing them all made two installs rewrite each other's cache every run).
        const others = fs.readdirSync(dir).filter((f) => /^cli-.*\.v8cache$/.test(f) && join(dir, f) !== file).map((f) => ({ f, t: fs.statSync(join(dir, f)).mtimeMs }));
        for (const { f } of others.sort((a, b) => b.t - a.t).slice(3)) fs.rmSync(join(dir, f), { force: true });
      } catch {
        // a read-only or full disk: no cache, same start next time
      }
    });
  }
  return mod.exports;
}

let bundle;
function loadCli() {
  bundle = require.resolve('../dist/cli.cjs');
  const dir = cacheDir();
  const { enableCompileCache } = require('node:module');
  if (dir && enableCompileCache) {
    try {
      enableCompileCache(dir);
    } catch {
      // start without the cache
    }
    return require(bundle);
  }
  return dir ? requireWithCodeCache(dir) : require(bundle);
}

let cli;
try {
  cli = loadCli();
} catch (err) {
  process.stderr.write(`error: octo-cli is not built (${err.message}); run \`npm run build\`\n`);
  process.exit(157);
}
// main() of the CLI with its exit guard (src/cli/main.ts run(), shared with the single-file executable).
cli.run(argv);
