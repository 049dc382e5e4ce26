import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import {
  OCTO_CLI_BASIC,
  OCTO_CLI_SECRET,
  adminApi,
  approve,
  basic,
  clientCredentials,
  decodeJwt,
  decodeJwtHeader,
  deny,
  form,
  json,
  pollToken,
  sleep,
  start,
  startDevice,
  userToken,
  type TokenResponse,
} from './helpers.js';

let server: RunningServer;
const logs: string[] = [];

beforeAll(async () => {
  server = await start({ tenants: ['octosystem', 'tenant-a'], deviceInterval: 1, log: (l) => logs.push(l) });
});
afterAll(() => server.close());

describe('discovery', () => {
  it('serves the Duende paths and a non-empty JWKS', async () => {
    const disco = await json<Record<string, unknown>>('GET', `${server.url}/.well-known/openid-configuration`);
    expect(disco.status).toBe(200);
    expect(disco.json).toMatchObject({
      issuer: server.url,
      token_endpoint: `${server.url}/connect/token`,
      device_authorization_endpoint: `${server.url}/connect/deviceauthorization`,
      userinfo_endpoint: `${server.url}/connect/userinfo`,
      revocation_endpoint: `${server.url}/connect/revocation`,
      introspection_endpoint: `${server.url}/connect/introspect`,
      end_session_endpoint: `${server.url}/connect/endsession`,
      authorization_endpoint: `${server.url}/connect/authorize`,
      jwks_uri: `${server.url}/.well-known/openid-configuration/jwks`,
    });
    expect(disco.json.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'client_credentials', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code']),
    );
    const jwks = await json<{ keys: { kty: string; d?: string }[] }>('GET', disco.json.jwks_uri as string);
    expect(jwks.json.keys.length).toBeGreaterThan(0);
    expect(jwks.json.keys[0]!.kty).toBe('RSA');
    expect(jwks.json.keys[0]!.d).toBeUndefined();
  });
});

