/**
 * Issue 10 item 7: every endpoint of the discovery document must be under the issuer's authority (the original's
 * IdentityModel policy): a token, device, revocation or userinfo endpoint on another origin (or outside the issuer's
 * path) is refused before anything is sent there.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run.js';
import { httpServer, type HttpTestServer } from '../helpers/net.js';
import { pointAt } from '../hardening/helpers.js';

let home: { home: string; cleanup(): void };
const open: Array<{ close(): Promise<void> }> = [];
beforeEach(() => {
  home = tempHome();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  home.cleanup();
});

async function serve(handler: Parameters<typeof httpServer>[0]): Promise<HttpTestServer> {
  const s = await httpServer(handler);
  open.push(s);
  return s;
}

/** A service whose discovery document puts `endpoint` at `elsewhere` (all other endpoints are its own). */
async function discovering(endpoint: string, at: (own: string, elsewhere: string) => string) {
  const elsewhere = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"stolen","token_type":"Bearer","expires_in":60}'));
  let own = '';
  const service = await serve((req, res) => {
    if (req.url !== '/identity/.well-known/openid-configuration') return void res.writeHead(404).end();
    const doc: Record<string, string> = {
      issuer: own,
      token_endpoint: `${own}/connect/token`,
      device_authorization_endpoint: `${own}/connect/deviceauthorization`,
      revocation_endpoint: `${own}/connect/revocation`,
      userinfo_endpoint: `${own}/connect/userinfo`,
      jwks_uri: `${own}/.well-known/openid-configuration/jwks`,
    };
    doc[endpoint] = at(own, elsewhere.url);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
  });
  own = `${service.url}/identity`;
  pointAt(home.home, `${own}/`);
  return { service, elsewhere, own };
}

describe('discovery: every endpoint under the issuer', () => {
  it.each(['token_endpoint', 'device_authorization_endpoint', 'revocation_endpoint', 'userinfo_endpoint', 'jwks_uri'])(
    'LogInClientCredentials: a %s on another origin is refused; the client secret goes nowhere',
    async (endpoint) => {
      const { service, elsewhere, own } = await discovering(endpoint, (_own, other) => `${other}/connect/x`);
      const r = await runCli(['-c', 'LogInClientCredentials', '-id', 'ci', '-s', '-'], { home: home.home, stdin: 'the-client-secret', env: { OCTO_CLI_TOKEN_STORE: 'memory' } });
      expect(r.code, r.stderr).toBe(252);
      expect(r.stderr.split('\n').at(-2)).toBe(
        `error: the discovery document of ${own} puts its ${endpoint} at ${elsewhere.url}/connect/x, outside the issuer; refusing to use it (every endpoint must be under ${own})`,
      );
      expect(elsewhere.requests).toEqual([]);
      expect(service.requests.map((q) => q.url)).toEqual(['/identity/.well-known/openid-configuration']);
    },
  );

  it('an endpoint on the same host but outside the issuer path is refused too', async () => {
    const { own } = await discovering('token_endpoint', (o) => `${new URL(o).origin}/other/connect/token`);
    const r = await runCli(['-c', 'LogInClientCredentials', '-id', 'ci', '-s', '-'], { home: home.home, stdin: 'the-client-secret', env: { OCTO_CLI_TOKEN_STORE: 'memory' } });
    expect(r.code, r.stderr).toBe(252);
    expect(r.stderr).toContain(`puts its token_endpoint at ${new URL(own).origin}/other/connect/token, outside the issuer`);
  });

  it('LogIn (device flow): a device_authorization_endpoint elsewhere is refused before any device request', async () => {
    const { elsewhere } = await discovering('device_authorization_endpoint', (_own, other) => `${other}/connect/deviceauthorization`);
    const r = await runCli(['-c', 'LogIn'], { home: home.home, env: { OCTO_CLI_TOKEN_STORE: 'memory' } });
    expect(r.code, r.stderr).toBe(252);
    expect(r.stderr).toMatch(/error: the discovery document of .* puts its device_authorization_endpoint at .*, outside the issuer/);
    expect(elsewhere.requests).toEqual([]);
  });

  it('endpoints under the issuer are accepted (the secret reaches the own token endpoint)', async () => {
    let own = '';
    const service = await serve((req, res) => {
      if (req.url === '/identity/.well-known/openid-configuration') {
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: own, token_endpoint: `${own.toUpperCase().replace('HTTP://', 'http://')}/connect/token` }));
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"ok-token","token_type":"Bearer","expires_in":60}');
    });
    own = `${service.url}/identity`;
    pointAt(home.home, `${own}/`);
    const r = await runCli(['-c', 'LogInClientCredentials', '-id', 'ci', '-s', '-'], { home: home.home, stdin: 'the-client-secret', env: { OCTO_CLI_TOKEN_STORE: 'memory' } });
    expect(r.code, r.stderr).toBe(0);
    expect(service.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['GET /identity/.well-known/openid-configuration', 'POST /IDENTITY/connect/token']);
  });
});
