import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret, secretPathId } from '../../src/shared/secrets.js';
import type { RunningServer } from '../../src/server/index.js';
import { adminApi, clientCredentials, decodeJwt, form, start, userToken, type AdminApi, type TokenResponse } from './helpers.js';

let server: RunningServer;
let api: AdminApi;

beforeAll(async () => {
  server = await start({ tenants: ['octosystem', 'tenant-b'] });
  api = adminApi(server, (await userToken(server)).access_token);
});
afterAll(() => server.close());

function serviceClient(clientId: string, extra: Record<string, unknown> = {}) {
  return {
    isEnabled: true,
    clientId,
    clientName: `Service ${clientId}`,
    clientSecret: 'MySecretKey123',
    requireClientSecret: true,
    allowedGrantTypes: ['client_credentials'],
    allowedScopes: ['octo_api'],
    isOfflineAccessEnabled: true,
    ...extra,
  };
}

describe('secrets', () => {
  it('hashes like Duende', () => {
    expect(hashSecret('MySecretKey123')).toBe('KMnBJ6iIO5qqJb/504tfMCVeL7TcJgLnm0/I7iUld/w=');
    expect(hashSecret('0b4d6f52-3c1e-4a7b-9d2f-6e8a1c5b7d90')).toBe('N9M6QcEr7JAojycxjiYatkMBGu1GlYFpFmHez/mjYG4=');
    expect(secretPathId('N9M6QcEr7JAojycxjiYatkMBGu1GlYFpFmHez/mjYG4=')).toBe(
      'TjlNNlFjRXI3SkFvanljeGppWWF0a01CR3UxR2xZRnBGbUhlei9tallHND0=',
    );
  });
});