describe('device flow', () => {
  it('answers with a 9-digit code, interval and per-tenant verification URIs', async () => {
    const dar = await startDevice(server, 'tenant-a');
    expect(dar.user_code).toMatch(/^\d{9}$/);
    expect(dar.expires_in).toBe(300);
    expect(dar.interval).toBe(1);
    expect(dar.verification_uri).toBe(`${server.url}/tenant-a/device`);
    expect(dar.verification_uri_complete).toBe(`${server.url}/tenant-a/device?userCode=${dar.user_code}`);
  });

  it('falls back to the system tenant without acr_values', async () => {
    const res = await form<{ verification_uri: string }>(
      `${server.url}/connect/deviceauthorization`,
      { scope: 'openid octo_api' },
      { authorization: OCTO_CLI_BASIC },
    );
    expect(res.status).toBe(200);
    expect(res.json.verification_uri).toBe(`${server.url}/octosystem/device`);
  });

  it('runs end to end: pending, approve, tokens, one-time refresh', async () => {
    const dar = await startDevice(server, 'tenant-a');
    const pending = await pollToken(server, dar.device_code);
    expect(pending.status).toBe(400);
    expect(pending.json.error).toBe('authorization_pending');

    const approved = await approve(server, dar.user_code);
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ status: 'approved', clientId: 'octo-cli', tenant: 'tenant-a' });

    await sleep(1000); // respect the interval, or the poll gets slow_down
    const token = await pollToken(server, dar.device_code);
    expect(token.status).toBe(200);
    const t = token.json;
    expect(t.token_type).toBe('Bearer');
    expect(t.expires_in).toBe(3600);
    expect(t.refresh_token).toBeTruthy();
    expect(t.id_token).toBeTruthy();
    expect(t.scope).toBe('openid profile email role offline_access octo_api');

    expect(decodeJwtHeader(t.access_token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    const claims = decodeJwt(t.access_token);
    expect(claims).toMatchObject({
      iss: server.url,
      aud: 'octoAPI',
      client_id: 'octo-cli',
      tenant_id: 'tenant-a',
      scope: ['openid', 'profile', 'email', 'role', 'offline_access', 'octo_api'],
    });
    expect(typeof claims.sub).toBe('string');
    expect(claims.role).toEqual(expect.arrayContaining(['TenantManagement', 'UserManagement', 'StreamDataReader']));
    expect(claims.allowed_tenants).toEqual(['tenant-a', 'octosystem']);
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    expect(decodeJwt(t.id_token!)).toMatchObject({ aud: 'octo-cli', tenant_id: 'tenant-a' });

    // The refresh token works once (rotated) …
    const refresh = { grant_type: 'refresh_token', refresh_token: t.refresh_token! };
    const first = await form<TokenResponse>(`${server.url}/connect/token`, refresh, { authorization: OCTO_CLI_BASIC });
    expect(first.status).toBe(200);
    expect(first.json.refresh_token).toBeTruthy();
    expect(first.json.refresh_token).not.toBe(t.refresh_token);
    expect(decodeJwt(first.json.access_token)).toMatchObject({ tenant_id: 'tenant-a', aud: 'octoAPI' });
    // … and is refused the second time.
    const second = await form<TokenResponse>(`${server.url}/connect/token`, refresh, { authorization: OCTO_CLI_BASIC });
    expect(second.status).toBe(400);
    expect(second.json.error).toBe('invalid_grant');
    expect(logs.some((l) => l.includes('refresh token already used'))).toBe(true);
    expect(server.stats.tokenRequests.refresh_token).toBeGreaterThanOrEqual(2);
  });

  it('keeps the grant alive when a redeemed device code is polled again', async () => {
    const dar = await startDevice(server);
    await approve(server, dar.user_code);
    const token = await pollToken(server, dar.device_code);
    expect(token.status).toBe(200);
    await sleep(1000);
    const again = await pollToken(server, dar.device_code);
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('invalid_grant');
    const refreshed = await form<TokenResponse>(
      `${server.url}/connect/token`,
      { grant_type: 'refresh_token', refresh_token: token.json.refresh_token! },
      { authorization: OCTO_CLI_BASIC },
    );
    expect(refreshed.status).toBe(200);
  });

  it('refresh with acr_values switches the tenant; without it keeps the login tenant', async () => {
    const t = await userToken(server, 'tenant-a');
    const switched = await form<TokenResponse>(
      `${server.url}/connect/token`,
      { grant_type: 'refresh_token', refresh_token: t.refresh_token!, acr_values: 'tenant:octosystem' },
      { authorization: OCTO_CLI_BASIC },
    );
    expect(switched.status).toBe(200);
    expect(decodeJwt(switched.json.access_token).tenant_id).toBe('octosystem');
    const kept = await form<TokenResponse>(
      `${server.url}/connect/token`,
      { grant_type: 'refresh_token', refresh_token: switched.json.refresh_token! },
      { authorization: OCTO_CLI_BASIC },
    );
    expect(kept.status).toBe(200);
    expect(decodeJwt(kept.json.access_token).tenant_id).toBe('tenant-a');
  });

  it('answers slow_down to a poll sooner than the interval', async () => {
    const dar = await startDevice(server);
    expect((await pollToken(server, dar.device_code)).json.error).toBe('authorization_pending');
    const fast = await pollToken(server, dar.device_code);
    expect(fast.status).toBe(400);
    expect(fast.json.error).toBe('slow_down');
    await sleep(1000);
    expect((await pollToken(server, dar.device_code)).json.error).toBe('authorization_pending');
  });

  it('answers access_denied after the deny endpoint', async () => {
    const dar = await startDevice(server);
    const denied = await deny(server, dar.user_code);
    expect(denied.status).toBe(200);
    expect(denied.json).toMatchObject({ status: 'denied' });
    const poll = await pollToken(server, dar.device_code);
    expect(poll.status).toBe(400);
    expect(poll.json.error).toBe('access_denied');
  });

  it('accepts the octo-cli secret raw, URL-encoded, or no secret at all', async () => {
    const raw = await startDevice(server, 'octosystem', 'openid octo_api', { authorization: basic('octo-cli', OCTO_CLI_SECRET, false) });
    expect(raw.user_code).toMatch(/^\d{9}$/);
    const none = await startDevice(server, 'octosystem', 'openid octo_api', {}, { client_id: 'octo-cli' });
    await approve(server, none.user_code);
    // started without a secret, polled with Basic: both styles work for the public octo-cli client
    const token = await pollToken(server, none.device_code);
    expect(token.status).toBe(200);
    const noSecretPoll = await startDevice(server, 'octosystem', 'openid octo_api');
    await approve(server, noSecretPoll.user_code);
    const byId = await form<TokenResponse>(`${server.url}/connect/token`, {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: noSecretPoll.device_code,
      client_id: 'octo-cli',
    });
    expect(byId.status).toBe(200);
  });

  it('refuses an unknown tenant in acr_values (its clients do not exist)', async () => {
    const res = await form<TokenResponse>(
      `${server.url}/connect/deviceauthorization`,
      { scope: 'openid octo_api', acr_values: 'tenant:no-such-tenant' },
      { authorization: OCTO_CLI_BASIC },
    );
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('invalid_client');
  });

  it('refuses scopes the client is not allowed', async () => {
    const res = await form<TokenResponse>(
      `${server.url}/connect/deviceauthorization`,
      { scope: 'openid octo_api.read_only', acr_values: 'tenant:octosystem' },
      { authorization: OCTO_CLI_BASIC },
    );
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_scope');
  });

  it('approve/deny answer 404 for unknown codes and 409 for decided ones', async () => {
    expect((await approve(server, '000000000')).status).toBe(404);
    expect((await deny(server, 'nonsense')).status).toBe(404);
    const dar = await startDevice(server);
    expect((await approve(server, dar.user_code.replace(/(\d{3})(\d{3})/, '$1-$2 '))).status).toBe(200);
    expect((await deny(server, dar.user_code)).status).toBe(409);
    const bad = await json('POST', `${server.url}/_local/device/approve`, '{not json');
    expect(bad.status).toBe(400);
    const unknownUser = await approve(server, (await startDevice(server)).user_code, 'nobody');
    expect(unknownUser.status).toBe(400);
  });
});

