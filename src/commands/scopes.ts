/** Identity Services: API scopes (octo-cli-commands.md §5.2). */
import { defineCommand, type CommandSpec, type FlagSpec } from '../cli/spec.js';
import { flagLabel } from '../cli/argv.js';
import { adminApi, path } from '../api/index.js';
import { UsageError } from '../errors.js';
import { asArray, asObject, checkIdentifier, confirmAndDelete, createUnlessExists, ifNotExistsFlag, jsonResult, printList, yesFlag } from './shared.js';

/** The SDK's ApiScopeDto (identity-api.md §4.2), every property written. */
export interface ApiScopeDto {
  isEnabled: boolean;
  name: string | null;
  displayName: string | null;
  description: string | null;
  showInDiscoveryDocument: boolean;
  userClaims: string[] | null;
  isRequired: boolean;
  isEmphasize: boolean;
  requireResourceIndicator: boolean;
  apiSecrets: boolean;
}

/** A full ApiScopeDto: booleans default to false, strings and lists to null, unknown properties dropped. */
export function apiScopeDto(f: Partial<ApiScopeDto>): ApiScopeDto {
  return {
    isEnabled: f.isEnabled ?? false,
    name: f.name ?? null,
    displayName: f.displayName ?? null,
    description: f.description ?? null,
    showInDiscoveryDocument: f.showInDiscoveryDocument ?? false,
    userClaims: f.userClaims ?? null,
    isRequired: f.isRequired ?? false,
    isEmphasize: f.isEmphasize ?? false,
    requireResourceIndicator: f.requireResourceIndicator ?? false,
    apiSecrets: f.apiSecrets ?? false,
  };
}

const nameFlag = { long: 'name', short: 'n', type: 'string', pathSegment: true, valueName: '<scope>' } as const;
const enabledFlag = { long: 'enabled', short: 'e', type: 'bool' } as const;
const newNameFlag = { long: 'newName', short: 'nn', type: 'string', pathSegment: true, valueName: '<scope>' } as const;
const displayNameFlag = { long: 'displayName', short: 'dn', type: 'string', valueName: '<text>' } as const;
const descriptionFlag = { long: 'description', short: 'd', type: 'string', valueName: '<text>' } as const;

const L = {
  name: flagLabel(nameFlag as FlagSpec),
  newName: flagLabel(newNameFlag as FlagSpec),
  enabled: flagLabel(enabledFlag as FlagSpec),
  displayName: flagLabel(displayNameFlag as FlagSpec),
  description: flagLabel(descriptionFlag as FlagSpec),
};

const getApiScopes = defineCommand({
  name: 'GetApiScopes',
  group: 'Identity Services',
  description: 'Gets all api scopes.',
  flags: [],
  examples: [{ command: 'octo-cli -c GetApiScopes', description: '' }],
  async run(ctx) {
    const api = await adminApi(ctx);
    const { data } = await api.get<unknown>(path`apiScopes`, { entity: 'API scopes' });
    await printList(
      ctx,
      asArray<ApiScopeDto>(data, 'API scopes'),
      [
        { header: 'Name', value: (s) => s.name },
        { header: 'Display name', value: (s) => s.displayName, shrink: true },
        { header: 'Description', value: (s) => s.description, shrink: true },
        { header: 'Enabled', value: (s) => s.isEnabled },
        { header: 'In discovery', value: (s) => s.showInDiscoveryDocument },
        { header: 'Required', value: (s) => s.isRequired },
        { header: 'User claims', value: (s) => s.userClaims, shrink: true },
      ],
      'No API scopes found',
    );
  },
});

type CreateFlags = { name: string; enabled?: boolean; displayName?: string; description?: string; ifNotExists?: boolean };

