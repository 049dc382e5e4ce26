// How the executable's main script (scripts/sea/entry.mjs) runs the bundles embedded in it as SEA assets ('cli.cjs',
// the CLI; 'server.cjs', the local Identity Service). Shared with the build (scripts/sea/make-code-cache.cjs), which
// makes V8's code cache of each bundle with the target's own Node: a cache only fits the very same source text (the
// wrapper below included), V8 version and V8 flags, and V8 ignores one that does not (then it compiles as usual).
'use strict';
const path = require('node:path');

/**
 * A bundle's source in a CommonJS-style function. `__octoImport` stands in for the bundle's import() of Node
 * built-ins (scripts/build-binaries.mjs rewrites them): code compiled by vm.Script has no import() of its own.
 */
function wrap(source) {
  return `(function (exports, require, module, __filename, __dirname, __octoImport) {${source}\n})`;
}

/** The bundle compiled, with its code cache when there is one. */
function compile(name, source, cachedData) {
  return new (require('node:vm').Script)(wrap(source), { filename: `${process.execPath}:${name}`, cachedData });
}

/** Runs a compiled bundle as a module: `require` is the caller's (Node built-ins), and returns its exports. */
function load(script, require, importer) {
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, require, module, process.execPath, path.dirname(process.execPath), importer);
  return module.exports;
}

module.exports = { compile, load };
