/**
 * API resources (identity-api.md §2.3, §3.4, §4.3): `apiResources`, `apiResources/{name}`.
 *
 * Quirks: POST and PUT copy every boolean and string (omitted → false / null), so send the full DTO
 * (`apiResourceDto`) and read before a partial change; `allowedAccessTokenSigningAlgorithms` is reset to [] when
 * omitted. PUT looks the resource up by the **body's** name and stores it under the path's name, so `update` sends
 * the path's name in the body (no rename). Store failures are a real HTTP 500 here. A duplicate name is a 409.
 * Secrets of API resources are in secrets.ts.
 */
import { path, type AdminApi } from '../client.js';
import { listOf, objectOf } from './answers.js';

/** The SDK's ApiResourceDto (identity-api.md §4.3), every property written. */
export interface ApiResourceDto {
  isEnabled: boolean;
  name: string | null;
  displayName: string | null;
  description: string | null;
  showInDiscoveryDocument: boolean;
  userClaims: string[] | null;
  requireResourceIndicator: boolean;
  scopes: string[] | null;
  allowedAccessTokenSigningAlgorithms: string[] | null;
}

/** A full ApiResourceDto: booleans default to false, strings and lists to null, unknown properties dropped. */
export function apiResourceDto(f: Partial<ApiResourceDto>): ApiResourceDto {
  return {
    isEnabled: f.isEnabled ?? false,
    name: f.name ?? null,
    displayName: f.displayName ?? null,
    description: f.description ?? null,
    showInDiscoveryDocument: f.showInDiscoveryDocument ?? false,
    userClaims: f.userClaims ?? null,
    requireResourceIndicator: f.requireResourceIndicator ?? false,
    scopes: f.scopes ?? null,
    allowedAccessTokenSigningAlgorithms: f.allowedAccessTokenSigningAlgorithms ?? null,
  };
}

const entity = (name: string) => `API resource '${name}'`;

/** GET apiResources. */
export async function list(api: AdminApi): Promise<ApiResourceDto[]> {
  const { data } = await api.get<unknown>(path`apiResources`, { entity: 'API resources' });
  return listOf<ApiResourceDto>(data, 'API resources');
}

/** GET apiResources/{name}, as the server sends it (`apiResourceDto()` fills it). */
export async function get(api: AdminApi, name: string): Promise<ApiResourceDto> {
  const { data } = await api.get<unknown>(path`apiResources/${name}`, { entity: entity(name) });
  return objectOf<ApiResourceDto>(data, entity(name));
}

/** POST apiResources (409 when the name exists). */
export async function create(api: AdminApi, dto: ApiResourceDto): Promise<void> {
  await api.post(path`apiResources`, { body: dto, entity: entity(String(dto.name)) });
}

/** PUT apiResources/{name}, a full replace; the body's name is set to `name` (the server looks it up by the body's). */
export async function update(api: AdminApi, name: string, dto: ApiResourceDto): Promise<void> {
  await api.put(path`apiResources/${name}`, { body: { ...dto, name }, entity: entity(name) });
}

/** DELETE apiResources/{name}. */
export async function remove(api: AdminApi, name: string): Promise<void> {
  await api.delete(path`apiResources/${name}`, { entity: entity(name) });
}
