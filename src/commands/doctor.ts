/**
 * Doctor (issue 15 §4): one table of checks, each ✓ (passed), ! (a warning) or ✗ (failed, with a fix), in the order a
 * support engineer would ask: this machine (Node, the octo-cli folder and its files), the context, the identity
 * service (DNS, TCP, TLS, proxy, discovery, clock), then the sign-in (keychain, token, refresh). A check that
 * depends on one that failed is skipped (–). Exit 0 unless a check failed; then the class of the first failure:
 * 254 configuration, 253 network, 252 sign-in. Warnings (a skewed clock, no way to refresh a valid token) keep 0.
 * Nothing secret is reported: never a token or a client secret, URLs without user info.
 */
import { lookup } from 'node:dns/promises';
import { stat } from 'node:fs/promises';
import { connect as tcpConnect, isIP } from 'node:net';
import { join } from 'node:path';
import { defineCommand, jsonObject, type CommandSpec } from '../cli/spec.js';
import { listOf, type Column } from '../cli/output.js';
import { relativeTime } from '../cli/time.js';
import type { RunContext } from '../cli/context.js';
import { CliError, ExitCode } from '../errors.js';
import { requireTarget, type ContextsFile } from '../config/contexts.js';
import { assertSecureTransport, describeNetworkError, isLoopbackHost, transportPolicy } from '../api/http.js';

export type CheckClass = 'config' | 'network' | 'auth';
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  check: string;
  class: CheckClass;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

const MIN_NODE = [20, 19] as const;
/** Above this, tokens look expired (or not yet valid) to one side. */
export const MAX_CLOCK_SKEW_MS = 60_000;
const CONNECT_TIMEOUT_MS = 5_000;
const SYMBOL: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗', skip: '–' };
const EXIT: Record<CheckClass, number> = { config: ExitCode.config, network: ExitCode.http, auth: ExitCode.auth };

/** The URL without user info, query or fragment (what a support ticket may show). */
export function publicUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

/** The proxy a request to `url` goes through (HTTPS_PROXY/HTTP_PROXY unless NO_PROXY names the host), as undici picks it. */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv): string | undefined {
  const proxy = url.protocol === 'https:' ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  if (!proxy) return undefined;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  for (const raw of (env.NO_PROXY ?? env.no_proxy ?? '').split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase().replace(/:\d+$/, '');
    if (!entry) continue;
    if (entry === '*') return undefined;
    const bare = entry.replace(/^\*?\./, '');
    if (host === bare || host.endsWith(`.${bare}`)) return undefined;
  }
  return publicUrl(proxy).replace(/\/$/, '');
}

class Checks {
  readonly list: DoctorCheck[] = [];
  add(check: string, cls: CheckClass, status: CheckStatus, detail: string, fix?: string): boolean {
    this.list.push({ check, class: cls, status, detail, ...(fix ? { fix } : {}) });
    return status === 'pass' || status === 'warn';
  }
  skip(check: string, cls: CheckClass, detail = 'skipped: an earlier check failed'): false {
    this.add(check, cls, 'skip', detail);
    return false;
  }
}

function modeOf(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

function nodeCheck(c: Checks): void {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  c.add('Node version', 'config', ok ? 'pass' : 'fail', `${process.versions.node}${ok ? '' : ` (octo-cli needs ${MIN_NODE.join('.')} or later)`}`, ok ? undefined : `install Node ${MIN_NODE.join('.')} or later, or use the single-file executable`);
}

/** The folder, with the rules contexts.ts enforces (not writable by others, owned by us); 0700 is recommended. */
async function homeCheck(ctx: RunContext, c: Checks): Promise<boolean> {
  const name = 'octo-cli folder';
  const origin = ctx.env.OCTO_CLI_HOME?.trim() ? 'OCTO_CLI_HOME' : 'default';
  try {
    if (!(await ctx.contexts.checkHome())) return c.add(name, 'config', 'pass', `${ctx.home} (${origin}) does not exist yet; the first sign-in creates it (mode 0700)`);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    return c.add(name, 'config', 'fail', err.message, err.hint);
  }
  const mode = (await stat(ctx.home)).mode;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    return c.add(name, 'config', 'warn', `${ctx.home} (${origin}), mode ${modeOf(mode)}: others can read it`, `chmod 700 ${ctx.home}`);
  }
  return c.add(name, 'config', 'pass', `${ctx.home} (${origin}), mode ${modeOf(mode)}`);
}

