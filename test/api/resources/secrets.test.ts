/** src/api/resources/secrets.ts against the local Identity Service (client and API-resource secrets), and its wire form. */
import { describe, expect, it } from 'vitest';
import * as apiResources from '../../../src/api/resources/apiResources.js';
import * as clients from '../../../src/api/resources/clients.js';
import * as secrets from '../../../src/api/resources/secrets.js';
import { hashSecret, secretPathId } from '../../../src/shared/secrets.js';
import { fakeApi, unique, useLiveApi } from './helpers.js';

const live = useLiveApi();

describe('secrets (local service)', () => {
  for (const kind of ['client', 'apiResource'] as const) {
    it(`${kind}: creates (clear text once), lists, reads, updates and deletes a secret`, async () => {
      const id = unique(kind);
      if (kind === 'client') await clients.create(live.api, clients.clientCredentialsClient({ clientId: id, clientName: 'S', clientSecret: 'first' }));
      else await apiResources.create(live.api, apiResources.apiResourceDto({ isEnabled: true, name: id }));
      const owner = { kind, id };

      const created = await secrets.create(live.api, owner, { expirationDate: '2099-12-31T00:00:00', description: 'Prod' });
      expect(created.valueClearText).toMatch(/^[0-9a-f-]{36}$/);
      const hash = created.valueEncrypted!;
      expect(hash).toBe(hashSecret(created.valueClearText!));
      expect(created).toMatchObject({ description: 'Prod', expirationDate: expect.stringMatching(/^2099-12-31T00:00:00/) });

      const listed = await secrets.list(live.api, owner);
      expect(listed.map((s) => s.valueEncrypted)).toContain(hash);
      expect(listed.every((s) => s.valueClearText === null)).toBe(true);

      await secrets.update(live.api, owner, hash, { expirationDate: null, description: 'Renamed' });
      expect(await secrets.get(live.api, owner, hash)).toMatchObject({ valueEncrypted: hash, description: 'Renamed', expirationDate: null, valueClearText: null });

      await secrets.remove(live.api, owner, hash);
      await expect(secrets.get(live.api, owner, hash)).rejects.toMatchObject({ status: 404 });
      await expect(secrets.remove(live.api, owner, hash)).rejects.toMatchObject({ status: 404 });
    });
  }

  it('the secrets of an unknown owner are a 404', async () => {
    await expect(secrets.list(live.api, { kind: 'client', id: unique('nobody') })).rejects.toMatchObject({ status: 404 });
  });
});

describe('secrets (wire form)', () => {
  it('the create placeholder, the hash in PUT bodies, base64(hash) in paths', async () => {
    const hash = hashSecret('x');
    const pid = encodeURIComponent(secretPathId(hash)); // the trailing = is encoded as a path segment
    const { api, recorder } = fakeApi({
      'POST apiSecrets/client/c%201': { json: { valueEncrypted: hash, valueClearText: 'x', expirationDate: null, description: null } },
      [`GET apiSecrets/apiResource/r/${pid}`]: { json: { valueEncrypted: hash } },
      'PUT apiSecrets/apiResource/r': {},
      [`DELETE apiSecrets/client/c%201/${pid}`]: {},
    });
    expect((await secrets.create(api, { kind: 'client', id: 'c 1' }, { expirationDate: null, description: 'd' })).valueClearText).toBe('x');
    await secrets.get(api, { kind: 'apiResource', id: 'r' }, hash);
    await secrets.update(api, { kind: 'apiResource', id: 'r' }, hash, { expirationDate: '2030-01-01T00:00:00', description: null });
    await secrets.remove(api, { kind: 'client', id: 'c 1' }, hash);
    expect(recorder.requests.map((r) => [r.method, r.path, r.raw])).toEqual([
      ['POST', 'apiSecrets/client/c%201', `{"valueEncrypted":"${secrets.CREATE_PLACEHOLDER}","valueClearText":null,"expirationDate":null,"description":"d"}`],
      ['GET', `apiSecrets/apiResource/r/${pid}`, undefined],
      ['PUT', 'apiSecrets/apiResource/r', `{"valueEncrypted":"${hash}","valueClearText":null,"expirationDate":"2030-01-01T00:00:00","description":null}`],
      ['DELETE', `apiSecrets/client/c%201/${pid}`, undefined],
    ]);
  });

  it('refuses answers of the wrong shape, naming the owner', async () => {
    const { api } = fakeApi({ 'POST apiSecrets/client/c': {}, 'GET apiSecrets/apiResource/r': { json: {} } });
    await expect(secrets.create(api, { kind: 'client', id: 'c' }, { expirationDate: null, description: null })).rejects.toThrow(
      "the server's answer for the new secret of client 'c' is not an object",
    );
    await expect(secrets.list(api, { kind: 'apiResource', id: 'r' })).rejects.toThrow("the server's answer for the secrets of API resource 'r' is not a list");
    expect(secrets.ownerText({ kind: 'apiResource', id: 'r' })).toBe("API resource 'r'");
  });
});
