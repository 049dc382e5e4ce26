#!/usr/bin/env node
// Tiny launcher: the bundled CLI lives in dist/ (built by `npm ci` through the prepare script).
import('../dist/cli.js').then(
  async ({ main }) => {
    process.exitCode = await main(process.argv.slice(2));
  },
  (err) => {
    process.stderr.write(`error: octo-cli is not built (${err.message}); run \`npm run build\`\n`);
    process.exitCode = 157;
  },
);
