/**
 * External tenant user mappings (identity-api.md §2.10, §4.9): users of another tenant who may sign in here, with
 * the roles they get. `externalTenantUserMappings`, `externalTenantUserMappings/{rtId}`. The admin-provisioning
 * endpoints (adminProvisioning.ts) answer the same DTO.
 *
 * Quirks: the list is a bare array, paged by `skip`/`take` and filtered by `sourceTenantId` (only the given ones are
 * sent); POST answers 201 with the DTO; PUT takes only `{roleIds}` and replaces them ([] removes them all).
 */
import { path, type AdminApi } from '../client.js';
import { createdId, listOf, normalizeIds, singleOf } from './answers.js';

/** ExternalTenantUserMappingDto. */
export interface MappingDto {
  id?: string | null;
  sourceTenantId?: string | null;
  sourceUserId?: string | null;
  sourceUserName?: string | null;
  roleIds?: string[] | null;
  groupNames?: string[] | null;
}

/** CreateExternalTenantUserMappingDto. */
export interface CreateMappingDto {
  sourceTenantId: string;
  sourceUserId: string;
  sourceUserName: string;
  roleIds: string[] | null;
}

/** The create body: role ids as the server writes them (lower-case RtIds), null when not given. */
export function createMappingDto(f: { sourceTenantId: string; sourceUserId: string; sourceUserName: string; roleIds?: string[] }): CreateMappingDto {
  return {
    sourceTenantId: f.sourceTenantId,
    sourceUserId: f.sourceUserId,
    sourceUserName: f.sourceUserName,
    roleIds: f.roleIds !== undefined ? normalizeIds(f.roleIds) : null,
  };
}

const entity = (id: string) => `external tenant user mapping '${id}'`;

/** GET externalTenantUserMappings[?skip=&take=&sourceTenantId=]. */
export async function list(api: AdminApi, query: { skip?: number; take?: number; sourceTenantId?: string } = {}): Promise<MappingDto[]> {
  const { data } = await api.get<unknown>(path`externalTenantUserMappings`, {
    query: { skip: query.skip, take: query.take, sourceTenantId: query.sourceTenantId },
    entity: 'external tenant user mappings',
  });
  return listOf<MappingDto>(data, 'external tenant user mappings');
}

/** GET externalTenantUserMappings/{rtId}. */
export async function get(api: AdminApi, id: string): Promise<MappingDto> {
  const { data } = await api.get<unknown>(path`externalTenantUserMappings/${id}`, { entity: entity(id) });
  return singleOf<MappingDto>(data, 'externalTenantUserMappings', entity(id));
}

/** POST externalTenantUserMappings; returns the new RtId when the answer carries it. */
export async function create(api: AdminApi, dto: CreateMappingDto): Promise<string | undefined> {
  const { data } = await api.post<unknown>(path`externalTenantUserMappings`, { body: dto, entity: `mapping for '${dto.sourceUserName}'` });
  return createdId(data);
}

/** PUT externalTenantUserMappings/{rtId} `{roleIds}`: replaces the mapping's roles. */
export async function setRoles(api: AdminApi, id: string, roleIds: readonly string[]): Promise<void> {
  await api.put(path`externalTenantUserMappings/${id}`, { body: { roleIds }, entity: entity(id) });
}

/** DELETE externalTenantUserMappings/{rtId}. */
export async function remove(api: AdminApi, id: string): Promise<void> {
  await api.delete(path`externalTenantUserMappings/${id}`, { entity: entity(id) });
}
