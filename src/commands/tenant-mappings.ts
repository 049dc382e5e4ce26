/**
 * Identity Services: external tenant user mappings (octo-cli-commands.md §5.10; identity-api.md §2.10): users of
 * another tenant who may sign in here, with the roles they get. Fixes: docs/differences-identity-commands.md.
 */
import { defineCommand, type CommandSpec } from '../cli/spec.js';
import { printJson, printKeyValue } from '../cli/output.js';
import { adminApi, path } from '../api/index.js';
import { UsageError } from '../errors.js';
import { asArray, jsonResult, printList } from './shared.js';
import {
  GROUP,
  MAPPING_COLUMNS,
  checkToken,
  createMappingBody,
  createdId,
  identifierFlag,
  mappingPairs,
  normalizeIds,
  roleIdsFlag,
  singleFrom,
  sourceTenantIdFlag,
  sourceUserIdFlag,
  sourceUserNameFlag,
  warnIfEmptyReplace,
  type MappingDto,
} from './identity-shared.js';

const rolesNote = 'Role ids are the RtIds of roles of this tenant (see GetRoles).';

type ListFlags = { skip?: number; take?: number; sourceTenantId?: string };

const getExternalTenantUserMappings = defineCommand<ListFlags>({
  name: 'GetExternalTenantUserMappings',
  group: GROUP,
  description: 'Gets external tenant user mappings.',
  flags: [
    { long: 'skip', short: 'skip', type: 'int', description: 'Number of items to skip.' },
    { long: 'take', short: 'take', type: 'int', description: 'Number of items to take.' },
    { ...sourceTenantIdFlag, description: 'Only mappings of users from this source tenant.' },
  ],
  examples: [
    { command: 'octo-cli -c GetExternalTenantUserMappings', description: 'A table: id, source tenant, source user id and name, role ids, groups.' },
    { command: 'octo-cli -c GetExternalTenantUserMappings -stid "octosystem" -skip 0 -take 50', description: '' },
  ],
  notes: ['The short names really are -skip and -take. Only the given ones are sent as query parameters.'],
  validate(flags) {
    if (flags.skip !== undefined && flags.skip < 0) throw new UsageError(`--skip (-skip) must not be negative, got ${flags.skip}`);
    if (flags.take !== undefined && flags.take < 1) throw new UsageError(`--take (-take) must be at least 1, got ${flags.take}`);
    if (flags.sourceTenantId !== undefined) checkToken('--sourceTenantId (-stid)', flags.sourceTenantId);
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const { data } = await api.get<unknown>(path`externalTenantUserMappings`, {
      query: { skip: flags.skip, take: flags.take, sourceTenantId: flags.sourceTenantId },
      entity: 'external tenant user mappings',
    });
    await printList(ctx, asArray<MappingDto>(data, 'external tenant user mappings'), MAPPING_COLUMNS, 'No external tenant user mappings found');
  },
});

const getExternalTenantUserMapping = defineCommand<{ identifier: string }>({
  name: 'GetExternalTenantUserMapping',
  group: GROUP,
  description: 'Gets an external tenant user mapping by ID.',
  flags: [identifierFlag('RtId of the mapping.')],
  examples: [{ command: 'octo-cli -c GetExternalTenantUserMapping -id 6680000000000000000000c1', description: '' }],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const entity = `external tenant user mapping '${flags.identifier}'`;
    const { data } = await api.get<unknown>(path`externalTenantUserMappings/${flags.identifier}`, { entity });
    const mapping = singleFrom<MappingDto>(data, 'externalTenantUserMappings', entity);
    if (ctx.output === 'json') return printJson(ctx, mapping);
    await printKeyValue(ctx, mappingPairs(mapping));
  },
});

type CreateFlags = { sourceTenantId: string; sourceUserId: string; sourceUserName: string; roleIds?: string[] };

