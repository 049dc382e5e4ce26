// Declarative provisioning figures (issue 13), run by bench.mjs after its own figures (or alone: node bench/provision.mjs).
// Against the local Identity Service (in memory) and the built CLI (bin/octo-cli.js):
// - one Apply that creates 1,000 client-credentials clients, against N sequential AddClientCredentialsClient
//   processes (N = BENCH_SEQUENTIAL, default 50), extrapolated to 1,000 (goal: Apply at least 20x faster);
// - a Plan of that 1,000-client file with nothing to change (goal: under 3 s);
// - the peak RSS of that Apply (goal: under 150 MB).
// Writes its own section of bench/RESULTS.md, between the provisioning markers (the rest of the file is bench.mjs's).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeResultsSection } from './results.mjs';
import { deviceToken, startLocalService as startServer } from './local-service.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const NODE = process.execPath;
const CLI = join(root, 'bin/octo-cli.js');
const CLIENTS = 1000;
const SEQUENTIAL = Math.max(10, Number(process.env.BENCH_SEQUENTIAL ?? 50));
const START = '<!-- provisioning:start -->';
const END = '<!-- provisioning:end -->';
const load = () => loadavg()[0].toFixed(2);

function run(args, env, extra = []) {
  const t0 = performance.now();
  const r = spawnSync(NODE, [...extra, CLI, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const elapsed = performance.now() - t0;
  if (r.status !== 0) throw new Error(`octo-cli ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  return { elapsed, stdout: r.stdout };
}



/** The 1,000 clients, as AddClientCredentialsClient makes them (grant, scope octo_api, secret required, offline access). */
function tenantFile() {
  const lines = ['clients:'];
  for (let i = 1; i <= CLIENTS; i++) {
    const id = String(i).padStart(4, '0');
    lines.push(
      `  - clientId: bench-cc-${id}`,
      `    clientName: Bench ${id}`,
      '    allowedGrantTypes: [client_credentials]',
      '    allowedScopes: [octo_api]',
      '    requireClientSecret: true',
      '    isOfflineAccessEnabled: true',
      '    clientSecret: ${env:BENCH_CLIENT_SECRET}',
    );
  }
  return lines.join('\n') + '\n';
}

export async function provisioningBench() {
  const home = mkdtempSync(join(tmpdir(), 'octo-bench-provision-'));
  let server;
  try {
    server = await startServer();
    const token = await deviceToken(server.url);
    writeFileSync(join(home, 'contexts.json'), JSON.stringify({ ActiveContext: 'bench', Contexts: { bench: { OctoToolOptions: { IdentityServiceUrl: server.url, TenantId: 'octosystem' } } } }));
    const env = { OCTO_CLI_HOME: home, HOME: home, OCTO_CLI_ACCESS_TOKEN: token, BENCH_CLIENT_SECRET: 'bench-provision-secret-value' };
    const file = join(home, 'tenant.yaml');
    writeFileSync(file, tenantFile());

    // Sequential processes, one client each (the way a CI script of imperative commands does it).
    let before = load();
    let total = 0;
    for (let i = 1; i <= SEQUENTIAL; i++) {
      total += run(['-c', 'AddClientCredentialsClient', '-id', `bench-seq-${i}`, '-n', `Bench seq ${i}`, '-s', `bench-seq-secret-${i}-xyz`], env).elapsed;
    }
    const perProcess = total / SEQUENTIAL;
    const sequentialLoad = `${before} → ${load()}`;

    // One Apply of 1,000 clients, with its peak RSS (Node's own maxRSS, written at exit by a preloaded script).
    const rssFile = join(home, 'rss');
    const preload = join(home, 'rss.cjs');
    writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`);
    before = load();
    const apply = run(['-c', 'Apply', '-f', file], env, ['-r', preload]);
    const applyRss = Number(readFileSync(rssFile, 'utf8')) / 1024;
    if (!apply.stdout.includes(`Apply: ${CLIENTS} applied, 0 failed, 0 skipped.`)) throw new Error(`unexpected Apply result: ${apply.stdout.slice(-300)}`);
    const applyLoad = `${before} → ${load()}`;

    // Plan with nothing to change (1,000 clients listed, each one's secret hash read): median of 3.
    before = load();
    const plans = [0, 1, 2].map(() => run(['-c', 'Plan', '-f', file, '--detailed-exitcode'], env));
    if (!/^No changes\./m.test(plans[0].stdout)) throw new Error(`unexpected Plan result: ${plans[0].stdout.slice(0, 300)}`);
    const plan = plans.map((p) => p.elapsed).sort((a, b) => a - b)[1];
    const planLoad = `${before} → ${load()}`;

    const sequential = perProcess * CLIENTS;
    const speedup = sequential / apply.elapsed;
    const s = (v) => `${(v / 1000).toFixed(1)} s`;
    const figures = {
      sequential: `${SEQUENTIAL} sequential AddClientCredentialsClient: ${s(total)} (${perProcess.toFixed(0)} ms each) → ${CLIENTS}: ${s(sequential)} (extrapolated)`,
      apply: `Apply of ${CLIENTS} clients: ${s(apply.elapsed)}, ${speedup.toFixed(1)}x faster (goal ≥ 20x: ${speedup >= 20 ? 'met' : 'NOT met'})`,
      plan: `Plan of ${CLIENTS} clients, no changes: ${s(plan)} (goal < 3 s: ${plan < 3000 ? 'met' : 'NOT met'})`,
      rss: `Apply peak RSS: ${applyRss.toFixed(0)} MB (goal < 150 MB: ${applyRss < 150 ? 'met' : 'NOT met'})`,
    };
    for (const line of Object.values(figures)) console.log(line);

    const section = [
      START,
      '## Declarative provisioning (Apply / Plan)',
      '',
      `Measured by bench/provision.mjs (run by \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, against the local`,
      'Identity Service in memory, with the built CLI (`node bin/octo-cli.js`). The file holds 1,000 client-credentials clients',
      'shaped as AddClientCredentialsClient makes them (grant, octo_api, secret required, offline access), each with a secret',
      'from `${env:…}`. Apply runs with the default `--parallel 8`. Other work on the machine shows in the load column.',
      '',
      '| Figure | Value | Goal | | Load (1 min) |',
      '|---|---|---|---|---|',
      `| ${CLIENTS} sequential AddClientCredentialsClient processes | ${s(sequential)} (**extrapolated** from ${SEQUENTIAL} runs: ${s(total)}, ${perProcess.toFixed(0)} ms each) | — | | ${sequentialLoad} |`,
      `| One Apply creating ${CLIENTS} clients | ${s(apply.elapsed)} (${speedup.toFixed(1)}× faster) | ≥ 20× faster | ${speedup >= 20 ? 'met' : '**not met**'} | ${applyLoad} |`,
      `| Plan of that file, no changes (median of 3) | ${s(plan)} | < 3 s | ${plan < 3000 ? 'met' : '**not met**'} | ${planLoad} |`,
      `| Peak RSS of that Apply | ${applyRss.toFixed(0)} MB | < 150 MB | ${applyRss < 150 ? 'met' : '**not met**'} | |`,
      '',
      'Plan reads the five lists at once, then each listed client\'s secret hashes (the file gives every client a secret),',
      '16 requests at a time (reads go twice as wide as --parallel); Apply sends one POST per client, 8 at a time. A second Apply of the file sends',
      'no write request (test/provision/apply.test.ts asserts that through the service\'s request counter).',
      END,
      '',
    ].join('\n');
    writeResultsSection(START, END, section);
    console.log('wrote the provisioning section of bench/RESULTS.md');
  } finally {
    server?.child.kill();
    rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await provisioningBench();
