/** Identity Services: roles (octo-cli-commands.md §5.6; identity-api.md §2.6). Fixes: docs/differences-identity-commands.md. */
import { defineCommand, jsonArray, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag } from '../cli/flags.js';
import { notBlank } from '../cli/checks.js';
import { listOf, type Column } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as roles from '../api/resources/roles.js';
import { GROUP, confirmAndDelete, yesFlag } from './shared.js';
import { changesOf, reportChanges } from './changes.js';

const nameFlag = flag.string('name', { short: 'n', required: true, pathSegment: true, valueName: '<role>', check: notBlank });
const caseNote = 'Role names are matched case-insensitively by the server and kept as typed (the original lower-cased them for Update and Delete, and renamed to the lower-cased new name).';

const ROLE_COLUMNS: readonly Column<roles.RoleDto>[] = [
  { header: 'Id', value: (r) => r.id, key: true },
  { header: 'Name', value: (r) => r.name, key: true },
];

const getRoles = defineCommand({
  name: 'GetRoles',
  effect: 'read',
  output: { columns: ROLE_COLUMNS, json: jsonArray('RoleDto', ['id', 'name']) },
  group: GROUP,
  description: 'Gets roles.',
  flags: {},
  examples: [{ command: 'octo-cli -c GetRoles', description: 'A table: role id (RtId) and name. The ids are what -rids flags take.' }],
  async run(ctx) {
    const api = await adminApi(ctx);
    return listOf(
      await roles.list(api),
      ROLE_COLUMNS,
      { empty: 'No roles found' },
    );
  },
});

const createRole = defineCommand({
  name: 'CreateRole',
  effect: 'write',
  output: { json: jsonObject('RoleCreated', ['name', 'created']) },
  group: GROUP,
  description: 'Create a new role',
  flags: { name: nameFlag.with({ description: 'Name of the new role (case is kept).' }) },
  examples: [{ command: 'octo-cli -c CreateRole -n "DataAnalyst"', description: '' }],
  notes: ['A duplicate name is refused by the server (400 with the identity error).'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Creating role '${flags.name}' at '${api.baseUrl}'`);
    await roles.create(api, flags.name);
    ctx.log.info(`Role '${flags.name}' added`);
    return { json: { name: flags.name, created: true } };
  },
});

const updateRole = defineCommand({
  name: 'UpdateRole',
  effect: 'write',
  output: { json: jsonObject('RoleUpdated', ['name', 'previousName', 'updated', 'changes']) },
  group: GROUP,
  description: 'Updates a role',
  flags: {
    name: nameFlag.with({ description: 'Current name of the role.' }),
    newRoleName: flag.string('newRoleName', {
      short: 'nn',
      required: true,
      pathSegment: true,
      valueName: '<role>',
      check: notBlank,
      description: 'New name of the role. Required: renaming is all this command does (the original sent a null name without it).',
    }),
  },
  examples: [{ command: 'octo-cli -c UpdateRole -n "DataAnalyst" -nn "DataScientist"', description: '' }],
  notes: [caseNote],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Updating role '${flags.name}' at '${api.baseUrl}'`);
    // A name is all a role has: the change is the rename (no GET needed).
    const changes = changesOf({ name: flags.name }, { name: flags.newRoleName }, ['name']);
    await reportChanges(ctx, { what: `role '${flags.name}'`, changes });
    await roles.rename(api, flags.name, flags.newRoleName);
    ctx.log.info(`Role '${flags.name}' updated (now '${flags.newRoleName}')`);
    return { json: { name: flags.newRoleName, previousName: flags.name, updated: true, changes } };
  },
});

const deleteRole = defineCommand({
  name: 'DeleteRole',
  effect: 'delete',
  output: { json: jsonObject('RoleDeleted', ['name', 'deleted']) },
  group: GROUP,
  description: 'Deletes a role',
  flags: { name: nameFlag.with({ description: 'Name of the role to delete.' }), yes: yesFlag },
  examples: [{ command: 'octo-cli -c DeleteRole -n "DataAnalyst" -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.', caseNote],
  async run(ctx, flags) {
    return confirmAndDelete(ctx, flags.yes, { what: 'role', id: flags.name, remove: (api) => roles.remove(api, flags.name), json: { name: flags.name, deleted: true } });
  },
});

export const commands: CommandSpec<any>[] = [getRoles, createRole, updateRole, deleteRole];
