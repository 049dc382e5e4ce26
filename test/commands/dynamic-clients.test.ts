/**
 * Auditing dynamically registered clients end to end against the local Identity Service (seed 003's scenario): three
 * AI agents register through /connect/register and sign a user in (authorization_code + PKCE, openid-client), the
 * audit lists them (GetClients --filter-dynamic, the registration column, GetClient), DeleteDynamicClients removes one
 * (dry run first, confirmation, never an admin client) and its refresh token stops working while the others still
 * work.
 */
import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { useService } from '../provision/live.js';
import { cmd, fakeApi } from './fake-api.js';
import { signInOnPage } from '../helpers/sign-in-page.js';

const live = useService();

interface Agent {
  name: string;
  port: number;
  clientId: string;
  config: oidc.Configuration;
  refreshToken: string;
}

/** The admin signs in on the local service's page; the callback URL with the code. */
const signIn = (authorizeUrl: URL): Promise<URL> => signInOnPage(live.server.url, authorizeUrl, live.server.adminUser, live.server.adminPassword);

/** An agent registers itself (RFC 7591) and signs the admin in with authorization_code + PKCE. */
async function agent(name: string, port: number): Promise<Agent> {
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const res = await fetch(`${live.server.url}/connect/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: name, redirect_uris: [redirectUri], grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'none' }),
  });
  expect(res.status).toBe(201);
  const clientId = ((await res.json()) as { client_id: string }).client_id;
  const config = await oidc.discovery(new URL(live.server.url), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid offline_access octo_api',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    acr_values: 'tenant:octosystem',
  });
  const tokens = await oidc.authorizationCodeGrant(config, await signIn(url), { pkceCodeVerifier: verifier, expectedState: state });
  return { name, port, clientId, config, refreshToken: tokens.refresh_token! };
}

/** Uses (and rotates) the agent's refresh token; true when the service still accepts it. */
async function stillWorks(a: Agent): Promise<boolean> {
  try {
    a.refreshToken = (await oidc.refreshTokenGrant(a.config, a.refreshToken)).refresh_token ?? a.refreshToken;
    return true;
  } catch {
    return false;
  }
}

let agents: Agent[];
beforeAll(async () => {
  agents = [];
  for (const [name, port] of [['Claude Code', 33418], ['Cursor', 6274], ['MCP Inspector', 6277]] as const) agents.push(await agent(name, port));
});

describe('the dynamic-client audit', () => {
  it('GetClients shows how each client was registered and --filter-dynamic lists the three agents', async () => {
    const table = await live.octo(['-c', 'GetClients', '--wide']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/REGISTRATION$/);
    expect(table.stdout).toMatch(/^octo-cli\s.*\sadmin$/m);
    for (const a of agents) expect(table.stdout).toMatch(new RegExp(`^${a.clientId}\\s+${a.name}\\s.*dynamic, expires \\S+ \\(in 89 days\\)$`, 'm'));

    const dynamic = await live.octo(['-c', 'GetClients', '--filter-dynamic', '-o', 'json']);
    const listed = JSON.parse(dynamic.stdout) as Array<{ clientId: string; dynamicRegistration: boolean }>;
    expect(listed.map((c) => c.clientId).sort()).toEqual(agents.map((a) => a.clientId).sort());
    const byPort = await live.octo(['-c', 'GetClients', '--filter-dynamic', '--filter-redirect-uri', ':6274', '-o', 'json']);
    expect((JSON.parse(byPort.stdout) as Array<{ clientId: string }>).map((c) => c.clientId)).toEqual([agents[1]!.clientId]);
  });

  it('GetClient shows the stored metadata of a dynamic client', async () => {
    const r = await live.octo(['-c', 'GetClient', '-id', agents[0]!.clientId]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Registration\s+dynamic, expires \S+ \(in 89 days\)$/m);
    expect(r.stdout).toMatch(/^Client authentication\s+none \(public client, PKCE\)$/m);
    expect(r.stdout).toMatch(/^Redirect URIs\s+http:\/\/127\.0\.0\.1:33418\/callback$/m);
    expect(r.stdout).toMatch(/^Scopes\s+openid, profile, email, role, octo_api$/m);
    const json = JSON.parse((await live.octo(['-c', 'GetClient', '-id', agents[0]!.clientId, '-o', 'json'])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ clientId: agents[0]!.clientId, clientName: 'Claude Code', dynamicRegistration: true, requireClientSecret: false });
  });

  it('DeleteDynamicClients: a dry run deletes nothing; without a terminal -y is needed; admin clients are never touched', async () => {
    const writes = live.writes();
    const dry = await live.octo(['-c', 'DeleteDynamicClients', '--filter-name', 'cursor', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(agents[1]!.clientId);
    expect(dry.stdout).not.toContain(agents[0]!.clientId);
    expect(dry.stderr).toContain('Dry run: 1 of 3 dynamically registered clients would be deleted; nothing deleted.');
    const refused = await live.octo(['-c', 'DeleteDynamicClients', '--filter-name', 'cursor']);
    expect(refused.code).toBe(251);
    // "octo-cli" matches an admin client by name: not a candidate.
    const admins = await live.octo(['-c', 'DeleteDynamicClients', '--filter-name', 'octo-cli', '-y']);
    expect(admins.code).toBe(0);
    expect(admins.stderr).toContain('No dynamically registered clients match (3 dynamic of');
    // --expired: the service hides expired registrations already, so none of the live ones matches.
    expect((await live.octo(['-c', 'DeleteDynamicClients', '--expired', '-y'])).stderr).toContain('No dynamically registered clients match');
    expect(live.writes()).toBe(writes);
  });

  it('deleting one agent stops its refresh token; the other agents keep working', async () => {
    for (const a of agents) expect(await stillWorks(a), a.name).toBe(true);
    const r = await live.octo(['-c', 'DeleteDynamicClients', '--filter-redirect-uri', ':6274', '-y', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { dryRun: boolean; matched: Array<{ clientId: string }>; deleted: string[]; failed: unknown[] };
    expect(summary).toMatchObject({ dryRun: false, deleted: [agents[1]!.clientId], failed: [] });
    expect(summary.matched.map((c) => c.clientId)).toEqual([agents[1]!.clientId]);
    expect(r.stderr).toMatch(/Deleted 1 of 1 matching dynamically registered clients; \d+ clients remain\./);

    expect(await stillWorks(agents[1]!)).toBe(false);
    expect(await stillWorks(agents[0]!)).toBe(true);
    expect(await stillWorks(agents[2]!)).toBe(true);
    const left = JSON.parse((await live.octo(['-c', 'GetClients', '--filter-dynamic', '-o', 'json'])).stdout) as Array<{ clientId: string }>;
    expect(left.map((c) => c.clientId).sort()).toEqual([agents[0]!.clientId, agents[2]!.clientId].sort());
    expect((await live.octo(['-c', 'GetClient', '-id', 'octo-cli'])).code).toBe(0);
  });
});

describe('DeleteDynamicClients against a recorded API (what the local service cannot show)', () => {
  it('--expired matches registrations past their expiry that a service still lists; an admin client is never a candidate', async () => {
    const client = (clientId: string, dynamicRegistration: boolean, expiresAt: string | null) => ({ clientId, clientName: clientId, dynamicRegistration, dynamicRegistrationExpiresAt: expiresAt, redirectUris: [], allowedGrantTypes: ['authorization_code'] });
    const api = fakeApi({
      'GET clients': { json: [client('octo-dcr-old', true, '2026-01-01T00:00:00Z'), client('octo-dcr-new', true, '2026-12-01T00:00:00Z'), client('octo-dcr-lookalike', false, '2026-01-01T00:00:00Z')] },
      'DELETE clients/octo-dcr-old': {},
    });
    const r = await cmd(api, ['-c', 'DeleteDynamicClients', '--expired', '--filter-name', 'octo-dcr', '-y', '-o', 'json'], { now: () => Date.parse('2026-06-01T00:00:00Z') });
    expect(r.code, r.stderr).toBe(0);
    expect(api.calls()).toEqual(['GET clients', 'DELETE clients/octo-dcr-old']);
    expect(JSON.parse(r.stdout)).toMatchObject({ deleted: ['octo-dcr-old'], failed: [] });
  });

  it('a failed delete is reported and exits 253; the others are still deleted', async () => {
    const client = (clientId: string) => ({ clientId, clientName: clientId, dynamicRegistration: true, dynamicRegistrationExpiresAt: '2099-01-01T00:00:00Z' });
    const api = fakeApi({
      'GET clients': { json: [client('octo-dcr-a'), client('octo-dcr-b')] },
      'DELETE clients/octo-dcr-a': { status: 404, json: { message: "Client with id 'octo-dcr-a' does not exist." } },
      'DELETE clients/octo-dcr-b': {},
    });
    const r = await cmd(api, ['-c', 'DeleteDynamicClients', '-y']);
    expect(r.code).toBe(253);
    expect(r.stderr).toContain("warning: client 'octo-dcr-a' was not deleted");
    expect(r.stderr).toContain('Deleted 1 of 2 matching dynamically registered clients (1 failed)');
    expect(api.calls()).toEqual(['GET clients', 'DELETE clients/octo-dcr-a', 'DELETE clients/octo-dcr-b']);
  });
});
