/** src/api/resources/setup.ts: the anonymous setup endpoints of a fresh local Identity Service, and their wire form. */
import { describe, expect, it } from 'vitest';
import { AdminApi } from '../../../src/api/client.js';
import * as setup from '../../../src/api/resources/setup.js';
import { recordingFetch } from '../../helpers/fake-fetch.js';
import { useLiveApi } from './helpers.js';

const live = useLiveApi({ seedAdminUser: false }, { signIn: false });

function anonymous(identityUrl: string, tenant: string, f: typeof fetch = fetch): AdminApi {
  return new AdminApi({ identityUrl, tenant, baseUrl: setup.setupBaseUrl(identityUrl, tenant), fetch: f, getToken: async () => undefined, sleep: async () => {} });
}

describe('setup (local service)', () => {
  it('status says setup is required; a weak password is refused in the answer; the admin is created once', async () => {
    const api = anonymous(`${live.server.url}/`, 'octosystem');
    expect(api.baseUrl).toBe(`${live.server.url}/octosystem/api/setup`);
    expect(await setup.status(api)).toEqual({ setupRequired: true });
    expect(await setup.createAdmin(api, 'root@example.com', 'weak')).toMatchObject({ success: false, errorMessage: expect.any(String) });
    expect(await setup.createAdmin(api, 'root@example.com', 'Str0ng!Admin')).toMatchObject({ success: true });
    await expect(setup.status(api)).rejects.toMatchObject({ status: 404 });
  });
});

describe('setup (wire form)', () => {
  it('no token, the tenant as one path segment, confirmPassword = password', async () => {
    const rec = recordingFetch('https://id.test/', { 'GET Octo%20Sys/api/setup/status': { json: { setupRequired: true } }, 'POST Octo%20Sys/api/setup/create-admin': { json: { success: true } } }, (key) => ({ status: 599, text: key }));
    const api = anonymous('https://id.test', 'Octo Sys', rec.fetch);
    await setup.status(api);
    await setup.createAdmin(api, 'a@b.c', 'p');
    expect(rec.calls()).toEqual(['GET Octo%20Sys/api/setup/status', 'POST Octo%20Sys/api/setup/create-admin']);
    expect(rec.requests[1]!.raw).toBe('{"email":"a@b.c","password":"p","confirmPassword":"p"}');
    for (const r of rec.requests) expect(r.headers.authorization).toBeUndefined();
  });

  it('an error answer names the setup endpoint when the server gives no message', async () => {
    const rec = recordingFetch('https://id.test/', { 'GET t/api/setup/status': { status: 404 } }, (key) => ({ status: 599, text: key }));
    await expect(setup.status(anonymous('https://id.test', 't', rec.fetch))).rejects.toThrow('the setup endpoint was not found (404)');
  });
});
