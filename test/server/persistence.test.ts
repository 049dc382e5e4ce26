import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/shared/secrets.js';
import { adminApi, clientCredentials, start, userToken } from './helpers.js';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'octo-server-test-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('persistence with dataDir', () => {
  it('keeps clients, scopes, resources and secret hashes across a restart', async () => {
    const first = await start({ dataDir, tenants: ['octosystem', 'tenant-a'] });
    let clientSecret: string;
    let resourceSecretHash: string;
    let oldToken: string;
    try {
      oldToken = (await userToken(first)).access_token;
      const api = adminApi(first, oldToken);
      expect(
        (
          await api.post('clients', {
            isEnabled: true,
            clientId: 'persisted',
            clientSecret: 'MySecretKey123',
            requireClientSecret: true,
            allowedGrantTypes: ['client_credentials'],
            allowedScopes: ['octo_api'],
          })
        ).status,
      ).toBe(200);
      const secret = await api.post<{ valueClearText: string }>('apiSecrets/client/persisted', { valueEncrypted: null, description: 'kept' });
      clientSecret = secret.json.valueClearText;
      expect((await api.post('apiScopes', { name: 'kept.scope', isEnabled: true })).status).toBe(200);
      expect((await api.post('apiResources', { name: 'keptAPI', isEnabled: true, scopes: ['kept.scope'] })).status).toBe(200);
      const resSecret = await api.post<{ valueEncrypted: string }>('apiSecrets/apiResource/keptAPI', { valueEncrypted: null });
      resourceSecretHash = resSecret.json.valueEncrypted;
      expect((await api.del('clients/octo-mcpServices-swagger')).status).toBe(200);
    } finally {
      await first.close();
    }

    const files = await readdir(dataDir);
    expect(files.sort()).toEqual(['identity-store.json', 'keys.json']);
    for (const file of files) expect((await stat(join(dataDir, file))).mode & 0o777).toBe(0o600);
    const stored = await readFile(join(dataDir, 'identity-store.json'), 'utf8');
    expect(stored).toContain(hashSecret('MySecretKey123'));
    expect(stored).not.toContain('MySecretKey123"');
    expect(stored).not.toContain(clientSecret);

    // Same port, so the issuer (and the `iss` of the old token) stays the same.
    const second = await start({ dataDir, tenants: ['octosystem', 'tenant-a'], port: Number(new URL(first.url).port) });
    try {
      // the signing key survived: tokens of the first run still verify
      const api = adminApi(second, oldToken);
      expect((await api.get('clients/persisted')).status).toBe(200);
      expect((await api.get('clients/octo-mcpServices-swagger')).status).toBe(404);
      expect((await api.get('apiScopes/kept.scope')).status).toBe(200);
      expect((await api.get('apiResources/keptAPI')).status).toBe(200);
      const secrets = await api.get<{ valueEncrypted: string; description: string | null }[]>('apiSecrets/apiResource/keptAPI');
      expect(secrets.json.map((s) => s.valueEncrypted)).toEqual([resourceSecretHash]);
      expect((await clientCredentials(second, 'persisted', 'MySecretKey123')).status).toBe(200);
      expect((await clientCredentials(second, 'persisted', clientSecret)).status).toBe(200);
      expect((await api.get<unknown[]>('clients')).json).toHaveLength(6);
    } finally {
      await second.close();
    }
  });

  it('never loses an update under concurrent writes', async () => {
    const server = await start({ dataDir });
    try {
      const api = adminApi(server, (await userToken(server)).access_token);
      const names = Array.from({ length: 40 }, (_, i) => `concurrent.${i}`);
      const results = await Promise.all(names.map((name) => api.post('apiScopes', { name, isEnabled: true })));
      expect(results.every((r) => r.status === 200)).toBe(true);
      await Promise.all(names.slice(0, 10).map((name) => api.put(`apiScopes/${name}`, { name, displayName: 'updated', isEnabled: true })));
    } finally {
      await server.close();
    }
    const again = await start({ dataDir });
    try {
      const api = adminApi(again, (await userToken(again)).access_token);
      const scopes = await api.get<{ name: string; displayName: string | null }[]>('apiScopes');
      const concurrent = scopes.json.filter((s) => s.name.startsWith('concurrent.'));
      expect(concurrent).toHaveLength(40);
      expect(concurrent.filter((s) => s.displayName === 'updated')).toHaveLength(10);
    } finally {
      await again.close();
    }
    expect((await readdir(dataDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a corrupt store file instead of starting empty', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dataDir, 'identity-store.json'), '{"version": 99}');
    await expect(start({ dataDir })).rejects.toThrow(/not a store file/);
  });
});
