/**
 * Identity Services: identity providers (octo-cli-commands.md §5.8; identity-api.md §2.9, §4.8). Bodies carry the
 * `$type` discriminator first; client secrets are read like passwords and never printed. Fixes: docs/differences-identity-commands.md.
 */
import { defineCommand, type CommandSpec, type FlagSpec } from '../cli/spec.js';
import type { RunContext } from '../cli/context.js';
import { readSecret } from '../cli/prompt.js';
import { adminApi, path } from '../api/index.js';
import { UsageError } from '../errors.js';
import { confirmAndDelete, jsonResult, printList, yesFlag } from './shared.js';
import { GROUP, checkNotBlank, checkSafeName, checkToken, createdId, identifierFlag, label, listFrom, singleFrom } from './identity-shared.js';
import {
  OAUTH_TYPES,
  PROVIDER_COLUMNS,
  PROVIDER_TYPES,
  kindName,
  maskSecrets,
  providerBody,
  requireProviderType,
  type ProviderDto,
  type ProviderType,
} from './identity-provider-dto.js';

// ---- Flags (names, short names and order as the original declares them) ----

const nameFlag = { long: 'name', short: 'n', type: 'string', required: true, valueName: '<name>', description: "Name of the identity provider, unique; 3-100 letters, digits, '.', '_' or '-' (no spaces)." } as const;
const enabledFlag = { long: 'enabled', short: 'e', type: 'bool', required: true, description: 'true if the identity provider is enabled, otherwise false.' } as const;
const clientIdFlag = { long: 'clientId', short: 'cid', type: 'string', valueName: '<client-id>' } as const;
const clientSecretFlag = { long: 'clientSecret', short: 'cs', type: 'string', secret: true, valueName: '<secret|->' } as const;
const asrFlag: FlagSpec = { long: 'allowSelfRegistration', short: 'asr', type: 'bool', description: 'Allow self registration of new users (default: true).' };
const dgidFlag: FlagSpec = { long: 'defaultGroupRtId', short: 'dgid', type: 'oid', valueName: '<group-rtId>', description: 'RtId of the group new users join (24 hex digits, see GetGroups).' };
const hostFlag = { long: 'host', short: 'h', type: 'string', required: true, valueName: '<host>', description: 'LDAP host name, e.g. ldap.example.com. (-h means --host here: use --help for help.)' } as const;
const portFlag = { long: 'port', short: 'p', type: 'ushort', required: true, description: 'LDAP port, e.g. 389 or 636.' } as const;

const L = {
  name: label(nameFlag as FlagSpec),
  clientId: label(clientIdFlag as FlagSpec),
  clientSecret: label(clientSecretFlag as FlagSpec),
  host: label(hostFlag as FlagSpec),
  port: label(portFlag as FlagSpec),
  type: '--type (-t)',
  tenantId: '--tenantId (-t)',
  parentTenantId: '--parentTenantId (-ptid)',
  userBaseDn: '--userBaseDn (-ubdn)',
  userAttribute: '--userAttributeName (-uan)',
};

const secretNote = 'The client secret is never printed (tables show "set", JSON shows "***"); `-cs -` reads it from stdin.';
const nameNote = "The server only accepts names of 3-100 letters, digits, '.', '_' and '-'; the original's samples used names with spaces, which the server refuses (checked here before anything is sent).";

type CommonFlags = { name: string; enabled: boolean; allowSelfRegistration?: boolean; defaultGroupRtId?: string };

function checkName(flags: { name: string }): void {
  checkSafeName(L.name, flags.name, 'identity provider name', 3, 100);
}

function checkHostPort(flags: { host: string; port: number }): void {
  checkToken(L.host, flags.host);
  if (flags.host.includes('://') || flags.host.includes('/')) throw new UsageError(`${L.host} expects a host name without scheme or path, got '${flags.host}'`);
  if (flags.port < 1) throw new UsageError(`${L.port} expects a port 1-65535, got ${flags.port}`);
}

