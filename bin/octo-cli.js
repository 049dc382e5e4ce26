#!/usr/bin/env node
// Tiny launcher (CommonJS, see bin/package.json): the bundled CLI is dist/cli.cjs, built by `npm ci` (prepare).
let cli;
try {
  cli = require('../dist/cli.cjs');
} catch (err) {
  process.stderr.write(`error: octo-cli is not built (${err.message}); run \`npm run build\`\n`);
  process.exit(157);
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
