// Main script of the single-file executables (scripts/build-binaries.mjs bundles this into a small CommonJS file for
// Node's SEA, with V8's code cache). One executable holds both programs:
//   octo-cli [args]                 the CLI, as bin/octo-cli.js
//   octo-cli server [options]       the local Identity Service, as bin/octo-cli-server.js
// and an executable named octo-cli-server (a copy or link of the same file) starts the service directly.
//
// As bin/octo-cli.js does with dist/help.cjs, help and --version are answered here, from the help manifest embedded as
// the asset 'help-manifest.jsonl' (src/cli/help-entry.ts), without compiling the CLI. Everything else runs the bundle
// it needs, embedded as an asset with V8's code cache made at build time by the same Node (scripts/sea/asset.cjs):
// 'cli.cjs' (the CLI and every package it uses) or 'server.cjs' (the local service, oidc-provider, koa, …).
import { getAsset } from 'node:sea';
import { basename } from 'node:path';
import { help } from '../../src/cli/help-entry.ts';
import { compile, load } from './asset.cjs';

// The help words of src/cli/argv.ts, as in bin/octo-cli.js (test/cli/help-fast-path.test.ts checks both).
const HELP_WORD = /^(?:(?:-|--|\/)(?:h|help|\?)|(?:--|\/)version)$/i;

/** The exports of an embedded bundle. */
function bundle(name) {
  let cachedData;
  try {
    cachedData = Buffer.from(getAsset(`${name}.cache`));
  } catch {
    // built without a code cache (the target's Node could not run on the build machine)
  }
  return load(compile(name, getAsset(name, 'utf8'), cachedData), require, (specifier) => import(specifier));
}

function start() {
  const argv = process.argv.slice(2); // in a SEA, argv[0] and argv[1] are both the executable
  const serverByName = /^octo-cli-server(\.exe)?$/i.test(basename(process.execPath));
  if (serverByName || argv[0] === 'server') return bundle('server.cjs').main(serverByName ? argv : argv.slice(1));
  if (argv.length === 0 || argv.some((a) => HELP_WORD.test(a))) {
    const code = help(argv, undefined, getAsset('help-manifest.jsonl', 'utf8'));
    if (code !== undefined) {
      process.exitCode = code;
      return;
    }
  }
  bundle('cli.cjs').run(argv); // the CLI with its exit guard, as bin/octo-cli.js starts it
}

start();
