/**
 * src/api/resources/emailDomainRules.ts, tenantMappings.ts and adminProvisioning.ts against the local Identity
 * Service, and the answers it does not give (the 500-after-store bug of rule creation) with the fake fetch.
 */
import { describe, expect, it } from 'vitest';
import * as rules from '../../../src/api/resources/emailDomainRules.js';
import * as mappings from '../../../src/api/resources/tenantMappings.js';
import * as provisioning from '../../../src/api/resources/adminProvisioning.js';
import { fakeApi, unique, useLiveApi } from './helpers.js';

const live = useLiveApi({ tenants: ['octosystem', 'customer-a'] });
const OWNERS = '660000000000000000000040';

describe('e-mail domain group rules (local service)', () => {
  it('creates, lists, reads, updates and deletes a rule', async () => {
    const pattern = `${unique('corp')}.example.com`;
    const { id, recoveredFrom } = await rules.create(live.api, rules.ruleDto({ emailDomainPattern: pattern, targetGroupRtId: OWNERS, description: 'Staff' }));
    expect(recoveredFrom).toBeUndefined();
    expect((await rules.list(live.api)).find((r) => r.rtId === id)).toMatchObject({ emailDomainPattern: pattern, targetGroupRtId: OWNERS });
    await rules.update(live.api, id!, rules.ruleDto({ emailDomainPattern: pattern, targetGroupRtId: OWNERS, description: null }));
    expect(await rules.get(live.api, id!)).toMatchObject({ rtId: id, description: null });
    await rules.remove(live.api, id!);
    await expect(rules.get(live.api, id!)).rejects.toMatchObject({ status: 404 });
  });
});

describe('external tenant user mappings (local service)', () => {
  it('creates (201 + id), lists with a filter, reads, replaces roles and deletes a mapping', async () => {
    const user = unique('alice');
    const id = await mappings.create(live.api, mappings.createMappingDto({ sourceTenantId: 'customer-a', sourceUserId: '6610000000000000000000D1', sourceUserName: user, roleIds: ['660000000000000000000004'] }));
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect((await mappings.list(live.api, { sourceTenantId: 'customer-a' })).map((m) => m.id)).toContain(id);
    expect(await mappings.list(live.api, { sourceTenantId: 'nobody', skip: 0, take: 5 })).toEqual([]);
    expect(await mappings.get(live.api, id!)).toMatchObject({ sourceUserName: user, roleIds: ['660000000000000000000004'] });
    await mappings.setRoles(live.api, id!, []);
    expect((await mappings.get(live.api, id!)).roleIds).toEqual([]);
    await mappings.remove(live.api, id!);
    await expect(mappings.get(live.api, id!)).rejects.toMatchObject({ status: 404 });
  });
});

describe('admin provisioning (local service)', () => {
  it('provisions the signed-in user (201, then 200), lists, creates and deletes mappings of a target tenant', async () => {
    expect(await provisioning.provisionCurrentUser(live.api, 'customer-a')).toEqual({ created: true });
    expect(await provisioning.provisionCurrentUser(live.api, 'customer-a')).toEqual({ created: false });
    const user = unique('bob');
    const id = await provisioning.create(live.api, 'customer-a', mappings.createMappingDto({ sourceTenantId: 'octosystem', sourceUserId: '6610000000000000000000d2', sourceUserName: user }));
    expect((await provisioning.list(live.api, 'customer-a')).map((m) => m.sourceUserName)).toContain(user);
    await provisioning.remove(live.api, 'customer-a', id!);
    expect((await provisioning.list(live.api, 'customer-a')).map((m) => m.sourceUserName)).not.toContain(user);
    await expect(provisioning.list(live.api, 'no-such-tenant')).rejects.toMatchObject({ status: 404 });
  });
});