/** contexts.json and credentials.json hold tokens (the .NET tool's, the file store's): 0600. */
async function fileModeCheck(ctx: RunContext, c: Checks): Promise<void> {
  const findings: string[] = [];
  const bad: string[] = [];
  for (const file of ['contexts.json', 'credentials.json']) {
    const path = join(ctx.home, file);
    try {
      const st = await stat(path);
      findings.push(`${file} ${modeOf(st.mode)}`);
      if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) bad.push(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        findings.push(`${file}: ${(err as Error).message}`);
        bad.push(path);
      }
    }
  }
  const detail = findings.length ? findings.join(', ') : 'no files yet';
  if (bad.length) c.add('File modes', 'config', 'fail', `${detail}: other users can read or change them`, `chmod 600 ${bad.join(' ')}`);
  else c.add('File modes', 'config', 'pass', detail);
}

async function contextsCheck(ctx: RunContext, c: Checks): Promise<ContextsFile | undefined> {
  try {
    const file = await ctx.contexts.load();
    const n = Object.keys(file.Contexts).length;
    c.add('contexts.json', 'config', 'pass', `${ctx.contexts.path}: ${n} context${n === 1 ? '' : 's'}`);
    return file;
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    c.add('contexts.json', 'config', 'fail', err.message, err.hint ?? `fix or remove ${ctx.contexts.path}`);
    return undefined;
  }
}

function targetCheck(ctx: RunContext, c: Checks, file: ContextsFile | undefined): { contextName: string; identityUrl: string; tenant: string } | undefined {
  if (!file) return void c.skip('Active context', 'config');
  try {
    const context = ctx.contexts.resolve(file, ctx.contextOverride);
    if (!context) return void c.add('Active context', 'config', 'fail', 'no active context', 'octo-cli -c AddContext -n <name> -isu <identity URL> -tid <tenant>, or -c UseContext -n <name>');
    const target = requireTarget(context.name, context.entry);
    c.add('Active context', 'config', 'pass', `${context.name}${ctx.contextOverride ? ' (--context)' : ''}: ${publicUrl(target.identityUrl)}, tenant ${target.tenant}`);
    return { contextName: context.name, ...target };
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    return void c.add('Active context', 'config', 'fail', err.message, err.hint);
  }
}

function tcpProbe(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host, port, timeout: CONNECT_TIMEOUT_MS });
    socket.once('connect', () => (socket.destroy(), resolve()));
    socket.once('timeout', () => (socket.destroy(), reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }))));
    socket.once('error', (err) => (socket.destroy(), reject(err)));
  });
}

/**
 * DNS and TCP without a proxy (with one, the proxy resolves and connects), then one GET of the discovery document
 * through ctx.fetch: the project's transport (plain-http refusal, no redirects, size cap, OCTO_CLI_CA_FILE) decides
 * TLS. Returns the service's Date header.
 */
