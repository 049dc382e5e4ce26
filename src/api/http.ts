/**
 * The HTTP layer under every request of the CLI (admin API and OAuth): a small fetch on node:http(s) (node-fetch.ts;
 * light and quick to start), or undici with a proxy dispatcher when HTTPS_PROXY/HTTP_PROXY ask for one; an extra
 * CA bundle from OCTO_CLI_CA_FILE; and a --verbose trace that never shows a secret.
 */
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { redactFields, type Logger } from '../cli/log.js';
import { ConfigError } from '../errors.js';

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export async function createFetch(env: NodeJS.ProcessEnv, log: Logger): Promise<typeof fetch> {
  const base = await baseFetch(env);
  return log.verbose ? tracingFetch(base, log) : base;
}

async function baseFetch(env: NodeJS.ProcessEnv): Promise<typeof fetch> {
  const proxied = PROXY_VARS.some((name) => env[name]);
  const caFile = env.OCTO_CLI_CA_FILE?.trim();
  if (!proxied) {
    // node:http(s): no WebAssembly parser to load (see node-fetch.ts); the CA bundle goes to the TLS options.
    const { createNodeFetch } = await import('./node-fetch.js');
    if (!caFile) return createNodeFetch();
    const { rootCertificates } = await import('node:tls');
    return createNodeFetch({ ca: [...rootCertificates, await readCaFile(caFile)] });
  }
  const undici = await import('undici');
  const connect: Record<string, unknown> = {};
  if (caFile) {
    const { rootCertificates } = await import('node:tls');
    connect.ca = [...rootCertificates, await readCaFile(caFile)];
  }
  let dispatcher: InstanceType<typeof undici.Agent> | InstanceType<typeof undici.EnvHttpProxyAgent>;
  try {
    dispatcher = proxied
      ? new undici.EnvHttpProxyAgent({ connect, httpProxy: env.HTTP_PROXY ?? env.http_proxy, httpsProxy: env.HTTPS_PROXY ?? env.https_proxy, noProxy: env.NO_PROXY ?? env.no_proxy })
      : new undici.Agent({ connect });
  } catch (err) {
    throw new ConfigError(`the proxy settings (HTTPS_PROXY, HTTP_PROXY) are not valid: ${(err as Error).message}`, { hint: 'e.g. HTTPS_PROXY=http://proxy.example.com:3128', cause: err });
  }
  return (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    try {
      return await undici.fetch(input as never, { ...(init as object), dispatcher } as never);
    } catch (err) {
      throw proxied ? markProxyFailure(err, input instanceof Request ? input.url : String(input)) : err;
    }
  }) as unknown as typeof fetch;
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

function tracingFetch(inner: typeof fetch, log: Logger): typeof fetch {
  return async (input, init) => {
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
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
  const origin = (() => {
    try {
      return new URL(url).origin;
    } catch {
      return url;
    }
  })();
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return `no answer from ${origin} in time (timed out)`;
  const code = e?.cause?.code ?? (e as { code?: string })?.code;
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
