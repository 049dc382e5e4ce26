import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeResponse, createNodeFetch } from '../../src/api/node-fetch.js';

let server: Server;
let base: string;
const seen: Array<{ method: string; url: string; headers: Record<string, unknown>; body: string }> = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === '/empty') return res.writeHead(204).end();
      if (req.url === '/redirect') return res.writeHead(302, { location: '/elsewhere' }).end();
      if (req.url === '/slow') return; // never answers
      res.setHeader('content-type', 'application/json');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('node:http fetch', () => {
  const f = createNodeFetch();
  it('sends method, headers and a string body; answers a Response-like NodeResponse (no undici loaded for it)', async () => {
    const res = await f(`${base}/x?y=1`, { method: 'post', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(res).toBeInstanceOf(NodeResponse);
    // oauth4webapi (openid-client) accepts a Response by its tag: Object.getPrototypeOf(r)[Symbol.toStringTag].
    expect(Object.prototype.toString.call(res)).toBe('[object Response]');
    expect(Object.getPrototypeOf(res)[Symbol.toStringTag]).toBe((Response.prototype as unknown as Record<symbol, string>)[Symbol.toStringTag]);
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.bodyUsed).toBe(false);
    expect(await res.clone().text()).toBe('{"ok":true}');
    expect(await res.json()).toEqual({ ok: true });
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(TypeError);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(res.headers.get('x-missing')).toBeNull();
    expect(Object.fromEntries(res.headers)).toMatchObject({ 'content-type': 'application/json' });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/x?y=1', body: '{"a":1}', headers: { authorization: 'Bearer t', 'content-length': '7' } });
  });
  it('form bodies get their content type', async () => {
    await f(`${base}/form`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'octo_api' }) });
    expect(seen.at(-1)).toMatchObject({ body: 'grant_type=client_credentials&scope=octo_api', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' } });
  });
  it('204 has a null body; redirects are not followed', async () => {
    const empty = await f(`${base}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    expect(await empty.text()).toBe('');
    const redirect = await f(`${base}/redirect`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/elsewhere');
  });
  it('the body stream is made on demand and reads the whole answer; headers may be a Headers, pairs or a record', async () => {
    const res = await f(new URL(`${base}/stream`), { headers: new Headers({ 'X-One': '1' }) });
    const reader = res.body!.getReader();
    const parts: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
    expect(Buffer.concat(parts).toString()).toBe('{"ok":true}');
    expect(seen.at(-1)!.headers['x-one']).toBe('1');
    await f(`${base}/pairs`, { headers: [['X-Two', '2']] });
    expect(seen.at(-1)!.headers['x-two']).toBe('2');
    const cancelled = await f(`${base}/cancel`);
    await cancelled.body!.cancel();
  });
  it('an aborted signal rejects with its reason', async () => {
    const err = await f(`${base}/slow`, { signal: AbortSignal.timeout(100) }).catch((e) => e);
    expect(err.name).toBe('TimeoutError');
  });
  it('connection failures carry the system error code', async () => {
    const err = await f('http://127.0.0.1:9/').catch((e) => e);
    expect(err.code).toBe('ECONNREFUSED');
  });
});
