/**
 * Guard rails on grants against the local Identity Service: AddScopeToClient and CreateApiResource warn on stderr about
 * scopes the tenant does not have (the API stores them silently; the token request fails later), granting octo_api
 * warns, the Add*Client help says so; TestClientCredentials shows what a resource server sees in a client's token
 * (never the token) and exits 252 with the service's reason when it is refused, an expired secret included.
 */
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/commands/index.js';
import { commandHelp } from '../../src/cli/help.js';
import { useService } from '../provision/live.js';

const live = useService();
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

async function client(id: string, secret: string): Promise<void> {
  const r = await live.octo(['-c', 'AddClientCredentialsClient', '-id', id, '-n', id, '-s', '-'], { stdin: secret });
  expect(r.code, r.stderr).toBe(0);
}

describe('AddScopeToClient and CreateApiResource warn about scopes the tenant does not have', () => {
  it('an unknown scope: granted, with a warning naming CreateApiScope; then a token request for it fails as warned', async () => {
    await client('guard-svc', 'guard-secret-1');
    const r = await live.octo(['-c', 'AddScopeToClient', '-id', 'guard-svc', '-n', 'reports.read']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("warning: scope 'reports.read' does not exist in tenant 'octosystem'");
    expect(r.stderr).toContain('octo-cli -c CreateApiScope -n "reports.read"');
    const t = await live.octo(['-c', 'TestClientCredentials', '-id', 'guard-svc', '-s', '-', '--scope', 'reports.read'], { stdin: 'guard-secret-1' });
    expect(t.code).toBe(252);
    expect(t.stderr).toContain('invalid_scope');

    expect((await live.octo(['-c', 'CreateApiScope', '-n', 'reports.write'])).code).toBe(0);
    const known = await live.octo(['-c', 'AddScopeToClient', '-id', 'guard-svc', '-n', 'reports.write']);
    expect(known.code).toBe(0);
    expect(known.stderr).not.toContain('warning');
    // The identity scopes the service seeds (allowed_tenants and offline_access included) are not API scopes: no warning.
    const identity = await live.octo(['-c', 'AddScopeToClient', '-id', 'guard-svc', '-n', 'allowed_tenants']);
    expect(identity.code, identity.stderr).toBe(0);
    expect(identity.stderr).not.toContain('warning');
  });

  it('granting octo_api warns about full administrative access; the Add*Client help says so', async () => {
    const created = await live.octo(['-c', 'AddAuthorizationCodeClient', '-id', 'guard-web', '-n', 'Web', '-u', 'https://web.example/']);
    expect(created.code, created.stderr).toBe(0);
    expect((await live.octo(['-c', 'UpdateClient', '-id', 'guard-web', '-n', 'Web'])).code).toBe(0);
    // guard-web has octo_api already: nothing is granted, no warning.
    expect((await live.octo(['-c', 'AddScopeToClient', '-id', 'guard-web', '-n', 'octo_api'])).stderr).not.toContain('warning');
    await client('guard-ro', 'guard-secret-2');
    expect((await live.octo(['-c', 'CreateApiScope', '-n', 'noop.scope'])).code).toBe(0);
    const fresh = await live.octo(['-c', 'AddScopeToClient', '-id', 'guard-ro', '-n', 'noop.scope']);
    expect(fresh.stderr).not.toContain('octo_api');

    // A client without octo_api: remove it through the API, then grant it.
    const dto = await fetch(`${live.server.url}/octosystem/v1/clients/guard-ro`, { method: 'PUT', headers: { authorization: `Bearer ${live.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ allowedScopes: ['noop.scope'] }) });
    expect(dto.status).toBe(200);
    const granted = await live.octo(['-c', 'AddScopeToClient', '-id', 'guard-ro', '-n', 'octo_api']);
    expect(granted.code).toBe(0);
    expect(granted.stderr).toContain("warning: client 'guard-ro' gets scope 'octo_api': full administrative access to this tenant's identity data");

    for (const name of ['AddClientCredentialsClient', 'AddDeviceCodeClient', 'AddAuthorizationCodeClient']) {
      const help = commandHelp(allCommands().find((c) => c.name === name)!, 200);
      expect(help, name).toContain('octo_api gives full administrative access');
    }
  });

  it('CreateApiResource warns once per unknown scope', async () => {
    const r = await live.octo(['-c', 'CreateApiResource', '-n', 'guardApi', '-s', 'octo_api,guard.missing,openid']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/warning: scope/g)).toHaveLength(1);
    expect(r.stderr).toContain("scope 'guard.missing' does not exist");
  });
});

describe('TestClientCredentials', () => {
  it('shows audience, scopes, roles, tenant and expiry, never the token', async () => {
    await client('guard-tcc', 'guard-secret-3');
    const r = await live.octo(['-c', 'TestClientCredentials', '-id', 'guard-tcc', '-s', 'guard-secret-3', '--verbose']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Client id\s+guard-tcc$/m);
    expect(r.stdout).toMatch(/^Tenant\s+octosystem$/m);
    expect(r.stdout).toMatch(/^Audience\s+.*octoAPI/m); // and guardApi, when the test above made it: it carries octo_api
    expect(r.stdout).toMatch(/^Scopes\s+octo_api$/m);
    expect(r.stdout).toMatch(/^Expires\s+\S+Z \(in 60 min\)$/m);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(JWT);
    expect(`${r.stdout}${r.stderr}`).not.toContain('guard-secret-3');
    const json = JSON.parse((await live.octo(['-c', 'TestClientCredentials', '-id', 'guard-tcc', '-s', '-', '-o', 'json'], { stdin: 'guard-secret-3' })).stdout);
    expect(json).toEqual({
      clientId: 'guard-tcc',
      tenant: 'octosystem',
      audience: expect.arrayContaining(['octoAPI']),
      scopes: ['octo_api'],
      roles: [],
      issuer: live.server.issuer,
      expiresAt: expect.any(String),
      expiresInSeconds: expect.any(Number),
    });
  });

  it('exits 252 with the reason: a wrong secret, an expired secret', async () => {
    const wrong = await live.octo(['-c', 'TestClientCredentials', '-id', 'guard-tcc', '-s', 'not-the-secret']);
    expect(wrong.code).toBe(252);
    expect(wrong.stderr).toContain("the token request of client 'guard-tcc' failed: invalid_client");

    // A secret past its expiry is refused at the token endpoint, as the real service does (the overlap test in
    // secret-rotation.test.ts sees one stop working; here one is made expired through the admin API).
    const res = await fetch(`${live.server.url}/octosystem/v1/apiSecrets/client/guard-tcc`, {
      method: 'POST',
      headers: { authorization: `Bearer ${live.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ valueEncrypted: 'x', expirationDate: new Date(Date.now() - 60_000).toISOString(), description: 'expired' }),
    });
    const expiredSecret = ((await res.json()) as { valueClearText: string }).valueClearText;
    const expired = await live.octo(['-c', 'TestClientCredentials', '-id', 'guard-tcc', '-s', '-'], { stdin: expiredSecret });
    expect(expired.code).toBe(252);
    expect(expired.stderr).toContain('invalid_client');
  });
});