async function requiredSecret(ctx: RunContext, value: unknown): Promise<string> {
  const secret = await readSecret(ctx, L.clientSecret, value);
  if (!secret || secret.trim() === '') throw new UsageError(`${L.clientSecret} must not be empty`);
  return secret;
}

/** POST identityProviders with a body of the given kind; prints only the new id, never the echoed DTO. */
async function createProvider(ctx: RunContext, type: ProviderType, flags: CommonFlags, specific: Partial<ProviderDto>): Promise<void> {
  const api = await adminApi(ctx);
  const body = providerBody(
    type,
    {
      isEnabled: flags.enabled,
      name: flags.name,
      description: null,
      allowSelfRegistration: flags.allowSelfRegistration ?? true,
      defaultGroupRtId: flags.defaultGroupRtId ?? null,
    },
    specific,
  );
  ctx.log.info(`Creating ${kindName(type)} identity provider '${flags.name}' at '${api.baseUrl}'`);
  const { data } = await api.post<unknown>(path`identityProviders`, { body, entity: `identity provider '${flags.name}'` });
  const id = createdId(data);
  ctx.log.info(`Identity provider '${flags.name}' created${id ? ` (id ${id})` : ''}`);
  jsonResult(ctx, { id: id ?? null, name: flags.name, type, created: true });
}

const getIdentityProviders = defineCommand({
  name: 'GetIdentityProviders',
  group: GROUP,
  description: 'Gets all identity providers.',
  flags: [],
  examples: [{ command: 'octo-cli -c GetIdentityProviders', description: 'A table: id, name, kind, enabled, self-registration, default group, whether a client secret is set, details.' }],
  notes: [secretNote, 'With --output json the list is printed as a JSON array (the server wraps it in {identityProviders:[…]}), each entry with its `$type`.'],
  async run(ctx) {
    const api = await adminApi(ctx);
    const { data } = await api.get<unknown>(path`identityProviders`, { entity: 'identity providers' });
    const providers = listFrom<ProviderDto>(data, 'identityProviders', 'identity providers').map(maskSecrets);
    await printList(ctx, providers, PROVIDER_COLUMNS, 'No identity providers found');
  },
});

type OAuthFlags = CommonFlags & { clientId: string; clientSecret: string; type: ProviderType };

const addOAuthIdentityProvider = defineCommand<OAuthFlags>({
  name: 'AddOAuthIdentityProvider',
  group: GROUP,
  description: 'Adds a new identity provider.',
  flags: [
    nameFlag,
    enabledFlag,
    { ...clientIdFlag, required: true, description: 'Client id, provided by the provider.' },
    { ...clientSecretFlag, required: true, description: 'Client secret, provided by the provider; `-` reads it from stdin.' },
    { long: 'type', short: 't', type: 'enum', values: PROVIDER_TYPES, valueName: 'google|microsoft|facebook', required: true, description: 'Provider type: google, microsoft or facebook (case-insensitive; the numbers 0, 1 and 5 also work).' },
    asrFlag,
    dgidFlag,
  ],
  examples: [
    { command: 'octo-cli -c AddOAuthIdentityProvider -n "Microsoft" -e true --clientId "YOUR_CLIENT_ID" --clientSecret "YOUR_CLIENT_SECRET" -t microsoft', description: '' },
    { command: 'printf %s "$GOOGLE_SECRET" | octo-cli -c AddOAuthIdentityProvider -n "Google" -e true -t google -cid "$GOOGLE_CLIENT_ID" -cs -', description: 'The secret from stdin.' },
  ],
  notes: [
    'Other provider types are refused as a usage error before anything is sent (the original logged "Unsupported OAuth provider type" and exited 0). Use AddAzureEntryIdIdentityProvider, AddAdIdentityProvider, AddOpenLdapIdentityProvider or AddOctoTenantIdentityProvider for those.',
    nameNote,
    secretNote,
  ],
  validate(flags) {
    if (!OAUTH_TYPES.includes(flags.type)) {
      throw new UsageError(`${L.type}: '${flags.type}' is not an OAuth provider type; use google, microsoft or facebook`, {
        hint: 'other kinds have their own commands, e.g. AddOpenLdapIdentityProvider',
      });
    }
    checkName(flags);
    checkToken(L.clientId, flags.clientId);
  },
  async run(ctx, flags) {
    const clientSecret = await requiredSecret(ctx, flags.clientSecret);
    await createProvider(ctx, flags.type, flags, { clientId: flags.clientId, clientSecret });
  },
});

