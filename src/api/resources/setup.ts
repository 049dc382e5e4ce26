/**
 * The first administrator of a fresh installation, through the anonymous endpoints the service's own setup page uses
 * (identity-api.md §2.11): `GET /{systemTenant}/api/setup/status`, then `POST /{systemTenant}/api/setup/create-admin`.
 * They are outside the versioned admin API: call them with a client whose base is `setupBaseUrl` and that sends no
 * token (`anonymousApi` in ../index.ts).
 *
 * Quirks: the SDK's setup client posts `{url}/system/v1/setup` without a token, but that action needs one and no
 * tenant is literally named `system`, so it cannot work (§9.2). `status` answers 404 (or `setupRequired:false`) once
 * the tenant has users or when it is not the system tenant; `create-admin` answers 200 with `success:false` and an
 * `errorMessage` for a refused password.
 */
import { path, pathSegment, type AdminApi } from '../client.js';

/** `{identityUrl}/{tenant}/api/setup`. */
export function setupBaseUrl(identityUrl: string, tenant: string): string {
  return `${identityUrl.replace(/\/+$/, '')}/${pathSegment(tenant)}/api/setup`;
}

const entity = 'the setup endpoint';

/** GET status: `{setupRequired: true}` while setup is possible (404 otherwise). Undefined for an empty answer. */
export async function status(api: AdminApi): Promise<{ setupRequired?: unknown } | undefined> {
  const { data } = await api.get<{ setupRequired?: unknown } | undefined>(path`status`, { entity });
  return data;
}

/** POST create-admin `{email, password, confirmPassword}`. Undefined for an empty answer. */
export async function createAdmin(api: AdminApi, email: string, password: string): Promise<{ success?: unknown; errorMessage?: unknown } | undefined> {
  const { data } = await api.post<{ success?: unknown; errorMessage?: unknown } | undefined>(path`create-admin`, {
    body: { email, password, confirmPassword: password },
    entity,
  });
  return data;
}
