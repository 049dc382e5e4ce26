/**
 * Identity Services: groups (octo-cli-commands.md §5.7; identity-api.md §2.8). Membership commands live in
 * group-members.ts. Fixes: docs/differences-identity-commands.md.
 */
import { defineCommand, jsonArray, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag } from '../cli/flags.js';
import { notBlank } from '../cli/checks.js';
import { listOf, type Column } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as groups from '../api/resources/groups.js';
import { GROUP, ROLE_NAMES_NOTE, identifierFlag, resolveRoleIds, roleIdsFlag, warnIfEmptyReplace } from './shared.js';
import { commands as memberCommands } from './group-members.js';
import { changesOf, reportChanges } from './changes.js';

const nameFlag = flag.string('name', { short: 'n', required: true, pathSegment: true, valueName: '<group>', check: notBlank });
const descriptionFlag = flag.string('description', { short: 'd', valueName: '<text>' });
const groupRoleIdsFlag = roleIdsFlag;
const count = (list: unknown) => (Array.isArray(list) ? list.length : 0);

const GROUP_COLUMNS: readonly Column<groups.GroupDto>[] = [
  { header: 'Id', value: (g) => g.id, key: true },
  { header: 'Name', value: (g) => g.groupName, key: true },
  { header: 'Description', value: (g) => g.groupDescription, shrink: true },
  { header: 'Roles', value: (g) => count(g.roleIds) },
  { header: 'Users', value: (g) => count(g.memberUserIds) + count(g.memberExternalUserIds) },
  { header: 'Clients', value: (g) => count(g.memberClientIds) },
  { header: 'Groups', value: (g) => count(g.memberGroupIds) },
];

const getGroups = defineCommand({
  name: 'GetGroups',
  effect: 'read',
  output: { columns: GROUP_COLUMNS, json: jsonArray('GroupDto', ['id', 'groupName', 'groupDescription', 'roleIds', 'memberUserIds', 'memberExternalUserIds', 'memberClientIds', 'memberGroupIds']) },
  group: GROUP,
  description: 'Gets all groups.',
  flags: {},
  examples: [{ command: 'octo-cli -c GetGroups', description: 'A table: id, name, description and how many roles, users, clients and groups each has.' }],
  notes: [
    'The server returns a bare array; a `{groups:[…]}` wrapper (what the SDK expected, so the original failed with "OK: […]") is accepted too.',
    'GetGroup -id <id> shows the ids of the roles and members of one group.',
  ],
  async run(ctx) {
    const api = await adminApi(ctx);
    return listOf(
      await groups.list(api),
      GROUP_COLUMNS,
      { empty: 'No groups found' },
    );
  },
});

const getGroup = defineCommand({
  name: 'GetGroup',
  effect: 'read',
  output: { rows: ['Id', 'Name', 'Description', 'Role ids', 'Member users', 'Member external users', 'Member clients', 'Member groups'], json: jsonObject('GroupDto', ['id', 'groupName', 'groupDescription', 'roleIds', 'memberUserIds', 'memberExternalUserIds', 'memberClientIds', 'memberGroupIds']) },
  group: GROUP,
  description: 'Gets a group by ID.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the group (24 hex digits).' }) },
  examples: [{ command: 'octo-cli -c GetGroup -id 660000000000000000000040', description: 'The seeded TenantOwners group.' }],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const g = await groups.get(api, flags.identifier);
    return {
      view: [
        ['Id', g.id],
        ['Name', g.groupName],
        ['Description', g.groupDescription],
        ['Role ids', g.roleIds],
        ['Member users', g.memberUserIds],
        ['Member external users', g.memberExternalUserIds],
        ['Member clients', g.memberClientIds],
        ['Member groups', g.memberGroupIds],
      ],
      json: g,
    };
  },
});

const createGroup = defineCommand({
  name: 'CreateGroup',
  effect: 'write',
  output: { json: jsonObject('GroupCreated', ['id', 'name', 'created']) },
  group: GROUP,
  description: 'Creates a group.',
  flags: {
    name: nameFlag.with({ description: 'Name of the group (unique, case-insensitive).' }),
    description: descriptionFlag.with({ description: 'Description of the group.' }),
    roleIds: groupRoleIdsFlag.with({ description: 'Roles assigned to the group, comma-separated: role names or RtIds (see GetRoles).' }),
  },
  examples: [
    { command: 'octo-cli -c CreateGroup -n "Engineering" -rids "Development,CommunicationManagement"', description: 'A group with two roles given by name.' },
    { command: 'octo-cli -c CreateGroup -n "Analysts" -d "Data analysts" -rids "660000000000000000000008,66000000000000000000000a"', description: 'A group with the DashboardViewer and ReportingViewer roles, by id.' },
  ],
  notes: ['The new group id is logged (and printed as `id` with --output json). A duplicate name is refused with 409.', ROLE_NAMES_NOTE],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const body = {
      groupName: flags.name,
      groupDescription: flags.description ?? null,
      roleIds: flags.roleIds !== undefined ? await resolveRoleIds(ctx, api, flags.roleIds) : null,
    };
    ctx.log.info(`Creating group '${flags.name}' at '${api.baseUrl}'`);
    const id = await groups.create(api, body);
    ctx.log.info(`Group '${flags.name}' created${id ? ` (id ${id})` : ''}`);
    return { json: { id: id ?? null, name: flags.name, created: true } };
  },
});