type AzureFlags = CommonFlags & { tenantId: string; clientId: string; clientSecret: string };

const addAzureEntryIdIdentityProvider = defineCommand<AzureFlags>({
  name: 'AddAzureEntryIdIdentityProvider',
  group: GROUP,
  description: 'Adds a new identity provider for Microsoft Azure Entra ID.',
  flags: [
    nameFlag,
    { long: 'tenantId', short: 't', type: 'string', required: true, valueName: '<azure-tenant>', description: 'Tenant id of Azure Entra ID (not the OctoMesh tenant).' },
    enabledFlag,
    { ...clientIdFlag, required: true, description: 'Client (application) id of the app registration.' },
    { ...clientSecretFlag, required: true, description: 'Client secret of the app registration; `-` reads it from stdin.' },
    asrFlag,
    dgidFlag,
  ],
  examples: [
    { command: 'printf %s "$AZURE_SECRET" | octo-cli -c AddAzureEntryIdIdentityProvider -n "AzureEntraId" -t "00000000-0000-0000-0000-000000000000" -e true -cid "11111111-1111-1111-1111-111111111111" -cs -', description: '' },
  ],
  notes: ['"Entry" is a typo of the original for "Entra"; the command name is kept.', nameNote, secretNote],
  validate(flags) {
    checkName(flags);
    checkToken(L.tenantId, flags.tenantId);
    checkToken(L.clientId, flags.clientId);
  },
  async run(ctx, flags) {
    const clientSecret = await requiredSecret(ctx, flags.clientSecret);
    await createProvider(ctx, 'MicrosoftAzureAd', flags, { tenantId: flags.tenantId, authority: null, clientId: flags.clientId, clientSecret });
  },
});

type AdFlags = CommonFlags & { host: string; port: number };

const addAdIdentityProvider = defineCommand<AdFlags>({
  name: 'AddAdIdentityProvider',
  group: GROUP,
  description: 'Adds a new identity provider for active directory.',
  flags: [nameFlag, enabledFlag, hostFlag, portFlag, asrFlag, dgidFlag],
  examples: [{ command: 'octo-cli -c AddAdIdentityProvider -n "CorporateAD" -e true -h "ad.example.com" -p 389', description: '' }],
  notes: ['Sent with useTls false, as the original (there is no TLS flag).', nameNote],
  validate(flags) {
    checkName(flags);
    checkHostPort(flags);
  },
  run: (ctx, flags) => createProvider(ctx, 'MicrosoftActiveDirectory', flags, { host: flags.host, port: flags.port, useTls: false }),
});

type LdapFlags = CommonFlags & { host: string; port: number; userBaseDn: string; userAttributeName: string };

