import { describe, expect, it } from 'vitest';
import { ID, ID2, commandTable, expectJsonOnly, parsedFlags, run } from './identity-helpers.js';

const overlayResult = { overlayName: 'local-dev', clientId: 'studio', redirectUris: { added: 2, skippedDuplicate: 0 }, postLogoutRedirectUris: { added: 1, skippedDuplicate: 0 }, allowedCorsOrigins: { added: 0, skippedDuplicate: 1 } };
const cleanResult = { overlayName: null, clientsAffected: 1, totalEntriesRemoved: 3, clientResults: [{ clientId: 'studio', redirectUrisRemoved: 2, postLogoutRedirectUrisRemoved: 1, allowedCorsOriginsRemoved: 0 }] };

describe('client extras: parse and request per command', () => {
  commandTable({
    AddClientToRole: {
      argv: ['-id', 'ci-deploy', '-r', 'Tenant Management'],
      flags: { clientId: 'ci-deploy', role: 'Tenant Management' },
      requests: [{ method: 'PUT', path: 'clients/ci-deploy/roles/Tenant%20Management' }],
    },
    RemoveClientFromRole: {
      argv: ['-id', 'ci/deploy', '-r', 'TenantManagement', '-y'],
      flags: { clientId: 'ci/deploy', role: 'TenantManagement', yes: true },
      requests: [{ method: 'DELETE', path: 'clients/ci%2Fdeploy/roles/TenantManagement' }],
    },
    UpdateClientRoles: {
      argv: ['-id', 'ci-deploy', '-rids', `${ID.toUpperCase()}, ${ID2}`],
      flags: { clientId: 'ci-deploy', roleIds: [ID.toUpperCase(), ID2] },
      requests: [{ method: 'PUT', path: 'clients/ci-deploy/roles', body: [ID, ID2] }],
    },
    AddClientToGroup: {
      argv: ['-id', ID, '-cid', 'ci-deploy'],
      flags: { identifier: ID, clientId: 'ci-deploy' },
      routes: { 'GET clients/ci-deploy': { json: { clientId: 'ci-deploy', rtId: '6650000000000000000000ff' } } },
      requests: [
        { method: 'GET', path: 'clients/ci-deploy' },
        { method: 'PUT', path: `groups/${ID}/members/clients/6650000000000000000000ff` },
      ],
    },
    RemoveClientFromGroup: {
      argv: ['--identifier', ID, '--clientId', '6650000000000000000000FF'],
      flags: { identifier: ID, clientId: '6650000000000000000000FF' },
      requests: [{ method: 'DELETE', path: `groups/${ID}/members/clients/6650000000000000000000ff` }],
    },
    ApplyClientOverlay: {
      argv: ['-id', 'studio', '-n', 'local-dev', '-r', 'http://localhost:4200/auth-callback, http://localhost:4200/silent-callback', '-co', 'http://localhost:4200'],
      flags: { clientId: 'studio', overlayName: 'local-dev', redirectUris: ['http://localhost:4200/auth-callback', 'http://localhost:4200/silent-callback'], allowedCorsOrigins: ['http://localhost:4200'] },
      routes: { 'POST clients/studio/overlayUris': { json: overlayResult } },
      requests: [
        {
          method: 'POST',
          path: 'clients/studio/overlayUris',
          body: { overlayName: 'local-dev', redirectUris: ['http://localhost:4200/auth-callback', 'http://localhost:4200/silent-callback'], postLogoutRedirectUris: null, allowedCorsOrigins: ['http://localhost:4200'] },
        },
      ],
    },
    CleanClientOverlays: {
      argv: ['-n', 'local-dev', '-y'],
      flags: { overlayName: 'local-dev', yes: true },
      routes: { 'DELETE clients/cleanOverlayEntries?overlayName=local-dev': { json: cleanResult } },
      requests: [{ method: 'DELETE', path: 'clients/cleanOverlayEntries?overlayName=local-dev' }],
    },
    GetClientMirrors: {
      argv: ['-id', 'ci-deploy'],
      flags: { clientId: 'ci-deploy' },
      routes: { 'GET clients/ci-deploy/mirrors': { json: [{ parentClientId: 'ci-deploy', parentTenantId: 'meshtest', childTenantId: 'child-a', provisionedAt: '2026-01-01T00:00:00Z', secretHashVersion: 1 }] } },
      requests: [{ method: 'GET', path: 'clients/ci-deploy/mirrors' }],
    },
    ProvisionClientInExistingTenants: {
      argv: ['-id', 'ci-deploy'],
      flags: { clientId: 'ci-deploy' },
      routes: { 'POST clients/ci-deploy/mirrors/provisionInExistingTenants': { json: { childTenantsConsidered: 3, newlyProvisioned: 2, alreadyPresent: 1 } } },
      requests: [{ method: 'POST', path: 'clients/ci-deploy/mirrors/provisionInExistingTenants' }],
    },
    ProvisionClientInTenant: {
      argv: ['-id', 'ci-deploy', '-ctid', 'child-a'],
      flags: { clientId: 'ci-deploy', childTenantId: 'child-a' },
      routes: { 'POST clients/ci-deploy/mirrors/provisionInTenant?childTenantId=child-a': { json: { flaggedClientsConsidered: 1, newlyProvisioned: 1, alreadyPresent: 0 } } },
      requests: [{ method: 'POST', path: 'clients/ci-deploy/mirrors/provisionInTenant?childTenantId=child-a' }],
    },
    UnprovisionClientFromTenant: {
      argv: ['-id', 'ci-deploy', '--child-tenant-id', 'child-a', '--yes'],
      flags: { clientId: 'ci-deploy', childTenantId: 'child-a', yes: true },
      routes: { 'DELETE clients/ci-deploy/mirrors/child-a': { status: 204 } },
      requests: [{ method: 'DELETE', path: 'clients/ci-deploy/mirrors/child-a' }],
    },
    SetClientAutoProvision: {
      argv: ['-id', 'ci-deploy', '-e', 'FALSE'],
      flags: { clientId: 'ci-deploy', enabled: false },
      routes: { 'PATCH clients/ci-deploy/autoProvisionInChildTenants': { status: 204 } },
      requests: [{ method: 'PATCH', path: 'clients/ci-deploy/autoProvisionInChildTenants', body: { enabled: false } }],
    },
  });
});

