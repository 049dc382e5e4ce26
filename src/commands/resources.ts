/** Identity Services: API resources (octo-cli-commands.md §5.3). */
import { defineCommand, type CommandSpec, type FlagSpec } from '../cli/spec.js';
import { flagLabel } from '../cli/argv.js';
import { adminApi, path } from '../api/index.js';
import { UsageError } from '../errors.js';
import { asArray, asObject, checkIdentifier, confirmAndDelete, createUnlessExists, ifNotExistsFlag, jsonResult, printList, yesFlag } from './shared.js';

/** The SDK's ApiResourceDto (identity-api.md §4.3), every property written. */
export interface ApiResourceDto {
  isEnabled: boolean;
  name: string | null;
  displayName: string | null;
  description: string | null;
  showInDiscoveryDocument: boolean;
  userClaims: string[] | null;
  requireResourceIndicator: boolean;
  scopes: string[] | null;
  allowedAccessTokenSigningAlgorithms: string[] | null;
}

export function apiResourceDto(f: Partial<ApiResourceDto>): ApiResourceDto {
  return {
    isEnabled: f.isEnabled ?? false,
    name: f.name ?? null,
    displayName: f.displayName ?? null,
    description: f.description ?? null,
    showInDiscoveryDocument: f.showInDiscoveryDocument ?? false,
    userClaims: f.userClaims ?? null,
    requireResourceIndicator: f.requireResourceIndicator ?? false,
    scopes: f.scopes ?? null,
    allowedAccessTokenSigningAlgorithms: f.allowedAccessTokenSigningAlgorithms ?? null,
  };
}

const nameFlag = { long: 'name', short: 'n', type: 'string', pathSegment: true, valueName: '<resource>' } as const;
const displayNameFlag = { long: 'displayName', short: 'dn', type: 'string', valueName: '<text>' } as const;
const descriptionFlag = { long: 'description', short: 'd', type: 'string', valueName: '<text>' } as const;
const scopesFlag = { long: 'scopes', short: 's', type: 'csv', valueName: '<scope,scope,…>' } as const;

const L = {
  name: flagLabel(nameFlag as FlagSpec),
  displayName: flagLabel(displayNameFlag as FlagSpec),
  description: flagLabel(descriptionFlag as FlagSpec),
  scopes: flagLabel(scopesFlag as FlagSpec),
};

type ResourceFlags = { name: string; displayName?: string; description?: string; scopes?: string[]; ifNotExists?: boolean };

function validateResource(flags: ResourceFlags): void {
  checkIdentifier(L.name, flags.name);
  for (const scope of flags.scopes ?? []) checkIdentifier(L.scopes, scope);
}

const getApiResources = defineCommand({
  name: 'GetApiResources',
  group: 'Identity Services',
  description: 'Gets all api resources.',
  flags: [],
  examples: [{ command: 'octo-cli -c GetApiResources', description: '' }],
  async run(ctx) {
    const api = await adminApi(ctx);
    const { data } = await api.get<unknown>(path`apiResources`, { entity: 'API resources' });
    await printList(
      ctx,
      asArray<ApiResourceDto>(data, 'API resources'),
      [
        { header: 'Name', value: (r) => r.name },
        { header: 'Display name', value: (r) => r.displayName, shrink: true },
        { header: 'Description', value: (r) => r.description, shrink: true },
        { header: 'Enabled', value: (r) => r.isEnabled },
        { header: 'Scopes', value: (r) => r.scopes, shrink: true },
      ],
      'No API resources found',
    );
  },
});

