#!/usr/bin/env node
import('../dist/server.js').then((m) => m.main(process.argv.slice(2)));
