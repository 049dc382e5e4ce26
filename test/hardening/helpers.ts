/**
 * Faulty servers for the hardening tests: a raw HTTP/1.1 responder on 127.0.0.1 whose handler writes whatever
 * bytes it likes (half a body, a reset, nothing at all), self-signed certificates made with openssl, and a
 * contexts.json pointing the CLI at them.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunResult } from '../helpers/run.js';

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Answers one request by writing to the socket (or not); `n` counts the requests this server got, from 1. */
export type RawHandler = (socket: Socket, request: RawRequest, n: number) => void;

export interface FaultServer {
  port: number;
  url: string;
  requests: RawRequest[];
  close(): Promise<void>;
}

/** A bounded HTTP/1.1 server on 127.0.0.1 (keep-alive aware: several requests may come on one socket). */
export async function faultServer(handler: RawHandler): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const requests: RawRequest[] = [];
  const server: Server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [start = '', ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of lines) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        const length = Number(headers['content-length'] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
        buffer = buffer.subarray(end + 4 + length);
        const [method = '', path = ''] = start.split(' ');
        const request = { method, path, headers, body };
        requests.push(request);
        handler(socket, request, requests.length);
      }
    });
  });
  server.maxConnections = 16;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A complete HTTP/1.1 response with a Content-Length. */
export function response(status: string, body = '', headers: Record<string, string> = {}): string {
  const head = { 'content-type': 'application/json; charset=utf-8', ...headers, 'content-length': String(Buffer.byteLength(body)) };
  return `HTTP/1.1 ${status}\r\n${Object.entries(head).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`;
}

/** A port with nothing listening on 127.0.0.1 (taken, then released). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** contexts.json with one active context `f` at this identity URL (tenant octosystem). */
export function pointAt(home: string, identityUrl: string, tenant = 'octosystem'): void {
  writeFileSync(join(home, 'contexts.json'), JSON.stringify({ ActiveContext: 'f', Contexts: { f: { OctoToolOptions: { IdentityServiceUrl: identityUrl, TenantId: tenant } } } }), { mode: 0o600 });
}

/**
 * A failed command: the documented exit code, nothing on stdout, and on stderr exactly one `error:` line (after
 * the command's own progress lines, if any) and no stack trace.
 */
export function expectFailure(r: RunResult, code: number, message: string | RegExp, progress: string[] = []): void {
  const context = JSON.stringify(r);
  expect(r.stdout, context).toBe('');
  expect(r.code, context).toBe(code);
  expect(r.stderr, context).not.toMatch(/^\s+at /m);
  const lines = r.stderr.split('\n');
  expect(lines.pop(), context).toBe(''); // ends with a newline
  expect(lines.slice(0, -1), context).toEqual(progress);
  const last = lines.at(-1) ?? '';
  if (typeof message === 'string') expect(last).toBe(`error: ${message}`);
  else expect(last).toMatch(message);
}

export interface Certificates {
  /** Self-signed for 127.0.0.1: its own CA. */
  selfSigned: { key: string; cert: string };
  /** A private CA, and a leaf for 127.0.0.1 it signed. */
  ca: { cert: string };
  leaf: { key: string; cert: string };
  /** Signed by the CA, but for `localhost` only (connecting to 127.0.0.1 is a host-name mismatch). */
  otherHost: { key: string; cert: string };
}

/** Makes the certificates with openssl (EC keys: fast) into `dir`; returns file paths. */
export function makeCertificates(dir: string): Certificates {
  const p = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', p('self.key'), '-out', p('self.pem'));
  openssl('req', '-x509', ...ec, '-days', '2', '-subj', '/CN=octo-cli test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-keyout', p('ca.key'), '-out', p('ca.pem'));
  const leaf = (name: string, cn: string, san: string) => {
    openssl('req', ...ec, '-subj', `/CN=${cn}`, '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`));
    writeFileSync(p(`${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
    openssl('x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', p(`${name}.ext`), '-out', p(`${name}.pem`));
    return { key: p(`${name}.key`), cert: p(`${name}.pem`) };
  };
  return {
    selfSigned: { key: p('self.key'), cert: p('self.pem') },
    ca: { cert: p('ca.pem') },
    leaf: leaf('leaf', '127.0.0.1', 'IP:127.0.0.1'),
    otherHost: leaf('other', 'localhost', 'DNS:localhost'),
  };
}
