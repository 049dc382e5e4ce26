/**
 * Identity Services: admin provisioning (octo-cli-commands.md §5.11; identity-api.md §2.10): mappings that give
 * users of the system tenant access to a target tenant. Run with the system tenant as the context tenant.
 */
import { defineCommand, jsonArray, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag } from '../cli/flags.js';
import { identifier } from '../cli/checks.js';
import { listOf } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as provisioning from '../api/resources/adminProvisioning.js';
import { createMappingDto } from '../api/resources/tenantMappings.js';
import { GROUP, roleIdsFlag } from './shared.js';
import { MAPPING_COLUMNS, sourceUserFlags } from './tenant-mappings.js';

const targetFlag = flag.string('targetTenantId', { short: 'ttid', pathSegment: true, required: true, valueName: '<tenant>', check: identifier, description: 'Target tenant id.' });
const systemNote = 'Run from the system tenant context (e.g. `--context` of a context whose tenant is octosystem); the target tenant is a path segment.';

const getAdminProvisioningMappings = defineCommand({
  name: 'GetAdminProvisioningMappings',
  effect: 'read',
  output: { columns: MAPPING_COLUMNS, json: jsonArray('MappingDto', ['id', 'sourceTenantId', 'sourceUserId', 'sourceUserName', 'roleIds', 'groupNames']) },
  group: GROUP,
  description: 'Gets admin provisioning mappings for a target tenant.',
  flags: { targetTenantId: targetFlag },
  examples: [{ command: 'octo-cli -c GetAdminProvisioningMappings -ttid "customer-project"', description: 'A table: id, source tenant, source user id and name, role ids, groups.' }],
  notes: [systemNote],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    return listOf(await provisioning.list(api, flags.targetTenantId), MAPPING_COLUMNS, { empty: `No admin provisioning mappings found in target tenant '${flags.targetTenantId}'` });
  },
});

const createAdminProvisioningMapping = defineCommand({
  name: 'CreateAdminProvisioningMapping',
  effect: 'write',
  output: { json: jsonObject('MappingCreated', ['id', 'targetTenantId', 'sourceUserName', 'created']) },
  group: GROUP,
  description: 'Creates an admin provisioning mapping in a target tenant.',
  flags: {
    targetTenantId: targetFlag,
    ...sourceUserFlags,
    roleIds: roleIdsFlag.with({ valueName: '<rtId,rtId,…>', description: 'Comma-separated list of role ids (RtIds of roles of the target tenant; names are not looked up there) to assign.' }),
  },
  examples: [{ command: 'octo-cli -c CreateAdminProvisioningMapping -ttid "customer-project" -stid "octosystem" -suid 6610000000000000000000d1 -sun "alice" -rids "660000000000000000000004,660000000000000000000008"', description: '' }],
  notes: [systemNote, 'The new mapping id is logged (and printed as `id` with --output json).'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Creating admin provisioning mapping for '${flags.sourceUserName}' in target tenant '${flags.targetTenantId}' at '${api.baseUrl}'`);
    const id = await provisioning.create(api, flags.targetTenantId, createMappingDto(flags));
    ctx.log.info(`Admin provisioning mapping for '${flags.sourceUserName}' created in target tenant '${flags.targetTenantId}'${id ? ` (id ${id})` : ''}`);
    return { json: { id: id ?? null, targetTenantId: flags.targetTenantId, sourceUserName: flags.sourceUserName, created: true } };
  },
});

const provisionCurrentUser = defineCommand({
  name: 'ProvisionCurrentUser',
  effect: 'write',
  output: { json: jsonObject('CurrentUserProvisioned', ['targetTenantId', 'provisioned', 'created']) },
  group: GROUP,
  description: 'Provisions the current user in a target tenant.',
  flags: { targetTenantId: targetFlag },
  examples: [{ command: 'octo-cli -c ProvisionCurrentUser -ttid "customer-project"', description: 'Gives the signed-in user access to the target tenant.' }],
  notes: [systemNote, 'The user is taken from the access token (a user sign-in is needed, not client credentials). Running it again is harmless: the server answers 200 for an existing mapping, 201 for a new one.'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Provisioning the current user in target tenant '${flags.targetTenantId}' at '${api.baseUrl}'`);
    const { created } = await provisioning.provisionCurrentUser(api, flags.targetTenantId);
    ctx.log.info(created ? `Current user provisioned in target tenant '${flags.targetTenantId}'` : `Current user was already provisioned in target tenant '${flags.targetTenantId}'`);
    return { json: { targetTenantId: flags.targetTenantId, provisioned: true, created } };
  },
});

const deleteAdminProvisioningMapping = defineCommand({
  name: 'DeleteAdminProvisioningMapping',
  effect: 'delete',
  output: { json: jsonObject('MappingDeleted', ['targetTenantId', 'mappingId', 'deleted']) },
  group: GROUP,
  description: 'Deletes an admin provisioning mapping from a target tenant.',
  flags: {
    targetTenantId: targetFlag,
    mappingId: flag.oid('mappingId', { short: 'mid', required: true, valueName: '<rtId>', description: 'RtId of the mapping (see GetAdminProvisioningMappings).' }),
  },
  examples: [{ command: 'octo-cli -c DeleteAdminProvisioningMapping -ttid "customer-project" -mid 6680000000000000000000c1', description: '' }],
  notes: [systemNote, 'No confirmation (as the original).'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Deleting admin provisioning mapping '${flags.mappingId}' from target tenant '${flags.targetTenantId}' at '${api.baseUrl}'`);
    await provisioning.remove(api, flags.targetTenantId, flags.mappingId);
    ctx.log.info(`Admin provisioning mapping '${flags.mappingId}' deleted from target tenant '${flags.targetTenantId}'`);
    return { json: { targetTenantId: flags.targetTenantId, mappingId: flags.mappingId, deleted: true } };
  },
});

export const commands: CommandSpec<any>[] = [getAdminProvisioningMappings, createAdminProvisioningMapping, provisionCurrentUser, deleteAdminProvisioningMapping];
