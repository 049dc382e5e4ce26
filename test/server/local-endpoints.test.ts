import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonContentType, isLoopbackHost } from '../../src/server/http.js';
import type { RunningServer } from '../../src/server/index.js';
import { pollToken, start, startDevice } from './helpers.js';

describe('/_local/device/approve|deny answer only this machine', () => {
  it('treats IPv4 and IPv6 loopback (also IPv4-mapped) as local, anything else not', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.1']) expect(isLoopbackHost(a), a).toBe(true);
    for (const a of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', 'fe80::1', '', undefined]) expect(isLoopbackHost(a), String(a)).toBe(false);
  });

  it('the same helper judges URL hostnames: localhost, [::1] and 127.x.y.z, but no name that merely starts with 127.', () => {
    for (const h of ['localhost', '[::1]', '127.0.0.1', '127.255.0.9']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['127.0.0.1.nip.io', '127.example.com', 'localhost.example.com', '[::ffff:7f00:1]', '[fe80::1]', 'example.com']) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });
});

describe('JSON content types', () => {
  it('strict: application/json with parameters only; aspnet: also text/json and application/*+json', () => {
    for (const t of ['application/json', 'Application/JSON; charset=utf-8', ' application/json ;x=1']) expect(isJsonContentType(t), t).toBe(true);
    for (const t of ['text/json', 'application/problem+json', 'application/jsonx', 'application/json x', 'text/plain', '', undefined]) {
      expect(isJsonContentType(t), String(t)).toBe(false);
    }
    for (const t of ['application/json', 'text/json; charset=utf-8', 'application/problem+json', 'application/vnd.octo.v1+json']) {
      expect(isJsonContentType(t, 'aspnet'), t).toBe(true);
    }
    for (const t of ['application/jsonx', 'text/plain', 'application/x-www-form-urlencoded', '', undefined]) {
      expect(isJsonContentType(t, 'aspnet'), String(t)).toBe(false);
    }
  });
});

let server: RunningServer;
let port: string;
beforeAll(async () => {
  server = await start();
  port = new URL(server.url).port;
});
afterAll(() => server.close());

/** A raw POST with full control over Host, Origin and the other headers a browser would send. */
function rawPost(path: string, headers: Record<string, string>, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method: 'POST', headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const approvePath = '/_local/device/approve';

describe('/_local/device/approve refuses what a web page could send', () => {
  it('refuses a text body (a no-cors cross-site fetch), and the code stays pending', async () => {
    const dar = await startDevice(server);
    const body = JSON.stringify({ userCode: dar.user_code, username: 'admin' });
    for (const contentType of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await rawPost(approvePath, { 'content-type': contentType }, body);
      expect(res.status, contentType).toBe(415);
    }
    expect((await rawPost(approvePath, {}, body)).status).toBe(415); // no content type at all
    expect((await pollToken(server, dar.device_code)).json.error).toBe('authorization_pending');
  });

  it('refuses cross-site requests by Origin or Sec-Fetch-Site, even with a JSON body', async () => {
    const dar = await startDevice(server);
    const body = JSON.stringify({ userCode: dar.user_code, username: 'admin' });
    const json = { 'content-type': 'application/json' };
    const cases: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `http://127.0.0.1:${Number(port) + 1}` },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const extra of cases) {
      const res = await rawPost(approvePath, { ...json, ...extra }, body);
      expect(res.status, JSON.stringify(extra)).toBe(403);
      expect(res.json.error).toBe('cross_site');
    }
    expect((await pollToken(server, dar.device_code)).json.error).toBe('authorization_pending');
  });

  it("refuses a Host header that does not name the service's loopback address (DNS rebinding)", async () => {
    const dar = await startDevice(server);
    const body = JSON.stringify({ userCode: dar.user_code, username: 'admin' });
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`, `10.0.0.1:${port}`, `127.0.0.1.nip.io:${port}`]) {
      const res = await rawPost(approvePath, { 'content-type': 'application/json', host }, body);
      expect(res.status, host).toBe(403);
      expect(res.json.error).toBe('forbidden_host');
    }
    expect((await pollToken(server, dar.device_code)).json.error).toBe('authorization_pending');
  });

  it('approves for a script on this machine: JSON, own Host (also localhost), same-origin or no Origin', async () => {
    const cases: Record<string, string>[] = [{}, { host: `localhost:${port}` }, { origin: server.url, 'sec-fetch-site': 'same-origin' }];
    for (const extra of cases) {
      const dar = await startDevice(server);
      const res = await rawPost(approvePath, { 'content-type': 'application/json; charset=utf-8', ...extra }, JSON.stringify({ userCode: dar.user_code }));
      expect(res.status, JSON.stringify(extra)).toBe(200);
      expect(res.json.status).toBe('approved');
      expect((await pollToken(server, dar.device_code)).status).toBe(200);
    }
  });

  it('applies the same rules to /_local/device/deny', async () => {
    const dar = await startDevice(server);
    const body = JSON.stringify({ userCode: dar.user_code });
    expect((await rawPost('/_local/device/deny', { 'content-type': 'text/plain' }, body)).status).toBe(415);
    expect((await rawPost('/_local/device/deny', { 'content-type': 'application/json', origin: 'https://evil.example' }, body)).status).toBe(403);
    expect((await rawPost('/_local/device/deny', { 'content-type': 'application/json', host: `evil.example:${port}` }, body)).status).toBe(403);
    expect((await pollToken(server, dar.device_code)).json.error).toBe('authorization_pending');
  });
});
