// `node scripts/check-package.mjs` (CI): the npm tarball installs and works with no build step and no dev
// dependencies. `npm pack` (its prepare script builds dist/) → the tarball holds bin/, dist/, package.json, README.md
// and nothing of src/, test/ or build/ → `npm install -g ./octo-cli-<version>.tgz --prefix <empty temp folder>`
// (a tarball install runs no prepare script, so dist/ must be in it) → no dev dependency was installed →
// `<prefix>/bin/octo-cli --help` and `--version` work, and `<prefix>/bin/octo-cli-server` starts and answers
// discovery. Exit 0 when all hold; each check prints one line.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'octo-pack-'));
const prefix = join(work, 'prefix');
const started = Date.now();
let failures = 0;

function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` (${detail})` : ''}`);
  if (!ok) failures++;
  return ok;
}

function npm(args, opts = {}) {
  return spawnSync('npm', args, { cwd: root, encoding: 'utf8', ...opts });
}

// With the running Node first on PATH: the installed bin scripts start with `#!/usr/bin/env node`.
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, NO_COLOR: '1' };

try {
  const packed = npm(['pack', '--pack-destination', work, '--json'], { env });
  if (!check(packed.status === 0, 'npm pack', packed.status === 0 ? '' : packed.stderr.trim().split('\n').slice(-3).join(' / '))) process.exit(1);
  const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')))[0];
  const tgz = join(work, info.filename);
  const files = info.files.map((f) => f.path);
  check(info.filename === `octo-cli-${pkg.version}.tgz`, `tarball ${info.filename}`, `${(info.size / 1024).toFixed(0)} KiB packed, ${info.entryCount} files`);
  const required = ['package.json', 'README.md', 'bin/octo-cli.js', 'bin/octo-cli-server.js', 'bin/package.json', 'dist/cli.cjs', 'dist/help.cjs', 'dist/help-manifest.jsonl', 'dist/server.js'];
  const missing = required.filter((f) => !files.includes(f));
  check(missing.length === 0, 'the tarball holds the prebuilt dist/ and the launchers', missing.length ? `missing: ${missing.join(', ')}` : '');
  const stray = files.filter((f) => /^(src|test|build|bench|scripts|node_modules)\//.test(f));
  check(stray.length === 0, 'the tarball holds no sources, tests, build output or scripts', stray.slice(0, 5).join(', '));

  const t0 = Date.now();
  const installed = npm(['install', '-g', tgz, '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: work, env });
  check(installed.status === 0, `npm install -g ./${info.filename} --prefix <empty folder>`, installed.status === 0 ? `${((Date.now() - t0) / 1000).toFixed(1)} s` : installed.stderr.trim().split('\n').slice(-5).join(' / '));
  const modules = join(prefix, 'lib/node_modules/octo-cli/node_modules');
  const devInstalled = Object.keys(pkg.devDependencies ?? {}).filter((d) => existsSync(join(modules, d)) || existsSync(join(prefix, 'lib/node_modules', d)));
  check(devInstalled.length === 0, 'no dev dependency installed', devInstalled.join(', '));

  const cli = join(prefix, 'bin/octo-cli');
  const help = spawnSync(cli, ['--help'], { encoding: 'utf8', env, cwd: work });
  check(help.status === 0 && help.stdout.includes('Usage:'), `${cli.slice(work.length + 1)} --help`, help.status === 0 ? '' : `exit ${help.status}: ${help.stderr.trim()}`);
  const version = spawnSync(cli, ['--version'], { encoding: 'utf8', env, cwd: work });
  check(version.stdout.trim() === `octo-cli ${pkg.version}`, `${cli.slice(work.length + 1)} --version`, version.stdout.trim() || version.stderr.trim());
  // A command beyond help: the CLI bundle itself, through the launcher's code cache (in a cache folder of its own).
  const listed = spawnSync(cli, ['-c', 'ListContexts', '-o', 'json'], { encoding: 'utf8', env: { ...env, OCTO_CLI_HOME: join(work, 'home'), XDG_CACHE_HOME: join(work, 'cache') }, cwd: work });
  check(listed.status === 0 && existsSync(join(work, 'cache/octo-cli')), `${cli.slice(work.length + 1)} -c ListContexts -o json`, listed.status === 0 ? '' : `exit ${listed.status}: ${listed.stderr.trim()}`);

  const serverBin = join(prefix, 'bin/octo-cli-server');
  const server = spawn(serverBin, ['--port', '0', '--admin-password', 'Pack-Check-Pass-1'], { env, cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 30_000);
    const onData = (d) => {
      out += d;
      const m = /Local Identity Service listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', (d) => (out += d));
    server.on('exit', () => resolve(undefined));
  });
  if (check(Boolean(url), `${serverBin.slice(work.length + 1)} starts`, url ?? out.trim().split('\n').slice(-3).join(' / '))) {
    const res = await fetch(`${url}/.well-known/openid-configuration`).catch((err) => ({ ok: false, status: err.message }));
    check(res.ok, 'and answers discovery', String(res.status));
  }
  server.kill();
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${failures === 0 ? 'npm tarball: all checks passed' : `npm tarball: ${failures} check(s) failed`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures === 0 ? 0 : 1);