const addOpenLdapIdentityProvider = defineCommand<LdapFlags>({
  name: 'AddOpenLdapIdentityProvider',
  group: GROUP,
  description: 'Adds a new identity provider for Open LDAP.',
  flags: [
    nameFlag,
    enabledFlag,
    hostFlag,
    portFlag,
    { long: 'userBaseDn', short: 'ubdn', type: 'string', required: true, valueName: '<dn>', description: 'User base DN, e.g. cn=users,dc=example,dc=com.' },
    { long: 'userAttributeName', short: 'uan', type: 'string', required: true, valueName: '<attribute>', description: 'User name attribute, e.g. uid.' },
    asrFlag,
    dgidFlag,
  ],
  examples: [{ command: 'octo-cli -c AddOpenLdapIdentityProvider -n "OpenLDAP" -h "ldap.example.com" -p 389 -ubdn "cn=users,dc=example,dc=com" -uan "uid" -e true -asr false', description: '' }],
  notes: ['Sent with useTls true, as the original (there is no TLS flag).', nameNote],
  validate(flags) {
    checkName(flags);
    checkHostPort(flags);
    checkNotBlank(L.userBaseDn, flags.userBaseDn);
    checkToken(L.userAttribute, flags.userAttributeName);
  },
  run: (ctx, flags) =>
    createProvider(ctx, 'OpenLdap', flags, {
      host: flags.host,
      port: flags.port,
      userBaseDn: flags.userBaseDn,
      userNameAttribute: flags.userAttributeName,
      useTls: true,
    }),
});

type OctoTenantFlags = CommonFlags & { parentTenantId: string };

const addOctoTenantIdentityProvider = defineCommand<OctoTenantFlags>({
  name: 'AddOctoTenantIdentityProvider',
  group: GROUP,
  description: 'Adds a new identity provider for cross-tenant authentication via a parent tenant.',
  flags: [
    nameFlag,
    enabledFlag,
    { long: 'parentTenantId', short: 'ptid', type: 'string', required: true, valueName: '<tenant>', description: 'Id of the parent tenant to authenticate against.' },
    asrFlag,
    dgidFlag,
  ],
  examples: [{ command: 'octo-cli -c AddOctoTenantIdentityProvider -n "ParentTenantAuth" -ptid "octosystem" -e true -asr true', description: 'Delegates authentication to a parent tenant for cross-tenant access.' }],
  notes: [nameNote],
  validate(flags) {
    checkName(flags);
    checkToken(L.parentTenantId, flags.parentTenantId);
  },
  run: (ctx, flags) => createProvider(ctx, 'OctoTenant', flags, { parentTenantId: flags.parentTenantId }),
});

type UpdateFlags = CommonFlags & { identifier: string; clientId?: string; clientSecret?: string };

/** The kind's own fields for an update: kept from the stored provider, client id/secret from the flags. */
function updatedSpecific(type: ProviderType, existing: ProviderDto, clientId: string | undefined, clientSecret: string | undefined): Partial<ProviderDto> {
  const credentials = { clientId: clientId ?? existing.clientId ?? null, clientSecret: clientSecret ?? null };
  switch (type) {
    case 'Google':
    case 'Microsoft':
    case 'Facebook':
      return credentials;
    case 'MicrosoftAzureAd':
      return { tenantId: existing.tenantId ?? null, authority: existing.authority ?? null, ...credentials };
    case 'MicrosoftActiveDirectory':
      return { host: existing.host ?? null, port: existing.port, useTls: existing.useTls ?? false };
    case 'OpenLdap':
      return { host: existing.host ?? null, port: existing.port, userBaseDn: existing.userBaseDn ?? null, userNameAttribute: existing.userNameAttribute ?? null, useTls: existing.useTls ?? true };
    case 'OctoTenant':
      return { parentTenantId: existing.parentTenantId ?? null };
  }
}

