/**
 * Dynamic client registration (RFC 7591) at POST /connect/register, as identity-api.md §7.9 describes the real service:
 * statuses, limits, the admin view, expiry, deletion revoking grants, and a real authorization_code + PKCE flow run by
 * openid-client for a registered client.
 */
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer, ServerOptions } from '../../src/server/index.js';
import { signInOnPage } from '../helpers/sign-in-page.js';
import { adminApi, decodeJwt, json, sleep, start, userToken, type AdminApi } from './helpers.js';

const servers: RunningServer[] = [];
async function serve(options: ServerOptions = {}): Promise<RunningServer> {
  const server = await start(options);
  servers.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

type Registration = Record<string, unknown> & { client_id: string; error?: string; error_description?: string };
const register = (server: RunningServer, body: unknown, headers: Record<string, string> = {}) =>
  json<Registration>('POST', `${server.url}/connect/register`, body, headers);

const loopback = (port: number, path = '/callback') => `http://127.0.0.1:${port}${path}`;

describe('POST /connect/register', () => {
  let server: RunningServer;
  let api: AdminApi;
  beforeAll(async () => {
    server = await serve({ tenants: ['octosystem', 'tenant-a'], dynamicRegistrationPerMinute: 1000 });
    api = adminApi(server, (await userToken(server)).access_token);
  });

  it('is advertised in discovery as registration_endpoint', async () => {
    const disco = await json<Record<string, unknown>>('GET', `${server.url}/.well-known/openid-configuration`);
    expect(disco.json.registration_endpoint).toBe(`${server.url}/connect/register`);
  });

  it('is advertised in the RFC 8414 authorization server metadata too (where MCP clients look for it)', async () => {
    const metadata = await json<Record<string, unknown>>('GET', `${server.url}/.well-known/oauth-authorization-server`);
    expect(metadata.status).toBe(200);
    expect(metadata.json.registration_endpoint).toBe(`${server.url}/connect/register`);
  });

  it('201: registers a public PKCE client with fixed scopes, keeps the RFC 7591 metadata; 200 for an identical registration', async () => {
    const request = {
      client_name: 'Claude Code',
      redirect_uris: [loopback(33418), 'http://localhost:33418/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      scope: 'openid octo_api admin:everything',
      client_uri: 'https://claude.example/',
      logo_uri: 'https://claude.example/logo.png',
      policy_uri: 'https://claude.example/privacy',
      tos_uri: 'https://claude.example/terms',
    };
    const before = Math.floor(Date.now() / 1000);
    const created = await register(server, request);
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.json).toMatchObject({
      client_name: 'Claude Code',
      redirect_uris: request.redirect_uris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      scope: 'openid profile email role octo_api offline_access',
      client_uri: request.client_uri,
      logo_uri: request.logo_uri,
      policy_uri: request.policy_uri,
      tos_uri: request.tos_uri,
    });
    expect(created.json.client_id).toMatch(/^octo-dcr-[0-9a-f]{32}$/);
    expect(created.json.client_id_issued_at).toBeGreaterThanOrEqual(before);
    expect(created.json).not.toHaveProperty('client_secret');

    // Same redirect URI set (other order, other name): the existing registration is answered again, as stored.
    const again = await register(server, { client_name: 'Other', redirect_uris: [...request.redirect_uris].reverse() });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(created.json);

    const dto = await api.get<Record<string, unknown>>(`clients/${created.json.client_id}`);
    expect(dto.status).toBe(200);
    expect(dto.json).toMatchObject({
      clientId: created.json.client_id,
      clientName: 'Claude Code',
      clientUri: 'https://claude.example/',
      isEnabled: true,
      requireClientSecret: false,
      allowedGrantTypes: ['authorization_code'],
      redirectUris: request.redirect_uris,
      isOfflineAccessEnabled: true,
      dynamicRegistration: true,
    });
    const expiresAt = Date.parse(dto.json.dynamicRegistrationExpiresAt as string);
    expect(Math.abs(expiresAt - (before * 1000 + 90 * 24 * 3600 * 1000))).toBeLessThan(60_000);
    const listed = await api.get<Array<{ clientId: string; dynamicRegistration: boolean }>>('clients');
    expect(listed.json.find((c) => c.clientId === created.json.client_id)?.dynamicRegistration).toBe(true);
    expect(listed.json.find((c) => c.clientId === 'octo-cli')?.dynamicRegistration).toBe(false);
  });

  it('defaults the client name and accepts the smallest request', async () => {
    const res = await register(server, { redirect_uris: ['http://[::1]:8080/cb'] });
    expect(res.status).toBe(201);
    expect(res.json.client_name).toBe('Dynamically registered MCP client');
  });

  it('400 invalid_redirect_uri for a missing or non-loopback redirect URI', async () => {
    const bad = [
      {},
      { redirect_uris: [] },
      { redirect_uris: ['https://evil.example/cb'] },
      { redirect_uris: ['https://127.0.0.1:8080/cb'] },
      { redirect_uris: [loopback(1), 'http://evil.example/cb'] },
      { redirect_uris: ['http://127.0.0.1.nip.io/cb'] },
      { redirect_uris: ['cursor://callback'] },
      { redirect_uris: ['http://127.0.0.1:8080/cb#frag'] },
    ];
    for (const body of bad) {
      const res = await register(server, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error).toBe('invalid_redirect_uri');
      expect(res.json.error_description).toEqual(expect.any(String));
    }
  });

  it('400 invalid_client_metadata for secrets, other grants and response types, wrong types, bad URLs and non-JSON bodies', async () => {
    const redirect_uris = [loopback(9)];
    const bad: unknown[] = [
      { redirect_uris, token_endpoint_auth_method: 'client_secret_basic' },
      { redirect_uris, grant_types: ['client_credentials'] },
      { redirect_uris, grant_types: ['authorization_code', 'implicit'] },
      { redirect_uris, response_types: ['token'] },
      { redirect_uris: 'http://127.0.0.1/cb' },
      { redirect_uris, client_name: 42 },
      { redirect_uris, logo_uri: 'javascript:alert(1)' },
      [redirect_uris],
      '{not json',
    ];
    for (const body of bad) {
      const res = await register(server, typeof body === 'string' ? body : JSON.stringify(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error).toBe('invalid_client_metadata');
      expect(res.json.error_description).toEqual(expect.any(String));
    }
    const text = await register(server, JSON.stringify({ redirect_uris }), { 'content-type': 'text/plain' });
    expect([text.status, text.json.error]).toEqual([400, 'invalid_client_metadata']);
  });

  it('400 bodies name the first problem found', async () => {
    const cases: Array<[unknown, string, string]> = [
      [[], 'invalid_client_metadata', 'The request body must be a JSON object of client metadata.'],
      [{ redirect_uris: [1] }, 'invalid_client_metadata', 'redirect_uris must be an array of strings.'],
      [{ redirect_uris: [loopback(9)], logo_uri: 'ftp://x/y' }, 'invalid_client_metadata', 'logo_uri must be an absolute http or https URL.'],
      [{ client_name: 'x' }, 'invalid_redirect_uri', 'At least one redirect_uri is required.'],
      [
        { redirect_uris: ['http://evil.example/cb'], token_endpoint_auth_method: 'client_secret_post' },
        'invalid_redirect_uri',
        "redirect_uri 'http://evil.example/cb' is not an allowed loopback http URI (127.0.0.1 / [::1] / localhost).",
      ],
      [{ redirect_uris: [loopback(9)], response_types: ['code', 'id_token'] }, 'invalid_client_metadata', "Only the response type 'code' is supported."],
    ];
    for (const [body, error, description] of cases) {
      const res = await register(server, body);
      expect([res.status, res.json], JSON.stringify(body)).toEqual([400, { error, error_description: description }]);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('limits', () => {
  it('429 with Retry-After after 5 registrations a minute from one address', async () => {
    const server = await serve();
    for (let i = 0; i < 5; i++) expect((await register(server, { redirect_uris: [loopback(1000 + i)] })).status).toBe(201);
    const sixth = await register(server, { redirect_uris: [loopback(2000)] });
    expect(sixth.status).toBe(429);
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('403 access_denied over the cap of 100 live registrations; an identical one is still answered', async () => {
    const server = await serve({ dynamicRegistrationPerMinute: 1000 });
    for (let i = 0; i < 100; i++) expect((await register(server, { redirect_uris: [loopback(3000 + i)] })).status).toBe(201);
    const over = await register(server, { redirect_uris: [loopback(4000)] });
    expect(over.status).toBe(403);
    expect(over.json.error).toBe('access_denied');
    expect((await register(server, { redirect_uris: [loopback(3000)] })).status).toBe(200);
  });

  it('404 and no registration_endpoint when registration is turned off', async () => {
    const server = await serve({ dynamicRegistration: false });
    expect((await register(server, { redirect_uris: [loopback(1)] })).status).toBe(404);
    const disco = await json<Record<string, unknown>>('GET', `${server.url}/.well-known/openid-configuration`);
    expect(disco.json).not.toHaveProperty('registration_endpoint');
    const metadata = await json<Record<string, unknown>>('GET', `${server.url}/.well-known/oauth-authorization-server`);
    expect(metadata.json).not.toHaveProperty('registration_endpoint');
  });
});

describe('a registered client really works (openid-client, authorization_code + PKCE)', () => {
  it('gets tokens in any tenant, refreshes, and after DELETE its refresh token is refused, also for a re-created client of that id', async () => {
    const server = await serve({ tenants: ['octosystem', 'tenant-a'] });
    const redirectUri = loopback(45678);
    const registered = await register(server, { client_name: 'MCP Inspector', redirect_uris: [redirectUri] });
    expect(registered.status).toBe(201);
    const clientId = registered.json.client_id;

    const config = await oidc.discovery(new URL(server.url), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    expect(config.serverMetadata().registration_endpoint).toBe(`${server.url}/connect/register`);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const authorizeUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile offline_access octo_api',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      acr_values: 'tenant:tenant-a',
    });
    const callback = await signInOnPage(server.url, authorizeUrl, 'admin', server.adminPassword);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.refresh_token).toBeTruthy();
    expect(decodeJwt(tokens.access_token)).toMatchObject({ aud: 'octoAPI', client_id: clientId, tenant_id: 'tenant-a' });
    expect(decodeJwt(tokens.access_token).scope).toEqual(['openid', 'profile', 'offline_access', 'octo_api']);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).toBeTruthy();

    // PKCE is required: an authorization request without a code challenge is refused.
    const noPkce = oidc.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid', state });
    const refused = await fetch(noPkce, { redirect: 'manual' });
    expect(new URL(refused.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');

    const api = adminApi(server, (await userToken(server)).access_token);
    expect((await api.del(`clients/${clientId}`)).status).toBe(200);
    expect((await api.get(`clients/${clientId}`)).status).toBe(404);
    await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toThrow();

    // Deleting revoked the grants themselves: a client created again under the same id does not inherit them.
    const recreated = await api.post('clients', {
      isEnabled: true,
      clientId,
      allowedGrantTypes: ['authorization_code'],
      redirectUris: [redirectUri],
      allowedScopes: ['octo_api'],
      isOfflineAccessEnabled: true,
    });
    expect(recreated.status).toBe(200);
    const reuse = await json<{ error: string }>(
      'POST',
      `${server.url}/connect/token`,
      new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshed.refresh_token!, client_id: clientId }).toString(),
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(reuse.status).toBe(400);
    expect(reuse.json.error).toBe('invalid_grant');
  });
});

describe('expiry', () => {
  it('an expired registration counts as absent: 404 in the admin API, no tokens, and it no longer blocks a new registration', async () => {
    const server = await serve({ dynamicRegistrationTtl: 1 });
    const redirect_uris = [loopback(5555)];
    const first = await register(server, { redirect_uris });
    expect(first.status).toBe(201);
    const api = adminApi(server, (await userToken(server)).access_token);
    expect((await api.get(`clients/${first.json.client_id}`)).status).toBe(200);
    await sleep(1100);

    expect((await api.get(`clients/${first.json.client_id}`)).status).toBe(404);
    const list = await api.get<Array<{ clientId: string }>>('clients');
    expect(list.json.map((c) => c.clientId)).not.toContain(first.json.client_id);
    expect((await api.del(`clients/${first.json.client_id}`)).status).toBe(404);

    const authorize = await fetch(
      `${server.url}/connect/authorize?${new URLSearchParams({
        client_id: first.json.client_id,
        response_type: 'code',
        redirect_uri: redirect_uris[0]!,
        scope: 'openid',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      })}`,
      { redirect: 'manual' },
    );
    expect(authorize.status).toBe(400);
    expect(await authorize.text()).toContain('invalid_client');

    const second = await register(server, { redirect_uris });
    expect(second.status).toBe(201);
    expect(second.json.client_id).not.toBe(first.json.client_id);
  });

  it('an expired registration is absent under every client route, and a client created again under its id is found', async () => {
    const server = await serve({ dynamicRegistrationTtl: 1 });
    const registered = await register(server, { redirect_uris: [loopback(5556)] });
    expect(registered.status).toBe(201);
    const id = registered.json.client_id;
    const api = adminApi(server, (await userToken(server)).access_token);
    expect((await api.get(`clients/${id}/roles`)).status).toBe(200);
    await sleep(1100);

    expect((await api.get(`clients/${id}/roles`)).status).toBe(404);
    expect((await api.put(`clients/${id}/roles/AdminPanelManagement`)).status).toBe(404);
    expect((await api.get(`clients/${id}/mirrors`)).status).toBe(404);
    expect((await api.get(`apiSecrets/client/${id}`)).status).toBe(404);
    expect((await api.post(`apiSecrets/client/${id}`, { valueEncrypted: null })).status).toBe(404);
    expect((await api.put(`groups/660000000000000000000040/members/clients/${id}`)).status).toBe(404);

    // The expired record stays stored until the next registration purges it; a live client of its id is not hidden by it.
    expect((await api.post('clients', { isEnabled: true, clientId: id })).status).toBe(200);
    expect((await api.get(`clients/${id}`)).status).toBe(200);
    expect((await api.get(`clients/${id}/roles`)).status).toBe(200);
    expect((await api.put(`clients/${id}`, { clientName: 'again' })).status).toBe(200);
    expect((await api.get<{ clientName: string }>(`clients/${id}`)).json.clientName).toBe('again');
    expect((await api.del(`clients/${id}`)).status).toBe(200);
  });
});
