/** Identity Services: roles (octo-cli-commands.md §5.6; identity-api.md §2.6). Fixes: docs/differences-identity-commands.md. */
import { defineCommand, type CommandSpec, type FlagSpec } from '../cli/spec.js';
import { adminApi, path } from '../api/index.js';
import { asArray, confirmAndDelete, jsonResult, printList, yesFlag } from './shared.js';
import { GROUP, checkNotBlank, label } from './identity-shared.js';

/** RoleDto: `{id, name}` (id = RtId). */
export interface RoleDto {
  id: string | null;
  name: string | null;
}

const nameFlag = { long: 'name', short: 'n', type: 'string', pathSegment: true, valueName: '<role>' } as const;
const newNameFlag = { long: 'newRoleName', short: 'nn', type: 'string', pathSegment: true, valueName: '<role>' } as const;
const L = { name: label(nameFlag as FlagSpec), newName: label(newNameFlag as FlagSpec) };
const caseNote = 'Role names are matched case-insensitively by the server and kept as typed (the original lower-cased them for Update and Delete, and renamed to the lower-cased new name).';

const getRoles = defineCommand({
  name: 'GetRoles',
  group: GROUP,
  description: 'Gets roles.',
  flags: [],
  examples: [{ command: 'octo-cli -c GetRoles', description: 'A table: role id (RtId) and name. The ids are what -rids flags take.' }],
  async run(ctx) {
    const api = await adminApi(ctx);
    const { data } = await api.get<unknown>(path`roles`, { entity: 'roles' });
    const roles = asArray<RoleDto>(data, 'roles');
    await printList(
      ctx,
      roles,
      [
        { header: 'Id', value: (r) => r.id },
        { header: 'Name', value: (r) => r.name },
      ],
      'No roles found',
    );
  },
});

const createRole = defineCommand<{ name: string }>({
  name: 'CreateRole',
  group: GROUP,
  description: 'Create a new role',
  flags: [{ ...nameFlag, required: true, description: 'Name of the new role (case is kept).' }],
  examples: [{ command: 'octo-cli -c CreateRole -n "DataAnalyst"', description: '' }],
  notes: ['A duplicate name is refused by the server (400 with the identity error).'],
  validate(flags) {
    checkNotBlank(L.name, flags.name);
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Creating role '${flags.name}' at '${api.baseUrl}'`);
    await api.post(path`roles`, { body: { id: null, name: flags.name }, entity: `role '${flags.name}'` });
    ctx.log.info(`Role '${flags.name}' added`);
    jsonResult(ctx, { name: flags.name, created: true });
  },
});

const updateRole = defineCommand<{ name: string; newRoleName: string }>({
  name: 'UpdateRole',
  group: GROUP,
  description: 'Updates a role',
  flags: [
    { ...nameFlag, required: true, description: 'Current name of the role.' },
    { ...newNameFlag, required: true, description: 'New name of the role. Required: renaming is all this command does (the original sent a null name without it).' },
  ],
  examples: [{ command: 'octo-cli -c UpdateRole -n "DataAnalyst" -nn "DataScientist"', description: '' }],
  notes: [caseNote],
  validate(flags) {
    checkNotBlank(L.name, flags.name);
    checkNotBlank(L.newName, flags.newRoleName);
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Updating role '${flags.name}' at '${api.baseUrl}'`);
    await api.put(path`roles/${flags.name}`, { body: { id: null, name: flags.newRoleName }, entity: `role '${flags.name}'` });
    ctx.log.info(`Role '${flags.name}' updated (now '${flags.newRoleName}')`);
    jsonResult(ctx, { name: flags.newRoleName, previousName: flags.name, updated: true });
  },
});

const deleteRole = defineCommand<{ name: string; yes?: boolean }>({
  name: 'DeleteRole',
  group: GROUP,
  description: 'Deletes a role',
  flags: [{ ...nameFlag, required: true, description: 'Name of the role to delete.' }, yesFlag],
  examples: [{ command: 'octo-cli -c DeleteRole -n "DataAnalyst" -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.', caseNote],
  validate(flags) {
    checkNotBlank(L.name, flags.name);
  },
  async run(ctx, flags) {
    await confirmAndDelete(ctx, flags.yes, { what: 'role', id: flags.name, path: path`roles/${flags.name}`, json: { name: flags.name, deleted: true } });
  },
});

export const commands: CommandSpec<any>[] = [getRoles, createRole, updateRole, deleteRole];
