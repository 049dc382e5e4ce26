/**
 * API scopes (identity-api.md §2.2, §3.3, §4.2): `apiScopes`, `apiScopes/{name}`.
 *
 * Quirks: POST and PUT copy every field, so an omitted boolean becomes false and an omitted string null: always send
 * the full DTO (`apiScopeDto`), and read before a partial change. PUT takes `name` from the body, so it renames.
 * `requireResourceIndicator` and `apiSecrets` are ignored on write and always false on read. A duplicate name is a 409
 * with a plain-string body. Names are matched exactly.
 */
import { path, type AdminApi } from '../client.js';
import { listOf, objectOf } from './answers.js';

/** The SDK's ApiScopeDto (identity-api.md §4.2), every property written. */
export interface ApiScopeDto {
  isEnabled: boolean;
  name: string | null;
  displayName: string | null;
  description: string | null;
  showInDiscoveryDocument: boolean;
  userClaims: string[] | null;
  isRequired: boolean;
  isEmphasize: boolean;
  requireResourceIndicator: boolean;
  apiSecrets: boolean;
}

/** A full ApiScopeDto: booleans default to false, strings and lists to null, unknown properties dropped. */
export function apiScopeDto(f: Partial<ApiScopeDto>): ApiScopeDto {
  return {
    isEnabled: f.isEnabled ?? false,
    name: f.name ?? null,
    displayName: f.displayName ?? null,
    description: f.description ?? null,
    showInDiscoveryDocument: f.showInDiscoveryDocument ?? false,
    userClaims: f.userClaims ?? null,
    isRequired: f.isRequired ?? false,
    isEmphasize: f.isEmphasize ?? false,
    requireResourceIndicator: f.requireResourceIndicator ?? false,
    apiSecrets: f.apiSecrets ?? false,
  };
}

const entity = (name: string) => `API scope '${name}'`;

/** GET apiScopes (enabled and disabled). */
export async function list(api: AdminApi): Promise<ApiScopeDto[]> {
  const { data } = await api.get<unknown>(path`apiScopes`, { entity: 'API scopes' });
  return listOf<ApiScopeDto>(data, 'API scopes');
}

/** GET apiScopes/{name}, as the server sends it (`apiScopeDto()` fills it). */
export async function get(api: AdminApi, name: string): Promise<ApiScopeDto> {
  const { data } = await api.get<unknown>(path`apiScopes/${name}`, { entity: entity(name) });
  return objectOf<ApiScopeDto>(data, entity(name));
}

/** POST apiScopes (409 when the name exists). */
export async function create(api: AdminApi, dto: ApiScopeDto): Promise<void> {
  await api.post(path`apiScopes`, { body: dto, entity: entity(String(dto.name)) });
}

/** PUT apiScopes/{name}: a full replace; `dto.name` is the new name. */
export async function update(api: AdminApi, name: string, dto: ApiScopeDto): Promise<void> {
  await api.put(path`apiScopes/${name}`, { body: dto, entity: entity(name) });
}

/** DELETE apiScopes/{name}. */
export async function remove(api: AdminApi, name: string): Promise<void> {
  await api.delete(path`apiScopes/${name}`, { entity: entity(name) });
}