describe('rules, mappings and provisioning (wire form and answers)', () => {
  it('rule creation that fails with 500 after storing: read back, success, the status reported', async () => {
    const stored = { rtId: 'r9', emailDomainPattern: 'x.com', targetGroupRtId: OWNERS.toUpperCase(), description: null };
    const { api, recorder } = fakeApi({ 'POST emailDomainGroupRules': { status: 500, text: 'boom' }, 'GET emailDomainGroupRules': { json: { emailDomainGroupRules: [stored] } } });
    expect(await rules.create(api, rules.ruleDto({ emailDomainPattern: 'x.com', targetGroupRtId: OWNERS, description: null }))).toEqual({ id: 'r9', recoveredFrom: 500 });
    expect(recorder.calls()).toEqual(['POST emailDomainGroupRules', 'GET emailDomainGroupRules']);
    expect(recorder.requests[0]!.raw).toBe(`{"rtId":null,"emailDomainPattern":"x.com","targetGroupRtId":"${OWNERS}","description":null}`);
  });

  it('rule creation that fails with 500 without storing, or with 400: the error stands', async () => {
    const { api } = fakeApi({ 'POST emailDomainGroupRules': { status: 500, text: 'boom' }, 'GET emailDomainGroupRules': { json: [] } });
    await expect(rules.create(api, rules.ruleDto({ emailDomainPattern: 'x.com', targetGroupRtId: OWNERS, description: null }))).rejects.toMatchObject({ status: 500 });
    const bad = fakeApi({ 'POST emailDomainGroupRules': { status: 400, json: { errors: { x: ['bad'] } } } });
    await expect(rules.create(bad.api, rules.ruleDto({ emailDomainPattern: 'x.com', targetGroupRtId: OWNERS, description: null }))).rejects.toMatchObject({ status: 400 });
    expect(bad.recorder.calls()).toEqual(['POST emailDomainGroupRules']);
  });

  it('mapping and provisioning requests: only the given query parameters, lower-cased role ids', async () => {
    const { api, recorder } = fakeApi({
      'GET externalTenantUserMappings': { json: [] },
      'GET externalTenantUserMappings?take=5&sourceTenantId=a+b': { json: [] },
      'POST externalTenantUserMappings': { status: 201, json: { id: 'm1' } },
      'PUT externalTenantUserMappings/m1': { json: {} },
      'POST adminProvisioning/t%2F1': { status: 201 },
      'POST adminProvisioning/t%2F1/provisionCurrentUser': { status: 200, json: {} },
      'DELETE adminProvisioning/t%2F1/m1': {},
    });
    await mappings.list(api);
    await mappings.list(api, { take: 5, sourceTenantId: 'a b' });
    expect(await mappings.create(api, mappings.createMappingDto({ sourceTenantId: 's', sourceUserId: 'u', sourceUserName: 'n', roleIds: [' 66000000000000000000000A ', 'x '] }))).toBe('m1');
    await mappings.setRoles(api, 'm1', ['a']);
    expect(await provisioning.create(api, 't/1', mappings.createMappingDto({ sourceTenantId: 's', sourceUserId: 'u', sourceUserName: 'n' }))).toBeUndefined();
    expect(await provisioning.provisionCurrentUser(api, 't/1')).toEqual({ created: false });
    await provisioning.remove(api, 't/1', 'm1');
    expect(recorder.requests.map((r) => [r.method, r.path, r.raw])).toEqual([
      ['GET', 'externalTenantUserMappings', undefined],
      ['GET', 'externalTenantUserMappings?take=5&sourceTenantId=a+b', undefined],
      ['POST', 'externalTenantUserMappings', '{"sourceTenantId":"s","sourceUserId":"u","sourceUserName":"n","roleIds":["66000000000000000000000a","x"]}'],
      ['PUT', 'externalTenantUserMappings/m1', '{"roleIds":["a"]}'],
      ['POST', 'adminProvisioning/t%2F1', '{"sourceTenantId":"s","sourceUserId":"u","sourceUserName":"n","roleIds":null}'],
      ['POST', 'adminProvisioning/t%2F1/provisionCurrentUser', undefined],
      ['DELETE', 'adminProvisioning/t%2F1/m1', undefined],
    ]);
  });

  it('refuses answers of the wrong shape', async () => {
    const { api } = fakeApi({ 'GET emailDomainGroupRules': { json: { rules: [] } }, 'GET externalTenantUserMappings': { json: {} }, 'GET adminProvisioning/t': { json: 'x' } });
    await expect(rules.list(api)).rejects.toThrow("the server's answer for e-mail domain group rules is not a list");
    await expect(mappings.list(api)).rejects.toThrow("the server's answer for external tenant user mappings is not a list");
    await expect(provisioning.list(api, 't')).rejects.toThrow("the server's answer for admin provisioning mappings is not a list");
  });
});