const createApiScope = defineCommand<CreateFlags>({
  name: 'CreateApiScope',
  group: 'Identity Services',
  description: 'Creates a new API scope.',
  flags: [
    { ...nameFlag, required: true, description: 'Name of the new scope, e.g. myAPI.admin.' },
    { ...enabledFlag, description: 'Whether the scope is enabled (default true).' },
    { ...displayNameFlag, description: 'Display name.' },
    { ...descriptionFlag, description: 'Description.' },
    ifNotExistsFlag,
  ],
  examples: [{ command: 'octo-cli -c CreateApiScope -n "myAPI.admin" -dn "Admin Access" -d "Full administrative access" -e true', description: '' }],
  notes: ['The scope is shown in the discovery document.'],
  validate(flags) {
    checkIdentifier(L.name, flags.name);
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const body = apiScopeDto({
      isEnabled: flags.enabled ?? true,
      name: flags.name,
      displayName: flags.displayName,
      description: flags.description,
      showInDiscoveryDocument: true,
    });
    ctx.log.info(`Creating API scope '${flags.name}' at '${api.baseUrl}'`);
    const created = await createUnlessExists(ctx, flags.ifNotExists === true, `API scope '${flags.name}'`, () =>
      api.post(path`apiScopes`, { body, entity: `API scope '${flags.name}'` }),
    );
    if (created) ctx.log.info(`API scope '${flags.name}' created`);
    jsonResult(ctx, { name: flags.name, created });
  },
});

type UpdateFlags = { name: string; enabled?: boolean; newName?: string; displayName?: string; description?: string };

const updateApiScope = defineCommand<UpdateFlags>({
  name: 'UpdateApiScope',
  group: 'Identity Services',
  description: 'Updates an API scope.',
  flags: [
    { ...nameFlag, required: true, description: 'Current name of the scope.' },
    { ...enabledFlag, description: 'Enable or disable the scope.' },
    { ...newNameFlag, description: 'New name (renames the scope).' },
    { ...displayNameFlag, description: 'New display name.' },
    { ...descriptionFlag, description: 'New description.' },
  ],
  examples: [{ command: 'octo-cli -c UpdateApiScope -n "myAPI.admin" -dn "Updated Name"', description: '' }],
  notes: ['Reads the scope, changes the given fields and writes it back (GET + PUT); fields not given keep their value.', 'At least one of -e, -nn, -dn, -d is needed.'],
  validate(flags) {
    checkIdentifier(L.name, flags.name);
    if (flags.newName !== undefined) checkIdentifier(L.newName, flags.newName);
    if ([flags.enabled, flags.newName, flags.displayName, flags.description].every((v) => v === undefined)) {
      throw new UsageError(`UpdateApiScope: nothing to update: give at least one of ${L.enabled}, ${L.newName}, ${L.displayName}, ${L.description}`);
    }
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const entity = `API scope '${flags.name}'`;
    ctx.log.info(`Updating API scope '${flags.name}' at '${api.baseUrl}'`);
    const { data } = await api.get<unknown>(path`apiScopes/${flags.name}`, { entity });
    const body = apiScopeDto(asObject<ApiScopeDto>(data, entity));
    if (flags.enabled !== undefined) body.isEnabled = flags.enabled;
    if (flags.newName !== undefined) body.name = flags.newName;
    if (flags.displayName !== undefined) body.displayName = flags.displayName;
    if (flags.description !== undefined) body.description = flags.description;
    await api.put(path`apiScopes/${flags.name}`, { body, entity });
    ctx.log.info(`API scope '${flags.name}' updated${flags.newName !== undefined && flags.newName !== flags.name ? ` (now '${flags.newName}')` : ''}`);
    jsonResult(ctx, { name: body.name, updated: true });
  },
});

const deleteApiScope = defineCommand<{ name: string; yes?: boolean }>({
  name: 'DeleteApiScope',
  group: 'Identity Services',
  description: 'Deletes an API scope.',
  flags: [{ ...nameFlag, required: true, description: 'Name of the scope to delete.' }, yesFlag],
  examples: [{ command: 'octo-cli -c DeleteApiScope -n "myAPI.admin" -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.'],
  validate(flags) {
    checkIdentifier(L.name, flags.name);
  },
  async run(ctx, flags) {
    await confirmAndDelete(ctx, flags.yes, { what: 'API scope', id: flags.name, path: path`apiScopes/${flags.name}`, json: { name: flags.name, deleted: true } });
  },
});

export const commands: CommandSpec<any>[] = [getApiScopes, createApiScope, updateApiScope, deleteApiScope];
