/**
 * Identity Services: external tenant user mappings (octo-cli-commands.md §5.10; identity-api.md §2.10): users of
 * another tenant who may sign in here, with the roles they get. Fixes: docs/differences-identity-commands.md.
 */
import { defineCommand, jsonArray, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag, flagLabel } from '../cli/flags.js';
import { atLeast, identifier } from '../cli/checks.js';
import { listOf, type Column } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as mappings from '../api/resources/tenantMappings.js';
import type { MappingDto } from '../api/resources/tenantMappings.js';
import { UsageError } from '../errors.js';
import { GROUP, ROLE_NAMES_NOTE, identifierFlag, resolveRoleIds, roleIdsFlag, warnIfEmptyReplace } from './shared.js';

// ---- External tenant user mappings (also the answer of the admin-provisioning commands) ----

export const MAPPING_COLUMNS: readonly Column<MappingDto>[] = [
  { header: 'Id', value: (m) => m.id },
  { header: 'Source tenant', value: (m) => m.sourceTenantId },
  { header: 'Source user id', value: (m) => m.sourceUserId },
  { header: 'Source user name', value: (m) => m.sourceUserName },
  { header: 'Role ids', value: (m) => m.roleIds, shrink: true },
  { header: 'Groups', value: (m) => m.groupNames, shrink: true },
];

function mappingPairs(m: MappingDto): Array<readonly [string, unknown]> {
  return [
    ['Id', m.id],
    ['Source tenant', m.sourceTenantId],
    ['Source user id', m.sourceUserId],
    ['Source user name', m.sourceUserName],
    ['Role ids', m.roleIds],
    ['Groups', m.groupNames],
  ];
}

/** The source user of a mapping: `-stid`, `-suid`, `-sun` (required where a mapping is created). */
export const sourceTenantIdFlag = flag.string('sourceTenantId', { short: 'stid', pathSegment: true, valueName: '<tenant>', check: identifier });
export const sourceUserFlags = {
  sourceTenantId: sourceTenantIdFlag.with({ required: true, description: 'Source tenant id.' }),
  sourceUserId: flag.string('sourceUserId', { short: 'suid', required: true, valueName: '<user-id>', check: identifier, description: 'Source user id.' }),
  sourceUserName: flag.string('sourceUserName', { short: 'sun', required: true, valueName: '<user-name>', check: identifier, description: 'Source user name.' }),
};

const rolesNote = 'Role ids are the RtIds of roles of this tenant (see GetRoles).';

const getExternalTenantUserMappings = defineCommand({
  name: 'GetExternalTenantUserMappings',
  effect: 'read',
  output: { columns: MAPPING_COLUMNS, json: jsonArray('MappingDto', ['id', 'sourceTenantId', 'sourceUserId', 'sourceUserName', 'roleIds', 'groupNames']) },
  group: GROUP,
  description: 'Gets external tenant user mappings.',
  flags: {
    skip: flag.int('skip', { short: 'skip', check: atLeast(0), description: 'Number of items to skip.' }),
    take: flag.int('take', { short: 'take', check: atLeast(1), description: 'Number of items to take.' }),
    sourceTenantId: sourceTenantIdFlag.with({ description: 'Only mappings of users from this source tenant.' }),
  },
  examples: [
    { command: 'octo-cli -c GetExternalTenantUserMappings', description: 'A table: id, source tenant, source user id and name, role ids, groups.' },
    { command: 'octo-cli -c GetExternalTenantUserMappings -stid "octosystem" -skip 0 -take 50', description: '' },
  ],
  notes: ['The short names really are -skip and -take. Only the given ones are sent as query parameters.'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const list = await mappings.list(api, { skip: flags.skip, take: flags.take, sourceTenantId: flags.sourceTenantId });
    return listOf(list, MAPPING_COLUMNS, { empty: 'No external tenant user mappings found' });
  },
});

const getExternalTenantUserMapping = defineCommand({
  name: 'GetExternalTenantUserMapping',
  effect: 'read',
  output: { rows: mappingPairs({} as MappingDto).map(([label]) => label), json: jsonObject('MappingDto', ['id', 'sourceTenantId', 'sourceUserId', 'sourceUserName', 'roleIds', 'groupNames']) },
  group: GROUP,
  description: 'Gets an external tenant user mapping by ID.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the mapping.' }) },
  examples: [{ command: 'octo-cli -c GetExternalTenantUserMapping -id 6680000000000000000000c1', description: '' }],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const mapping = await mappings.get(api, flags.identifier);
    return { view: mappingPairs(mapping), json: mapping };
  },
});

