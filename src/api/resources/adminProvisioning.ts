/**
 * Admin provisioning (identity-api.md §2.10): mappings that give users of the system tenant access to a target
 * tenant, under `adminProvisioning/{targetTenantId}`. Called with the system tenant as the client's tenant; the
 * target tenant is a path segment.
 *
 * Quirks: every action needs the read-write scope, even the GETs; an unknown target tenant is a 404 with a plain
 * string; `provisionCurrentUser` answers 201 for a new mapping and 200 for an existing one (it needs a user token,
 * not client credentials).
 */
import { path, type AdminApi } from '../client.js';
import { createdId, listOf } from './answers.js';
import type { CreateMappingDto, MappingDto } from './tenantMappings.js';

const entity = (target: string) => `tenant '${target}'`;

/** GET adminProvisioning/{target}. */
export async function list(api: AdminApi, target: string): Promise<MappingDto[]> {
  const { data } = await api.get<unknown>(path`adminProvisioning/${target}`, { entity: entity(target) });
  return listOf<MappingDto>(data, 'admin provisioning mappings');
}

/** POST adminProvisioning/{target}; returns the new mapping's RtId when the answer carries it. */
export async function create(api: AdminApi, target: string, dto: CreateMappingDto): Promise<string | undefined> {
  const { data } = await api.post<unknown>(path`adminProvisioning/${target}`, { body: dto, entity: entity(target) });
  return createdId(data);
}

/** POST adminProvisioning/{target}/provisionCurrentUser: whether a new mapping was made (201) or one existed (200). */
export async function provisionCurrentUser(api: AdminApi, target: string): Promise<{ created: boolean }> {
  const { status } = await api.post(path`adminProvisioning/${target}/provisionCurrentUser`, { entity: entity(target) });
  return { created: status === 201 };
}

/** DELETE adminProvisioning/{target}/{mappingRtId}. */
export async function remove(api: AdminApi, target: string, mappingId: string): Promise<void> {
  await api.delete(path`adminProvisioning/${target}/${mappingId}`, { entity: `mapping '${mappingId}' in tenant '${target}'` });
}
