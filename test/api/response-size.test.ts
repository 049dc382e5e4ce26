/**
 * Issue 10 item 5: an answer above the size cap (64 MiB, OCTO_CLI_MAX_RESPONSE_BYTES) is aborted while it streams,
 * with one line, on both transports and for sign-in requests too; memory stays bounded (a spawned CLI reading a
 * 512 MiB answer stays under 300 MB peak RSS).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { CLI } from '../helpers/spawn.js';
import { runCli, tempHome } from '../helpers/run.js';
import { connectProxy, httpServer, type HttpTestServer } from '../helpers/net.js';
import { expectFailure, pointAt } from '../hardening/helpers.js';

let home: { home: string; cleanup(): void };
const open: Array<{ close(): Promise<void> }> = [];
beforeEach(() => {
  home = tempHome();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  home.cleanup();
});

/** Streams `total` bytes of a JSON array (chunked, no Content-Length, or with it), honouring back-pressure. */
function streamJson(res: ServerResponse, total: number, declareLength = false): void {
  res.writeHead(200, { 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(total) } : {}) });
  const chunk = Buffer.alloc(1 << 20, ' ');
  let sent = 0;
  res.write('[');
  sent++;
  const pump = () => {
    while (sent + chunk.length < total) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end(Buffer.alloc(total - sent - 1, ' ') + ']');
  };
  res.on('error', () => {});
  res.socket?.on('error', () => {});
  pump();
}

async function serving(total: number, declareLength = false): Promise<HttpTestServer> {
  const s = await httpServer((_req, res) => streamJson(res, total, declareLength));
  open.push(s);
  pointAt(home.home, `${s.url}/`);
  return s;
}

describe('the response size cap (in-process, a small OCTO_CLI_MAX_RESPONSE_BYTES)', () => {
  const cap = { OCTO_CLI_MAX_RESPONSE_BYTES: '100000' };

  it.each(['node:http (no proxy)', 'undici (HTTP_PROXY)'])('GetClients over %s: a streamed 8 MB answer is aborted at the cap', async (transport) => {
    const s = await serving(8 << 20);
    const env: NodeJS.ProcessEnv = { OCTO_CLI_ACCESS_TOKEN: 't', ...cap };
    if (transport.startsWith('undici')) {
      const proxy = await connectProxy('tunnel');
      open.push(proxy);
      env.HTTP_PROXY = proxy.url;
    }
    expectFailure(await runCli(['-c', 'GetClients'], { home: home.home, env }), 253, `the answer from ${s.url} is larger than 100000 bytes, the limit set by OCTO_CLI_MAX_RESPONSE_BYTES; it was not read to the end`);
  });

  it('a Content-Length above the cap is refused before the body is read', async () => {
    const s = await serving(4 << 20, true);
    expectFailure(await runCli(['-c', 'GetClients'], { home: home.home, env: { OCTO_CLI_ACCESS_TOKEN: 't', ...cap } }), 253, `the answer from ${s.url} is larger than 100000 bytes, the limit set by OCTO_CLI_MAX_RESPONSE_BYTES; it was not read to the end`);
  });

  it('sign-in requests are capped too (a huge discovery document)', async () => {
    const s = await serving(8 << 20);
    const r = await runCli(['-c', 'LogInClientCredentials', '-id', 'ci', '-s', '-'], { home: home.home, stdin: 'secret', env: { OCTO_CLI_TOKEN_STORE: 'memory', ...cap } });
    expect(r.code, r.stderr).toBe(253);
    expect(r.stderr).toMatch(new RegExp(`^error: the answer from ${s.url.replace(/\./g, '\\.')} is larger than 100000 bytes, the limit set by OCTO_CLI_MAX_RESPONSE_BYTES; it was not read to the end$`, 'm'));
  });

  it('an answer under the cap is read as before', async () => {
    const s = await httpServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
    open.push(s);
    pointAt(home.home, `${s.url}/`);
    const r = await runCli(['-c', 'GetClients', '-o', 'json'], { home: home.home, env: { OCTO_CLI_ACCESS_TOKEN: 't', OCTO_CLI_MAX_RESPONSE_BYTES: '2' } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it.each(['0', '-5', 'lots', '1.5'])('OCTO_CLI_MAX_RESPONSE_BYTES=%s is a configuration error (254), before any request', async (value) => {
    const s = await serving(10);
    expectFailure(
      await runCli(['-c', 'GetClients'], { home: home.home, env: { OCTO_CLI_ACCESS_TOKEN: 't', OCTO_CLI_MAX_RESPONSE_BYTES: value } }),
      254,
      `OCTO_CLI_MAX_RESPONSE_BYTES must be a whole number of bytes above 0 (e.g. 67108864 or 64M), not '${value}'`,
    );
    expect(s.requests).toEqual([]);
  });
});

describe('memory stays bounded (spawned CLI)', () => {
  it.each(['node:http (no proxy)', 'undici (HTTP_PROXY)'])('a 512 MiB answer over %s: aborted at the 64 MiB default, peak RSS under 300 MB', async (transport) => {
    const s = await serving(512 << 20);
    const proxy = transport.startsWith('undici') ? await connectProxy('tunnel') : undefined;
    if (proxy) open.push(proxy);
    // The child reports its own peak RSS on exit (getrusage ru_maxrss via process.resourceUsage, in KiB).
    const probe = join(home.home, 'rss.cjs');
    const out = join(home.home, 'rss.txt');
    writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`);
    const child = spawn(process.execPath, ['--require', probe, CLI, '-c', 'GetClients'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', OCTO_CLI_HOME: home.home, OCTO_CLI_ACCESS_TOKEN: 't', ...(proxy ? { HTTP_PROXY: proxy.url } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stdout, stderr }).toEqual({ code: 253, stdout: '', stderr: `error: the answer from ${s.url} is larger than 64 MiB, the limit set by OCTO_CLI_MAX_RESPONSE_BYTES; it was not read to the end\n` });
    const peakMb = (Number(readFileSync(out, 'utf8')) * 1024) / 1e6;
    expect(peakMb).toBeGreaterThan(20); // a real measurement
    expect(peakMb).toBeLessThan(300);
    expect(s.requests).toHaveLength(1);
    if (proxy) expect(proxy.connects[0]).toBe(`127.0.0.1:${s.port}`); // the proxy path was really taken
  }, 60_000);
});
