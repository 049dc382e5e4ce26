import { describe, expect, it } from 'vitest';
import { adminApi, json, readOnlyToken, sleep, start, userToken, useAdminServer } from './helpers.js';

const admin = useAdminServer({ tenants: ['octosystem', 'tenant-a'] });

const clientsUrl = () => `${admin.server.url}/octosystem/v1/clients`;

describe('authentication', () => {
  it('401 with an empty body and WWW-Authenticate: Bearer without a valid token', async () => {
    for (const authorization of [undefined, 'Basic abc', 'Bearer', `Bearer ${admin.token}x`, 'Bearer not.a.jwt']) {
      const res = await json('GET', clientsUrl(), undefined, authorization ? { authorization } : {});
      expect(res.status).toBe(401);
      expect(res.text).toBe('');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('accepts the scheme word in any case', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      expect((await json('GET', clientsUrl(), undefined, { authorization: `${scheme} ${admin.token}` })).status).toBe(200);
    }
  });

  it('refuses tokens of another server (signature, issuer)', async () => {
    const other = await start();
    try {
      const foreign = (await userToken(other)).access_token;
      expect((await json('GET', clientsUrl(), undefined, { authorization: `Bearer ${foreign}` })).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('refuses expired tokens', async () => {
    const shortLived = await start({ accessTokenTtl: 3 });
    try {
      const t = (await userToken(shortLived)).access_token;
      const url = `${shortLived.url}/octosystem/v1/apiScopes`;
      expect((await json('GET', url, undefined, { authorization: `Bearer ${t}` })).status).toBe(200);
      await sleep(3100); // a 3 s lifetime: exp has whole-second precision, so 1 s could already be over at the first call
      expect((await json('GET', url, undefined, { authorization: `Bearer ${t}` })).status).toBe(401);
    } finally {
      await shortLived.close();
    }
  });
});

describe('authorization', () => {
  it('read_only tokens can read but get 403 with an empty body on writes', async () => {
    const ro = adminApi(admin.server, await readOnlyToken(admin.server, admin.api));
    expect((await ro.get('clients')).status).toBe(200);
    expect((await ro.get('apiSecrets/client/octo-cli')).status).toBe(200);
    for (const res of [
      await ro.post('clients', { clientId: 'nope', isEnabled: true }),
      await ro.put('apiScopes/octo_api', { name: 'octo_api' }),
      await ro.del('apiResources/octoAPI'),
      await ro.post('apiSecrets/client/octo-cli', { valueEncrypted: null }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.text).toBe('');
    }
    expect((await admin.api.get('clients/nope')).status).toBe(404);
  });

  it('a user token may not manage another tenant', async () => {
    const res = await json('GET', `${admin.server.url}/tenant-a/v1/clients`, undefined, { authorization: `Bearer ${admin.token}` });
    expect(res.status).toBe(403);
    const own = (await userToken(admin.server, 'tenant-a')).access_token;
    expect((await json('GET', `${admin.server.url}/tenant-a/v1/clients`, undefined, { authorization: `Bearer ${own}` })).status).toBe(200);
  });

  it('unknown tenant → 404 with an empty body', async () => {
    const res = await json('GET', `${admin.server.url}/no-such-tenant/v1/clients`, undefined, { authorization: `Bearer ${admin.token}` });
    expect(res.status).toBe(404);
    expect(res.text).toBe('');
    expect(res.headers.get('api-supported-versions')).toBe('1.0');
  });

  it('unknown route → 404, wrong method → 405', async () => {
    expect((await admin.api.get('nothing-here')).status).toBe(404);
    expect((await json('PATCH', clientsUrl(), undefined, { authorization: `Bearer ${admin.token}` })).status).toBe(405);
  });
});

describe('robustness', () => {
  it('413 for bodies over 1 MiB, and keeps serving', async () => {
    const big = JSON.stringify({ clientId: 'big', clientName: 'x'.repeat(1024 * 1024 + 10) });
    const res = await admin.api.post('clients', big);
    expect(res.status).toBe(413);
    expect((await admin.api.get('clients/big')).status).toBe(404);
    expect((await admin.api.get('clients')).status).toBe(200);
  });

  it('malformed JSON and wrong content types never crash the server', async () => {
    const bodies = ['{', '[1,2', 'null', '42', '"str"', '{"clientId": 5}', '\u0000'];
    for (const body of bodies) {
      const res = await admin.api.post('clients', body);
      expect(res.status).toBe(400);
    }
    const textPlain = await admin.api.post('clients', '{"clientId":"t"}', { 'content-type': 'text/plain' });
    expect(textPlain.status).toBe(415);
    expect((await admin.api.get('clients')).status).toBe(200);
  });

  it('counts admin requests', () => {
    expect(admin.server.stats.adminRequests).toBeGreaterThan(10);
  });
});
