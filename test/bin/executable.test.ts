/**
 * The single-file executables (`npm run build:binaries`, scripts/build-binaries.mjs) need nothing installed: the
 * linux-x64 executable is copied into an empty folder and run with an empty PATH, HOME and the working folder in a
 * fresh temp folder (no node_modules anywhere above them), and drives the local service (started from the same
 * executable: `octo-cli server`), --help, AddContext, a device LogIn approved through the service, GetClients, Plan
 * and Apply of a provisioning file, and LogOut. The keychain addon comes out of the executable (a private cache folder); when it cannot be written or
 * loaded, the 0600 file store still works.
 *
 * Building takes a while, so the test uses what build:binaries left in build/bin/ (CI builds it first: .ci/run).
 * Under CI=true a missing executable fails; elsewhere the test is skipped with a note.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BUILT = join(root, 'build/bin/octo-cli-linux-x64');
const ARM64 = join(root, 'build/bin/octo-cli-linux-arm64');
const WIN64 = join(root, 'build/bin/octo-cli-win-x64.exe');
const CI = process.env.CI === 'true';
const canRun = platform() === 'linux' && arch() === 'x64';
const built = existsSync(BUILT);
if (!built && !CI) console.warn(`test/bin/executable.test.ts: skipped, ${BUILT} is not built (run \`npm run build:binaries\`)`);

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A sandbox: the executable alone in an empty folder; HOME and cwd in a fresh temp folder; PATH empty. */
function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'octo-exe-'));
  const binDir = join(dir, 'bin');
  const home = join(dir, 'home');
  const work = join(dir, 'work');
  for (const d of [binDir, home, work]) mkdirSync(d, { recursive: true });
  const exe = join(binDir, 'octo-cli');
  copyFileSync(BUILT, exe);
  chmodSync(exe, 0o755);
  const baseEnv: NodeJS.ProcessEnv = { PATH: '', HOME: home, NO_COLOR: '1', TMPDIR: join(dir, 'tmp') };
  mkdirSync(baseEnv.TMPDIR!, { recursive: true });
  // The keychain of the CI session (scripts/with-keyring.sh), when there is one.
  if (process.env.DBUS_SESSION_BUS_ADDRESS) baseEnv.DBUS_SESSION_BUS_ADDRESS = process.env.DBUS_SESSION_BUS_ADDRESS;
  return { dir, exe, home, work, baseEnv };
}

function start(exe: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): ChildProcessWithoutNullStreams {
  return spawn(exe, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
}

function run(exe: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs = 60_000): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = start(exe, args, env, cwd);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** No node_modules in the sandbox or any folder above it, so nothing can be loaded from one. */
function noNodeModulesAbove(dir: string): string[] {
  const found: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) found.push(join(d, 'node_modules'));
    if (d === parse(d).root) return found;
  }
}

it.runIf(CI && canRun)('CI built the linux-x64 executable before the tests (.ci/run: npm run build:binaries)', () => {
  expect(existsSync(BUILT), `${BUILT} is missing`).toBe(true);
});

