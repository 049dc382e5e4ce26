import { beforeAll, describe, expect, it } from 'vitest';
import { hashSecret, secretPathId } from '../../src/shared/secrets.js';
import { notFoundDto, problemShape, useAdminServer } from './helpers.js';

const admin = useAdminServer();

interface SecretDto {
  valueEncrypted: string;
  valueClearText: string | null;
  expirationDate: string | null;
  description: string | null;
}

beforeAll(async () => {
  await admin.api.post('clients', { isEnabled: true, clientId: 'owner', requireClientSecret: true, allowedGrantTypes: ['client_credentials'] });
  await admin.api.post('apiResources', { name: 'myAPI', isEnabled: true, scopes: ['myAPI.read'] });
});

const kinds = [
  { kind: 'client', owner: 'owner', missingOwner: "Client 'ghost' not found" },
  { kind: 'apiResource', owner: 'myAPI', missingOwner: "API resource 'ghost' not found" },
] as const;

describe.each(kinds)('apiSecrets/$kind', ({ kind, owner, missingOwner }) => {
  const base = `apiSecrets/${kind}`;

  it('creates a GUID secret, returns the clear text once, reads and deletes by base64(hash)', async () => {
    const created = await admin.api.post<SecretDto>(`${base}/${owner}`, {
      valueEncrypted: null,
      description: 'Production secret',
      expirationDate: '2027-12-31',
    });
    expect(created.status).toBe(200);
    const clear = created.json.valueClearText!;
    expect(clear).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.json).toEqual({
      valueEncrypted: hashSecret(clear),
      valueClearText: clear,
      expirationDate: '2027-12-31T00:00:00Z',
      description: 'Production secret',
    });

    const list = await admin.api.get<SecretDto[]>(`${base}/${owner}`);
    expect(list.status).toBe(200);
    const listed = list.json.find((s) => s.valueEncrypted === hashSecret(clear));
    expect(listed).toEqual({ ...created.json, valueClearText: null });

    const pathId = secretPathId(hashSecret(clear));
    const one = await admin.api.get<SecretDto>(`${base}/${owner}/${pathId}`);
    expect(one.status).toBe(200);
    expect(one.json.valueClearText).toBeNull();

    // a placeholder valueEncrypted is accepted too (and overwritten)
    const placeholder = await admin.api.post<SecretDto>(`${base}/${owner}`, { valueEncrypted: 'x', description: null });
    expect(placeholder.status).toBe(200);
    expect(placeholder.json.valueEncrypted).not.toBe('x');
    expect(placeholder.json.expirationDate).toBeNull();

    const del = await admin.api.del(`${base}/${owner}/${pathId}`);
    expect(del.status).toBe(200);
    expect(del.text).toBe('');
    const gone = await admin.api.get(`${base}/${owner}/${pathId}`);
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual(notFoundDto(`API secret '${hashSecret(clear)}' not found`));
  });

  it('updates description and expiration by the hash in the body', async () => {
    const created = await admin.api.post<SecretDto>(`${base}/${owner}`, { valueEncrypted: null, description: 'before' });
    const hash = created.json.valueEncrypted;
    const put = await admin.api.put(`${base}/${owner}`, { valueEncrypted: hash, description: 'after', expirationDate: '2030-01-02T03:04:05Z' });
    expect(put.status).toBe(200);
    expect(put.text).toBe('');
    const one = await admin.api.get<SecretDto>(`${base}/${owner}/${secretPathId(hash)}`);
    expect(one.json).toMatchObject({ description: 'after', expirationDate: '2030-01-02T03:04:05Z' });

    const unknown = await admin.api.put(`${base}/${owner}`, { valueEncrypted: 'bm8=', description: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual(notFoundDto("Secret with value 'bm8=' does not exist."));
    const missingValue = await admin.api.put<{ errors: Record<string, string[]> }>(`${base}/${owner}`, { valueEncrypted: null });
    expect(missingValue.status).toBe(400);
    expect(missingValue.json.errors.ValueEncrypted).toEqual(['The ValueEncrypted field is required.']);
  });

  it('answers 404 shapes for unknown owners and secrets', async () => {
    const list = await admin.api.get(`${base}/ghost`);
    expect(list.status).toBe(404);
    expect(list.json).toMatchObject(problemShape);
    const create = await admin.api.post(`${base}/ghost`, { valueEncrypted: null });
    expect(create.status).toBe(404);
    expect(create.json).toMatchObject(problemShape);
    const put = await admin.api.put(`${base}/ghost`, { valueEncrypted: 'abc' });
    expect(put.status).toBe(404);
    expect(put.json).toMatchObject(problemShape);
    const one = await admin.api.get(`${base}/ghost/${secretPathId('abc')}`);
    expect(one.status).toBe(404);
    expect(one.json).toEqual(notFoundDto(missingOwner));
    const del = await admin.api.del(`${base}/ghost/${secretPathId('abc')}`);
    expect(del.status).toBe(404);
    if (kind === 'client') expect(del.json).toEqual(notFoundDto(missingOwner));
    else expect(del.json).toMatchObject(problemShape);
    const delSecret = await admin.api.del(`${base}/${owner}/${secretPathId('abc')}`);
    expect(delSecret.status).toBe(404);
    expect(delSecret.json).toEqual(notFoundDto("API secret 'abc' not found"));
    const malformed = await admin.api.post(`${base}/${owner}`, '{');
    expect(malformed.status).toBe(400);
    const badDate = await admin.api.post<{ errors: Record<string, string[]> }>(`${base}/${owner}`, { expirationDate: 'soon' });
    expect(badDate.status).toBe(400);
    expect(Object.keys(badDate.json.errors)).toContain('$.expirationDate');
  });
});
