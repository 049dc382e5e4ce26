// Entry point of the single-file executables (scripts/build-binaries.mjs bundles this with everything it imports
// into one CommonJS file for Node's SEA). One executable holds both programs:
//   octo-cli [args]                 the CLI, as bin/octo-cli.js
//   octo-cli server [options]       the local Identity Service, as bin/octo-cli-server.js
// and an executable named octo-cli-server (a copy or link of the same file) starts the service directly.
// The service's code (oidc-provider, koa, …) is bundled behind a dynamic import, so it is only initialised in server
// mode; the CLI's heavy modules (openid-client, jose, qrcode, undici) likewise load only in the commands that use them.
import { basename } from 'node:path';
import { run } from '../../src/cli/main.ts';

const argv = process.argv.slice(2); // in a SEA, argv[0] and argv[1] are both the executable
const serverByName = /^octo-cli-server(\.exe)?$/i.test(basename(process.execPath));
if (serverByName || argv[0] === 'server') {
  import('../../src/server/main.ts').then((m) => m.main(serverByName ? argv : argv.slice(1)));
} else {
  run(argv); // the CLI with its exit guard, as bin/octo-cli.js starts it
}
