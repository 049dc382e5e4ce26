/**
 * Roles (identity-api.md §2.6, §3.7, §4.5): `roles`, `roles/names/{name}`, `roles/{name}`.
 *
 * Quirks: writes address a role by **name** (matched case-insensitively), reads by name too; role **ids** (RtIds)
 * are what replace-all role lists take (clients, users, groups, mappings). POST uses only `name`; a duplicate name is
 * a 400 with the identity error (not a 409). Store failures are a real HTTP 500.
 */
import { path, type AdminApi } from '../client.js';
import { listOf, objectOf } from './answers.js';

/** RoleDto: `{id, name}` (id = RtId). */
export interface RoleDto {
  id: string | null;
  name: string | null;
}

const entity = (name: string) => `role '${name}'`;

/** GET roles. */
export async function list(api: AdminApi): Promise<RoleDto[]> {
  const { data } = await api.get<unknown>(path`roles`, { entity: 'roles' });
  return listOf<RoleDto>(data, 'roles');
}

/** GET roles/names/{name} (404 for an unknown role). */
export async function getByName(api: AdminApi, name: string): Promise<RoleDto> {
  const { data } = await api.get<unknown>(path`roles/names/${name}`, { entity: entity(name) });
  return objectOf<RoleDto>(data, entity(name));
}

/** GET roles/names/{name} for its status only: resolves when the role exists, else the HttpError (404). */
export async function check(api: AdminApi, name: string): Promise<void> {
  await api.get(path`roles/names/${name}`, { entity: entity(name) });
}

/** POST roles `{id: null, name}`. */
export async function create(api: AdminApi, name: string): Promise<void> {
  await api.post(path`roles`, { body: { id: null, name } satisfies RoleDto, entity: entity(name) });
}

/** PUT roles/{name} `{id: null, name: newName}`: renames the role (all a role has). */
export async function rename(api: AdminApi, name: string, newName: string): Promise<void> {
  await api.put(path`roles/${name}`, { body: { id: null, name: newName } satisfies RoleDto, entity: entity(name) });
}

/** DELETE roles/{name}. */
export async function remove(api: AdminApi, name: string): Promise<void> {
  await api.delete(path`roles/${name}`, { entity: entity(name) });
}
