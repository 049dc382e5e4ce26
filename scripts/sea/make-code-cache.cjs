// `node make-code-cache.cjs <bundle> <name> <out> [<help manifest>]`, run by scripts/build-binaries.mjs with the target's
// own Node (natively or under qemu-user): compiles the bundle as the executable will (scripts/sea/asset.cjs), runs its
// top level, and for the help bundle a few help requests answered from the manifest, so that the functions they call
// are compiled too (V8 puts every function compiled so far into the cache), and writes V8's code cache to <out>.
'use strict';
const fs = require('node:fs');
const { compile, load } = require('./asset.cjs');

const [bundle, name, out, manifestFile] = process.argv.slice(2);
const script = compile(name, fs.readFileSync(bundle, 'utf8'));
const bundleExports = load(script, require, (specifier) => import(specifier));
if (manifestFile) {
  const manifest = fs.readFileSync(manifestFile, 'utf8');
  const sink = { stdout: { write: () => true } };
  const first = JSON.parse(manifest.slice(0, manifest.indexOf('\n')))[0][0];
  for (const argv of [['--help'], ['-h', 'general'], ['-c', first, '--help'], ['--version'], ['-c', first]]) bundleExports.help(argv, sink, manifest);
}
fs.writeFileSync(out, script.createCachedData());
