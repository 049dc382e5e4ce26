// `npm run demo`: the main job against the local Identity Service, on a fresh machine, with no set-up.
// Starts `octo-cli-server` on a free port with a temporary home, adds a context, signs in with the device flow,
// runs the workflow of OctoMesh's "Clients and API Scopes" page, prints the real commands and their tables, then
// stops the service and removes the temporary home. Nothing is left running and nothing is written to ~/.octo-cli
// or to your keychain (tokens go to a 0600 file inside the temporary home).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(root, 'bin/octo-cli.js');
const SERVER = join(root, 'bin/octo-cli-server.js');

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const dim = (s) => (color ? `\x1b[2m${s}\x1b[22m` : s);
const bold = (s) => (color ? `\x1b[1m${s}\x1b[22m` : s);
const home = mkdtempSync(join(tmpdir(), 'octo-cli-demo-'));
const env = { ...process.env, OCTO_CLI_HOME: home, OCTO_CLI_TOKEN_STORE: 'file' };
delete env.OCTO_CLI_ACCESS_TOKEN;
delete env.OCTO_CLI_CLIENT_ID;
delete env.OCTO_CLI_CLIENT_SECRET;
let server;

// Always rebuild: cheap, and never a stale dist/.
await run(process.execPath, [join(root, 'scripts/build.mjs')], { quiet: true });

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? env, stdio: ['ignore', opts.capture ? 'pipe' : 'inherit', opts.onStderr ? 'pipe' : opts.quiet ? 'ignore' : 'inherit'] });
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    if (opts.onStderr) {
      createInterface({ input: child.stderr }).on('line', (line) => {
        process.stderr.write(line + '\n');
        opts.onStderr(line);
      });
    }
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

function step(title) {
  console.log(`\n${bold(`## ${title}`)}`);
}

async function octo(args, opts = {}) {
  const shown = args.map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(' ');
  console.log(dim(`$ octo-cli ${shown}`));
  return run(process.execPath, [CLI, ...args], opts);
}

async function startServer() {
  const child = spawn(process.execPath, [SERVER, '--port', '0', '--admin-password', 'Demo-Admin-1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the local Identity Service exited (${code}): ${out}`)));
  });
  return { child, url };
}

async function approve(url, userCode) {
  const res = await fetch(`${url}/_local/device/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userCode, username: 'admin' }),
  });
  if (!res.ok) throw new Error(`approval failed: ${res.status} ${await res.text()}`);
}

async function main() {
  step('Start the local Identity Service (octo-cli-server)');
  server = await startServer();
  console.log(`Local Identity Service listening on ${server.url} (admin user: admin, password: Demo-Admin-1)`);
  console.log(dim(`Temporary OCTO_CLI_HOME: ${home} (tokens in a 0600 file there; removed at the end)`));

  step('Configure a context');
  await octo(['-c', 'AddContext', '-n', 'local', '-isu', server.url, '-tid', 'octosystem']);
  await octo(['-c', 'ListContexts']);

  step('Sign in with the device flow');
  const interactive = process.stdin.isTTY;
  let approved = false;
  let rl;
  const login = octo(['-c', 'LogIn'], {
    onStderr: (line) => {
      const m = /Enter the code:\s*(?:\x1b\[[0-9;]*m)?(\d[\d-]{5,}\d)/.exec(line);
      if (!m || approved) return;
      approved = true;
      const code = m[1].replace(/-/g, ''); // shown grouped (627-481-388) for people
      if (!interactive) {
        console.error(dim(`(stdin is not a terminal: approving code ${code} through the local service's POST /_local/device/approve)`));
        approve(server.url, code).catch((e) => console.error(String(e)));
      } else {
        console.error(dim('Sign in on that page as admin / Demo-Admin-1, or press Enter to approve from here.'));
        rl = createInterface({ input: process.stdin });
        rl.once('line', () => approve(server.url, code).catch(() => {}));
      }
    },
  });
  await login.finally(() => rl?.close());
  await octo(['-c', 'AuthStatus']);

  step('1. Register a web application (authorization code + PKCE)');
  await octo(['-c', 'AddAuthorizationCodeClient', '-id', 'my-dashboard', '-n', 'My Dashboard App', '-u', 'https://dashboard.example.com/', '-ru', 'https://dashboard.example.com/auth/callback']);

  step('2. Grant it the octo_api scope');
  await octo(['-c', 'AddScopeToClient', '-id', 'my-dashboard', '-n', 'octo_api']);

  step('3. Create an API scope and an API resource');
  await octo(['-c', 'CreateApiScope', '-n', 'myAPI.admin', '-dn', 'Admin Access', '-d', 'Full administrative access', '-e', 'true']);
  await octo(['-c', 'CreateApiResource', '-n', 'myAPI', '-dn', 'My Custom API', '-d', 'Custom API', '-s', 'myAPI.admin']);
  await octo(['-c', 'GetApiScopes']);
  await octo(['-c', 'GetApiResources']);

  step('4. A service client and its secrets');
  await octo(['-c', 'AddClientCredentialsClient', '-id', 'my-background-service', '-n', 'Background Processor']);
  await octo(['-c', 'CreateApiSecretClient', '-cid', 'my-background-service', '-e', `${new Date().getFullYear() + 1}-12-31`, '-d', 'Production secret']);
  await octo(['-c', 'GetApiSecretsClient', '-cid', 'my-background-service']);

  step('5. List the clients');
  await octo(['-c', 'GetClients']);
  await octo(['-c', 'GetClient', '-id', 'my-dashboard']);

  console.log(`\n${bold('Done.')} Try your own commands against a local service with: npm run server`);
}

let failed = false;
try {
  await main();
} catch (err) {
  failed = true;
  console.error(`demo failed: ${err.message}`);
} finally {
  server?.child.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
