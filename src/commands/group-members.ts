/**
 * Identity Services: group membership of users and child groups (octo-cli-commands.md §5.7; identity-api.md §2.8).
 * The server keys members by RtId; names are looked up first. Client membership is in client-extras.ts.
 */
import { defineCommand, type CommandSpec } from '../cli/spec.js';
import type { RunContext } from '../cli/context.js';
import type { CommandResult } from '../cli/output.js';
import { flag } from '../cli/flags.js';
import { identifier, isObjectId, notBlank } from '../cli/checks.js';
import { adminApi, path, type AdminApi } from '../api/index.js';
import { HttpError } from '../errors.js';
import { GROUP, identifierFlag, singleFrom } from './shared.js';

const userIdFlag = flag.string('userId', {
  short: 'uid',
  pathSegment: true,
  required: true,
  valueName: '<rtId|user>',
  check: identifier,
  description: 'The user: its RtId (24 hex digits, GetUsers "User id"), or its user name or e-mail (looked up for the RtId).',
});
const childGroupFlag = flag.string('childGroupId', {
  short: 'cgid',
  pathSegment: true,
  required: true,
  valueName: '<rtId|group>',
  check: notBlank,
  description: 'The child group: its RtId (24 hex digits), or its name (looked up for the RtId).',
});

/** The RtId from a look-up answer's `field`, or an error naming what was looked up. */
function idField(data: unknown, field: string, what: string): string {
  const id = singleFrom<Record<string, unknown>>(data, what, 'list')[field];
  if (typeof id !== 'string' || !id) throw new HttpError(`the server's answer for ${what} has no ${field}`, 200, JSON.stringify(data).slice(0, 200));
  return id;
}

async function userRtId(api: AdminApi, value: string): Promise<string> {
  if (isObjectId(value)) return value.trim().toLowerCase();
  const what = `user '${value}'`;
  const { data } = await api.get<unknown>(path`users/${value}`, { entity: what });
  return idField(data, 'userId', what);
}

async function groupRtId(api: AdminApi, value: string): Promise<string> {
  if (isObjectId(value)) return value.trim().toLowerCase();
  const what = `group '${value}'`;
  const { data } = await api.get<unknown>(path`groups/names/${value}`, { entity: what });
  return idField(data, 'id', what);
}

type Member = { kind: 'users' | 'groups'; noun: string; resolve(api: AdminApi, value: string): Promise<string> };
const USER: Member = { kind: 'users', noun: 'User', resolve: userRtId };
const CHILD_GROUP: Member = { kind: 'groups', noun: 'Group', resolve: groupRtId };

/** PUT (add) or DELETE (remove) `groups/{rtId}/members/{users|groups}/{memberRtId}`. */
async function changeMember(ctx: RunContext, member: Member, add: boolean, groupId: string, value: string): Promise<CommandResult> {
  const api = await adminApi(ctx);
  const noun = member.noun.toLowerCase();
  ctx.log.info(`${add ? 'Adding' : 'Removing'} ${noun} '${value}' ${add ? 'to' : 'from'} group '${groupId}' at '${api.baseUrl}'`);
  const memberId = await member.resolve(api, value);
  const target = path`groups/${groupId}/members/${member.kind}/${memberId}`;
  const entity = `group '${groupId}'`;
  if (add) await api.put(target, { entity });
  else await api.delete(target, { entity });
  ctx.log.info(`${member.noun} '${value}' ${add ? 'added to' : 'removed from'} group '${groupId}'`);
  return { json: { groupId, member: value, memberId, [add ? 'added' : 'removed']: true } };
}

const lookupNote = (what: string) => `A ${what} is looked up for its RtId first (one GET); a value of 24 hex digits is taken as the RtId (the server stores members by RtId).`;

const addUserToGroup = defineCommand({
  name: 'AddUserToGroup',
  group: GROUP,
  description: 'Adds a user to a group.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the group.' }), userId: userIdFlag },
  examples: [{ command: 'octo-cli -c AddUserToGroup -id 660000000000000000000040 -uid "john.doe"', description: 'Add the user to the TenantOwners group.' }],
  notes: [lookupNote('user name or e-mail')],
  run: (ctx, flags) => changeMember(ctx, USER, true, flags.identifier, flags.userId),
});

const removeUserFromGroup = defineCommand({
  name: 'RemoveUserFromGroup',
  group: GROUP,
  description: 'Removes a user from a group.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the group.' }), userId: userIdFlag },
  examples: [{ command: 'octo-cli -c RemoveUserFromGroup -id 660000000000000000000040 -uid "john.doe"', description: '' }],
  notes: [lookupNote('user name or e-mail'), 'No confirmation (as the original).'],
  run: (ctx, flags) => changeMember(ctx, USER, false, flags.identifier, flags.userId),
});

const addGroupToGroup = defineCommand({
  name: 'AddGroupToGroup',
  group: GROUP,
  description: 'Adds a child group to a parent group.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the parent group.' }), childGroupId: childGroupFlag },
  examples: [{ command: 'octo-cli -c AddGroupToGroup -id 660000000000000000000040 -cgid "Analysts"', description: 'Members of Analysts inherit the roles of TenantOwners.' }],
  notes: [lookupNote('group name'), 'The server refuses self-membership and cycles (400).'],
  run: (ctx, flags) => changeMember(ctx, CHILD_GROUP, true, flags.identifier, flags.childGroupId),
});

const removeGroupFromGroup = defineCommand({
  name: 'RemoveGroupFromGroup',
  group: GROUP,
  description: 'Removes a child group from a parent group.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the parent group.' }), childGroupId: childGroupFlag },
  examples: [{ command: 'octo-cli -c RemoveGroupFromGroup -id 660000000000000000000040 -cgid "Analysts"', description: '' }],
  notes: [lookupNote('group name'), 'No confirmation (as the original).'],
  run: (ctx, flags) => changeMember(ctx, CHILD_GROUP, false, flags.identifier, flags.childGroupId),
});

export const commands: CommandSpec<any>[] = [addUserToGroup, removeUserFromGroup, addGroupToGroup, removeGroupFromGroup];
