/**
 * Users (identity-api.md §2.7, §3.6, §4.6): `users`, `users/{userName}`, a user's roles, the password reset.
 *
 * Quirks:
 * - `name` is the login user name. GETs take a user name, e-mail or RtId; writes need the user name.
 * - PUT overwrites every field (null too): read, change, write back the whole DTO (`userDto`).
 * - POST needs a password in practice (the DTO marks it required) and checks the password policy; a duplicate is a
 *   400 with identity errors, not a 409.
 * - The password reset takes the new password in the **query string** (`users/resetPassword?userName=&password=`),
 *   so it can land in access logs; callers must register it with their redactor.
 * - Role membership is by role **name** (`users/{user}/roles/{role}`): 400 when the user already has / lacks it.
 * - A single user may come back wrapped as a list (`{users:[x]}` or `{list:[x]}`); both are read.
 */
import { path, type AdminApi } from '../client.js';
import { listOf, lookUpRtId, singleOf } from './answers.js';

/** UserDto (identity-api.md §4.6). `name` is the login user name. */
export interface UserDto {
  firstName: string | null;
  lastName: string | null;
  userId: string | null;
  email: string | null;
  name: string | null;
  resetPasswordOnLogin: boolean;
  externalLogins: Array<{ loginProvider?: string; providerDisplayName?: string; providerKey?: string }> | null;
}

/** RegisterUserDto: a UserDto with the password. */
export type RegisterUserDto = UserDto & { password: string | null };

/** A full UserDto: strings and lists null, `resetPasswordOnLogin` false when not given, unknown properties dropped. */
export function userDto(f: Partial<UserDto>): UserDto {
  return {
    firstName: f.firstName ?? null,
    lastName: f.lastName ?? null,
    userId: f.userId ?? null,
    email: f.email ?? null,
    name: f.name ?? null,
    resetPasswordOnLogin: f.resetPasswordOnLogin ?? false,
    externalLogins: f.externalLogins ?? null,
  };
}

const entity = (userName: string) => `user '${userName}'`;

/** GET users. */
export async function list(api: AdminApi): Promise<UserDto[]> {
  const { data } = await api.get<unknown>(path`users`, { entity: 'users' });
  return listOf<UserDto>(data, 'users');
}

/** GET users/{userName} (user name, e-mail or RtId), as the server sends it (`userDto()` fills it). */
export async function get(api: AdminApi, userName: string): Promise<UserDto> {
  const { data } = await api.get<unknown>(path`users/${userName}`, { entity: entity(userName) });
  return singleOf<UserDto>(data, 'users', entity(userName));
}

/** POST users. */
export async function create(api: AdminApi, dto: RegisterUserDto): Promise<void> {
  await api.post(path`users`, { body: dto, entity: entity(String(dto.name)) });
}

/** PUT users/{userName}: overwrites every field with the DTO's (a new `name` renames). */
export async function update(api: AdminApi, userName: string, dto: UserDto): Promise<void> {
  await api.put(path`users/${userName}`, { body: dto, entity: entity(userName) });
}

/** DELETE users/{userName}. */
export async function remove(api: AdminApi, userName: string): Promise<void> {
  await api.delete(path`users/${userName}`, { entity: entity(userName) });
}

/** POST users/resetPassword?userName=&password= (no body; the password is in the URL). */
export async function resetPassword(api: AdminApi, userName: string, password: string): Promise<void> {
  await api.post(path`users/resetPassword`, { query: { userName, password }, entity: entity(userName) });
}

/** PUT users/{userName}/roles/{roleName} (400 when the user has it already). */
export async function addRole(api: AdminApi, userName: string, roleName: string): Promise<void> {
  await api.put(path`users/${userName}/roles/${roleName}`, { entity: entity(userName) });
}

/** DELETE users/{userName}/roles/{roleName} (400 when the user does not have it). */
export async function removeRole(api: AdminApi, userName: string, roleName: string): Promise<void> {
  await api.delete(path`users/${userName}/roles/${roleName}`, { entity: entity(userName) });
}

/**
 * The RtId of a user, which group membership takes: a value of 24 hex digits is taken as the RtId (lower-cased),
 * anything else is a user name or e-mail and looked up (GET users/{value} → userId).
 */
export async function rtId(api: AdminApi, value: string): Promise<string> {
  return lookUpRtId(api, value, { at: (v) => path`users/${v}`, wrapper: 'list', field: 'userId', what: entity(value) });
}