const createExternalTenantUserMapping = defineCommand<CreateFlags>({
  name: 'CreateExternalTenantUserMapping',
  group: GROUP,
  description: 'Creates an external tenant user mapping.',
  flags: [
    { ...sourceTenantIdFlag, required: true, description: 'Source tenant id.' },
    { ...sourceUserIdFlag, required: true, description: 'Source user id (the RtId of the user in the source tenant).' },
    { ...sourceUserNameFlag, required: true, description: 'Source user name.' },
    roleIdsFlag('Comma-separated list of role ids to assign.'),
  ],
  examples: [{ command: 'octo-cli -c CreateExternalTenantUserMapping -stid "octosystem" -suid 6610000000000000000000d1 -sun "alice" -rids "660000000000000000000004"', description: '' }],
  notes: [rolesNote, 'The new mapping id is logged (and printed as `id` with --output json).'],
  validate(flags) {
    checkToken('--sourceTenantId (-stid)', flags.sourceTenantId);
    checkToken('--sourceUserId (-suid)', flags.sourceUserId);
    checkToken('--sourceUserName (-sun)', flags.sourceUserName);
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Creating external tenant user mapping for '${flags.sourceUserName}' from tenant '${flags.sourceTenantId}' at '${api.baseUrl}'`);
    const { data } = await api.post<unknown>(path`externalTenantUserMappings`, { body: createMappingBody(flags), entity: `mapping for '${flags.sourceUserName}'` });
    const id = createdId(data);
    ctx.log.info(`External tenant user mapping for '${flags.sourceUserName}' created${id ? ` (id ${id})` : ''}`);
    jsonResult(ctx, { id: id ?? null, sourceUserName: flags.sourceUserName, created: true });
  },
});

const updateExternalTenantUserMapping = defineCommand<{ identifier: string; roleIds?: string[] }>({
  name: 'UpdateExternalTenantUserMapping',
  group: GROUP,
  description: 'Updates an external tenant user mapping.',
  flags: [identifierFlag('RtId of the mapping.'), roleIdsFlag('Comma-separated role ids; they replace the roles of the mapping ("" removes them all).')],
  examples: [{ command: 'octo-cli -c UpdateExternalTenantUserMapping -id 6680000000000000000000c1 -rids "660000000000000000000004,660000000000000000000008"', description: '' }],
  notes: [rolesNote, 'The roles are all this command changes, so -rids is needed (the original sent {"roleIds":null} without it).'],
  validate(flags) {
    if (flags.roleIds === undefined) throw new UsageError('UpdateExternalTenantUserMapping: nothing to update: give --roleIds (-rids)');
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const ids = normalizeIds(flags.roleIds ?? []);
    warnIfEmptyReplace(ctx, ids, `mapping '${flags.identifier}'`);
    ctx.log.info(`Updating external tenant user mapping '${flags.identifier}' at '${api.baseUrl}'`);
    await api.put(path`externalTenantUserMappings/${flags.identifier}`, { body: { roleIds: ids }, entity: `external tenant user mapping '${flags.identifier}'` });
    ctx.log.info(`External tenant user mapping '${flags.identifier}' updated`);
    jsonResult(ctx, { id: flags.identifier, roleIds: ids, updated: true });
  },
});

const deleteExternalTenantUserMapping = defineCommand<{ identifier: string }>({
  name: 'DeleteExternalTenantUserMapping',
  group: GROUP,
  description: 'Deletes an external tenant user mapping.',
  flags: [identifierFlag('RtId of the mapping to delete.')],
  examples: [{ command: 'octo-cli -c DeleteExternalTenantUserMapping -id 6680000000000000000000c1', description: '' }],
  notes: ['No confirmation (as the original).'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Deleting external tenant user mapping '${flags.identifier}' from '${api.baseUrl}'`);
    await api.delete(path`externalTenantUserMappings/${flags.identifier}`, { entity: `external tenant user mapping '${flags.identifier}'` });
    ctx.log.info(`External tenant user mapping '${flags.identifier}' deleted`);
    jsonResult(ctx, { id: flags.identifier, deleted: true });
  },
});

export const commands: CommandSpec<any>[] = [
  getExternalTenantUserMappings,
  getExternalTenantUserMapping,
  createExternalTenantUserMapping,
  updateExternalTenantUserMapping,
  deleteExternalTenantUserMapping,
];