describe('client extras: behaviour', () => {
  it('UpdateClientRoles: a role name the tenant does not have fails after the roles request, before any write', async () => {
    const r = await run(['-c', 'UpdateClientRoles', '-id', 'ci-deploy', '-rids', 'TenantManagement'], { routes: { 'GET roles': { json: [] } } });
    expect(r.code).toBe(253);
    expect(r.stderr).toMatch(/Role 'TenantManagement' does not exist/);
    expect(r.calls()).toEqual(['GET roles']);
  });

  it('UpdateClientRoles with "" clears the roles and warns', async () => {
    const r = await run(['-c', 'UpdateClientRoles', '-id', 'ci-deploy', '-rids', '']);
    expect(r.code).toBe(0);
    expect(r.requests[0]!.body).toEqual([]);
    expect(r.stderr).toMatch(/warning: the role list is empty/);
  });

  it('AddClientToGroup: an unknown client id fails with the server message (exit 253), nothing added', async () => {
    const r = await run(['-c', 'AddClientToGroup', '-id', ID, '-cid', 'nope'], { routes: { 'GET clients/nope': { status: 404, json: { title: 'Not Found', status: 404 } } } });
    expect(r.code).toBe(253);
    expect(r.stderr).toMatch(/client 'nope' was not found/);
    expect(r.calls()).toEqual(['GET clients/nope']);
  });

  it('ApplyClientOverlay needs at least one URI (usage, nothing sent)', async () => {
    const r = await run(['-c', 'ApplyClientOverlay', '-id', 'studio', '-n', 'local-dev', '-r', ' , ']);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('At least one of -r / -plr / -co must contain a non-whitespace URI.');
    expect(r.requests).toHaveLength(0);
  });

  it('ApplyClientOverlay checks the overlay name and the URIs', async () => {
    for (const [argv, message] of [
      [['-n', 'local dev', '-r', 'http://localhost:4200/'], /--overlayName \(-n\).*no spaces/],
      [['-n', 'dev', '-r', 'localhost:4200/cb'], /--redirectUris \(-r\) expects/],
      [['-n', 'dev', '-co', 'http://localhost:4200/cb'], /--allowedCorsOrigins \(-co\) expects origins/], // a lone trailing slash is normalised (real-scripts.test.ts)
      [['-n', 'dev', '-plr', 'https://*.example.com/'], /wildcards/],
    ] as const) {
      const r = await run(['-c', 'ApplyClientOverlay', '-id', 'studio', ...argv]);
      expect(r.code, argv.join(' ')).toBe(255);
      expect(r.stderr).toMatch(message);
      expect(r.requests).toHaveLength(0);
    }
  });

  it('ApplyClientOverlay prints a table of counts and the server result with --output json', async () => {
    const routes = { 'POST clients/studio/overlayUris': { json: overlayResult } };
    const table = await run(['-c', 'ApplyClientOverlay', '-id', 'studio', '-n', 'local-dev', '-r', 'http://localhost:4200/cb'], { routes });
    expect(table.stdout).toMatch(/LIST\s+ADDED\s+SKIPPED \(DUPLICATE\)/);
    expect(table.stdout).toMatch(/Redirect URIs\s+2\s+0/);
    expect(table.stderr).toContain("Overlay 'local-dev' on 'studio' applied: RedirectUris=2 added / 0 skipped");
    const json = await run(['-c', 'ApplyClientOverlay', '-id', 'studio', '-n', 'local-dev', '-r', 'http://localhost:4200/cb', '-o', 'json'], { routes });
    expect(expectJsonOnly(json.stdout)).toEqual(overlayResult);
  });

  it('CleanClientOverlays without -n sends no query and names ALL entries in the prompt', async () => {
    const r = await run(['-c', 'CleanClientOverlays'], { tty: true, input: 'yes\n', routes: { 'DELETE clients/cleanOverlayEntries': { json: cleanResult } } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Are you sure you want to strip ALL overlay:* URI entries on every client? (y/N): ');
    expect(r.calls()).toEqual(['DELETE clients/cleanOverlayEntries']);
    expect(r.stderr).toContain('Clean complete: 3 entries removed across 1 client(s)');
    expect(r.stdout).toMatch(/studio\s+2\s+1\s+0/);
  });

  it('GetClientMirrors prints [] with --output json when there are none', async () => {
    const r = await run(['-c', 'GetClientMirrors', '-id', 'x', '--output', 'json'], { routes: { 'GET clients/x/mirrors': { json: [] } } });
    expect(expectJsonOnly(r.stdout)).toEqual([]);
  });

  it('SetClientAutoProvision needs an explicit true/false', () => {
    expect(() => parsedFlags('SetClientAutoProvision', ['-id', 'x', '-e', 'yes'])).toThrow(/--enabled \(-e\) expects true or false/);
  });
});
