/** Identity Services: API scopes (octo-cli-commands.md §5.2). */
import { defineCommand, jsonArray, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag, flagLabel } from '../cli/flags.js';
import { identifier } from '../cli/checks.js';
import { listOf, type Column } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as apiScopes from '../api/resources/apiScopes.js';
import { UsageError } from '../errors.js';
import { confirmAndDelete, createUnlessExists, ifNotExistsFlag, yesFlag } from './shared.js';
import { changesOf, reportChanges } from './changes.js';

const nameFlag = flag.string('name', { short: 'n', required: true, pathSegment: true, valueName: '<scope>', check: identifier });
const enabledFlag = flag.bool('enabled', { short: 'e' });
const newNameFlag = flag.string('newName', { short: 'nn', pathSegment: true, valueName: '<scope>', check: identifier });
const displayNameFlag = flag.string('displayName', { short: 'dn', valueName: '<text>' });
const descriptionFlag = flag.string('description', { short: 'd', valueName: '<text>' });

const SCOPE_COLUMNS: readonly Column<apiScopes.ApiScopeDto>[] = [
  { header: 'Name', value: (s) => s.name },
  { header: 'Display name', value: (s) => s.displayName, shrink: true },
  { header: 'Description', value: (s) => s.description, shrink: true },
  { header: 'Enabled', value: (s) => s.isEnabled },
  { header: 'In discovery', value: (s) => s.showInDiscoveryDocument },
  { header: 'Required', value: (s) => s.isRequired },
  { header: 'User claims', value: (s) => s.userClaims, shrink: true },
];

const getApiScopes = defineCommand({
  name: 'GetApiScopes',
  effect: 'read',
  output: { columns: SCOPE_COLUMNS, json: jsonArray('ApiScopeDto', ['isEnabled', 'name', 'displayName', 'description', 'showInDiscoveryDocument', 'userClaims', 'isRequired', 'isEmphasize', 'requireResourceIndicator', 'apiSecrets']) },
  group: 'Identity Services',
  description: 'Gets all api scopes.',
  flags: {},
  examples: [{ command: 'octo-cli -c GetApiScopes', description: '' }],
  async run(ctx) {
    const api = await adminApi(ctx);
    return listOf(
      await apiScopes.list(api),
      SCOPE_COLUMNS,
      { empty: 'No API scopes found' },
    );
  },
});

const createApiScope = defineCommand({
  name: 'CreateApiScope',
  effect: 'write',
  output: { json: jsonObject('ApiScopeCreated', ['name', 'created']) },
  group: 'Identity Services',
  description: 'Creates a new API scope.',
  flags: {
    name: nameFlag.with({ description: 'Name of the new scope, e.g. myAPI.admin.' }),
    enabled: enabledFlag.with({ description: 'Whether the scope is enabled (default true).' }),
    displayName: displayNameFlag.with({ description: 'Display name.' }),
    description: descriptionFlag.with({ description: 'Description.' }),
    ifNotExists: ifNotExistsFlag,
  },
  examples: [{ command: 'octo-cli -c CreateApiScope -n "myAPI.admin" -dn "Admin Access" -d "Full administrative access" -e true', description: '' }],
  notes: ['The scope is shown in the discovery document.'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const body = apiScopes.apiScopeDto({
      isEnabled: flags.enabled ?? true,
      name: flags.name,
      displayName: flags.displayName,
      description: flags.description,
      showInDiscoveryDocument: true,
    });
    ctx.log.info(`Creating API scope '${flags.name}' at '${api.baseUrl}'`);
    const created = await createUnlessExists(ctx, flags.ifNotExists === true, `API scope '${flags.name}'`, () => apiScopes.create(api, body));
    if (created) ctx.log.info(`API scope '${flags.name}' created`);
    return { json: { name: flags.name, created } };
  },
});

const updateApiScope = defineCommand({
  name: 'UpdateApiScope',
  effect: 'write',
  output: { json: jsonObject('ApiScopeUpdated', ['name', 'updated', 'changes']) },
  group: 'Identity Services',
  description: 'Updates an API scope.',
  flags: {
    name: nameFlag.with({ description: 'Current name of the scope.' }),
    enabled: enabledFlag.with({ description: 'Enable or disable the scope.' }),
    newName: newNameFlag.with({ description: 'New name (renames the scope).' }),
    displayName: displayNameFlag.with({ description: 'New display name.' }),
    description: descriptionFlag.with({ description: 'New description.' }),
  },
  examples: [{ command: 'octo-cli -c UpdateApiScope -n "myAPI.admin" -dn "Updated Name"', description: '' }],
  notes: ['Reads the scope, changes the given fields and writes it back (GET + PUT); fields not given keep their value.', 'At least one of -e, -nn, -dn, -d is needed.'],
  validate(flags) {
    if ([flags.enabled, flags.newName, flags.displayName, flags.description].every((v) => v === undefined)) {
      const labels = [enabledFlag, newNameFlag, displayNameFlag, descriptionFlag].map(flagLabel).join(', ');
      throw new UsageError(`UpdateApiScope: nothing to update: give at least one of ${labels}`);
    }
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Updating API scope '${flags.name}' at '${api.baseUrl}'`);
    const before = apiScopes.apiScopeDto(await apiScopes.get(api, flags.name));
    const body = { ...before };
    if (flags.enabled !== undefined) body.isEnabled = flags.enabled;
    if (flags.newName !== undefined) body.name = flags.newName;
    if (flags.displayName !== undefined) body.displayName = flags.displayName;
    if (flags.description !== undefined) body.description = flags.description;
    const changes = changesOf(before, body, ['name', 'displayName', 'description', 'isEnabled']);
    await reportChanges(ctx, { what: `API scope '${flags.name}'`, changes });
    await apiScopes.update(api, flags.name, body);
    ctx.log.info(`API scope '${flags.name}' updated${flags.newName !== undefined && flags.newName !== flags.name ? ` (now '${flags.newName}')` : ''}`);
    return { json: { name: body.name, updated: true, changes } };
  },
});

const deleteApiScope = defineCommand({
  name: 'DeleteApiScope',
  effect: 'delete',
  output: { json: jsonObject('ApiScopeDeleted', ['name', 'deleted']) },
  group: 'Identity Services',
  description: 'Deletes an API scope.',
  flags: { name: nameFlag.with({ description: 'Name of the scope to delete.' }), yes: yesFlag },
  examples: [{ command: 'octo-cli -c DeleteApiScope -n "myAPI.admin" -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.'],
  async run(ctx, flags) {
    return confirmAndDelete(ctx, flags.yes, { what: 'API scope', id: flags.name, remove: (api) => apiScopes.remove(api, flags.name), json: { name: flags.name, deleted: true } });
  },
});

export const commands: CommandSpec<any>[] = [getApiScopes, createApiScope, updateApiScope, deleteApiScope];