const createExternalTenantUserMapping = defineCommand({
  name: 'CreateExternalTenantUserMapping',
  effect: 'write',
  output: { json: jsonObject('MappingCreated', ['id', 'sourceUserName', 'created']) },
  group: GROUP,
  description: 'Creates an external tenant user mapping.',
  flags: {
    ...sourceUserFlags,
    sourceUserId: sourceUserFlags.sourceUserId.with({ description: 'Source user id (the RtId of the user in the source tenant).' }),
    roleIds: roleIdsFlag.with({ description: 'Roles to assign, comma-separated: role names or RtIds (see GetRoles).' }),
  },
  examples: [{ command: 'octo-cli -c CreateExternalTenantUserMapping -stid "octosystem" -suid 6610000000000000000000d1 -sun "alice" -rids "660000000000000000000004"', description: '' }],
  notes: [rolesNote, 'The new mapping id is logged (and printed as `id` with --output json).', ROLE_NAMES_NOTE],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const roleIds = flags.roleIds !== undefined ? await resolveRoleIds(ctx, api, flags.roleIds) : undefined;
    ctx.log.info(`Creating external tenant user mapping for '${flags.sourceUserName}' from tenant '${flags.sourceTenantId}' at '${api.baseUrl}'`);
    const id = await mappings.create(api, mappings.createMappingDto({ ...flags, roleIds }));
    ctx.log.info(`External tenant user mapping for '${flags.sourceUserName}' created${id ? ` (id ${id})` : ''}`);
    return { json: { id: id ?? null, sourceUserName: flags.sourceUserName, created: true } };
  },
});

const updateExternalTenantUserMapping = defineCommand({
  name: 'UpdateExternalTenantUserMapping',
  effect: 'write',
  output: { json: jsonObject('MappingUpdated', ['id', 'roleIds', 'updated']) },
  group: GROUP,
  description: 'Updates an external tenant user mapping.',
  flags: {
    identifier: identifierFlag.with({ description: 'RtId of the mapping.' }),
    roleIds: roleIdsFlag.with({ description: 'Roles, comma-separated: role names or RtIds (see GetRoles); they replace the roles of the mapping ("" removes them all).' }),
  },
  examples: [{ command: 'octo-cli -c UpdateExternalTenantUserMapping -id 6680000000000000000000c1 -rids "660000000000000000000004,660000000000000000000008"', description: '' }],
  notes: [rolesNote, 'The roles are all this command changes, so -rids is needed (the original sent {"roleIds":null} without it).', ROLE_NAMES_NOTE],
  validate(flags) {
    if (flags.roleIds === undefined) throw new UsageError(`UpdateExternalTenantUserMapping: nothing to update: give ${flagLabel(roleIdsFlag)}`);
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const ids = await resolveRoleIds(ctx, api, flags.roleIds ?? []);
    warnIfEmptyReplace(ctx, ids, `mapping '${flags.identifier}'`);
    ctx.log.info(`Updating external tenant user mapping '${flags.identifier}' at '${api.baseUrl}'`);
    await mappings.setRoles(api, flags.identifier, ids);
    ctx.log.info(`External tenant user mapping '${flags.identifier}' updated`);
    return { json: { id: flags.identifier, roleIds: ids, updated: true } };
  },
});

const deleteExternalTenantUserMapping = defineCommand({
  name: 'DeleteExternalTenantUserMapping',
  effect: 'delete',
  output: { json: jsonObject('MappingDeleted', ['id', 'deleted']) },
  group: GROUP,
  description: 'Deletes an external tenant user mapping.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the mapping to delete.' }) },
  examples: [{ command: 'octo-cli -c DeleteExternalTenantUserMapping -id 6680000000000000000000c1', description: '' }],
  notes: ['No confirmation (as the original).'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Deleting external tenant user mapping '${flags.identifier}' from '${api.baseUrl}'`);
    await mappings.remove(api, flags.identifier);
    ctx.log.info(`External tenant user mapping '${flags.identifier}' deleted`);
    return { json: { id: flags.identifier, deleted: true } };
  },
});

export const commands: CommandSpec<any>[] = [
  getExternalTenantUserMappings,
  getExternalTenantUserMapping,
  createExternalTenantUserMapping,
  updateExternalTenantUserMapping,
  deleteExternalTenantUserMapping,
];