describe('client_credentials with admin-created clients', () => {
  it('is live at once, limited to allowedScopes, and refused after DELETE', async () => {
    expect((await api.post('clients', serviceClient('svc-a'))).status).toBe(200);
    const token = await clientCredentials(server, 'svc-a', 'MySecretKey123');
    expect(token.status).toBe(200);
    expect(token.json.scope).toBe('octo_api');
    const claims = decodeJwt(token.json.access_token);
    expect(claims).toMatchObject({ scope: ['octo_api'], aud: 'octoAPI', client_id: 'svc-a', tenant_id: 'octosystem', iss: server.url });
    expect(claims.sub).toBeUndefined(); // client tokens carry no sub (Duende)

    // a scope outside allowedScopes is refused
    const wider = await clientCredentials(server, 'svc-a', 'MySecretKey123', { scope: 'octo_api.read_only' });
    expect(wider.status).toBe(400);
    expect(wider.json.error).toBe('invalid_scope');
    // the secret also works by client_secret_post, and a wrong one does not
    const post = await form<TokenResponse>(`${server.url}/connect/token`, {
      grant_type: 'client_credentials',
      client_id: 'svc-a',
      client_secret: 'MySecretKey123',
      scope: 'octo_api',
    });
    expect(post.status).toBe(200);
    expect((await clientCredentials(server, 'svc-a', 'wrong')).json.error).toBe('invalid_client');

    expect((await api.del('clients/svc-a')).status).toBe(200);
    const after = await clientCredentials(server, 'svc-a', 'MySecretKey123');
    expect(after.status).toBe(401);
    expect(after.json.error).toBe('invalid_client');
  });

  it('gives all allowed API scopes without a scope parameter, and the client roles', async () => {
    await api.post('clients', serviceClient('svc-multi', { allowedScopes: ['octo_api', 'octo_api.read_only'] }));
    expect((await api.put('clients/svc-multi/roles/TenantManagement')).status).toBe(200);
    const token = await clientCredentials(server, 'svc-multi', 'MySecretKey123');
    expect(token.status).toBe(200);
    const claims = decodeJwt(token.json.access_token);
    expect(claims.scope).toEqual(['octo_api', 'octo_api.read_only']);
    expect(claims.role).toBe('TenantManagement');
  });

  it('refuses disabled clients and public clients', async () => {
    await api.post('clients', serviceClient('svc-off', { isEnabled: false }));
    expect((await clientCredentials(server, 'svc-off', 'MySecretKey123')).status).toBe(401);
    await api.post('clients', serviceClient('svc-public', { requireClientSecret: false }));
    const pub = await clientCredentials(server, 'svc-public', 'MySecretKey123');
    expect(pub.status).toBe(400);
    expect(pub.json.error).toBe('unauthorized_client');
  });

  it('scopes clients to their tenant via acr_values', async () => {
    const apiB = adminApi(server, (await userToken(server, 'tenant-b')).access_token, 'tenant-b');
    expect((await apiB.post('clients', serviceClient('svc-b'))).status).toBe(200);
    expect((await clientCredentials(server, 'svc-b', 'MySecretKey123')).status).toBe(401); // not in octosystem
    const token = await clientCredentials(server, 'svc-b', 'MySecretKey123', { acr_values: 'tenant:tenant-b' });
    expect(token.status).toBe(200);
    expect(decodeJwt(token.json.access_token).tenant_id).toBe('tenant-b');
  });

  it('PUT clientSecret replaces every secret', async () => {
    await api.post('clients', serviceClient('svc-rotate'));
    expect((await api.put('clients/svc-rotate', { clientSecret: 'NewSecret456', allowedScopes: ['octo_api'] })).status).toBe(200);
    expect((await clientCredentials(server, 'svc-rotate', 'MySecretKey123')).status).toBe(401);
    expect((await clientCredentials(server, 'svc-rotate', 'NewSecret456')).status).toBe(200);
  });

  it('accepts a secret created through apiSecrets and refuses an expired one', async () => {
    await api.post('clients', serviceClient('svc-secrets'));
    const created = await api.post<{ valueClearText: string; valueEncrypted: string }>('apiSecrets/client/svc-secrets', {
      valueEncrypted: null,
      description: 'generated',
      expirationDate: '2099-12-31T00:00:00Z',
    });
    expect(created.status).toBe(200);
    const clear = created.json.valueClearText;
    expect(clear).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(created.json.valueEncrypted).toBe(hashSecret(clear));
    expect((await clientCredentials(server, 'svc-secrets', clear)).status).toBe(200);
    expect((await clientCredentials(server, 'svc-secrets', 'MySecretKey123')).status).toBe(200); // the old one still works

    const expired = await api.post<{ valueClearText: string }>('apiSecrets/client/svc-secrets', {
      valueEncrypted: 'placeholder',
      expirationDate: '2000-01-01T00:00:00Z',
    });
    expect(expired.status).toBe(200);
    const refused = await clientCredentials(server, 'svc-secrets', expired.json.valueClearText);
    expect(refused.status).toBe(401);
    expect(refused.json.error).toBe('invalid_client');

    // expiring a working secret through PUT refuses it from then on
    const put = await api.put('apiSecrets/client/svc-secrets', {
      valueEncrypted: hashSecret(clear),
      description: 'now expired',
      expirationDate: '2001-01-01T00:00:00Z',
    });
    expect(put.status).toBe(200);
    expect((await clientCredentials(server, 'svc-secrets', clear)).status).toBe(401);
    // deleting a secret by base64(hash) removes it
    expect((await api.del(`apiSecrets/client/svc-secrets/${secretPathId(hashSecret('MySecretKey123'))}`)).status).toBe(200);
    expect((await clientCredentials(server, 'svc-secrets', 'MySecretKey123')).status).toBe(401);
  });

  it('lets a client_credentials token use the admin API (no tenant check for client tokens)', async () => {
    await api.post('clients', serviceClient('svc-admin'));
    const token = await clientCredentials(server, 'svc-admin', 'MySecretKey123');
    const res = await adminApi(server, token.json.access_token).get('apiScopes');
    expect(res.status).toBe(200);
    expect(server.stats.tokenRequests.client_credentials).toBeGreaterThan(0);
  });
});
