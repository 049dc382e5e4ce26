/**
 * Issue 10 item 12: a proxy whose tunnel fails must not be retried without bound. undici re-opens a CONNECT tunnel
 * that the proxy closed as if the failure were recoverable, endlessly while the request waits (thousands of tunnels
 * in a few seconds); the HTTP layer bounds it to 3 tries, as 429/503, for admin calls and sign-in alike.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli, tempHome } from '../helpers/run.js';
import { connectProxy, type ConnectProxy } from '../helpers/net.js';
import { expectFailure, pointAt } from '../hardening/helpers.js';

const URL_ = 'https://identity.octo.test';
let home: { home: string; cleanup(): void };
let proxy: ConnectProxy | undefined;
beforeEach(() => {
  home = tempHome();
  pointAt(home.home, `${URL_}/`);
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  home.cleanup();
});

describe('a proxy that closes every tunnel', () => {
  it('GetClients: 3 CONNECTs, then one line naming the proxy', async () => {
    proxy = await connectProxy('close');
    const started = Date.now();
    const r = await runCli(['-c', 'GetClients'], { home: home.home, env: { OCTO_CLI_ACCESS_TOKEN: 't', HTTPS_PROXY: proxy.url, OCTO_CLI_TIMEOUT: '5' } });
    expectFailure(r, 253, `cannot reach ${URL_} through the proxy 127.0.0.1:${proxy.port}: it closed the tunnel (CONNECT) 3 times (check HTTPS_PROXY / HTTP_PROXY)`);
    expect(proxy.connects).toEqual(Array(3).fill('identity.octo.test:443'));
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('LogInClientCredentials (discovery): the same bound and the same line', async () => {
    proxy = await connectProxy('close');
    const r = await runCli(['-c', 'LogInClientCredentials', '-id', 'ci', '-s', '-'], { home: home.home, stdin: 'secret', env: { OCTO_CLI_TOKEN_STORE: 'memory', HTTPS_PROXY: proxy.url } });
    expect(r.code, r.stderr).toBe(253);
    expect(r.stderr.split('\n').at(-2)).toBe(`error: cannot reach ${URL_} through the proxy 127.0.0.1:${proxy.port}: it closed the tunnel (CONNECT) 3 times (check HTTPS_PROXY / HTTP_PROXY)`);
    expect(proxy.connects).toHaveLength(3);
  });
  it('the bound is in time too: when the tries take longer than 30 s in all, the next failure is the last', async () => {
    proxy = await connectProxy('close');
    const seen = proxy.connects;
    // Only Date is faked: each tunnel attempt "takes" 31 s by the clock the HTTP layer reads.
    vi.useFakeTimers({ toFake: ['Date'] });
    const push = seen.push.bind(seen);
    seen.push = (...items: string[]) => {
      vi.setSystemTime(Date.now() + 31_000);
      return push(...items);
    };
    try {
      const r = await runCli(['-c', 'GetClients'], { home: home.home, env: { OCTO_CLI_ACCESS_TOKEN: 't', HTTPS_PROXY: proxy.url } });
      expectFailure(r, 253, `cannot reach ${URL_} through the proxy 127.0.0.1:${proxy.port}: it closed the tunnel (CONNECT) 2 times (check HTTPS_PROXY / HTTP_PROXY)`);
      expect(seen).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a proxy that refuses the tunnel', () => {
  it('403 to CONNECT: one CONNECT, and the status is named', async () => {
    proxy = await connectProxy(403);
    const r = await runCli(['-c', 'GetClients'], { home: home.home, env: { OCTO_CLI_ACCESS_TOKEN: 't', HTTPS_PROXY: proxy.url } });
    expectFailure(r, 253, `cannot reach ${URL_} through the proxy 127.0.0.1:${proxy.port}: it answered 403 to the tunnel (CONNECT) request (check HTTPS_PROXY / HTTP_PROXY)`);
    expect(proxy.connects).toHaveLength(1);
  });
});
