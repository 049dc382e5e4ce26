/**
 * The HTTP layer under every request of the CLI (admin API and OAuth): a small fetch on node:http(s) (node-fetch.ts;
 * light and quick to start), or undici with a proxy dispatcher when HTTPS_PROXY/HTTP_PROXY ask for one; an extra
 * CA bundle from OCTO_CLI_CA_FILE; and a --verbose trace that never shows a secret.
 *
 * The trust policy lives here, so it holds on both transports and for every caller (admin calls, openid-client):
 * no redirect is followed (a 3xx is an error naming its Location), answers are capped while they stream
 * (OCTO_CLI_MAX_RESPONSE_BYTES), plain http goes only to loopback hosts unless OCTO_CLI_ALLOW_INSECURE_HTTP=1, a
 * proxy tunnel is retried at most MAX_TRIES times, and every transport failure becomes one HttpError (253).
 */
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { redactFields } from '../shared/redact.js';
import { CliError, ConfigError, HttpError } from '../errors.js';
import { NodeResponse, ResponseTooLargeError, createNodeFetch } from './node-fetch.js';

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** Every retry path is bounded alike: at most this many tries (429/503 in client.ts, proxy tunnels here)… */
export const MAX_TRIES = 3;
/** …within this much time in all. */
export const MAX_RETRY_WAIT_MS = 30_000;
/** Admin and OAuth answers are small JSON documents; anything larger is a fault or an attack. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface TransportPolicy {
  maxResponseBytes: number;
  /** OCTO_CLI_ALLOW_INSECURE_HTTP=1: plain http to hosts that are not loopback. */
  allowInsecureHttp: boolean;
}

/** The policy from the environment; a malformed value is a configuration error (254) before any request. */
export function transportPolicy(env: NodeJS.ProcessEnv): TransportPolicy {
  return { maxResponseBytes: parseByteSize(env.OCTO_CLI_MAX_RESPONSE_BYTES), allowInsecureHttp: parseAllowInsecure(env.OCTO_CLI_ALLOW_INSECURE_HTTP) };
}

function parseByteSize(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_MAX_RESPONSE_BYTES;
  const m = /^(\d+)([KMG])?$/i.exec(value.trim());
  const bytes = m ? Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] ?? ' ').toUpperCase()) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new ConfigError(`OCTO_CLI_MAX_RESPONSE_BYTES must be a whole number of bytes above 0 (e.g. 67108864 or 64M), not '${value}'`);
  }
  return bytes;
}

function parseAllowInsecure(value: string | undefined): boolean {
  const v = value?.trim().toLowerCase() ?? '';
  if (v === '' || v === '0' || v === 'false' || v === 'no') return false;
  if (v === '1' || v === 'true' || v === 'yes') return true;
  throw new ConfigError(`OCTO_CLI_ALLOW_INSECURE_HTTP must be 1 (allow) or 0, not '${value}'`);
}

/** Loopback as the original's discovery policy sees it: localhost (and *.localhost), 127.0.0.0/8, ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * Plain http carries bearer tokens, refresh tokens, client secrets and passwords in clear text: it is allowed for
 * loopback hosts (the local service) and otherwise only with OCTO_CLI_ALLOW_INSECURE_HTTP=1.
 */
export function assertSecureTransport(url: string | URL, policy: Pick<TransportPolicy, 'allowInsecureHttp'>): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return; // not a URL: the request itself reports it
  }
  if (u.protocol !== 'http:' || policy.allowInsecureHttp || isLoopbackHost(u.hostname)) return;
  throw new ConfigError(
    `refusing to send a request to ${u.origin} over plain http: only loopback hosts (localhost, 127.0.0.1, ::1) may use http; use https, or set OCTO_CLI_ALLOW_INSECURE_HTTP=1 to allow it`,
  );
}

/** What the HTTP layer logs to: --verbose request traces (the CLI injects its logger). */
export interface TraceLog {
  readonly verbose: boolean;
  debug(message: string): void;
}

export async function createFetch(env: NodeJS.ProcessEnv, log: TraceLog): Promise<typeof fetch> {
  const policy = transportPolicy(env);
  const guarded = policyFetch(await baseFetch(env, policy), policy);
  return log.verbose ? tracingFetch(guarded, log) : guarded;
}

