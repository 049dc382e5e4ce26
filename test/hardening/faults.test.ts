/**
 * Issue 6 §3: faults of the network and of the server, through the whole CLI (argv → command → admin API →
 * fetch → real sockets on 127.0.0.1), for a read (`GetClients`) and a write (`CreateApiScope -n x`).
 * Every failure must be one `error:` line on stderr, nothing on stdout, no stack trace, and exit 253
 * (HTTP/transport) — 254 for a CA file that cannot be read.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import dns from 'node:dns';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, tempHome, type RunOptions } from '../helpers/run.js';
import { expectFailure, faultServer, freePort, makeCertificates, pointAt, response, type Certificates, type FaultServer, type RawHandler } from './helpers.js';

const CLIENTS = [{ clientId: 'ci-bot', clientName: 'CI bot', isEnabled: true, allowedGrantTypes: ['client_credentials'], allowedScopes: ['octo_api'], redirectUris: [] }];
const CLIENTS_JSON = JSON.stringify(CLIENTS);

let home: { home: string; cleanup(): void };
let server: FaultServer | undefined;
beforeAll(() => {
  home = tempHome();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => home.cleanup());

/** Runs the CLI in-process against the context written by pointAt (a static token: no sign-in). */
function octo(argv: string[], opts: RunOptions = {}) {
  return runCli(argv, { ...opts, home: home.home, env: { OCTO_CLI_ACCESS_TOKEN: 't', ...opts.env } });
}

async function serve(handler: RawHandler): Promise<FaultServer> {
  server = await faultServer(handler);
  pointAt(home.home, `${server.url}/`);
  return server;
}

/** The read and the write command, with the progress line the write prints before it sends its request. */
const COMMANDS = [
  { name: 'GetClients', argv: ['-c', 'GetClients'], progress: (_base: string): string[] => [] },
  { name: 'CreateApiScope', argv: ['-c', 'CreateApiScope', '-n', 'x'], progress: (base: string) => [`Creating API scope 'x' at '${base}/octosystem/v1'`] },
];

