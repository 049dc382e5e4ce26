/**
 * Identity Services: the client commands after AddScopeToClient (octo-cli-commands.md §5.1; identity-api.md §2.1,
 * §3.2): roles and group membership here, child-tenant mirrors in client-mirrors.ts, overlay URIs in
 * client-overlays.ts. Fixes are listed in docs/differences-identity-commands.md.
 */
import { defineCommand, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag } from '../cli/flags.js';
import { identifier, notBlank } from '../cli/checks.js';
import { confirm } from '../cli/prompt.js';
import { adminApi } from '../api/index.js';
import * as clients from '../api/resources/clients.js';
import * as groups from '../api/resources/groups.js';
import { GROUP, ROLE_NAMES_NOTE, clientIdFlag, identifierFlag, resolveRoleIds, roleIdsFlag, warnIfEmptyReplace, yesFlag } from './shared.js';
import { commands as mirrorCommands } from './client-mirrors.js';
import { commands as overlayCommands } from './client-overlays.js';

const roleFlag = flag.string('role', { short: 'r', required: true, pathSegment: true, valueName: '<role-name>', check: notBlank });
const memberClientFlag = flag.string('clientId', {
  short: 'cid',
  pathSegment: true,
  required: true,
  valueName: '<client-id|rtId>',
  check: identifier,
  description: 'The client to add: its client id (looked up for its RtId) or its RtId (24 hex digits).',
});

const addClientToRole = defineCommand({
  name: 'AddClientToRole',
  effect: 'write',
  output: { json: jsonObject('ClientRoleAssigned', ['clientId', 'role', 'assigned']) },
  group: GROUP,
  description: 'Assigns a role to a client',
  flags: {
    clientId: clientIdFlag.with({ required: true, description: 'Id of the client.' }),
    role: roleFlag.with({ description: 'Name of the role, e.g. TenantManagement (see GetRoles).' }),
  },
  examples: [{ command: 'octo-cli -c AddClientToRole -id "ci-deploy" -r "TenantManagement"', description: 'The role is stamped into the client_credentials tokens of the client.' }],
  notes: ['The role is given by name; the server answers 404 for an unknown client or role.', 'Role names are matched case-insensitively by the server.'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Assigning role '${flags.role}' to client '${flags.clientId}' at '${api.baseUrl}'`);
    await clients.addRole(api, flags.clientId, flags.role);
    ctx.log.info(`Client '${flags.clientId}' updated: role '${flags.role}' assigned`);
    return { json: { clientId: flags.clientId, role: flags.role, assigned: true } };
  },
});

const removeClientFromRole = defineCommand({
  name: 'RemoveClientFromRole',
  effect: 'delete',
  output: { json: jsonObject('ClientRoleRemoved', ['clientId', 'role', 'removed']) },
  group: GROUP,
  description: 'Removes a role from a client',
  flags: {
    clientId: clientIdFlag.with({ required: true, description: 'Id of the client.' }),
    role: roleFlag.with({ description: 'Name of the role to remove.' }),
    yes: yesFlag,
  },
  examples: [{ command: 'octo-cli -c RemoveClientFromRole -id "ci-deploy" -r "TenantManagement" -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    await confirm(ctx, `Are you sure you want to remove client '${flags.clientId}' from role '${flags.role}'?`, flags.yes === true);
    ctx.log.info(`Removing role '${flags.role}' from client '${flags.clientId}' at '${api.baseUrl}'`);
    await clients.removeRole(api, flags.clientId, flags.role);
    ctx.log.info(`Client '${flags.clientId}' updated: role '${flags.role}' removed`);
    return { json: { clientId: flags.clientId, role: flags.role, removed: true } };
  },
});

const updateClientRoles = defineCommand({
  name: 'UpdateClientRoles',
  effect: 'write',
  output: { json: jsonObject('ClientRolesUpdated', ['clientId', 'roleIds', 'updated']) },
  group: GROUP,
  description: 'Replaces the directly-assigned roles of a client (replace-all)',
  flags: {
    clientId: clientIdFlag.with({ required: true, description: 'Id of the client.' }),
    roleIds: roleIdsFlag.with({
      required: true,
      description: 'Roles, comma-separated: role names or RtIds (see GetRoles). They replace all roles assigned directly to the client; "" removes them all.',
    }),
  },
  examples: [{ command: 'octo-cli -c UpdateClientRoles -id "ci-deploy" -rids "660000000000000000000001,660000000000000000000002"', description: 'TenantManagement and UserManagement only.' }],
  notes: [
    'Replace-all, without confirmation (as the original). Roles inherited through groups are not affected.',
    ROLE_NAMES_NOTE,
  ],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const ids = await resolveRoleIds(ctx, api, flags.roleIds);
    warnIfEmptyReplace(ctx, ids, `client '${flags.clientId}'`);
    ctx.log.info(`Setting ${ids.length} role(s) on client '${flags.clientId}' at '${api.baseUrl}'`);
    await clients.setRoles(api, flags.clientId, ids);
    ctx.log.info(`Client '${flags.clientId}' roles updated`);
    return { json: { clientId: flags.clientId, roleIds: ids, updated: true } };
  },
});

const groupMemberNotes = [
  'The server stores group members by RtId: a client id given with -cid is looked up first (GET clients/{id}); a value of 24 hex digits is taken as the RtId.',
  'Roles of the group are stamped into the client_credentials tokens of the client.',
];

const addClientToGroup = defineCommand({
  name: 'AddClientToGroup',
  effect: 'write',
  output: { json: jsonObject('GroupMemberAdded', ['groupId', 'clientId', 'clientRtId', 'added']) },
  group: GROUP,
  description: 'Adds a client to a group.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the group (see GetGroups).' }), clientId: memberClientFlag },
  examples: [{ command: 'octo-cli -c AddClientToGroup -id 660000000000000000000040 -cid "ci-deploy"', description: 'Add the client to the TenantOwners group.' }],
  notes: groupMemberNotes,
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Adding client '${flags.clientId}' to group '${flags.identifier}' at '${api.baseUrl}'`);
    const rtId = await clients.rtId(api, flags.clientId);
    await groups.addMember(api, flags.identifier, 'clients', rtId);
    ctx.log.info(`Client '${flags.clientId}' added to group '${flags.identifier}'`);
    return { json: { groupId: flags.identifier, clientId: flags.clientId, clientRtId: rtId, added: true } };
  },
});