async function networkChecks(ctx: RunContext, c: Checks, identityUrl: string): Promise<{ date?: string } | undefined> {
  const base = new URL(identityUrl);
  const port = Number(base.port) || (base.protocol === 'https:' ? 443 : 80);
  const host = base.hostname.replace(/^\[|\]$/g, '');
  const proxy = proxyFor(base, ctx.env);
  c.add('Proxy', 'network', 'pass', proxy ? `${proxy} (HTTPS_PROXY/HTTP_PROXY)` : (ctx.env.HTTPS_PROXY ?? ctx.env.https_proxy ?? ctx.env.HTTP_PROXY ?? ctx.env.http_proxy) ? `none: NO_PROXY covers ${host}` : 'none');
  if (!proxy) {
    try {
      const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
      c.add('DNS', 'network', 'pass', `${host} → ${addresses.slice(0, 3).join(', ')}`);
    } catch (err) {
      c.add('DNS', 'network', 'fail', `${host} does not resolve (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'check the identity URL (octo-cli -c ListContexts) and your DNS or VPN');
      return undefined;
    }
    try {
      await tcpProbe(host, port);
      c.add('TCP', 'network', 'pass', `${host}:${port} accepts connections`);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      c.add('TCP', 'network', 'fail', `cannot connect to ${host}:${port} (${code === 'ECONNREFUSED' ? 'connection refused' : (code ?? (err as Error).message)})`, isLoopbackHost(host) ? 'start the local Identity Service, or check the port of the identity URL' : 'is the service running? check firewalls and VPN');
      return undefined;
    }
  } else {
    c.skip('DNS', 'network', 'skipped: the proxy resolves the host');
    c.skip('TCP', 'network', 'skipped: the proxy connects');
  }
  const url = new URL(`${identityUrl.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  const caFile = ctx.env.OCTO_CLI_CA_FILE?.trim();
  const trust = caFile ? `system CAs + OCTO_CLI_CA_FILE ${caFile}` : 'system CAs';
  let res: Response;
  try {
    assertSecureTransport(url, transportPolicy(ctx.env));
    res = await ctx.fetch(url, { headers: { accept: 'application/json' }, signal: ctx.signal });
    await res.arrayBuffer();
  } catch (err) {
    const message = err instanceof CliError ? err.message : describeNetworkError(err, url.href);
    const cls = err instanceof CliError && err.exitCode === ExitCode.config ? 'config' : 'network';
    const tls = /TLS|certificate/i.test(message);
    const fix = (err instanceof CliError ? err.hint : undefined) ?? (tls ? 'set OCTO_CLI_CA_FILE to the CA bundle of the service' : proxy ? 'check HTTPS_PROXY / NO_PROXY' : undefined);
    c.add(tls ? 'TLS' : 'HTTP', cls, 'fail', message, fix);
    return undefined;
  }
  if (base.protocol === 'https:') c.add('TLS', 'network', 'pass', `certificate trusted (${trust})`);
  else c.add('TLS', 'network', 'pass', `plain http to ${host} (allowed: ${isLoopbackHost(host) ? 'loopback' : 'OCTO_CLI_ALLOW_INSECURE_HTTP'})`);
  return { date: res.headers.get('date') ?? undefined };
}

async function discoveryCheck(ctx: RunContext, c: Checks, identityUrl: string): Promise<boolean> {
  const { connect } = await import('../auth/oidc.js');
  try {
    const oidc = await connect(ctx, identityUrl);
    return c.add('Discovery', 'network', 'pass', `issuer ${publicUrl(oidc.issuer)}; endpoints under it`);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    return c.add('Discovery', err.exitCode === ExitCode.config ? 'config' : 'network', 'fail', err.message, err.hint);
  }
}

function clockCheck(ctx: RunContext, c: Checks, date: string | undefined): void {
  const server = date ? Date.parse(date) : NaN;
  if (Number.isNaN(server)) return void c.add('Clock', 'network', 'warn', 'the service sent no Date header; skew unknown');
  const skew = ctx.now() - server;
  const seconds = Math.round(skew / 1000);
  const text = `${Math.abs(seconds)} s ${skew >= 0 ? 'ahead of' : 'behind'} the service`;
  if (Math.abs(skew) > MAX_CLOCK_SKEW_MS) {
    c.add('Clock', 'network', 'warn', `${text}: tokens will look expired (or not yet valid)`, 'synchronise this clock (e.g. timedatectl set-ntp true)');
  } else c.add('Clock', 'network', 'pass', text);
}

async function authChecks(ctx: RunContext, c: Checks, target: { contextName: string; identityUrl: string; tenant: string } | undefined): Promise<void> {
  const { tokenStores } = await import('../auth/stores/index.js');
  const { clientCredentialsFromEnv, keyOf, locate } = await import('../auth/session.js');
  const { expiresAtMs } = await import('../auth/jwt.js');
  let stores;
  try {
    stores = tokenStores(ctx);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    c.add('Keychain', 'config', 'fail', err.message, err.hint);
    return void ['Token', 'Refresh'].forEach((name) => c.skip(name, 'auth'));
  }
  if (stores.mode === 'file' || stores.mode === 'memory') {
    c.add('Keychain', 'auth', 'pass', `not used: OCTO_CLI_TOKEN_STORE=${stores.mode}${stores.mode === 'memory' ? ' (tokens last one command)' : ''}`);
  } else {
    const probe = await stores.keychain();
    if (probe.store) c.add('Keychain', 'auth', 'pass', `reachable (${probe.store.location})`);
    else if (stores.mode === 'keychain') c.add('Keychain', 'auth', 'fail', `not reachable: ${probe.reason}`, 'start a Secret Service such as gnome-keyring, or set OCTO_CLI_TOKEN_STORE=file');
    else c.add('Keychain', 'auth', 'warn', `not reachable: ${probe.reason}`, `start a Secret Service such as gnome-keyring, or sign in with --insecure-storage to keep the tokens in ${stores.file.path} with mode 0600`);
  }
  if (!target) return void ['Token', 'Refresh'].forEach((name) => c.skip(name, 'auth'));

  const envCredentials = clientCredentialsFromEnv(ctx.env);
  const fromEnv = ctx.env.OCTO_CLI_ACCESS_TOKEN?.trim();
  let tokens: { refreshToken?: string; method?: string; expiresAt?: number; source: string } | undefined;
  if (fromEnv) {
    ctx.log.redact.add(fromEnv);
    tokens = { expiresAt: expiresAtMs({ accessToken: fromEnv }), source: 'OCTO_CLI_ACCESS_TOKEN' };
  } else {
    try {
      const located = await locate(ctx, keyOf(target));
      if (located) tokens = { refreshToken: located.tokens.refreshToken, method: located.tokens.method, expiresAt: expiresAtMs(located.tokens), source: located.store?.location ?? 'this process' };
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      c.add('Token', 'auth', 'fail', err.message, err.hint);
      return void c.skip('Refresh', 'auth');
    }
  }
  const canRefresh = Boolean(tokens?.refreshToken) || Boolean(envCredentials);
  const how = tokens?.refreshToken ? 'refresh token present' : envCredentials ? 'OCTO_CLI_CLIENT_ID / OCTO_CLI_CLIENT_SECRET set' : '';
  const signIn = tokens?.method === 'client_credentials' ? 'octo-cli -c LogInClientCredentials, or set OCTO_CLI_CLIENT_ID / OCTO_CLI_CLIENT_SECRET' : 'octo-cli -c LogIn';
  const now = ctx.now();
  let valid = false;
  if (!tokens) {
    if (envCredentials) c.add('Token', 'auth', 'pass', `none stored; OCTO_CLI_CLIENT_ID ${envCredentials.clientId} signs in for each command`);
    else c.add('Token', 'auth', 'fail', `not signed in to context '${target.contextName}'`, 'octo-cli -c LogIn');
    valid = Boolean(envCredentials);
  } else if (tokens.expiresAt === undefined) {
    c.add('Token', 'auth', 'warn', `in ${tokens.source}; its expiry is unknown (not a JWT)`);
    valid = true;
  } else {
    const at = `${new Date(tokens.expiresAt).toISOString()} (${relativeTime(tokens.expiresAt, now)})`;
    valid = tokens.expiresAt > now;
    if (valid) c.add('Token', 'auth', 'pass', `in ${tokens.source}; valid until ${at}`);
    else if (canRefresh) c.add('Token', 'auth', 'warn', `in ${tokens.source}; expired ${at}, renewed on the next command`);
    else c.add('Token', 'auth', 'fail', `in ${tokens.source}; expired ${at}`, fromEnv ? 'set OCTO_CLI_ACCESS_TOKEN to a valid token, or unset it' : signIn);
  }
  if (fromEnv) c.add('Refresh', 'auth', valid ? 'warn' : 'fail', 'not possible: OCTO_CLI_ACCESS_TOKEN is used as given', valid ? undefined : 'set OCTO_CLI_ACCESS_TOKEN to a valid token, or unset it');
  else if (canRefresh) c.add('Refresh', 'auth', 'pass', how);
  else if (!tokens) c.skip('Refresh', 'auth', 'skipped: not signed in');
  else c.add('Refresh', 'auth', valid ? 'warn' : 'fail', 'not possible: no refresh token, and OCTO_CLI_CLIENT_ID / OCTO_CLI_CLIENT_SECRET are not set', `when the token expires: ${signIn}`);
}

/** Runs every check in order; a check whose prerequisite failed is skipped. */
export async function runDoctor(ctx: RunContext): Promise<DoctorCheck[]> {
  const c = new Checks();
  nodeCheck(c);
  const homeOk = await homeCheck(ctx, c);
  if (homeOk) await fileModeCheck(ctx, c);
  else c.skip('File modes', 'config');
  const file = homeOk ? await contextsCheck(ctx, c) : (c.skip('contexts.json', 'config'), undefined);
  const target = targetCheck(ctx, c, file);
  const reached = target ? await networkChecks(ctx, c, target.identityUrl) : undefined;
  if (!target) for (const name of ['Proxy', 'DNS', 'TCP', 'TLS']) c.skip(name, 'network', 'skipped: no identity service to check');
  if (reached && target) {
    await discoveryCheck(ctx, c, target.identityUrl);
    clockCheck(ctx, c, reached.date);
  } else {
    c.skip('Discovery', 'network');
    c.skip('Clock', 'network');
  }
  await authChecks(ctx, c, target);
  return c.list;
}

/** 0 when nothing failed; else the exit code of the first failure's class. */
export function doctorExitCode(checks: readonly DoctorCheck[]): number {
  const failed = checks.find((c) => c.status === 'fail');
  return failed ? EXIT[failed.class] : ExitCode.ok;
}

const DOCTOR_COLUMNS: readonly Column<DoctorCheck>[] = [
  { header: '', value: (c: DoctorCheck) => SYMBOL[c.status] },
  { header: 'Check', value: (c) => c.check, key: true },
  { header: 'Result', value: (c) => c.detail, shrink: true },
  { header: 'Fix', value: (c) => c.fix ?? '', shrink: true },
];

const doctor = defineCommand({
  name: 'Doctor',
  effect: 'read',
  output: { columns: DOCTOR_COLUMNS, json: jsonObject('DoctorReport', ['ok', 'exitCode', 'node', 'platform', 'checks']) },
  group: 'General',
  description: 'Checks this machine, the context, the identity service and the sign-in, and says how to fix what fails.',
  ours: true,
  flags: {},
  examples: [
    { command: 'octo-cli -c Doctor', description: 'One table of checks: ✓ passed, ! warning, ✗ failed (with a fix).' },
    { command: 'octo-cli -c Doctor -o json > doctor.json', description: 'The same as JSON for a support ticket (no tokens or secrets).' },
  ],
  notes: [
    'Exit code: 0 when no check failed (warnings included), else by the first failure: 254 configuration, 253 network, 252 sign-in.',
    'Checks: Node version, the octo-cli folder (OCTO_CLI_HOME) and file modes, contexts.json, the active context, proxy, DNS, TCP, TLS (OCTO_CLI_CA_FILE), discovery, clock skew against the service (warns above 60 s), the keychain, the stored token and whether it can be refreshed.',
  ],
  async run(ctx) {
    const checks = await runDoctor(ctx);
    const code = doctorExitCode(checks);
    const failed = checks.filter((c) => c.status === 'fail').length;
    const warned = checks.filter((c) => c.status === 'warn').length;
    const result = listOf(
      checks,
      DOCTOR_COLUMNS,
      {
        json: { ok: code === 0, exitCode: code, node: process.versions.node, platform: process.platform, checks },
        note: failed ? `${failed} check(s) failed${warned ? `, ${warned} warning(s)` : ''}.` : warned ? `All checks passed, ${warned} warning(s).` : 'All checks passed.',
      },
    );
    return { ...result, exitCode: code };
  },
});

export const commands: CommandSpec<any>[] = [doctor];
