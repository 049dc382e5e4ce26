#!/usr/bin/env node
// Tiny launcher (CommonJS, see bin/package.json): the bundled CLI is dist/cli.cjs, built by `npm ci` (prepare).
// V8's compile cache (Node >= 22.1) keeps the bundle's compiled code between runs: a faster start. It lives in the
// user's own cache folder, not the shared temp folder Node would pick, so no other user can plant code in it.
try {
  const { enableCompileCache } = require('node:module');
  if (enableCompileCache && !process.env.NODE_DISABLE_COMPILE_CACHE) {
    const { join } = require('node:path');
    const base = process.env.XDG_CACHE_HOME || join(require('node:os').homedir(), process.platform === 'win32' ? 'AppData/Local' : '.cache');
    enableCompileCache(join(base, 'octo-cli', 'compile-cache'));
  }
} catch {
  // no home folder, a read-only file system, …: start without the cache
}
let cli;
try {
  cli = require('../dist/cli.cjs');
} catch (err) {
  process.stderr.write(`error: octo-cli is not built (${err.message}); run \`npm run build\`\n`);
  process.exit(157);
}
let settled = false;
// A command whose work is still pending when the event loop runs dry (a promise nobody will settle) must not pass
// for a success: Node would exit 0, e.g. a LogIn that never stored its tokens.
process.once('exit', (code) => {
  if (settled || code !== 0) return;
  process.stderr.write('error: octo-cli stopped before the command finished (a bug; nothing was completed)\n');
  process.exitCode = 157;
});
cli.main(process.argv.slice(2)).then((code) => {
  settled = true;
  process.exitCode = code;
});
