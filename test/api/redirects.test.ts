/**
 * Issue 10 item 4: a redirect is never followed, on either transport (node:http without a proxy, undici through
 * HTTP(S)_PROXY): the request body (a new secret, a password) must not be re-sent anywhere, and the command fails
 * with one line naming where the redirect pointed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run.js';
import { connectProxy, httpServer, type ConnectProxy, type HttpTestServer } from '../helpers/net.js';
import { expectFailure, pointAt } from '../hardening/helpers.js';

let home: { home: string; cleanup(): void };
let open: Array<{ close(): Promise<void> }> = [];
beforeEach(() => {
  home = tempHome();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  home.cleanup();
});

async function track<T extends { close(): Promise<void> }>(p: Promise<T>): Promise<T> {
  const s = await p;
  open.push(s);
  return s;
}

/** The identity service answers every request with `status` pointing to another origin, which counts its visitors. */
async function redirecting(status: number): Promise<{ service: HttpTestServer; elsewhere: HttpTestServer; location: string }> {
  const elsewhere = await track(httpServer((_req, res) => res.end('{}')));
  const location = `${elsewhere.url}/steal?from=octo`;
  const service = await track(httpServer((_req, res) => res.writeHead(status, { location }).end()));
  pointAt(home.home, `${service.url}/`);
  return { service, elsewhere, location };
}

const transports: Array<{ name: string; proxy: () => Promise<ConnectProxy | undefined> }> = [
  { name: 'node:http (no proxy)', proxy: async () => undefined },
  { name: 'undici (HTTP_PROXY)', proxy: () => track(connectProxy('tunnel')) },
];

describe.each(transports)('redirects over $name', ({ proxy: makeProxy }) => {
  it.each([307, 308])('CreateApiScope: a %i to another origin is an error naming it; the body is not re-sent', async (status) => {
    const { service, elsewhere, location } = await redirecting(status);
    const proxy = await makeProxy();
    const env: NodeJS.ProcessEnv = { OCTO_CLI_ACCESS_TOKEN: 'secret-token', ...(proxy ? { HTTP_PROXY: proxy.url } : {}) };
    const r = await runCli(['-c', 'CreateApiScope', '-n', 'x'], { home: home.home, env });
    expectFailure(
      r,
      253,
      `the server at ${service.url} answered ${status}, a redirect to ${location}; octo-cli does not follow redirects (check the identity URL)`,
      [`Creating API scope 'x' at '${service.url}/octosystem/v1'`],
    );
    expect(service.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['POST /octosystem/v1/apiScopes']);
    expect(elsewhere.requests).toEqual([]);
    if (proxy) expect(proxy.connects).toEqual([`127.0.0.1:${service.port}`]); // the proxy path was really taken
  });

  it('GetClients: a 302 is an error too (never followed with the bearer token)', async () => {
    const { service, elsewhere, location } = await redirecting(302);
    const proxy = await makeProxy();
    const r = await runCli(['-c', 'GetClients'], { home: home.home, env: { OCTO_CLI_ACCESS_TOKEN: 'secret-token', ...(proxy ? { HTTP_PROXY: proxy.url } : {}) } });
    expectFailure(r, 253, `the server at ${service.url} answered 302, a redirect to ${location}; octo-cli does not follow redirects (check the identity URL)`);
    expect(elsewhere.requests).toEqual([]);
  });

  it('LogInClientCredentials: a redirect at discovery is an error naming it, and the secret goes nowhere', async () => {
    const { elsewhere, location, service } = await redirecting(301);
    const proxy = await makeProxy();
    const r = await runCli(['-c', 'LogInClientCredentials', '-id', 'ci', '-s', '-'], {
      home: home.home,
      stdin: 'the-client-secret',
      env: { OCTO_CLI_TOKEN_STORE: 'memory', ...(proxy ? { HTTP_PROXY: proxy.url } : {}) },
    });
    expect(r.code, r.stderr).toBe(253);
    expect(r.stderr).toContain(`error: the server at ${service.url} answered 301, a redirect to ${location}; octo-cli does not follow redirects (check the identity URL)\n`);
    expect(elsewhere.requests).toEqual([]);
  });
});