describe('expired device code', () => {
  let short: RunningServer;
  beforeAll(async () => {
    short = await start({ deviceCodeTtl: 1 });
  });
  afterAll(() => short.close());

  it('answers expired_token after the device code lifetime, and approve answers 404', async () => {
    const dar = await startDevice(short);
    expect(dar.expires_in).toBe(1);
    await sleep(1300);
    const poll = await pollToken(short, dar.device_code);
    expect(poll.status).toBe(400);
    expect(poll.json.error).toBe('expired_token');
    expect((await approve(short, dar.user_code)).status).toBe(404);
  });
});

describe('userinfo', () => {
  it('returns the user claims for a user token and refuses bad tokens', async () => {
    const t = await userToken(server, 'tenant-a');
    const ok = await json<Record<string, unknown>>('GET', `${server.url}/connect/userinfo`, undefined, {
      authorization: `Bearer ${t.access_token}`,
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ sub: decodeJwt(t.access_token).sub, name: 'admin', tenant_id: 'tenant-a' });
    expect(ok.json.role).toEqual(expect.arrayContaining(['TenantManagement']));

    const bad = await json('GET', `${server.url}/connect/userinfo`, undefined, { authorization: `Bearer ${t.access_token}x` });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect((await json('GET', `${server.url}/connect/userinfo`)).status).toBe(401);
  });

  it('refuses tokens without openid (client tokens) with insufficient_scope', async () => {
    const t = await userToken(server);
    const api = adminApi(server, t.access_token);
    await api.post('clients', {
      isEnabled: true,
      clientId: 'ui-svc',
      clientSecret: 'S3cret!',
      requireClientSecret: true,
      allowedGrantTypes: ['client_credentials'],
      allowedScopes: ['octo_api'],
    });
    const cc = await clientCredentials(server, 'ui-svc', 'S3cret!');
    const res = await json('GET', `${server.url}/connect/userinfo`, undefined, { authorization: `Bearer ${cc.json.access_token}` });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toMatch(/insufficient_scope/);
  });
});

