// Main script of the single-file executables (scripts/build-binaries.mjs bundles this into a small CommonJS file for
// Node's SEA, with V8's code cache). One executable holds both programs:
//   octo-cli [args]                 the CLI, as bin/octo-cli.js
//   octo-cli server [options]       the local Identity Service, as bin/octo-cli-server.js
// and an executable named octo-cli-server (a copy or link of the same file) starts the service directly.
//
// This script only picks the bundle a command line needs; each one is embedded as an asset with V8's code cache made at
// build time by the same Node (scripts/sea/asset.cjs): 'help.cjs' answers help and --version from the embedded help
// manifest 'help-manifest.jsonl' as bin/octo-cli.js does with dist/help.cjs (src/cli/help-entry.ts; its cache holds
// the functions help runs, compiled when the build answered a few help requests with it), without compiling the CLI;
// everything else runs 'cli.cjs' (the CLI and every package it uses) or 'server.cjs' (the local service, oidc-provider,
// koa, …).
import { getRawAsset } from 'node:sea';
import { basename } from 'node:path';
import { compile, load } from './asset.cjs';

// The help words of src/cli/argv.ts, as in bin/octo-cli.js (test/cli/help-fast-path.test.ts checks both).
const HELP_WORD = /^(?:(?:-|--|\/)(?:h|help|\?)|(?:--|\/)version)$/i;

/** An embedded text file (ASCII: the build escapes everything else), read without copying the asset first. */
function text(name) {
  return Buffer.from(getRawAsset(name)).toString('latin1');
}

/** The exports of an embedded bundle. */
function bundle(name) {
  let cachedData;
  try {
    cachedData = Buffer.from(getRawAsset(`${name}.cache`));
  } catch {
    // built without a code cache (the target's Node could not run on the build machine)
  }
  return load(compile(name, text(name), cachedData), require, (specifier) => import(specifier));
}

function start() {
  const argv = process.argv.slice(2); // in a SEA, argv[0] and argv[1] are both the executable
  const serverByName = /^octo-cli-server(\.exe)?$/i.test(basename(process.execPath));
  if (serverByName || argv[0] === 'server') return bundle('server.cjs').main(serverByName ? argv : argv.slice(1));
  if (argv.length === 0 || argv.some((a) => HELP_WORD.test(a))) {
    const code = bundle('help.cjs').help(argv, undefined, text('help-manifest.jsonl'));
    if (code !== undefined) {
      process.exitCode = code;
      return;
    }
  }
  bundle('cli.cjs').run(argv); // the CLI with its exit guard, as bin/octo-cli.js starts it
}

start();
