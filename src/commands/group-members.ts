/**
 * Identity Services: group membership of users and child groups (octo-cli-commands.md §5.7; identity-api.md §2.8).
 * The server keys members by RtId; names are looked up first. Client membership is in client-extras.ts.
 */
import { defineCommand, jsonObject, type CommandSpec } from '../cli/spec.js';
import type { RunContext } from '../cli/context.js';
import type { CommandResult } from '../cli/output.js';
import { flag } from '../cli/flags.js';
import { identifier, notBlank } from '../cli/checks.js';
import { adminApi, type AdminApi } from '../api/index.js';
import * as groups from '../api/resources/groups.js';
import * as users from '../api/resources/users.js';
import { GROUP, identifierFlag } from './shared.js';

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

/** A kind of member: how a given value (an RtId, or a name looked up for it) becomes the member's RtId. */
type Member = { kind: 'users' | 'groups'; noun: string; resolve(api: AdminApi, value: string): Promise<string> };
const USER: Member = { kind: 'users', noun: 'User', resolve: users.rtId };
const CHILD_GROUP: Member = { kind: 'groups', noun: 'Group', resolve: groups.rtId };

/** PUT (add) or DELETE (remove) `groups/{rtId}/members/{users|groups}/{memberRtId}`. */
async function changeMember(ctx: RunContext, member: Member, add: boolean, groupId: string, value: string): Promise<CommandResult> {
  const api = await adminApi(ctx);
  const noun = member.noun.toLowerCase();
  ctx.log.info(`${add ? 'Adding' : 'Removing'} ${noun} '${value}' ${add ? 'to' : 'from'} group '${groupId}' at '${api.baseUrl}'`);
  const memberId = await member.resolve(api, value);
  if (add) await groups.addMember(api, groupId, member.kind, memberId);
  else await groups.removeMember(api, groupId, member.kind, memberId);
  ctx.log.info(`${member.noun} '${value}' ${add ? 'added to' : 'removed from'} group '${groupId}'`);
  return { json: { groupId, member: value, memberId, [add ? 'added' : 'removed']: true } };
}

const lookupNote = (what: string) => `A ${what} is looked up for its RtId first (one GET); a value of 24 hex digits is taken as the RtId (the server stores members by RtId).`;

const addUserToGroup = defineCommand({
  name: 'AddUserToGroup',
  effect: 'write',
  output: { json: jsonObject('GroupMemberAdded', ['groupId', 'member', 'memberId', 'added']) },
  group: GROUP,
  description: 'Adds a user to a group.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the group.' }), userId: userIdFlag },
  examples: [{ command: 'octo-cli -c AddUserToGroup -id 660000000000000000000040 -uid "john.doe"', description: 'Add the user to the TenantOwners group.' }],
  notes: [lookupNote('user name or e-mail')],
  run: (ctx, flags) => changeMember(ctx, USER, true, flags.identifier, flags.userId),
});

const removeUserFromGroup = defineCommand({
  name: 'RemoveUserFromGroup',
  effect: 'delete',
  output: { json: jsonObject('GroupMemberRemoved', ['groupId', 'member', 'memberId', 'removed']) },
  group: GROUP,
  description: 'Removes a user from a group.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the group.' }), userId: userIdFlag },
  examples: [{ command: 'octo-cli -c RemoveUserFromGroup -id 660000000000000000000040 -uid "john.doe"', description: '' }],
  notes: [lookupNote('user name or e-mail'), 'No confirmation (as the original).'],
  run: (ctx, flags) => changeMember(ctx, USER, false, flags.identifier, flags.userId),
});

const addGroupToGroup = defineCommand({
  name: 'AddGroupToGroup',
  effect: 'write',
  output: { json: jsonObject('GroupMemberAdded', ['groupId', 'member', 'memberId', 'added']) },
  group: GROUP,
  description: 'Adds a child group to a parent group.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the parent group.' }), childGroupId: childGroupFlag },
  examples: [{ command: 'octo-cli -c AddGroupToGroup -id 660000000000000000000040 -cgid "Analysts"', description: 'Members of Analysts inherit the roles of TenantOwners.' }],
  notes: [lookupNote('group name'), 'The server refuses self-membership and cycles (400).'],
  run: (ctx, flags) => changeMember(ctx, CHILD_GROUP, true, flags.identifier, flags.childGroupId),
});

const removeGroupFromGroup = defineCommand({
  name: 'RemoveGroupFromGroup',
  effect: 'delete',
  output: { json: jsonObject('GroupMemberRemoved', ['groupId', 'member', 'memberId', 'removed']) },
  group: GROUP,
  description: 'Removes a child group from a parent group.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the parent group.' }), childGroupId: childGroupFlag },
  examples: [{ command: 'octo-cli -c RemoveGroupFromGroup -id 660000000000000000000040 -cgid "Analysts"', description: '' }],
  notes: [lookupNote('group name'), 'No confirmation (as the original).'],
  run: (ctx, flags) => changeMember(ctx, CHILD_GROUP, false, flags.identifier, flags.childGroupId),
});

export const commands: CommandSpec<any>[] = [addUserToGroup, removeUserFromGroup, addGroupToGroup, removeGroupFromGroup];
