/**
 * Mirrors of ClientCredentials clients in child tenants (identity-api.md §2.1): a client flagged
 * `autoProvisionInChildTenants` is copied into child tenants.
 *
 * Quirks: provisioning answers 400 when the client is not flagged; DELETE of a mirror and the PATCH of the flag
 * answer 204; the count answers are read as given (a missing count is the caller's 0).
 */
import { path, type AdminApi } from '../client.js';
import { listOf } from './answers.js';

/** ClientMirrorDto. */
export interface MirrorDto {
  parentClientId?: string;
  parentTenantId?: string;
  childTenantId?: string;
  provisionedAt?: string;
  secretHashVersion?: number;
}

/** ClientMirrorBackfillResponseDto. */
export interface BackfillResult {
  childTenantsConsidered?: number;
  newlyProvisioned?: number;
  alreadyPresent?: number;
}

/** ClientMirrorProvisionResponseDto. */
export interface ProvisionResult {
  flaggedClientsConsidered?: number;
  newlyProvisioned?: number;
  alreadyPresent?: number;
}

const entity = (clientId: string) => `client '${clientId}'`;

/** GET clients/{clientId}/mirrors. */
export async function list(api: AdminApi, clientId: string): Promise<MirrorDto[]> {
  const { data } = await api.get<unknown>(path`clients/${clientId}/mirrors`, { entity: entity(clientId) });
  return listOf<MirrorDto>(data, `mirrors of ${entity(clientId)}`);
}

/** POST clients/{clientId}/mirrors/provisionInExistingTenants (backfill; idempotent). Undefined for an empty answer. */
export async function provisionInExistingTenants(api: AdminApi, clientId: string): Promise<BackfillResult | undefined> {
  const { data } = await api.post<BackfillResult | undefined>(path`clients/${clientId}/mirrors/provisionInExistingTenants`, { entity: entity(clientId) });
  return data;
}

/** POST clients/{clientId}/mirrors/provisionInTenant?childTenantId=. Undefined for an empty answer. */
export async function provisionInTenant(api: AdminApi, clientId: string, childTenantId: string): Promise<ProvisionResult | undefined> {
  const { data } = await api.post<ProvisionResult | undefined>(path`clients/${clientId}/mirrors/provisionInTenant`, {
    query: { childTenantId },
    entity: `${entity(clientId)} or tenant '${childTenantId}'`,
  });
  return data;
}

/** DELETE clients/{clientId}/mirrors/{childTenantId}. */
export async function unprovision(api: AdminApi, clientId: string, childTenantId: string): Promise<void> {
  await api.delete(path`clients/${clientId}/mirrors/${childTenantId}`, { entity: `mirror of ${entity(clientId)} in '${childTenantId}'` });
}

/** PATCH clients/{clientId}/autoProvisionInChildTenants `{enabled}`. */
export async function setAutoProvision(api: AdminApi, clientId: string, enabled: boolean): Promise<void> {
  await api.patch(path`clients/${clientId}/autoProvisionInChildTenants`, { body: { enabled }, entity: entity(clientId) });
}