const createApiResource = defineCommand<ResourceFlags>({
  name: 'CreateApiResource',
  group: 'Identity Services',
  description: 'Adds a new api resource.',
  flags: [
    { ...nameFlag, required: true, description: 'Name of the new API resource.' },
    { ...displayNameFlag, description: 'Display name.' },
    { ...descriptionFlag, description: 'Description.' },
    { ...scopesFlag, description: 'Scopes of the resource, one comma-separated token.' },
    ifNotExistsFlag,
  ],
  examples: [{ command: 'octo-cli -c CreateApiResource -n "myAPI" -dn "My Custom API" -d "Custom API" -s "myAPI.read,myAPI.write"', description: '' }],
  notes: ['The resource is created enabled and shown in the discovery document.'],
  validate: validateResource,
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const body = apiResourceDto({
      isEnabled: true,
      name: flags.name,
      displayName: flags.displayName,
      description: flags.description,
      showInDiscoveryDocument: true,
      scopes: flags.scopes ?? [],
    });
    ctx.log.info(`Creating API resource '${flags.name}' at '${api.baseUrl}'`);
    const created = await createUnlessExists(ctx, flags.ifNotExists === true, `API resource '${flags.name}'`, () =>
      api.post(path`apiResources`, { body, entity: `API resource '${flags.name}'` }),
    );
    if (created) ctx.log.info(`API resource '${flags.name}' created`);
    jsonResult(ctx, { name: flags.name, created });
  },
});

const updateApiResource = defineCommand<ResourceFlags>({
  name: 'UpdateApiResource',
  group: 'Identity Services',
  description: 'Updates an api resource.',
  flags: [
    { ...nameFlag, required: true, description: 'Name of the API resource.' },
    { ...displayNameFlag, description: 'New display name.' },
    { ...descriptionFlag, description: 'New description.' },
    { ...scopesFlag, description: 'New scopes (replace the current ones), one comma-separated token.' },
  ],
  examples: [{ command: 'octo-cli -c UpdateApiResource -n "myAPI" -dn "Updated API Name"', description: '' }],
  notes: [
    'Reads the resource and changes only the given fields (GET + PUT). The original sent a fresh resource, which disabled it and cleared the scopes, display name and description not given.',
    'At least one of -dn, -d, -s is needed.',
  ],
  validate(flags) {
    validateResource(flags);
    if ([flags.displayName, flags.description, flags.scopes].every((v) => v === undefined)) {
      throw new UsageError(`UpdateApiResource: nothing to update: give at least one of ${L.displayName}, ${L.description}, ${L.scopes}`);
    }
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const entity = `API resource '${flags.name}'`;
    ctx.log.info(`Updating API resource '${flags.name}' at '${api.baseUrl}'`);
    const { data } = await api.get<unknown>(path`apiResources/${flags.name}`, { entity });
    const body = apiResourceDto(asObject<ApiResourceDto>(data, entity));
    // The server looks the resource up by the body's name and stores it under the path's name: keep them equal.
    body.name = flags.name;
    if (flags.displayName !== undefined) body.displayName = flags.displayName;
    if (flags.description !== undefined) body.description = flags.description;
    if (flags.scopes !== undefined) body.scopes = flags.scopes;
    await api.put(path`apiResources/${flags.name}`, { body, entity });
    ctx.log.info(`API resource '${flags.name}' updated`);
    jsonResult(ctx, { name: flags.name, updated: true });
  },
});

const deleteApiResource = defineCommand<{ name: string; yes?: boolean }>({
  name: 'DeleteApiResource',
  group: 'Identity Services',
  description: 'Deletes an api resource.',
  flags: [{ ...nameFlag, required: true, description: 'Name of the API resource to delete.' }, yesFlag],
  examples: [{ command: 'octo-cli -c DeleteApiResource -n "myAPI" -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.'],
  validate(flags) {
    checkIdentifier(L.name, flags.name);
  },
  async run(ctx, flags) {
    await confirmAndDelete(ctx, flags.yes, { what: 'API resource', id: flags.name, path: path`apiResources/${flags.name}`, json: { name: flags.name, deleted: true } });
  },
});

export const commands: CommandSpec<any>[] = [getApiResources, createApiResource, updateApiResource, deleteApiResource];
