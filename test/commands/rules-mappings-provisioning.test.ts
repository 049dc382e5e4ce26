import { describe, expect, it } from 'vitest';
import { ID, ID2, commandTable, expectJsonOnly, parsedFlags, run } from './identity-helpers.js';

const RID = '6670000000000000000000b1';
const MID = '6680000000000000000000c1';
const GID = '660000000000000000000040';
const rule = { rtId: RID, emailDomainPattern: 'example.com', targetGroupRtId: GID, description: 'Employees' };
const mapping = { id: MID, sourceTenantId: 'octosystem', sourceUserId: '6610000000000000000000d1', sourceUserName: 'alice', roleIds: [ID], groupNames: ['TenantOwners'] };

describe('rules, mappings and admin provisioning: parse and request per command', () => {
  commandTable({
    GetEmailDomainGroupRules: {
      argv: [],
      flags: {},
      routes: { 'GET emailDomainGroupRules': { json: { emailDomainGroupRules: [rule] } } },
      requests: [{ method: 'GET', path: 'emailDomainGroupRules' }],
    },
    GetEmailDomainGroupRule: {
      argv: ['-id', RID],
      flags: { identifier: RID },
      routes: { [`GET emailDomainGroupRules/${RID}`]: { json: rule } },
      requests: [{ method: 'GET', path: `emailDomainGroupRules/${RID}` }],
    },
    CreateEmailDomainGroupRule: {
      argv: ['-edp', 'example.com', '-tgid', GID, '-d', 'Employees'],
      flags: { emailDomainPattern: 'example.com', targetGroupRtId: GID, description: 'Employees' },
      routes: { 'POST emailDomainGroupRules': { status: 201, json: rule } },
      requests: [{ method: 'POST', path: 'emailDomainGroupRules', body: { rtId: null, emailDomainPattern: 'example.com', targetGroupRtId: GID, description: 'Employees' } }],
    },
    UpdateEmailDomainGroupRule: {
      argv: ['-id', RID, '-edp', 'example.org', '-tgid', GID, '-d', 'Org'],
      flags: { identifier: RID, emailDomainPattern: 'example.org', targetGroupRtId: GID, description: 'Org' },
      requests: [{ method: 'PUT', path: `emailDomainGroupRules/${RID}`, body: { rtId: null, emailDomainPattern: 'example.org', targetGroupRtId: GID, description: 'Org' } }],
    },
    DeleteEmailDomainGroupRule: {
      argv: ['-id', RID],
      flags: { identifier: RID },
      requests: [{ method: 'DELETE', path: `emailDomainGroupRules/${RID}` }],
    },
    GetExternalTenantUserMappings: {
      argv: ['-skip', '0', '-take', '0x10', '-stid', 'octosystem'],
      flags: { skip: 0, take: 16, sourceTenantId: 'octosystem' },
      routes: { 'GET externalTenantUserMappings?skip=0&take=16&sourceTenantId=octosystem': { json: [mapping] } },
      requests: [{ method: 'GET', path: 'externalTenantUserMappings?skip=0&take=16&sourceTenantId=octosystem' }],
    },
    GetExternalTenantUserMapping: {
      argv: ['-id', MID],
      flags: { identifier: MID },
      routes: { [`GET externalTenantUserMappings/${MID}`]: { json: mapping } },
      requests: [{ method: 'GET', path: `externalTenantUserMappings/${MID}` }],
    },
    CreateExternalTenantUserMapping: {
      argv: ['-stid', 'octosystem', '-suid', '6610000000000000000000d1', '-sun', 'alice', '-rids', `${ID.toUpperCase()},${ID2}`],
      flags: { sourceTenantId: 'octosystem', sourceUserId: '6610000000000000000000d1', sourceUserName: 'alice', roleIds: [ID.toUpperCase(), ID2] },
      routes: { 'POST externalTenantUserMappings': { status: 201, json: mapping } },
      requests: [{ method: 'POST', path: 'externalTenantUserMappings', body: { sourceTenantId: 'octosystem', sourceUserId: '6610000000000000000000d1', sourceUserName: 'alice', roleIds: [ID, ID2] } }],
    },
    UpdateExternalTenantUserMapping: {
      argv: ['-id', MID, '-rids', ID2],
      flags: { identifier: MID, roleIds: [ID2] },
      requests: [{ method: 'PUT', path: `externalTenantUserMappings/${MID}`, body: { roleIds: [ID2] } }],
    },
    DeleteExternalTenantUserMapping: {
      argv: ['-id', MID],
      flags: { identifier: MID },
      requests: [{ method: 'DELETE', path: `externalTenantUserMappings/${MID}` }],
    },
    GetAdminProvisioningMappings: {
      argv: ['-ttid', 'customer-project'],
      flags: { targetTenantId: 'customer-project' },
      routes: { 'GET adminProvisioning/customer-project': { json: [mapping] } },
      requests: [{ method: 'GET', path: 'adminProvisioning/customer-project' }],
    },
    CreateAdminProvisioningMapping: {
      argv: ['-ttid', 'customer-project', '-stid', 'octosystem', '-suid', 'u1', '-sun', 'alice'],
      flags: { targetTenantId: 'customer-project', sourceTenantId: 'octosystem', sourceUserId: 'u1', sourceUserName: 'alice' },
      routes: { 'POST adminProvisioning/customer-project': { status: 201, json: mapping } },
      requests: [{ method: 'POST', path: 'adminProvisioning/customer-project', body: { sourceTenantId: 'octosystem', sourceUserId: 'u1', sourceUserName: 'alice', roleIds: null } }],
    },
    ProvisionCurrentUser: {
      argv: ['-ttid', 'customer-project'],
      flags: { targetTenantId: 'customer-project' },
      routes: { 'POST adminProvisioning/customer-project/provisionCurrentUser': { status: 201, json: mapping } },
      requests: [{ method: 'POST', path: 'adminProvisioning/customer-project/provisionCurrentUser' }],
    },
    DeleteAdminProvisioningMapping: {
      argv: ['-ttid', 'customer-project', '-mid', MID],
      flags: { targetTenantId: 'customer-project', mappingId: MID },
      requests: [{ method: 'DELETE', path: `adminProvisioning/customer-project/${MID}` }],
    },
  });
});

