/** Identity Services: API resources (octo-cli-commands.md §5.3). */
import { defineCommand, jsonArray, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag, flagLabel } from '../cli/flags.js';
import { identifier } from '../cli/checks.js';
import { listOf, type Column } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as apiResources from '../api/resources/apiResources.js';
import { UsageError } from '../errors.js';
import { confirmAndDelete, createUnlessExists, ifNotExistsFlag, yesFlag } from './shared.js';
import { warnUnknownScopes } from './scope-guard.js';
import { changesOf, reportChanges } from './changes.js';

const nameFlag = flag.string('name', { short: 'n', required: true, pathSegment: true, valueName: '<resource>', check: identifier });
const displayNameFlag = flag.string('displayName', { short: 'dn', valueName: '<text>' });
const descriptionFlag = flag.string('description', { short: 'd', valueName: '<text>' });
const scopesFlag = flag.csv('scopes', { short: 's', valueName: '<scope,scope,…>', check: identifier });

const RESOURCE_COLUMNS: readonly Column<apiResources.ApiResourceDto>[] = [
  { header: 'Name', value: (r) => r.name },
  { header: 'Display name', value: (r) => r.displayName, shrink: true },
  { header: 'Description', value: (r) => r.description, shrink: true },
  { header: 'Enabled', value: (r) => r.isEnabled },
  { header: 'Scopes', value: (r) => r.scopes, shrink: true },
];

const getApiResources = defineCommand({
  name: 'GetApiResources',
  effect: 'read',
  output: { columns: RESOURCE_COLUMNS, json: jsonArray('ApiResourceDto', ['isEnabled', 'name', 'displayName', 'description', 'showInDiscoveryDocument', 'userClaims', 'requireResourceIndicator', 'scopes', 'allowedAccessTokenSigningAlgorithms']) },
  group: 'Identity Services',
  description: 'Gets all api resources.',
  flags: {},
  examples: [{ command: 'octo-cli -c GetApiResources', description: '' }],
  async run(ctx) {
    const api = await adminApi(ctx);
    return listOf(
      await apiResources.list(api),
      RESOURCE_COLUMNS,
      { empty: 'No API resources found' },
    );
  },
});

const createApiResource = defineCommand({
  name: 'CreateApiResource',
  effect: 'write',
  output: { json: jsonObject('ApiResourceCreated', ['name', 'created']) },
  group: 'Identity Services',
  description: 'Adds a new api resource.',
  flags: {
    name: nameFlag.with({ description: 'Name of the new API resource.' }),
    displayName: displayNameFlag.with({ description: 'Display name.' }),
    description: descriptionFlag.with({ description: 'Description.' }),
    scopes: scopesFlag.with({ description: 'Scopes of the resource, one comma-separated token.' }),
    ifNotExists: ifNotExistsFlag,
  },
  examples: [{ command: 'octo-cli -c CreateApiResource -n "myAPI" -dn "My Custom API" -d "Custom API" -s "myAPI.read,myAPI.write"', description: '' }],
  notes: [
    'The resource is created enabled and shown in the discovery document.',
    'The service does not check that the scopes exist; after the create, each scope that is not an API scope of the tenant is a warning on stderr (create it with CreateApiScope, or token requests for it fail with invalid_scope).',
  ],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const body = apiResources.apiResourceDto({
      isEnabled: true,
      name: flags.name,
      displayName: flags.displayName,
      description: flags.description,
      showInDiscoveryDocument: true,
      scopes: flags.scopes ?? [],
    });
    ctx.log.info(`Creating API resource '${flags.name}' at '${api.baseUrl}'`);
    const created = await createUnlessExists(ctx, flags.ifNotExists === true, `API resource '${flags.name}'`, () => apiResources.create(api, body));
    if (created) {
      ctx.log.info(`API resource '${flags.name}' created`);
      // The service stores any scope name; one that does not exist fails later, at token time.
      await warnUnknownScopes(ctx, api, body.scopes ?? []);
    }
    return { json: { name: flags.name, created } };
  },
});

const updateApiResource = defineCommand({
  name: 'UpdateApiResource',
  effect: 'write',
  output: { json: jsonObject('ApiResourceUpdated', ['name', 'updated', 'changes']) },
  group: 'Identity Services',
  description: 'Updates an api resource.',
  flags: {
    name: nameFlag.with({ description: 'Name of the API resource.' }),
    displayName: displayNameFlag.with({ description: 'New display name.' }),
    description: descriptionFlag.with({ description: 'New description.' }),
    scopes: scopesFlag.with({ description: 'New scopes (replace the current ones), one comma-separated token.' }),
  },
  examples: [{ command: 'octo-cli -c UpdateApiResource -n "myAPI" -dn "Updated API Name"', description: '' }],
  notes: [
    'Reads the resource and changes only the given fields (GET + PUT). The original sent a fresh resource, which disabled it and cleared the scopes, display name and description not given.',
    'At least one of -dn, -d, -s is needed.',
  ],
  validate(flags) {
    if ([flags.displayName, flags.description, flags.scopes].every((v) => v === undefined)) {
      const labels = [displayNameFlag, descriptionFlag, scopesFlag].map(flagLabel).join(', ');
      throw new UsageError(`UpdateApiResource: nothing to update: give at least one of ${labels}`);
    }
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Updating API resource '${flags.name}' at '${api.baseUrl}'`);
    // The body keeps the path's name (apiResources.update): the server looks the resource up by the body's name.
    const before = apiResources.apiResourceDto(await apiResources.get(api, flags.name));
    const body = { ...before };
    if (flags.displayName !== undefined) body.displayName = flags.displayName;
    if (flags.description !== undefined) body.description = flags.description;
    if (flags.scopes !== undefined) body.scopes = flags.scopes;
    const changes = changesOf(before, body, ['displayName', 'description', 'scopes']);
    await reportChanges(ctx, { what: `API resource '${flags.name}'`, changes });
    await apiResources.update(api, flags.name, body);
    ctx.log.info(`API resource '${flags.name}' updated`);
    return { json: { name: flags.name, updated: true, changes } };
  },
});

const deleteApiResource = defineCommand({
  name: 'DeleteApiResource',
  effect: 'delete',
  output: { json: jsonObject('ApiResourceDeleted', ['name', 'deleted']) },
  group: 'Identity Services',
  description: 'Deletes an api resource.',
  flags: { name: nameFlag.with({ description: 'Name of the API resource to delete.' }), yes: yesFlag },
  examples: [{ command: 'octo-cli -c DeleteApiResource -n "myAPI" -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.'],
  async run(ctx, flags) {
    return confirmAndDelete(ctx, flags.yes, { what: 'API resource', id: flags.name, remove: (api) => apiResources.remove(api, flags.name), json: { name: flags.name, deleted: true } });
  },
});

export const commands: CommandSpec<any>[] = [getApiResources, createApiResource, updateApiResource, deleteApiResource];
