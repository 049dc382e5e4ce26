/**
 * Issue 10 item 6: no credential goes over plain http to a host that is not loopback, on every path (a token from
 * OCTO_CLI_ACCESS_TOKEN, a legacy token from contexts.json, sign-in), unless OCTO_CLI_ALLOW_INSECURE_HTTP=1; AddContext
 * and Config warn. `identity.octo.test` is made to reach a local server (a patched resolver without a proxy, the
 * proxy's own mapping with one), so a test sees what would really have gone over the wire.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import dns from 'node:dns';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/run.js';
import { connectProxy, httpServer, type ConnectProxy, type HttpTestServer } from '../helpers/net.js';
import { expectFailure, pointAt } from '../hardening/helpers.js';

const HOST = 'identity.octo.test';
const refusal = (url: string) =>
  `refusing to send a request to ${url} over plain http: only loopback hosts (localhost, 127.0.0.1, ::1) may use http; use https, or set OCTO_CLI_ALLOW_INSECURE_HTTP=1 to allow it`;

let home: { home: string; cleanup(): void };
let service: HttpTestServer;
const open: Array<{ close(): Promise<void> }> = [];
const originalLookup = dns.lookup;
beforeEach(async () => {
  home = tempHome();
  service = await httpServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
  open.push(service);
  // node:http resolves with dns.lookup: identity.octo.test is this machine's loopback server.
  (dns as { lookup: unknown }).lookup = (host: string, ...rest: unknown[]) => (originalLookup as (...a: unknown[]) => unknown)(host === HOST ? '127.0.0.1' : host, ...rest);
});
afterEach(async () => {
  (dns as { lookup: unknown }).lookup = originalLookup;
  await Promise.all(open.splice(0).map((s) => s.close()));
  home.cleanup();
});

const transports: Array<{ name: string; proxy: () => Promise<ConnectProxy | undefined> }> = [
  { name: 'node:http (no proxy)', proxy: async () => undefined },
  {
    name: 'undici (HTTP_PROXY)',
    proxy: async () => {
      const p = await connectProxy('tunnel');
      open.push(p);
      return p;
    },
  },
];

describe.each(transports)('plain http to a remote host over $name', ({ proxy: makeProxy }) => {
  it('a bearer token from OCTO_CLI_ACCESS_TOKEN is not sent; the error names the opt-in', async () => {
    const url = `http://${HOST}:${service.port}`;
    pointAt(home.home, `${url}/`);
    const proxy = await makeProxy();
    const env: NodeJS.ProcessEnv = { OCTO_CLI_ACCESS_TOKEN: 'bearer-secret', ...(proxy ? { HTTP_PROXY: proxy.url } : {}) };
    expectFailure(await runCli(['-c', 'GetClients'], { home: home.home, env }), 254, refusal(url));
    expect(service.requests).toEqual([]);
    expect(proxy?.connects ?? []).toEqual([]);
  });

  it('a legacy token from contexts.json is not sent either', async () => {
    const url = `http://${HOST}:${service.port}`;
    writeFileSync(
      join(home.home, 'contexts.json'),
      JSON.stringify({
        ActiveContext: 'f',
        Contexts: { f: { OctoToolOptions: { IdentityServiceUrl: `${url}/`, TenantId: 'octosystem' }, Authentication: { AccessToken: 'legacy-secret', AccessTokenExpiresAt: '2999-01-01T00:00:00Z' } } },
      }),
      { mode: 0o600 },
    );
    const proxy = await makeProxy();
    const env: NodeJS.ProcessEnv = { OCTO_CLI_TOKEN_STORE: 'file', ...(proxy ? { HTTP_PROXY: proxy.url } : {}) };
    expectFailure(await runCli(['-c', 'GetClients'], { home: home.home, env }), 254, refusal(url));
    expect(service.requests).toEqual([]);
  });

  it('OCTO_CLI_ALLOW_INSECURE_HTTP=1 lets the request through (so the tests above really point at a reachable server)', async () => {
    const url = `http://${HOST}:${service.port}`;
    pointAt(home.home, `${url}/`);
    const proxy = await makeProxy();
    const env: NodeJS.ProcessEnv = { OCTO_CLI_ACCESS_TOKEN: 'bearer-secret', OCTO_CLI_ALLOW_INSECURE_HTTP: '1', ...(proxy ? { HTTP_PROXY: proxy.url } : {}) };
    const r = await runCli(['-c', 'GetClients', '-o', 'json'], { home: home.home, env });
    expect(r.code, r.stderr).toBe(0);
    expect(service.requests.map((q) => q.headers.authorization)).toEqual(['Bearer bearer-secret']);
    if (proxy) expect(proxy.connects).toEqual([`${HOST}:${service.port}`]);
  });
});

describe('sign-in and configuration', () => {
  it('LogInClientCredentials refuses with the same line (naming the opt-in) before any request', async () => {
    const url = `http://${HOST}:${service.port}`;
    pointAt(home.home, `${url}/`);
    const r = await runCli(['-c', 'LogInClientCredentials', '-id', 'ci', '-s', '-'], { home: home.home, stdin: 'client-secret', env: { OCTO_CLI_TOKEN_STORE: 'memory' } });
    expect(r.code, r.stderr).toBe(254);
    expect(r.stderr.split('\n').at(-2)).toBe(`error: ${refusal(url)}`);
    expect(service.requests).toEqual([]);
  });

  it('with OCTO_CLI_ALLOW_INSECURE_HTTP=1 LogInClientCredentials signs in over plain http (same rule for sign-in and admin calls)', async () => {
    const oidc = await httpServer((req, res) => {
      if (req.url === '/.well-known/openid-configuration') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: `http://${HOST}:${oidc.port}`, token_endpoint: `http://${HOST}:${oidc.port}/connect/token` }));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"tok","token_type":"Bearer","expires_in":60}');
    });
    open.push(oidc);
    pointAt(home.home, `http://${HOST}:${oidc.port}/`);
    const r = await runCli(['-c', 'LogInClientCredentials', '-id', 'ci', '-s', '-'], { home: home.home, stdin: 'client-secret', env: { OCTO_CLI_TOKEN_STORE: 'memory', OCTO_CLI_ALLOW_INSECURE_HTTP: '1' } });
    expect(r.code, r.stderr).toBe(0);
    expect(oidc.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['GET /.well-known/openid-configuration', 'POST /connect/token']);
  });

  it('OCTO_CLI_ALLOW_INSECURE_HTTP must be 1 or 0', async () => {
    pointAt(home.home, `${service.url}/`);
    expectFailure(await runCli(['-c', 'GetClients'], { home: home.home, env: { OCTO_CLI_ACCESS_TOKEN: 't', OCTO_CLI_ALLOW_INSECURE_HTTP: 'maybe' } }), 254, "OCTO_CLI_ALLOW_INSECURE_HTTP must be 1 (allow) or 0, not 'maybe'");
    expect(service.requests).toEqual([]);
  });

  it('loopback needs no opt-in', async () => {
    pointAt(home.home, `${service.url}/`);
    const r = await runCli(['-c', 'GetClients', '-o', 'json'], { home: home.home, env: { OCTO_CLI_ACCESS_TOKEN: 't' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/warning|error/);
    expect(service.requests).toHaveLength(1);
  });

  const warning = (url: string) => `warning: ${url} uses plain http: octo-cli will refuse to send credentials to it unless OCTO_CLI_ALLOW_INSECURE_HTTP=1 is set; use https\n`;

  it('AddContext and Config warn about an http URL on a remote host, not about loopback', async () => {
    const add = await runCli(['-c', 'AddContext', '-n', 'prod', '-isu', 'http://identity.example.com/', '-tid', 'octosystem'], { home: home.home });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toBe(`${warning('http://identity.example.com/')}Context 'prod' added. Active context: 'prod'\n`);
    const config = await runCli(['-c', 'Config', '-isu', 'http://identity.example.com/', '-tid', 'octosystem'], { home: home.home });
    expect(config.code).toBe(0);
    expect(config.stderr.startsWith(warning('http://identity.example.com/'))).toBe(true);
    const local = await runCli(['-c', 'AddContext', '-n', 'local', '-isu', 'http://127.0.0.1:5003/'], { home: home.home });
    expect(local.stderr).not.toContain('warning');
  });
});
