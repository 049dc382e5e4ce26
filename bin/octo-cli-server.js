#!/usr/bin/env node
// Tiny launcher (CommonJS, see bin/package.json) for the local Identity Service bundled in dist/server.js.
import('../dist/server.js').then((m) => m.main(process.argv.slice(2)));
