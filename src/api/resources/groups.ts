/**
 * Groups (identity-api.md §2.8, §3.7, §4.7): `groups`, `groups/{rtId}`, `groups/names/{name}`, a group's roles and
 * members.
 *
 * Quirks:
 * - `GET groups` answers a bare array (the SDK expected `{groups:[…]}`); both are read.
 * - POST answers **201** with the new GroupDto; PUT answers 200 with the DTO; a duplicate name is a 409 string.
 * - Groups are addressed by RtId; names are unique case-insensitively (`groups/names/{name}`).
 * - PUT takes only name and description: a missing description clears it, so read first to keep it.
 * - Roles are replaced as a whole by RtIds ([] removes them all). Members are users, clients and child groups, all
 *   by **RtId** (a client's RtId, not its client id); child groups are checked for cycles (400).
 */
import { path, type AdminApi } from '../client.js';
import { createdId, listOf, lookUpRtId, singleOf } from './answers.js';

/** GroupDto (identity-api.md §4.7). */
export interface GroupDto {
  id: string;
  groupName: string;
  groupDescription: string | null;
  roleIds: string[];
  memberUserIds: string[];
  memberExternalUserIds: string[];
  memberClientIds: string[];
  memberGroupIds: string[];
}

/** CreateGroupDto. */
export interface CreateGroupDto {
  groupName: string;
  groupDescription: string | null;
  roleIds: string[] | null;
}

/** UpdateGroupDto. */
export interface UpdateGroupDto {
  groupName: string;
  groupDescription: string | null;
}

/** The kinds of members, as the path names them. */
export type MemberKind = 'users' | 'clients' | 'groups';

const entity = (id: string) => `group '${id}'`;

/** GET groups. */
export async function list(api: AdminApi): Promise<GroupDto[]> {
  const { data } = await api.get<unknown>(path`groups`, { entity: 'groups' });
  return listOf<GroupDto>(data, 'groups', 'groups');
}

/** GET groups/{rtId}. */
export async function get(api: AdminApi, id: string): Promise<GroupDto> {
  const { data } = await api.get<unknown>(path`groups/${id}`, { entity: entity(id) });
  return singleOf<GroupDto>(data, 'groups', entity(id));
}

/** GET groups/names/{name} (case-insensitive). */
export async function getByName(api: AdminApi, name: string): Promise<GroupDto> {
  const { data } = await api.get<unknown>(path`groups/names/${name}`, { entity: entity(name) });
  return singleOf<GroupDto>(data, 'list', entity(name));
}

/** POST groups; returns the new group's RtId when the answer carries it. */
export async function create(api: AdminApi, dto: CreateGroupDto): Promise<string | undefined> {
  const { data } = await api.post<unknown>(path`groups`, { body: dto, entity: entity(dto.groupName) });
  return createdId(data);
}

/** PUT groups/{rtId}: name and description (null clears it). */
export async function update(api: AdminApi, id: string, dto: UpdateGroupDto): Promise<void> {
  await api.put(path`groups/${id}`, { body: dto, entity: entity(id) });
}

/** DELETE groups/{rtId}. */
export async function remove(api: AdminApi, id: string): Promise<void> {
  await api.delete(path`groups/${id}`, { entity: entity(id) });
}

/** GET groups/{rtId}/roles: the RtIds of the group's roles. */
export async function roleIds(api: AdminApi, id: string): Promise<string[]> {
  const { data } = await api.get<unknown>(path`groups/${id}/roles`, { entity: entity(id) });
  return listOf<string>(data, `the roles of ${entity(id)}`);
}

/** PUT groups/{rtId}/roles: replaces the group's roles by these RtIds. */
export async function setRoles(api: AdminApi, id: string, ids: readonly string[]): Promise<void> {
  await api.put(path`groups/${id}/roles`, { body: ids, entity: entity(id) });
}

/** GET groups/{rtId}/members/{kind}: the members' RtIds. */
export async function members(api: AdminApi, id: string, kind: MemberKind): Promise<string[]> {
  const { data } = await api.get<unknown>(path`groups/${id}/members/${kind}`, { entity: entity(id) });
  return listOf<string>(data, `the ${kind} of ${entity(id)}`);
}

/** PUT groups/{rtId}/members/{kind}/{memberRtId}. */
export async function addMember(api: AdminApi, id: string, kind: MemberKind, memberRtId: string): Promise<void> {
  await api.put(path`groups/${id}/members/${kind}/${memberRtId}`, { entity: entity(id) });
}

/** DELETE groups/{rtId}/members/{kind}/{memberRtId}. */
export async function removeMember(api: AdminApi, id: string, kind: MemberKind, memberRtId: string): Promise<void> {
  await api.delete(path`groups/${id}/members/${kind}/${memberRtId}`, { entity: entity(id) });
}

/**
 * The RtId of a group: a value of 24 hex digits is taken as the RtId (lower-cased), anything else is a name and
 * looked up (GET groups/names/{name} → id).
 */
export async function rtId(api: AdminApi, value: string): Promise<string> {
  return lookUpRtId(api, value, { at: (v) => path`groups/names/${v}`, wrapper: 'list', field: 'id', what: entity(value) });
}
