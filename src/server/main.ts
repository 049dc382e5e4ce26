/** `octo-cli-server`: runs the local Identity Service until SIGINT/SIGTERM. */
import type { RunningServer, ServerOptions } from './index.js';

const HELP = `Usage: octo-cli-server [options]

Runs a local OctoMesh Identity Service (OAuth/OIDC + admin API) for tests and demos.

Options:
  --port <n>               Port to listen on (default 5003; 0 picks a free port)
  --host <address>         Address to bind (default 127.0.0.1)
  --tenant <id>            Tenant to serve; repeat or use a comma list (default octosystem).
                           The first one is the system tenant.
  --data <dir>             Keep the store (clients, users, groups, …) and keys in <dir> (default: in memory)
  --admin-user <name>      Admin user name (default admin)
  --admin-password <pw>    Admin password (default: $OCTO_SERVER_ADMIN_PASSWORD, else generated and printed)
  --access-token-ttl <s>   Access token lifetime in seconds (default 3600)
  --device-code-ttl <s>    Device code lifetime in seconds (default 300)
  --device-interval <s>    Device polling interval in seconds (default 5)
  --no-admin               Seed new tenants without the admin user; create the first admin with
                           \`octo-cli -c Setup\` (the system tenant then has no users yet)
  --no-registration        Turn off dynamic client registration (POST /connect/register answers 404)
  -h, --help               Show this help

The service is ready when it prints "Local Identity Service listening on <url>".
Approve a device code from a script: POST <url>/_local/device/approve {"userCode":"…","username":"admin"}
`;

export class UsageError extends Error {}

const VALUE_FLAGS = new Set([
  'port',
  'host',
  'tenant',
  'data',
  'admin-user',
  'admin-password',
  'access-token-ttl',
  'device-code-ttl',
  'device-interval',
]);

function integer(flag: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`--${flag} needs a whole number >= ${min}, got '${value}'`);
  return Number(value);
}

/** argv → options; `help: true` when help was asked for. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): { help: boolean; options: ServerOptions } {
  const options: ServerOptions = {};
  const tenants: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { help: true, options };
    if (arg === '--no-admin') {
      options.seedAdminUser = false;
      continue;
    }
    if (arg === '--no-registration') {
      options.dynamicRegistration = false;
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!m || !VALUE_FLAGS.has(m[1]!)) throw new UsageError(`unknown option '${arg}'`);
    const flag = m[1]!;
    let value = m[2];
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`--${flag} needs a value`);
    }
    switch (flag) {
      case 'port':
        options.port = integer(flag, value, 0);
        if (options.port > 65535) throw new UsageError(`--port must be at most 65535`);
        break;
      case 'host':
        options.host = value;
        break;
      case 'tenant':
        tenants.push(...value.split(',').map((t) => t.trim()).filter(Boolean));
        break;
      case 'data':
        options.dataDir = value;
        break;
      case 'admin-user':
        options.adminUser = value;
        break;
      case 'admin-password':
        options.adminPassword = value;
        break;
      case 'access-token-ttl':
        options.accessTokenTtl = integer(flag, value, 1);
        break;
      case 'device-code-ttl':
        options.deviceCodeTtl = integer(flag, value, 1);
        break;
      case 'device-interval':
        options.deviceInterval = integer(flag, value, 1);
        break;
    }
  }
  if (tenants.length > 0) options.tenants = tenants;
  if (options.adminPassword === undefined && env.OCTO_SERVER_ADMIN_PASSWORD) options.adminPassword = env.OCTO_SERVER_ADMIN_PASSWORD;
  return { help: false, options };
}

export async function main(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`octo-cli-server: ${err.message}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    return;
  }
  const passwordGiven = parsed.options.adminPassword !== undefined;
  let server: RunningServer;
  try {
    const { startServer } = await import('./index.js');
    server = await startServer({
      ...parsed.options,
      log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
    });
  } catch (err) {
    process.stderr.write(`octo-cli-server: could not start: ${(err as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`Local Identity Service listening on ${server.url}\n`);
  if (!passwordGiven && parsed.options.seedAdminUser !== false) process.stdout.write(`Admin user: ${server.adminUser}\nAdmin password: ${server.adminPassword}\n`);

  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`${signal} received, shutting down\n`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`octo-cli-server: error while closing: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