async function baseFetch(env: NodeJS.ProcessEnv, policy: TransportPolicy): Promise<typeof fetch> {
  const proxied = PROXY_VARS.some((name) => env[name]);
  const caFile = env.OCTO_CLI_CA_FILE?.trim();
  if (!proxied) {
    // node:http(s): no WebAssembly parser to load (see node-fetch.ts); the CA bundle goes to the TLS options.
    const maxBodyBytes = policy.maxResponseBytes;
    if (!caFile) return createNodeFetch({ maxBodyBytes });
    const { rootCertificates } = await import('node:tls');
    return createNodeFetch({ ca: [...rootCertificates, await readCaFile(caFile)], maxBodyBytes });
  }
  const undici = await import('undici');
  const connect: Record<string, unknown> = {};
  if (caFile) {
    const { rootCertificates } = await import('node:tls');
    connect.ca = [...rootCertificates, await readCaFile(caFile)];
  }
  const httpProxy = env.HTTP_PROXY ?? env.http_proxy;
  const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy;
  // The pools of target origins; a pool that connects through a proxy gets a tunnel function, which is bounded.
  const factory = (origin: string | URL, opts: object) => {
    const o = opts as { connect?: unknown; connections?: number | null };
    const proxy = proxyName(new URL(origin).protocol === 'https:' ? (httpsProxy ?? httpProxy) : httpProxy);
    const options = typeof o.connect === 'function' ? { ...o, connect: boundedTunnel(o.connect as Connector, proxy) } : o;
    return o.connections === 1 ? new undici.Client(origin, options as never) : new undici.Pool(origin, options as never);
  };
  let dispatcher: InstanceType<typeof undici.EnvHttpProxyAgent>;
  try {
    dispatcher = new undici.EnvHttpProxyAgent({ connect, factory, httpProxy, httpsProxy, noProxy: env.NO_PROXY ?? env.no_proxy });
  } catch (err) {
    throw new ConfigError(`the proxy settings (HTTPS_PROXY, HTTP_PROXY) are not valid: ${(err as Error).message}`, { hint: 'e.g. HTTPS_PROXY=http://proxy.example.com:3128', cause: err });
  }
  return (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    try {
      return await undici.fetch(input as never, { ...(init as object), dispatcher } as never);
    } catch (err) {
      throw markProxyFailure(err, input instanceof Request ? input.url : String(input));
    }
  }) as unknown as typeof fetch;
}

type Connector = (opts: object, callback: (err: (Error & { code?: string }) | null, socket: unknown) => void) => void;

/**
 * undici treats a tunnel that the proxy closed (UND_ERR_SOCKET) as recoverable and opens the next one at once, for
 * as long as the request waits: thousands of CONNECTs in a few seconds. Here a pool's tunnel is tried at most
 * MAX_TRIES times in a row (within MAX_RETRY_WAIT_MS); then the failure is final and the request fails with it.
 */
function boundedTunnel(connect: Connector, proxy: string): Connector {
  let failures = 0;
  let since = 0;
  return (opts, callback) =>
    connect(opts, (err, socket) => {
      if (!err) {
        failures = 0;
        return callback(null, socket);
      }
      const status = /Proxy response \((\d+)\)/.exec(err.message)?.[1];
      if (status) return callback(Object.assign(new Error(`the proxy answered ${status} to CONNECT`), { code: 'OCTO_PROXY_REFUSED', proxy, status: Number(status), cause: err }), null);
      if (err.code !== 'UND_ERR_SOCKET') return callback(err, null); // undici fails the request with it
      if (failures++ === 0) since = Date.now();
      if (failures < MAX_TRIES && Date.now() - since < MAX_RETRY_WAIT_MS) return callback(err, null); // undici tries again
      const tries = failures;
      failures = 0;
      callback(Object.assign(new Error(`the proxy closed the tunnel ${tries} times`), { code: 'OCTO_PROXY_TUNNEL', proxy, tries, cause: err }), null);
    });
}

/** host:port of a proxy URL, never its credentials. */
function proxyName(url: string | undefined): string {
  try {
    const u = new URL(url ?? '');
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
  } catch {
    return 'the configured proxy';
  }
}

/**
 * The policy around a transport: checked before the request (plain http), redirects never followed, the body read
 * under the cap, and every failure to get a complete answer turned into one HttpError naming the origin.
 */
function policyFetch(inner: typeof fetch, policy: TransportPolicy): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init: RequestInit = {}) => {
    // Not `instanceof Request`: on Node 20 that loads undici, tens of ms per command (see node-fetch.ts).
    const url = typeof input === 'string' || input instanceof URL ? String(input) : input.url;
    assertSecureTransport(url, policy);
    try {
      const response = await inner(input, { ...init, redirect: 'manual' });
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        await response.body?.cancel().catch(() => {});
        throw new HttpError(redirectMessage(url, response.status, response.headers.get('location')), response.status);
      }
      return await readCapped(response, policy.maxResponseBytes);
    } catch (err) {
      if (err instanceof CliError) throw err;
      // Ctrl-C: the caller reports the cancellation; a timeout is a transport failure like any other.
      const reason = init.signal?.aborted ? (init.signal.reason as { name?: string } | undefined) : undefined;
      if (init.signal?.aborted && reason?.name !== 'TimeoutError') throw err;
      throw new HttpError(describeNetworkError(err, url), 0, '', { cause: err });
    }
  }) as typeof fetch;
}

function redirectMessage(url: string, status: number, location: string | null): string {
  let target = 'nowhere (no Location header)';
  if (location) {
    try {
      target = redactUrl(new URL(location, url).href);
    } catch {
      target = `an invalid location ${JSON.stringify(location)}`;
    }
  }
  return `the server at ${originOf(url)} answered ${status}, a redirect to ${target}; octo-cli does not follow redirects (check the identity URL)`;
}

