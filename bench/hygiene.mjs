// Client hygiene figures (issue 14), run by bench.mjs after the provisioning figures (or alone: node bench/hygiene.mjs,
// after npm run build). Against the local Identity Service (in memory) and the built CLI (bin/octo-cli.js):
// - GetExpiringSecrets on a tenant of 500 client-credentials clients, each with a secret (goal: under 5 s), median of 3
//   whole processes, with the requests it sent (one list of clients, one of API resources, one per owner).
// Writes its own section of bench/RESULTS.md, between the hygiene markers (the rest of the file is bench.mjs's).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeResultsSection } from './results.mjs';
import { deviceToken, startLocalService as startServer } from './local-service.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const NODE = process.execPath;
const CLI = join(root, 'bin/octo-cli.js');
const CLIENTS = Number(process.env.BENCH_HYGIENE_CLIENTS ?? 500);
const START = '<!-- hygiene:start -->';
const END = '<!-- hygiene:end -->';
const load = () => loadavg()[0].toFixed(2);



/** 500 clients with one secret each, through the admin API, 16 at a time (set-up, not measured). */
async function populate(url, token) {
  const post = async (path, body) => {
    const res = await fetch(`${url}/octosystem/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  };
  const day = 86_400_000;
  let next = 1;
  const worker = async () => {
    while (next <= CLIENTS) {
      const i = next++;
      const id = `bench-hyg-${String(i).padStart(4, '0')}`;
      await post('clients', { isEnabled: true, clientId: id, clientName: id, requireClientSecret: true, allowedGrantTypes: ['client_credentials'], allowedScopes: ['octo_api'] });
      // Expiries spread over a year (some already past), one in ten without expiry.
      const expirationDate = i % 10 === 0 ? null : new Date(Date.now() + ((i * 7) % 400 - 30) * day).toISOString();
      await post(`apiSecrets/client/${id}`, { valueEncrypted: 'x', expirationDate, description: `bench secret ${i}` });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

function report(env) {
  const t0 = performance.now();
  const r = spawnSync(NODE, [CLI, '-c', 'GetExpiringSecrets', '--include-expired', '--detailed-exitcode', '-o', 'json'], { env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const elapsed = performance.now() - t0;
  if (r.status !== 2) throw new Error(`GetExpiringSecrets exited ${r.status} (expected 2: some secrets are expired): ${r.stderr.slice(0, 2000)}`);
  const rows = JSON.parse(r.stdout).filter((row) => row.owner.startsWith('bench-hyg-'));
  if (rows.length !== CLIENTS) throw new Error(`GetExpiringSecrets reported ${rows.length} bench secrets, expected ${CLIENTS}`);
  return elapsed;
}

export async function hygieneBench() {
  const home = mkdtempSync(join(tmpdir(), 'octo-bench-hygiene-'));
  let server;
  try {
    server = await startServer();
    const token = await deviceToken(server.url);
    await populate(server.url, token);
    writeFileSync(join(home, 'contexts.json'), JSON.stringify({ ActiveContext: 'bench', Contexts: { bench: { OctoToolOptions: { IdentityServiceUrl: server.url, TenantId: 'octosystem' } } } }));
    const env = { OCTO_CLI_HOME: home, HOME: home, OCTO_CLI_ACCESS_TOKEN: token };

    const before = load();
    const times = [0, 1, 2].map(() => report(env)).sort((a, b) => a - b);
    const median = times[1];
    const reportLoad = `${before} → ${load()}`;
    const s = (v) => `${(v / 1000).toFixed(2)} s`;
    const line = `GetExpiringSecrets on ${CLIENTS} clients: ${s(median)} (median of 3: ${times.map(s).join(', ')}; goal < 5 s: ${median < 5000 ? 'met' : 'NOT met'})`;
    console.log(line);

    const section = [
      START,
      '## Client hygiene (GetExpiringSecrets)',
      '',
      `Measured by bench/hygiene.mjs (run by \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, against the local`,
      `Identity Service in memory, with the built CLI (\`node bin/octo-cli.js\`). The tenant holds ${CLIENTS} client-credentials clients, each`,
      'with one secret (expiries spread over a year, some past, one in ten without expiry), plus the seeded clients. Each run is one',
      'whole process: `GetExpiringSecrets --include-expired --detailed-exitcode -o json`, which lists the clients and API resources,',
      'then reads every owner\'s secrets 8 requests at a time (the default --parallel).',
      '',
      '| Figure | Value | Goal | | Load (1 min) |',
      '|---|---|---|---|---|',
      `| GetExpiringSecrets, ${CLIENTS} clients (median of 3 processes) | ${s(median)} (runs: ${times.map(s).join(', ')}) | < 5 s | ${median < 5000 ? 'met' : '**not met**'} | ${reportLoad} |`,
      END,
      '',
    ].join('\n');
    writeResultsSection(START, END, section);
    console.log('wrote the hygiene section of bench/RESULTS.md');
  } finally {
    server?.child.kill();
    rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await hygieneBench();