describe.skipIf(!canRun || !built)('the linux-x64 executable, alone in an empty folder', () => {
  let box: ReturnType<typeof sandbox>;
  let server: ChildProcessWithoutNullStreams | undefined;
  let url = '';

  beforeAll(async () => {
    box = sandbox();
    // The local service from the same executable, without Node.
    server = start(box.exe, ['server', '--port', '0', '--admin-password', 'Exe-Test-Pass-1', '--device-interval', '1'], box.baseEnv, box.work);
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the service did not start: ${out}`)), 30_000);
      server!.stdout.on('data', (d) => {
        out += d;
        const m = /Local Identity Service listening on (\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      server!.stderr.on('data', (d) => (out += d));
      server!.on('exit', (code) => reject(new Error(`the service exited (${code}): ${out}`)));
    });
  }, 60_000);

  afterAll(() => {
    server?.kill();
    if (box) rmSync(box.dir, { recursive: true, force: true });
  });

  it('has nothing to lean on: an empty PATH and no node_modules above it', () => {
    expect(readdirSync(dirname(box.exe))).toEqual(['octo-cli']);
    expect(noNodeModulesAbove(box.work)).toEqual([]);
    expect(noNodeModulesAbove(dirname(box.exe))).toEqual([]);
  });

  it('answers help from its embedded manifest byte for byte as the CLI does, and runs the CLI bundle for the rest', async () => {
    const h = tempHome();
    try {
      for (const argv of [['--help'], [], ['-h', 'identity'], ['-c', 'GetClients', '--help'], ['--version'], ['-c', 'AddOpenLdapIdentityProvider', '-h']]) {
        const r = await run(box.exe, argv, box.baseEnv, box.work);
        const full = await runCli(argv, { home: h.home });
        expect({ argv, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ argv, code: full.code, stdout: full.stdout, stderr: full.stderr });
      }
    } finally {
      h.cleanup();
    }
  });

  it('answers discovery from the service it started (`octo-cli server`)', async () => {
    const res = await fetch(`${url}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { issuer: string }).issuer).toContain(url);
  });

  it('--help, AddContext, device LogIn approved through the service, GetClients, Plan/Apply, LogOut', async () => {
    const { exe, work } = box;
    const env = { ...box.baseEnv };
    const help = await run(exe, ['--help'], env, work);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage:');

    const add = await run(exe, ['-c', 'AddContext', '-n', 'local', '-isu', url, '-tid', 'octosystem'], env, work);
    expect(add.code, add.stderr).toBe(0);
    expect(existsSync(join(box.home, '.octo-cli'))).toBe(true);

    // LogIn: the prompt is a JSON line on stderr (-o json); approve its code through the service.
    const login = start(exe, ['-c', 'LogIn', '-o', 'json', '--insecure-storage'], env, work);
    login.stdin.end();
    let stdout = '';
    let stderr = '';
    login.stdout.on('data', (d) => (stdout += d));
    const userCode = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no device prompt: ${stderr}`)), 30_000);
      login.stderr.on('data', (d) => {
        stderr += d;
        const line = stderr.split('\n').find((l) => l.startsWith('{') && l.includes('user_code'));
        if (line) {
          clearTimeout(timer);
          resolve(JSON.parse(line).user_code);
        }
      });
      login.on('exit', (code) => reject(new Error(`LogIn ended (${code}) before its prompt: ${stderr}`)));
    });
    const approve = await fetch(`${url}/_local/device/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userCode, username: 'admin' }) });
    expect(approve.status).toBe(200);
    const code = await new Promise<number | null>((resolve) => login.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'signed_in', context: 'local', method: 'device_code' });

    // The keychain addon was written out of the executable into a private cache folder (and loaded from there).
    const native = join(box.home, '.cache/octo-cli/native');
    const addons = readdirSync(native).filter((f) => /^keyring-[0-9a-f]{32}\.node$/.test(f));
    expect(addons).toHaveLength(1);
    expect(statSync(native).mode & 0o077).toBe(0);

    const clients = await run(exe, ['-c', 'GetClients', '-o', 'json'], env, work);
    expect(clients.code, clients.stderr).toBe(0);
    expect((JSON.parse(clients.stdout) as Array<{ clientId: string }>).map((c) => c.clientId)).toContain('octo-cli');

    // Plan and Apply of a provisioning file: changes first, none after Apply.
    writeFileSync(join(work, 'tenant.yaml'), 'apiScopes:\n  - name: exe.read\nroles:\n  - name: ExeRole\n');
    const plan = await run(exe, ['-c', 'Plan', '-f', 'tenant.yaml', '--detailed-exitcode'], env, work);
    expect(plan.code, plan.stderr).toBe(2);
    const apply = await run(exe, ['-c', 'Apply', '-f', 'tenant.yaml'], env, work);
    expect(apply.code, apply.stderr).toBe(0);
    const again = await run(exe, ['-c', 'Plan', '-f', 'tenant.yaml', '--detailed-exitcode'], env, work);
    expect(again.code, again.stderr + again.stdout).toBe(0);

    const logout = await run(exe, ['-c', 'LogOut'], env, work);
    expect(logout.code, logout.stderr).toBe(0);
    const status = await run(exe, ['-c', 'AuthStatus'], env, work);
    expect(status.code).toBe(252);
  }, 120_000);

  it('when the keychain addon cannot be written or loaded, the file store still works', async () => {
    const { exe, work, dir } = box;
    // A regular file where the cache folders would go: the addon cannot be written anywhere.
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const home = join(dir, 'home2');
    mkdirSync(home);
    const env: NodeJS.ProcessEnv = { ...box.baseEnv, HOME: home, XDG_CACHE_HOME: blocker, TMPDIR: blocker };
    expect((await run(exe, ['-c', 'AddContext', '-n', 'local', '-isu', url, '-tid', 'octosystem'], env, work)).code).toBe(0);
    // A service client with a secret: client-credentials sign-in needs no person.
    const secret = 'Exe-Test-Secret-123456789';
    const adminEnv = { ...box.baseEnv, HOME: join(dir, 'home3') };
    mkdirSync(adminEnv.HOME!);
    const token = await deviceToken(url);
    const adminCtx = await run(exe, ['-c', 'AddContext', '-n', 'admin', '-isu', url, '-tid', 'octosystem'], adminEnv, work);
    expect(adminCtx.code, adminCtx.stderr).toBe(0);
    const created = await run(exe, ['-c', 'AddClientCredentialsClient', '-id', 'exe-svc', '-n', 'Exe service', '-s', secret], { ...adminEnv, OCTO_CLI_ACCESS_TOKEN: token }, work);
    expect(created.code, created.stderr).toBe(0);

    const refused = await run(exe, ['-c', 'LogInClientCredentials', '-id', 'exe-svc', '-s', secret], env, work);
    expect(refused.code, refused.stderr).toBe(252);
    expect(refused.stderr).toContain('--insecure-storage');
    const login = await run(exe, ['-c', 'LogInClientCredentials', '-id', 'exe-svc', '-s', secret, '--insecure-storage'], env, work);
    expect(login.code, login.stderr).toBe(0);
    expect(statSync(join(home, '.octo-cli/credentials.json')).mode & 0o777).toBe(0o600);
    const status = await run(exe, ['-c', 'AuthStatus', '-o', 'json'], env, work);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'valid', tokenStore: 'file' });
  }, 120_000);
});

