import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { adminApi, decodeJwt, form, start, userToken, type TokenResponse } from './helpers.js';

let server: RunningServer;
const REDIRECT = 'http://127.0.0.1:8765/callback';

beforeAll(async () => {
  server = await start({ tenants: ['octosystem', 'tenant-a'] });
  const api = adminApi(server, (await userToken(server, 'tenant-a')).access_token, 'tenant-a');
  await api.post('clients', {
    isEnabled: true,
    clientId: 'web-app',
    clientName: 'Web App',
    allowedGrantTypes: ['authorization_code'],
    redirectUris: [REDIRECT],
    allowedScopes: ['octo_api'],
    isOfflineAccessEnabled: true,
  });
});
afterAll(() => server.close());

/** A minimal browser: follows redirects by hand and keeps cookies (paths ignored). */
class Browser {
  private cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as object), ...(cookie ? { cookie } : {}) } });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  }

  /** Follows redirects until one leaves the server (the client's redirect_uri) or a page is shown. */
  async follow(res: Response): Promise<Response | URL> {
    while (res.status >= 300 && res.status < 400) {
      const location = new URL(res.headers.get('location')!, server.url);
      if (location.origin !== server.url) return location;
      res = await this.request(location.href);
    }
    return res;
  }
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(params: Record<string, string>): string {
  return `${server.url}/connect/authorize?${new URLSearchParams({
    client_id: 'web-app',
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'openid profile offline_access octo_api',
    acr_values: 'tenant:tenant-a',
    state: 'xyz',
    ...params,
  })}`;
}

describe('authorization_code + PKCE', () => {
  it('signs in on the interaction page and exchanges the code with the verifier', async () => {
    const browser = new Browser();
    const { verifier, challenge } = pkce();
    const page = await browser.follow(await browser.request(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' })));
    expect(page).toBeInstanceOf(Response);
    const html = await (page as Response).text();
    expect(html).toContain('web-app');
    expect(html).toContain('tenant-a');
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;

    const submit = (password: string) =>
      browser.request(`${server.url}${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, username: 'admin', password, action: 'login' }).toString(),
      });
    expect((await submit('wrong')).status).toBe(401);
    const callback = await browser.follow(await submit(server.adminPassword));
    expect(callback).toBeInstanceOf(URL);
    const url = callback as URL;
    expect(url.origin + url.pathname).toBe(REDIRECT);
    expect(url.searchParams.get('state')).toBe('xyz');
    const code = url.searchParams.get('code')!;
    expect(code).toBeTruthy();

    const token = await form<TokenResponse>(`${server.url}/connect/token`, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: 'web-app',
      code_verifier: verifier,
    });
    expect(token.status).toBe(200);
    expect(token.json.refresh_token).toBeTruthy();
    const claims = decodeJwt(token.json.access_token);
    expect(claims).toMatchObject({ aud: 'octoAPI', client_id: 'web-app', tenant_id: 'tenant-a' });
    expect(claims.scope).toEqual(['openid', 'profile', 'offline_access', 'octo_api']);
    expect(server.stats.tokenRequests.authorization_code).toBe(1);
  });

  it('requires PKCE for created clients', async () => {
    const browser = new Browser();
    const res = await browser.follow(await browser.request(authorizeUrl({})));
    expect(res).toBeInstanceOf(URL);
    expect((res as URL).searchParams.get('error')).toBe('invalid_request');
  });

  it('lets the user cancel', async () => {
    const browser = new Browser();
    const { challenge } = pkce();
    const page = (await browser.follow(
      await browser.request(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' })),
    )) as Response;
    const html = await page.text();
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const res = await browser.follow(
      await browser.request(`${server.url}${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, action: 'abort' }).toString(),
      }),
    );
    expect((res as URL).searchParams.get('error')).toBe('access_denied');
  });
});