const removeClientFromGroup = defineCommand({
  name: 'RemoveClientFromGroup',
  effect: 'delete',
  output: { json: jsonObject('GroupMemberRemoved', ['groupId', 'clientId', 'clientRtId', 'removed']) },
  group: GROUP,
  description: 'Removes a client from a group.',
  flags: {
    identifier: identifierFlag.with({ description: 'RtId of the group.' }),
    clientId: memberClientFlag.with({ description: 'The client to remove: its client id (looked up for its RtId) or its RtId.' }),
  },
  examples: [{ command: 'octo-cli -c RemoveClientFromGroup -id 660000000000000000000040 -cid "ci-deploy"', description: '' }],
  notes: [...groupMemberNotes.slice(0, 1), 'No confirmation (as the original).'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Removing client '${flags.clientId}' from group '${flags.identifier}' at '${api.baseUrl}'`);
    const rtId = await clients.rtId(api, flags.clientId);
    await groups.removeMember(api, flags.identifier, 'clients', rtId);
    ctx.log.info(`Client '${flags.clientId}' removed from group '${flags.identifier}'`);
    return { json: { groupId: flags.identifier, clientId: flags.clientId, clientRtId: rtId, removed: true } };
  },
});

export const commands: CommandSpec<any>[] = [
  addClientToRole,
  removeClientFromRole,
  updateClientRoles,
  addClientToGroup,
  removeClientFromGroup,
  ...mirrorCommands,
  ...overlayCommands,
];