const updateIdentityProvider = defineCommand<UpdateFlags>({
  name: 'UpdateIdentityProvider',
  group: GROUP,
  description: 'Updates an identity provider.',
  flags: [
    identifierFlag('RtId of the identity provider (see GetIdentityProviders).'),
    nameFlag,
    enabledFlag,
    { ...clientIdFlag, description: 'New client id (OAuth and Azure Entra ID providers only).' },
    { ...clientSecretFlag, description: 'New client secret (OAuth and Azure Entra ID providers only); `-` reads it from stdin. Without it the stored secret is kept.' },
    { ...asrFlag, description: 'Allow self registration. Without it the stored value is kept.' },
    { ...dgidFlag, description: 'RtId of the group new users join. Without it the stored value is kept.' },
  ],
  examples: [
    { command: 'octo-cli -c UpdateIdentityProvider -id 6650000000000000000000a1 -n "UpdatedName" -e true -asr false', description: 'Works for all provider kinds: the stored provider is read and its kind-specific settings kept.' },
    { command: 'printf %s "$NEW_SECRET" | octo-cli -c UpdateIdentityProvider -id 6650000000000000000000a1 -n "Google" -e true -cid "new-client-id" -cs -', description: 'For OAuth providers, new client credentials.' },
  ],
  notes: [
    'Reads the provider (GET; the server wraps it as {identityProviders:[x]}, which the original could not read, so it never updated anything), then writes it back (PUT) with the same kind and `$type`.',
    'Kept from the stored provider unless given: client id, description, self-registration, default group, and the kind-specific settings (Azure tenant/authority, LDAP host/port/DN/attribute, parent tenant). The original reset self-registration to true and the default group to none, and cleared the OAuth client id.',
    '-cid/-cs on an LDAP, Active Directory or Octo-tenant provider are refused.',
    nameNote,
    secretNote,
  ],
  validate(flags) {
    checkName(flags);
    if (flags.clientId !== undefined) checkToken(L.clientId, flags.clientId);
  },
  async run(ctx, flags) {
    const clientSecret = flags.clientSecret !== undefined ? await requiredSecret(ctx, flags.clientSecret) : undefined;
    const api = await adminApi(ctx);
    const entity = `identity provider '${flags.identifier}'`;
    ctx.log.info(`Updating identity provider '${flags.identifier}' at '${api.baseUrl}'`);
    const { data } = await api.get<unknown>(path`identityProviders/${flags.identifier}`, { entity });
    const existing = singleFrom<ProviderDto>(data, 'identityProviders', entity);
    const type = requireProviderType(existing, entity);
    const credentialKind = OAUTH_TYPES.includes(type) || type === 'MicrosoftAzureAd';
    if (!credentialKind && (flags.clientId !== undefined || clientSecret !== undefined)) {
      throw new UsageError(`${flags.clientId !== undefined ? L.clientId : L.clientSecret} does not apply to ${kindName(type)} provider '${flags.identifier}'`);
    }
    const body = providerBody(
      type,
      {
        isEnabled: flags.enabled,
        name: flags.name,
        description: existing.description ?? null,
        allowSelfRegistration: flags.allowSelfRegistration ?? existing.allowSelfRegistration ?? true,
        defaultGroupRtId: flags.defaultGroupRtId ?? existing.defaultGroupRtId ?? null,
      },
      updatedSpecific(type, existing, flags.clientId, clientSecret),
    );
    await api.put(path`identityProviders/${flags.identifier}`, { body, entity });
    ctx.log.info(`Identity provider '${flags.identifier}' updated`);
    jsonResult(ctx, { id: flags.identifier, name: flags.name, type, updated: true });
  },
});

const deleteIdentityProvider = defineCommand<{ identifier: string; yes?: boolean }>({
  name: 'DeleteIdentityProvider',
  group: GROUP,
  description: 'Deletes an identity provider.',
  flags: [identifierFlag('RtId of the identity provider to delete.'), yesFlag],
  examples: [{ command: 'octo-cli -c DeleteIdentityProvider -id 6650000000000000000000a1 -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.', 'The server does not check that the provider exists.'],
  async run(ctx, flags) {
    await confirmAndDelete(ctx, flags.yes, {
      what: 'identity provider',
      id: flags.identifier,
      path: path`identityProviders/${flags.identifier}`,
      json: { id: flags.identifier, deleted: true },
    });
  },
});

export const commands: CommandSpec<any>[] = [
  getIdentityProviders,
  addOAuthIdentityProvider,
  addAzureEntryIdIdentityProvider,
  addAdIdentityProvider,
  addOpenLdapIdentityProvider,
  addOctoTenantIdentityProvider,
  updateIdentityProvider,
  deleteIdentityProvider,
];
