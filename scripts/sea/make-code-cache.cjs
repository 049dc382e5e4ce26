// `node make-code-cache.cjs <bundle> <name> <out>`, run by scripts/build-binaries.mjs with the target's own Node (natively
// or under qemu-user): compiles the bundle as the executable will (scripts/sea/asset.cjs), runs its top level (so the
// functions it calls are compiled too) and writes V8's code cache of it to <out>.
'use strict';
const fs = require('node:fs');
const { compile, load } = require('./asset.cjs');

const [bundle, name, out] = process.argv.slice(2);
const script = compile(name, fs.readFileSync(bundle, 'utf8'));
load(script, require, (specifier) => import(specifier));
fs.writeFileSync(out, script.createCachedData());