const updateGroup = defineCommand({
  name: 'UpdateGroup',
  effect: 'write',
  output: { json: jsonObject('GroupUpdated', ['id', 'name', 'updated', 'changes']) },
  group: GROUP,
  description: 'Updates a group.',
  flags: {
    identifier: identifierFlag.with({ description: 'RtId of the group.' }),
    name: nameFlag.with({ description: 'Name of the group (the new name, or the current one to keep it).' }),
    description: descriptionFlag.with({ description: 'New description; `-d ""` clears it. Without -d the description is kept.' }),
  },
  examples: [{ command: 'octo-cli -c UpdateGroup -id 6600000000000000000000aa -n "Analysts" -d "Data analysts and scientists"', description: '' }],
  notes: ['Without -d the group is read first and its description kept (the original cleared it).'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Updating group '${flags.identifier}' at '${api.baseUrl}'`);
    const before = await groups.get(api, flags.identifier);
    const description = flags.description ?? before.groupDescription ?? undefined;
    const body = { groupName: flags.name, groupDescription: description === undefined || description === '' ? null : description };
    const changes = changesOf(before, body, ['groupName', 'groupDescription']);
    await reportChanges(ctx, { what: `group '${flags.identifier}'`, changes });
    await groups.update(api, flags.identifier, body);
    ctx.log.info(`Group '${flags.identifier}' updated`);
    return { json: { id: flags.identifier, name: flags.name, updated: true, changes } };
  },
});

const deleteGroup = defineCommand({
  name: 'DeleteGroup',
  effect: 'delete',
  output: { json: jsonObject('GroupDeleted', ['id', 'deleted']) },
  group: GROUP,
  description: 'Deletes a group.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the group to delete.' }) },
  examples: [{ command: 'octo-cli -c DeleteGroup -id 6600000000000000000000aa', description: '' }],
  notes: ['No confirmation (as the original).'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Deleting group '${flags.identifier}' from '${api.baseUrl}'`);
    await groups.remove(api, flags.identifier);
    ctx.log.info(`Group '${flags.identifier}' deleted`);
    return { json: { id: flags.identifier, deleted: true } };
  },
});

const updateGroupRoles = defineCommand({
  name: 'UpdateGroupRoles',
  effect: 'write',
  output: { json: jsonObject('GroupRolesUpdated', ['id', 'roleIds', 'updated', 'changes']) },
  group: GROUP,
  description: 'Updates the roles assigned to a group.',
  flags: {
    identifier: identifierFlag.with({ description: 'RtId of the group.' }),
    roleIds: groupRoleIdsFlag.with({
      required: true,
      description: 'Roles, comma-separated: role names or RtIds (see GetRoles). They replace all roles of the group; "" removes them all.',
    }),
  },
  examples: [
    { command: 'octo-cli -c UpdateGroupRoles -id 6600000000000000000000aa -rids "Development,DashboardViewer"', description: 'By role name.' },
    { command: 'octo-cli -c UpdateGroupRoles -id 6600000000000000000000aa -rids "660000000000000000000008,66000000000000000000000a"', description: 'By role id.' },
  ],
  notes: ['Replace-all, without confirmation (as the original).', ROLE_NAMES_NOTE],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const ids = await resolveRoleIds(ctx, api, flags.roleIds);
    const before = await groups.get(api, flags.identifier);
    const changes = changesOf(before, { roleIds: ids }, ['roleIds']);
    await reportChanges(ctx, { what: `group '${flags.identifier}'`, changes });
    warnIfEmptyReplace(ctx, ids, `group '${flags.identifier}'`);
    ctx.log.info(`Setting ${ids.length} role(s) on group '${flags.identifier}' at '${api.baseUrl}'`);
    await groups.setRoles(api, flags.identifier, ids);
    ctx.log.info(`Group '${flags.identifier}' roles updated`);
    return { json: { id: flags.identifier, roleIds: ids, updated: true, changes } };
  },
});

export const commands: CommandSpec<any>[] = [getGroups, getGroup, createGroup, updateGroup, deleteGroup, updateGroupRoles, ...memberCommands];