describe('end session', () => {
  it('serves the RP-initiated logout page', async () => {
    const res = await fetch(`${server.url}/connect/endsession`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });
});

describe('revocation and introspection', () => {
  it('revokes a refresh token', async () => {
    const t = await userToken(server);
    const intro = await form<{ active: boolean }>(`${server.url}/connect/introspect`, { token: t.refresh_token! }, { authorization: OCTO_CLI_BASIC });
    expect(intro.status).toBe(200);
    expect(intro.json.active).toBe(true);
    const revoked = await form(`${server.url}/connect/revocation`, { token: t.refresh_token!, token_type_hint: 'refresh_token' }, {
      authorization: OCTO_CLI_BASIC,
    });
    expect(revoked.status).toBe(200);
    const refresh = await form<TokenResponse>(
      `${server.url}/connect/token`,
      { grant_type: 'refresh_token', refresh_token: t.refresh_token! },
      { authorization: OCTO_CLI_BASIC },
    );
    expect(refresh.json.error).toBe('invalid_grant');
  });
});

describe('device page (HTML)', () => {
  function cookieOf(res: Response): string {
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  }

  it('shows a form, signs in with the admin user and approves', async () => {
    const dar = await startDevice(server, 'tenant-a');
    const page = await fetch(dar.verification_uri_complete);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain(`value="${dar.user_code}"`);
    // Who is asking, before anyone approves (RFC 8628 §5.4): client, tenant, scopes and what approving means.
    expect(html).toContain('<code id="client-id">octo-cli</code>');
    expect(html).toContain('<strong id="tenant">tenant-a</strong>');
    expect(html).toContain('<code>octo_api</code>');
    expect(html).toMatch(/If you approve, this device gets access to tenant <strong>tenant-a<\/strong>\s+<strong>as the user you sign in with<\/strong>/);
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const cookie = cookieOf(page);

    const post = (fields: Record<string, string>, withCookie = true) =>
      fetch(`${server.url}/tenant-a/device`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(withCookie ? { cookie } : {}) },
        body: new URLSearchParams(fields).toString(),
      });
    const fields = { csrf, userCode: dar.user_code, username: 'admin', password: server.adminPassword, action: 'approve' };

    expect((await post(fields, false)).status).toBe(403); // no CSRF cookie
    const wrong = await post({ ...fields, password: 'wrong' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Wrong user name or password');

    const ok = await post(fields);
    expect(ok.status).toBe(200);
    const done = await ok.text();
    expect(done).toContain('Device approved');
    expect(done).toContain('You can close this page');
    const token = await pollToken(server, dar.device_code);
    expect(token.status).toBe(200);
    expect(decodeJwt(token.json.access_token).tenant_id).toBe('tenant-a');
  });

  it('escapes what it echoes, denies, and 404s unknown tenants', async () => {
    const evil = await fetch(`${server.url}/octosystem/device?userCode=${encodeURIComponent('"><script>alert(1)</script>')}`);
    const html = await evil.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#34;&#62;&#60;script&#62;');
    expect((await fetch(`${server.url}/nope/device`)).status).toBe(404);

    const dar = await startDevice(server);
    const page = await fetch(`${server.url}/octosystem/device?userCode=${dar.user_code}`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const denied = await fetch(`${server.url}/octosystem/device`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieOf(page) },
      body: new URLSearchParams({ csrf, userCode: dar.user_code, username: 'admin', password: server.adminPassword, action: 'deny' }).toString(),
    });
    expect(denied.status).toBe(200);
    expect((await pollToken(server, dar.device_code)).json.error).toBe('access_denied');
  });
});