describe('e-mail domain group rules: behaviour', () => {
  it('GetEmailDomainGroupRules unwraps the list for the table and for JSON', async () => {
    const routes = { 'GET emailDomainGroupRules': { json: { emailDomainGroupRules: [rule] } } };
    const table = await run(['-c', 'GetEmailDomainGroupRules'], { routes });
    expect(table.stdout).toMatch(/^ID\s+E-MAIL DOMAIN PATTERN\s+TARGET GROUP\s+DESCRIPTION$/m);
    expect(table.stdout).toMatch(new RegExp(`${RID}\\s+example\\.com\\s+${GID}\\s+Employees`));
    const json = await run(['-c', 'GetEmailDomainGroupRules', '-o', 'json'], { routes });
    expect(expectJsonOnly(json.stdout)).toEqual([rule]);
    const empty = await run(['-c', 'GetEmailDomainGroupRules'], { routes: { 'GET emailDomainGroupRules': { json: { emailDomainGroupRules: [] } } } });
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('No email domain group rules found');
  });

  it('-tgid must be a group RtId', () => {
    expect(() => parsedFlags('CreateEmailDomainGroupRule', ['-edp', 'example.com', '-tgid', 'TenantOwners'])).toThrow(/--targetGroupRtId \(-tgid\) expects an object id/);
  });

  it('CreateEmailDomainGroupRule succeeds with a warning when the server answers 500 after storing the rule', async () => {
    const r = await run(['-c', 'CreateEmailDomainGroupRule', '-edp', 'example.com', '-tgid', GID, '-o', 'json'], {
      routes: { 'POST emailDomainGroupRules': { status: 500 }, 'GET emailDomainGroupRules': { json: { emailDomainGroupRules: [rule] } } },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: the server answered 500 but stored the rule/);
    expect(expectJsonOnly(r.stdout)).toEqual({ id: RID, emailDomainPattern: 'example.com', created: true });
    const failed = await run(['-c', 'CreateEmailDomainGroupRule', '-edp', 'other.com', '-tgid', GID], {
      routes: { 'POST emailDomainGroupRules': { status: 500 }, 'GET emailDomainGroupRules': { json: { emailDomainGroupRules: [rule] } } },
    });
    expect(failed.code).toBe(253);
  });

  it('UpdateEmailDomainGroupRule without -d keeps the description', async () => {
    const r = await run(['-c', 'UpdateEmailDomainGroupRule', '-id', RID, '-edp', 'example.org', '-tgid', GID], { routes: { [`GET emailDomainGroupRules/${RID}`]: { json: rule } } });
    expect(r.calls()).toEqual([`GET emailDomainGroupRules/${RID}`, `PUT emailDomainGroupRules/${RID}`]);
    expect(r.requests[1]!.body).toEqual({ rtId: null, emailDomainPattern: 'example.org', targetGroupRtId: GID, description: 'Employees' });
  });
});

describe('external tenant user mappings and admin provisioning: behaviour', () => {
  it('GetExternalTenantUserMappings sends only the given query parameters and prints a table', async () => {
    const r = await run(['-c', 'GetExternalTenantUserMappings'], { routes: { 'GET externalTenantUserMappings': { json: [mapping] } } });
    expect(r.calls()).toEqual(['GET externalTenantUserMappings']);
    expect(r.stdout).toMatch(/^ID\s+SOURCE TENANT\s+SOURCE USER ID\s+SOURCE USER NAME\s+ROLE IDS\s+GROUPS$/m);
    expect(r.stdout).toMatch(new RegExp(`${MID}\\s+octosystem\\s+6610000000000000000000d1\\s+alice\\s+${ID}\\s+TenantOwners`));
  });

  it('skip and take are checked before any request', async () => {
    for (const argv of [['-skip', '-1'], ['-take', '0'], ['-take', 'ten']]) {
      const r = await run(['-c', 'GetExternalTenantUserMappings', ...argv]);
      expect(r.code, argv.join(' ')).toBe(255);
      expect(r.requests).toHaveLength(0);
    }
  });

  it('UpdateExternalTenantUserMapping without -rids is refused; -rids "" clears with a warning', async () => {
    const none = await run(['-c', 'UpdateExternalTenantUserMapping', '-id', MID]);
    expect(none.code).toBe(255);
    expect(none.requests).toHaveLength(0);
    const clear = await run(['-c', 'UpdateExternalTenantUserMapping', '-id', MID, '-rids', '']);
    expect(clear.code).toBe(0);
    expect(clear.requests[0]!.body).toEqual({ roleIds: [] });
    expect(clear.stderr).toMatch(/warning: the role list is empty/);
  });

  it('CreateExternalTenantUserMapping prints the new id with --output json', async () => {
    const r = await run(['-c', 'CreateExternalTenantUserMapping', '-stid', 'octosystem', '-suid', 'u1', '-sun', 'alice', '-o', 'json'], {
      routes: { 'POST externalTenantUserMappings': { status: 201, json: mapping } },
    });
    expect(r.requests[0]!.body).toEqual({ sourceTenantId: 'octosystem', sourceUserId: 'u1', sourceUserName: 'alice', roleIds: null });
    expect(expectJsonOnly(r.stdout)).toEqual({ id: MID, sourceUserName: 'alice', created: true });
  });

  it('ProvisionCurrentUser tells a new mapping (201) from an existing one (200)', async () => {
    const created = await run(['-c', 'ProvisionCurrentUser', '-ttid', 't1', '-o', 'json'], { routes: { 'POST adminProvisioning/t1/provisionCurrentUser': { status: 201, json: mapping } } });
    expect(expectJsonOnly(created.stdout)).toEqual({ targetTenantId: 't1', provisioned: true, created: true });
    const existing = await run(['-c', 'ProvisionCurrentUser', '-ttid', 't1'], { routes: { 'POST adminProvisioning/t1/provisionCurrentUser': { status: 200, json: mapping } } });
    expect(existing.stderr).toContain("Current user was already provisioned in target tenant 't1'");
  });

  it('GetAdminProvisioningMappings: an unknown target tenant is exit 253 with the server message', async () => {
    const r = await run(['-c', 'GetAdminProvisioningMappings', '-ttid', 'nope'], { routes: { 'GET adminProvisioning/nope': { status: 404, text: "Tenant 'nope' not found." } } });
    expect(r.code).toBe(253);
    expect(r.stderr).toContain("Tenant 'nope' not found.");
  });

  it('-mid must be a 24-hex id', () => {
    expect(() => parsedFlags('DeleteAdminProvisioningMapping', ['-ttid', 't', '-mid', 'abc'])).toThrow(/--mappingId \(-mid\) expects an object id/);
  });
});