/** The whole body, read while counting: above the cap the stream is cancelled, so memory stays bounded. */
async function readCapped(response: Response, limit: number): Promise<Response> {
  if ((response as unknown) instanceof NodeResponse) return response; // read whole and capped by node-fetch.ts
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw new ResponseTooLargeError(limit);
  }
  if (!response.body) return response;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new ResponseTooLargeError(limit);
    }
    chunks.push(value);
  }
  const body = total === 0 ? null : Buffer.concat(chunks, total);
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function formatBytes(n: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) if (n % size === 0) return `${n / size} ${unit}`;
  return `${n} bytes`;
}

/**
 * A connection that failed at another endpoint than the request's host failed at the proxy: mark it, so the
 * message names the proxy instead of blaming the identity service (or its DNS) for it.
 */
function markProxyFailure(err: unknown, url: string): unknown {
  const cause = (err as { cause?: { hostname?: string; address?: string; port?: number } } | undefined)?.cause;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return err;
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  let proxy: string | undefined;
  if (typeof cause?.hostname === 'string') proxy = cause.hostname !== host ? cause.hostname : undefined;
  else if (typeof cause?.port === 'number' && (cause.port !== port || (isIP(host) !== 0 && cause.address !== host))) proxy = `${cause.address}:${cause.port}`;
  if (proxy && err && typeof err === 'object') Object.assign(err, { proxy });
  return err;
}

/** The extra CA bundle; a file that cannot be read or holds no certificate is a configuration error, not a crash. */
async function readCaFile(caFile: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(caFile, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read the CA bundle OCTO_CLI_CA_FILE=${caFile}: ${(err as Error).message}`, { cause: err });
  }
  // Node would ignore a file without a PEM certificate, and every TLS error would then name OCTO_CLI_CA_FILE as the fix.
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`the CA bundle OCTO_CLI_CA_FILE=${caFile} holds no PEM certificate`);
  return pem;
}

function tracingFetch(inner: typeof fetch, log: TraceLog): typeof fetch {
  return async (input, init) => {
    const method = init?.method ?? (typeof input === 'string' || input instanceof URL ? 'GET' : input.method);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const started = Date.now();
    const body = typeof init?.body === 'string' ? init.body : init?.body instanceof URLSearchParams ? init.body.toString() : undefined;
    log.debug(`> ${method} ${redactUrl(url)}${body ? ` ${JSON.stringify(redactFields(body))}` : ''}`);
    try {
      const response = await inner(input, init);
      log.debug(`< ${response.status} ${response.statusText} ${method} ${redactUrl(url)} (${Date.now() - started} ms)`);
      return response;
    } catch (err) {
      log.debug(`< failed ${method} ${redactUrl(url)} (${Date.now() - started} ms): ${(err as Error).message}`);
      throw err;
    }
  };
}

/** Query parameters that carry secrets (ResetPassword's password, codes) are masked in traces. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const key of [...u.searchParams.keys()]) {
      if (/password|secret|token|code/i.test(key)) u.searchParams.set(key, '***');
    }
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/** One clear line for a transport failure (no response at all). */
export function describeNetworkError(err: unknown, url: string): string {
  const origin = originOf(url);
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return `no answer from ${origin} in time (timed out)`;
  const code = e?.cause?.code ?? (e as { code?: string })?.code;
  const own = (e?.cause ?? e) as { proxy?: string; tries?: number; status?: number; limit?: number };
  switch (code) {
    case 'OCTO_RESPONSE_TOO_LARGE':
      return `the answer from ${origin} is larger than ${formatBytes(own.limit ?? 0)}, the limit set by OCTO_CLI_MAX_RESPONSE_BYTES; it was not read to the end`;
    case 'OCTO_PROXY_TUNNEL':
      return `cannot reach ${origin} through the proxy ${own.proxy}: it closed the tunnel (CONNECT) ${own.tries} times (check HTTPS_PROXY / HTTP_PROXY)`;
    case 'OCTO_PROXY_REFUSED':
      return `cannot reach ${origin} through the proxy ${own.proxy}: it answered ${own.status} to the tunnel (CONNECT) request (check HTTPS_PROXY / HTTP_PROXY)`;
  }
  const proxy = (e as { proxy?: string })?.proxy;
  if (proxy) {
    const reason = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'its host name does not resolve' : (e?.cause?.message ?? e?.message);
    return `cannot reach the proxy ${proxy} for ${origin}: ${reason} (check HTTPS_PROXY / HTTP_PROXY)`;
  }
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot connect to ${origin}: connection refused (is the service running?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the host of ${origin} (DNS lookup failed)`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `the connection to ${origin} was reset before the answer was complete`;
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return `cannot connect to ${origin}: timed out`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `the TLS certificate of ${origin} is not trusted (${code}); set OCTO_CLI_CA_FILE or NODE_EXTRA_CA_CERTS to its CA bundle`;
    case 'CERT_HAS_EXPIRED':
      return `the TLS certificate of ${origin} has expired`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the TLS certificate of ${origin} does not match its host name`;
  }
  const detail = e?.cause?.message ?? e?.message ?? String(err);
  return `request to ${origin} failed: ${detail}`;
}