/** A user token with octo_api, by raw HTTP and the local approval endpoint (as test/helpers/server.ts). */
async function deviceToken(url: string): Promise<string> {
  const basic = 'Basic ' + Buffer.from(`octo-cli:${encodeURIComponent('{AEE2DA50-065E-4071-A56E-7B3B4B175EFB}')}`).toString('base64');
  const headers = { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' };
  const dar = (await (await fetch(`${url}/connect/deviceauthorization`, { method: 'POST', headers, body: new URLSearchParams({ scope: 'openid profile email role offline_access octo_api', acr_values: 'tenant:octosystem' }) })).json()) as { device_code: string; user_code: string };
  await fetch(`${url}/_local/device/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userCode: dar.user_code, username: 'admin' }) });
  const token = (await (await fetch(`${url}/connect/token`, { method: 'POST', headers, body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: dar.device_code }) })).json()) as { access_token: string };
  return token.access_token;
}

/** Format and machine from the executable's header (ELF e_machine, PE COFF Machine), as build-binaries checks. */
function executableFormat(file: string): { kind: string; machine?: number; bits?: number } {
  const h = Buffer.alloc(4096);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, h, 0, h.length, 0);
  } finally {
    closeSync(fd);
  }
  if (h.readUInt32BE(0) === 0x7f454c46) return { kind: 'elf', machine: h.readUInt16LE(18), bits: h[4] === 2 ? 64 : 32 };
  if (h.toString('latin1', 0, 2) === 'MZ') {
    const pe = h.readUInt32LE(0x3c);
    if (h.toString('latin1', pe, pe + 4) === 'PE\0\0') return { kind: 'pe', machine: h.readUInt16LE(pe + 4) };
  }
  return { kind: 'unknown' };
}

/** qemu-user with the arm64 C runtime (Debian: qemu-user-static, libc6-arm64-cross, libstdc++6-arm64-cross). */
function qemuArm64(): string[] | undefined {
  const sysroot = '/usr/aarch64-linux-gnu';
  if (!existsSync(join(sysroot, 'lib/ld-linux-aarch64.so.1'))) return undefined;
  const qemu = ['/usr/bin/qemu-aarch64-static', '/usr/bin/qemu-aarch64'].find((q) => existsSync(q));
  return qemu ? [qemu, '-L', sysroot] : undefined;
}

describe('the other executables, when built', () => {
  it.skipIf(!existsSync(ARM64))('linux-arm64: an AArch64 ELF executable; --help runs under qemu-user when installed', async () => {
    expect(executableFormat(ARM64)).toEqual({ kind: 'elf', machine: 0xb7, bits: 64 });
    const qemu = qemuArm64();
    if (!qemu) return; // no qemu here: the format check above is what this machine can do
    const r = await run(qemu[0]!, [...qemu.slice(1), ARM64, '--help'], { PATH: '', HOME: tmpdir() }, tmpdir(), 90_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage:');
  }, 120_000);

  it.skipIf(!existsSync(WIN64))('win-x64: a PE executable for x64', () => {
    expect(executableFormat(WIN64)).toEqual({ kind: 'pe', machine: 0x8664 });
  });
});
