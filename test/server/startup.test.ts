import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.js';
import { loadOrCreateKeys } from '../../src/server/keys.js';

const BIN = fileURLToPath(new URL('../../bin/octo-cli-server.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/server.js', import.meta.url)));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Connects as soon as the port accepts (retrying every millisecond), like a readiness loop with curl. */
async function connectWhenOpen(port: number, deadlineMs: number): Promise<Socket> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const socket = await new Promise<Socket | undefined>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => resolve(s));
      s.once('error', () => {
        s.destroy();
        resolve(undefined);
      });
    });
    if (socket) return socket;
    if (Date.now() > end) throw new Error(`port ${port} never opened`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Sends one raw HTTP request on the first connection and resolves with the status line and headers (or rejects after `timeoutMs`). */
function firstAnswer(socket: Socket, port: number, timeoutMs: number): Promise<{ status: number; head: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms on the first connection (got ${JSON.stringify(data)})`));
    }, timeoutMs);
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1]), head: data.slice(0, end).toLowerCase(), ms: Date.now() - started });
    });
    socket.write(`GET /.well-known/openid-configuration HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
  });
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe.skipIf(!built && !process.env.CI)('start-up: every accepted connection gets an answer', () => {
  it('octo-cli-server answers the very first connection within 2 s (200, or 503 with Retry-After while starting), and prints the ready line only once it serves', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, '--port', String(port), '--admin-password', 'Start-1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH },
    });
    children.push(child);
    let stdout = '';
    child.stdout!.on('data', (d) => (stdout += d));
    const ready = new Promise<void>((resolve) => {
      child.stdout!.on('data', () => {
        if (stdout.includes('Local Identity Service listening on')) resolve();
      });
    });

    const socket = await connectWhenOpen(port, 15_000);
    const first = await firstAnswer(socket, port, 2_000);
    expect([200, 503]).toContain(first.status);
    if (first.status === 503) expect(first.head).toMatch(/\r\nretry-after: \d+/);

    await ready;
    // The ready line means requests are served: the next request is answered by the service itself.
    const disco = await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`);
    expect(disco.status).toBe(200);
    expect(((await disco.json()) as { issuer: string }).issuer).toBe(`http://127.0.0.1:${port}`);
  });
});

describe('start-up in process', () => {
  it('answers a connection made while startServer() is still starting, and serves once it resolved', async () => {
    const port = await freePort();
    const starting = startServer({ port, log: () => {} });
    const socket = await connectWhenOpen(port, 15_000);
    const first = await firstAnswer(socket, port, 2_000);
    expect([200, 503]).toContain(first.status);
    const server = await starting;
    try {
      expect((await fetch(`${server.url}/.well-known/openid-configuration`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('key generation at start-up', () => {
  it('makes the RSA key without blocking the event loop (a setImmediate queued before it runs first)', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('event loop'));
    const keys = await loadOrCreateKeys(undefined).finally(() => order.push('keys'));
    expect(order).toEqual(['event loop', 'keys']);
    expect(keys.signingKey).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(typeof keys.signingKey.d).toBe('string');
    expect(keys.cookieKeys.length).toBeGreaterThan(0);
  });
});
