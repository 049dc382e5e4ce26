/** Doctor (issue 15 §4) in-process: against the local Identity Service, a stopped one, a skewed clock, and broken set-ups. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { RunningServer } from '../../src/server/index.js';
import { FileStore } from '../../src/auth/stores/file.js';
import { proxyFor, publicUrl } from '../../src/commands/doctor.js';
import { relativeTime } from '../../src/cli/time.js';
import { deviceLogin, startTestServer } from '../helpers/server.js';
import { runCli, tempHome } from '../helpers/run.js';
import { addContext, fileEnv, localContextHomes } from '../auth/helpers.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());
const contextHome = localContextHomes(() => server);

interface Check {
  check: string;
  class: string;
  status: string;
  detail: string;
  fix?: string;
}

async function doctorJson(home: string, opts: Parameters<typeof runCli>[1] = {}): Promise<{ code: number; json: { ok: boolean; exitCode: number; checks: Check[] }; stderr: string; stdout: string }> {
  const r = await runCli(['-c', 'Doctor', '-o', 'json'], { home, env: fileEnv, ...opts });
  return { code: r.code, json: JSON.parse(r.stdout), stderr: r.stderr, stdout: r.stdout };
}
const statusOf = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.check, c.status]));
const find = (checks: Check[], name: string) => checks.find((c) => c.check === name)!;

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

async function signedIn(home: string): Promise<{ access: string; refresh?: string }> {
  const t = await deviceLogin(server);
  const expiresAt = new Date(Date.now() + t.expires_in * 1000).toISOString();
  await new FileStore(home).set({ contextName: 'local', identityUrl: server.url }, { accessToken: t.access_token, refreshToken: t.refresh_token, accessTokenExpiresAt: expiresAt, method: 'device_code' });
  return { access: t.access_token, refresh: t.refresh_token };
}

describe('Doctor', () => {
  test('signed in to the local service: every check passes, exit 0; the table for people; JSON has no token', async () => {
    const home = await contextHome();
    const tokens = await signedIn(home);
    const { code, json, stdout, stderr } = await doctorJson(home);
    expect(code).toBe(0);
    expect(json.ok).toBe(true);
    expect(json.exitCode).toBe(0);
    expect(statusOf(json.checks)).toEqual({
      'Node version': 'pass',
      'octo-cli folder': 'pass',
      'File modes': 'pass',
      'contexts.json': 'pass',
      'Active context': 'pass',
      Proxy: 'pass',
      DNS: 'pass',
      TCP: 'pass',
      TLS: 'pass',
      Discovery: 'pass',
      Clock: 'pass',
      Keychain: 'pass',
      Token: 'pass',
      Refresh: 'pass',
    });
    expect(find(json.checks, 'Keychain').detail).toBe('not used: OCTO_CLI_TOKEN_STORE=file');
    expect(find(json.checks, 'Token').detail).toMatch(/credentials\.json .*valid until \d{4}-\d\d-\d\dT.*\(in \d+ (min|h)\)/);
    expect(find(json.checks, 'Refresh').detail).toBe('refresh token present');
    expect(find(json.checks, 'TLS').detail).toContain('plain http to 127.0.0.1 (allowed: loopback)');
    for (const secret of [tokens.access, tokens.refresh!, '{AEE2DA50']) expect(stdout + stderr).not.toContain(secret);

    const people = await runCli(['-c', 'Doctor'], { home, env: fileEnv, tty: true, columns: 200 });
    expect(people.code).toBe(0);
    expect(people.stdout).toMatch(/^✓\s+Node version\s+\d+\.\d+\.\d+/m);
    expect(people.stdout).toMatch(/^✓\s+Discovery\s+issuer http:\/\/127\.0\.0\.1:\d+/m);
    expect(people.stderr).toContain('All checks passed.');
  });

  test('not signed in: Token fails (exit 252) with the fix; JSON on stdout and nothing else', async () => {
    const home = await contextHome();
    const { code, json } = await doctorJson(home);
    expect(code).toBe(252);
    expect(json.ok).toBe(false);
    expect(find(json.checks, 'Token')).toMatchObject({ status: 'fail', class: 'auth', fix: 'octo-cli -c LogIn' });
    expect(find(json.checks, 'Refresh').status).toBe('skip');
    // OCTO_CLI_CLIENT_ID/SECRET make refresh possible without a stored token.
    const env = await doctorJson(home, { env: { ...fileEnv, OCTO_CLI_CLIENT_ID: 'ci', OCTO_CLI_CLIENT_SECRET: 'very-secret-value' } });
    expect(env.code).toBe(0);
    expect(find(env.json.checks, 'Refresh').detail).toBe('OCTO_CLI_CLIENT_ID / OCTO_CLI_CLIENT_SECRET set');
    expect(env.stdout + env.stderr).not.toContain('very-secret-value');
  });

  test('a stopped service: TCP fails with connection refused, exit 253; discovery and clock are skipped', async () => {
    const { home, cleanup } = tempHome();
    try {
      await addContext(home, { url: `http://127.0.0.1:${await deadPort()}/` }, 'local', 'octosystem', fileEnv);
      const { code, json } = await doctorJson(home);
      expect(code).toBe(253);
      expect(find(json.checks, 'TCP')).toMatchObject({ status: 'fail', class: 'network', fix: 'start the local Identity Service, or check the port of the identity URL' });
      expect(find(json.checks, 'TCP').detail).toContain('connection refused');
      expect(find(json.checks, 'Discovery').status).toBe('skip');
      expect(find(json.checks, 'Clock').status).toBe('skip');
      // A config failure comes first: no active context → 254.
      writeFileSync(join(home, 'contexts.json'), JSON.stringify({ Contexts: {} }));
      const none = await doctorJson(home);
      expect(none.code).toBe(254);
      expect(find(none.json.checks, 'Active context')).toMatchObject({ status: 'fail', detail: 'no active context' });
    } finally {
      cleanup();
    }
  });

  test('a clock 2 h ahead: Clock warns (tokens will look expired), the fresh token reads as expired but renewable; exit stays 0', async () => {
    const home = await contextHome();
    await signedIn(home);
    const { code, json } = await doctorJson(home, { now: () => Date.now() + 2 * 3600_000 });
    expect(find(json.checks, 'Clock')).toMatchObject({ status: 'warn', fix: 'synchronise this clock (e.g. timedatectl set-ntp true)' });
    expect(find(json.checks, 'Clock').detail).toMatch(/^7[12]\d\d s ahead of the service: tokens will look expired/);
    expect(find(json.checks, 'Token').status).toBe('warn');
    expect(find(json.checks, 'Token').detail).toMatch(/expired .* ago\), renewed on the next command/);
    expect(code).toBe(0);
    // Within 60 s is fine.
    const close = await doctorJson(home, { now: () => Date.now() - 30_000 });
    expect(find(close.json.checks, 'Clock').status).toBe('pass');
    expect(find(close.json.checks, 'Clock').detail).toMatch(/behind the service$/);
  });

  test('file modes: a group-readable credentials.json fails with chmod 600 (254); a world-writable folder is refused', async () => {
    const home = await contextHome();
    await signedIn(home);
    chmodSync(join(home, 'credentials.json'), 0o644);
    const { code, json } = await doctorJson(home);
    expect(code).toBe(254);
    expect(find(json.checks, 'File modes')).toMatchObject({ status: 'fail', fix: `chmod 600 ${join(home, 'credentials.json')}` });
    chmodSync(join(home, 'credentials.json'), 0o600);
    chmodSync(home, 0o777);
    const open = await doctorJson(home);
    chmodSync(home, 0o700);
    expect(open.code).toBe(254);
    expect(find(open.json.checks, 'octo-cli folder').status).toBe('fail');
    expect(find(open.json.checks, 'octo-cli folder').fix).toContain('chmod go-w');
  });

  test('a broken contexts.json and a non-http identity URL fail as configuration (254)', async () => {
    const { home, cleanup } = tempHome();
    try {
      writeFileSync(join(home, 'contexts.json'), '{ not json');
      chmodSync(join(home, 'contexts.json'), 0o600);
      const broken = await doctorJson(home);
      expect(broken.code).toBe(254);
      expect(find(broken.json.checks, 'contexts.json').status).toBe('fail');
      expect(find(broken.json.checks, 'Active context').status).toBe('skip');
      writeFileSync(join(home, 'contexts.json'), JSON.stringify({ ActiveContext: 'x', Contexts: { x: { OctoToolOptions: { IdentityServiceUrl: 'https://user:pw@id.example/', TenantId: 't' } } } }));
      const creds = await doctorJson(home);
      expect(creds.code).toBe(254);
      expect(creds.stdout).not.toContain('pw@');
    } finally {
      cleanup();
    }
  });

  test('a proxy in use (HTTPS_PROXY) that is down: DNS and TCP left to the proxy, the request through the real transport fails, exit 253', async () => {
    const { home, cleanup } = tempHome();
    try {
      await addContext(home, { url: 'https://id.example.test/' }, 'local', 'octosystem', fileEnv);
      const port = await deadPort();
      const env = { ...fileEnv, HTTPS_PROXY: `http://user:pw@127.0.0.1:${port}` };
      const r = await runCli(['-c', 'Doctor', '-o', 'json'], { home, env });
      const json = JSON.parse(r.stdout) as { checks: Check[] };
      expect(r.code).toBe(253);
      expect(find(json.checks, 'Proxy').detail).toBe(`http://127.0.0.1:${port} (HTTPS_PROXY/HTTP_PROXY)`);
      expect(find(json.checks, 'DNS').detail).toBe('skipped: the proxy resolves the host');
      expect(find(json.checks, 'HTTP')).toMatchObject({ status: 'fail', class: 'network', fix: 'check HTTPS_PROXY / NO_PROXY' });
      expect(find(json.checks, 'HTTP').detail).toContain(`cannot reach the proxy`);
      expect(r.stdout + r.stderr).not.toContain('pw@');
    } finally {
      cleanup();
    }
  });

  test('OCTO_CLI_TOKEN_STORE: memory is reported; a bad value fails as configuration (254)', async () => {
    const home = await contextHome();
    const memory = await doctorJson(home, { env: { OCTO_CLI_TOKEN_STORE: 'memory' } });
    expect(find(memory.json.checks, 'Keychain').detail).toBe('not used: OCTO_CLI_TOKEN_STORE=memory (tokens last one command)');
    const bad = await doctorJson(home, { env: { OCTO_CLI_TOKEN_STORE: 'vault' } });
    expect(bad.code).toBe(254);
    expect(find(bad.json.checks, 'Keychain')).toMatchObject({ status: 'fail', class: 'config' });
  });

  test('helpers: URLs without user info, relative times, NO_PROXY', () => {
    expect(publicUrl('https://u:p@id.example:8443/a?code=1#x')).toBe('https://id.example:8443/a');
    expect(relativeTime(1_000 + 5 * 60_000, 1_000)).toBe('in 5 min');
    expect(relativeTime(0, 3 * 3600_000)).toBe('3 h ago');
    const env = { HTTPS_PROXY: 'http://me:pw@proxy:3128', NO_PROXY: 'localhost,.corp.example' };
    expect(proxyFor(new URL('https://id.example/'), env)).toBe('http://proxy:3128');
    expect(proxyFor(new URL('https://id.corp.example/'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://corp.example/'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://id.example/'), { ...env, NO_PROXY: '*' })).toBeUndefined();
    expect(proxyFor(new URL('https://id.example/'), {})).toBeUndefined();
  });
});