describe.each(COMMANDS)('$name: transport faults', ({ argv, progress }) => {
  it('connection refused (nothing listening)', async () => {
    const port = await freePort();
    pointAt(home.home, `http://127.0.0.1:${port}/`);
    const r = await octo(argv);
    expectFailure(r, 253, `cannot connect to http://127.0.0.1:${port}: connection refused (is the service running?)`, progress(`http://127.0.0.1:${port}`));
  });

  it('connection reset before any answer', async () => {
    const s = await serve((socket) => socket.resetAndDestroy());
    expectFailure(await octo(argv), 253, `the connection to ${s.url} was reset before the answer was complete`, progress(s.url));
    expect(s.requests).toHaveLength(1); // not retried
  });

  it('connection reset in the middle of the body (RST after headers and half the body)', async () => {
    const s = await serve((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n[{"clientId":"ci-b');
      setTimeout(() => socket.resetAndDestroy(), 20);
    });
    expectFailure(await octo(argv), 253, `the connection to ${s.url} was reset before the answer was complete`, progress(s.url));
  });

  it('connection closed in the middle of the body (FIN after headers and half the body)', async () => {
    const s = await serve((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n[{"clientId":"ci-b');
      setTimeout(() => socket.destroy(), 20);
    });
    expectFailure(await octo(argv), 253, `the connection to ${s.url} was reset before the answer was complete`, progress(s.url));
  });

  it('DNS failure: a .invalid host never resolves, and nothing but the resolver is asked', async () => {
    pointAt(home.home, 'https://nothing.invalid/');
    const looked: string[] = [];
    const original = dns.lookup;
    // Node's fetch connects through net.connect, which resolves with dns.lookup (getaddrinfo): record what it asks.
    (dns as { lookup: unknown }).lookup = (host: string, ...rest: unknown[]) => {
      looked.push(host);
      return (original as (...a: unknown[]) => unknown)(host, ...rest);
    };
    try {
      expectFailure(await octo(argv), 253, 'cannot resolve the host of https://nothing.invalid (DNS lookup failed)', progress('https://nothing.invalid'));
    } finally {
      (dns as { lookup: unknown }).lookup = original;
    }
    expect(looked).toEqual(['nothing.invalid']);
  });

  it('a server that never answers: OCTO_CLI_TIMEOUT=1 gives up after 1 s', async () => {
    const s = await serve(() => {});
    const started = Date.now();
    const r = await octo(argv, { env: { OCTO_CLI_TIMEOUT: '1' } });
    const elapsed = Date.now() - started;
    expectFailure(r, 253, `no answer from ${s.url} in time (timed out)`, progress(s.url));
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(5000);
    expect(s.requests).toHaveLength(1);
  });
});

describe('GetClients: broken answers', () => {
  const get = ['-c', 'GetClients'];

  it('headers, then the body stalls: the timeout covers reading the body too', async () => {
    const s = await serve((socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n[{"clientId":'));
    const started = Date.now();
    const r = await octo(get, { env: { OCTO_CLI_TIMEOUT: '1' } });
    expectFailure(r, 253, `no answer from ${s.url} in time (timed out)`);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('truncated JSON: Content-Length larger than the body, then close', async () => {
    const s = await serve((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 64\r\n\r\n[{"clientId":'));
    expectFailure(await octo(get), 253, `the connection to ${s.url} was reset before the answer was complete`);
  });

  it('truncated JSON: a close-delimited 200 with `[{"clientId":`', async () => {
    await serve((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n[{"clientId":'));
    expectFailure(await octo(get), 253, 'the server answered 200 with a body that is not valid JSON');
  });

  it('truncated JSON: a chunked body cut before its last chunk', async () => {
    const s = await serve((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nd\r\n[{"clientId":\r\n');
      setTimeout(() => socket.destroy(), 20);
    });
    expectFailure(await octo(get), 253, `the connection to ${s.url} was reset before the answer was complete`);
  });

  it('a 200 that is JSON but not a list', async () => {
    await serve((socket) => socket.write(response('200 OK', '{"clients":[]}')));
    expectFailure(await octo(get), 253, "the server's answer for clients is not a list");
  });
});

describe('server errors (5xx) with an HTML body', () => {
  const html = (title?: string) => `<!DOCTYPE html>\n<html>\n<head>${title ? `<title>${title}</title>` : ''}</head>\n<body>\n<h1>Oops</h1>\n<pre>at Foo.Bar()\n   at Baz()</pre>\n</body>\n</html>\n`;

  it.each(COMMANDS)('$name: 502 from a proxy is one line naming the page title, not retried', async ({ argv, progress }) => {
    const s = await serve((socket) => socket.write(response('502 Bad Gateway', html('502 Bad Gateway'), { 'content-type': 'text/html' })));
    expectFailure(await octo(argv), 253, 'server error 502 Bad Gateway: HTML error page: 502 Bad Gateway; try again later', progress(s.url));
    expect(s.requests).toHaveLength(1);
  });

  it('500 with an HTML page without a title', async () => {
    await serve((socket) => socket.write(response('500 Internal Server Error', html(), { 'content-type': 'text/html; charset=utf-8' })));
    expectFailure(await octo(['-c', 'GetClients']), 253, 'server error 500 Internal Server Error: an HTML error page; try again later');
  });

  it('503 is retried (1 s, then 2 s without Retry-After) and then reported', async () => {
    const sleeps: number[] = [];
    const s = await serve((socket) => socket.write(response('503 Service Unavailable', html('Maintenance'), { 'content-type': 'text/html' })));
    const r = await octo(['-c', 'GetClients'], { sleep: async (ms) => void sleeps.push(ms) });
    expectFailure(r, 253, 'server error 503 Service Unavailable: HTML error page: Maintenance; try again later', [
      'service unavailable (503); retrying in 1 s (try 2 of 3)',
      'service unavailable (503); retrying in 2 s (try 3 of 3)',
    ]);
    expect(sleeps).toEqual([1000, 2000]);
    expect(s.requests).toHaveLength(3);
  });
});

describe('429 Too Many Requests with Retry-After', () => {
  const NOW = Date.parse('2030-01-01T00:00:00Z');

  it('GetClients: waits as told (seconds, then an HTTP date), retries and succeeds', async () => {
    const sleeps: number[] = [];
    const s = await serve((socket, _req, n) => {
      if (n === 1) socket.write(response('429 Too Many Requests', '', { 'retry-after': '2' }));
      else if (n === 2) socket.write(response('429 Too Many Requests', 'slow down', { 'content-type': 'text/plain', 'retry-after': new Date(NOW + 5000).toUTCString() }));
      else socket.write(response('200 OK', CLIENTS_JSON));
    });
    const r = await octo(['-c', 'GetClients', '-o', 'json'], { now: () => NOW, sleep: async (ms) => void sleeps.push(ms) });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(CLIENTS);
    expect(r.stderr).toBe('rate limited (429); retrying in 2 s (try 2 of 3)\nrate limited (429); retrying in 5 s (try 3 of 3)\n');
    expect(sleeps).toEqual([2000, 5000]);
    expect(s.requests.map((q) => `${q.method} ${q.path} ${q.headers.authorization}`)).toEqual(Array(3).fill('GET /octosystem/v1/clients Bearer t'));
  });

  it('GetClients as a table after one 429', async () => {
    const sleeps: number[] = [];
    await serve((socket, _req, n) => socket.write(n === 1 ? response('429 Too Many Requests', '', { 'retry-after': '1' }) : response('200 OK', CLIENTS_JSON)));
    const r = await octo(['-c', 'GetClients'], { sleep: async (ms) => void sleeps.push(ms) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('ci-bot');
    expect(r.stdout).toContain('CI bot');
    expect(sleeps).toEqual([1000]);
  });

  it('CreateApiScope: the retried POST sends the same body, and the scope is created', async () => {
    const sleeps: number[] = [];
    const s = await serve((socket, _req, n) => socket.write(n === 1 ? response('429 Too Many Requests', '', { 'retry-after': '3' }) : response('201 Created', '')));
    const r = await octo(['-c', 'CreateApiScope', '-n', 'x'], { sleep: async (ms) => void sleeps.push(ms) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`Creating API scope 'x' at '${s.url}/octosystem/v1'\nrate limited (429); retrying in 3 s (try 2 of 3)\nAPI scope 'x' created\n`);
    expect(sleeps).toEqual([3000]);
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1]!.body).toBe(s.requests[0]!.body);
    expect(JSON.parse(s.requests[0]!.body)).toMatchObject({ name: 'x', isEnabled: true });
  });

  it('three 429s: gives up with one line after waiting twice', async () => {
    const sleeps: number[] = [];
    const s = await serve((socket) => socket.write(response('429 Too Many Requests', '{"message":"quota exceeded"}', { 'retry-after': '1' })));
    const r = await octo(['-c', 'GetClients'], { sleep: async (ms) => void sleeps.push(ms) });
    expectFailure(r, 253, '429 Too Many Requests: quota exceeded', ['rate limited (429); retrying in 1 s (try 2 of 3)', 'rate limited (429); retrying in 1 s (try 3 of 3)']);
    expect(sleeps).toEqual([1000, 1000]);
    expect(s.requests).toHaveLength(3);
  });

  it('a Retry-After beyond the 30 s budget is not waited for', async () => {
    const sleeps: number[] = [];
    const s = await serve((socket) => socket.write(response('429 Too Many Requests', '', { 'retry-after': '120' })));
    expectFailure(await octo(['-c', 'GetClients'], { sleep: async (ms) => void sleeps.push(ms) }), 253, '429 Too Many Requests');
    expect(sleeps).toEqual([]);
    expect(s.requests).toHaveLength(1);
  });
});

describe('proxy faults (HTTP_PROXY / HTTPS_PROXY)', () => {
  const ok = (socket: import('node:net').Socket) => socket.write(response('200 OK', CLIENTS_JSON));

  it('a proxy that refuses connections is named, not the identity service', async () => {
    const s = await serve(ok);
    const proxyPort = await freePort();
    const r = await octo(['-c', 'GetClients'], { env: { HTTP_PROXY: `http://127.0.0.1:${proxyPort}` } });
    expectFailure(r, 253, `cannot reach the proxy 127.0.0.1:${proxyPort} for ${s.url}: connection refused (check HTTPS_PROXY / HTTP_PROXY)`);
    expect(s.requests).toHaveLength(0);
  });

  it('a proxy host that does not resolve is named, not the identity service', async () => {
    const s = await serve(ok);
    const r = await octo(['-c', 'CreateApiScope', '-n', 'x'], { env: { HTTP_PROXY: 'http://proxy.invalid:3128' } });
    expectFailure(r, 253, `cannot reach the proxy proxy.invalid for ${s.url}: its host name does not resolve (check HTTPS_PROXY / HTTP_PROXY)`, [`Creating API scope 'x' at '${s.url}/octosystem/v1'`]);
  });

  it('NO_PROXY bypasses a dead proxy', async () => {
    await serve(ok);
    const r = await octo(['-c', 'GetClients', '-o', 'json'], { env: { HTTP_PROXY: `http://127.0.0.1:${await freePort()}`, NO_PROXY: '127.0.0.1' } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(CLIENTS);
  });

  it('a proxy setting that is not a URL is a configuration error (254), not a crash', async () => {
    await serve(ok);
    expectFailure(await octo(['-c', 'GetClients'], { env: { HTTPS_PROXY: 'not a url' } }), 254, 'the proxy settings (HTTPS_PROXY, HTTP_PROXY) are not valid: Invalid URL (e.g. HTTPS_PROXY=http://proxy.example.com:3128)');
  });
});

describe('TLS', () => {
  let dir: string;
  let certs: Certificates;
  let https: HttpsServer | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'octo-hardening-tls-'));
    certs = makeCertificates(dir);
  });
  afterEach(async () => {
    https?.closeAllConnections();
    await new Promise<void>((resolve) => (https ? https.close(() => resolve()) : resolve()));
    https = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function serveTls(pair: { key: string; cert: string }, host = '127.0.0.1'): Promise<string> {
    https = createHttpsServer({ key: readFileSync(pair.key), cert: readFileSync(pair.cert) }, (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(CLIENTS_JSON);
    });
    https.on('tlsClientError', () => {});
    await new Promise<void>((resolve) => https!.listen(0, '127.0.0.1', resolve));
    const url = `https://${host}:${(https.address() as AddressInfo).port}`;
    pointAt(home.home, `${url}/`);
    return url;
  }

  it.each(COMMANDS)('$name: a self-signed certificate is refused with the fix named', async ({ argv, progress }) => {
    const url = await serveTls(certs.selfSigned);
    expectFailure(await octo(argv), 253, `the TLS certificate of ${url} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); set OCTO_CLI_CA_FILE or NODE_EXTRA_CA_CERTS to its CA bundle`, progress(url));
  });

  it('the self-signed certificate works once OCTO_CLI_CA_FILE names it', async () => {
    await serveTls(certs.selfSigned);
    const r = await octo(['-c', 'GetClients', '-o', 'json'], { env: { OCTO_CLI_CA_FILE: certs.selfSigned.cert } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(CLIENTS);
  });

  it('a certificate from a private CA: refused, then accepted with the CA in OCTO_CLI_CA_FILE', async () => {
    const url = await serveTls(certs.leaf);
    expectFailure(await octo(['-c', 'GetClients']), 253, `the TLS certificate of ${url} is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE); set OCTO_CLI_CA_FILE or NODE_EXTRA_CA_CERTS to its CA bundle`);
    const r = await octo(['-c', 'GetClients'], { env: { OCTO_CLI_CA_FILE: certs.ca.cert } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('ci-bot');
  });

  it('a trusted certificate for another host name', async () => {
    const url = await serveTls(certs.otherHost);
    expectFailure(await octo(['-c', 'GetClients'], { env: { OCTO_CLI_CA_FILE: certs.ca.cert } }), 253, `the TLS certificate of ${url} does not match its host name`);
  });

  it('another CA in OCTO_CLI_CA_FILE does not make the self-signed certificate trusted', async () => {
    const url = await serveTls(certs.selfSigned);
    expectFailure(await octo(['-c', 'GetClients'], { env: { OCTO_CLI_CA_FILE: certs.ca.cert } }), 253, new RegExp(`^error: the TLS certificate of ${url.replace(/\./g, '\\.')} is not trusted \\(DEPTH_ZERO_SELF_SIGNED_CERT\\)`));
  });

  it('an OCTO_CLI_CA_FILE that does not exist is a configuration error (254), not a crash', async () => {
    await serveTls(certs.selfSigned);
    const missing = join(dir, 'missing.pem');
    expectFailure(await octo(['-c', 'GetClients'], { env: { OCTO_CLI_CA_FILE: missing } }), 254, `cannot read the CA bundle OCTO_CLI_CA_FILE=${missing}: ENOENT: no such file or directory, open '${missing}'`);
  });

  it('an OCTO_CLI_CA_FILE without a certificate in it is a configuration error (254)', async () => {
    await serveTls(certs.selfSigned);
    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, 'not a certificate\n');
    expectFailure(await octo(['-c', 'GetClients'], { env: { OCTO_CLI_CA_FILE: garbage } }), 254, `the CA bundle OCTO_CLI_CA_FILE=${garbage} holds no PEM certificate`);
  });
});
