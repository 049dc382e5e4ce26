/**
 * Identity Services: identity providers (octo-cli-commands.md §5.8; identity-api.md §2.9, §4.8). Bodies carry the
 * `$type` discriminator first; client secrets are read like passwords and never printed. Fixes: docs/differences-identity-commands.md.
 */
import { defineCommand, jsonArray, jsonObject, type CommandSpec, type FlagValues } from '../cli/spec.js';
import type { RunContext } from '../cli/context.js';
import { flag, flagLabel, type Check } from '../cli/flags.js';
import { identifier, notBlank, safeName } from '../cli/checks.js';
import { readSecret } from '../cli/prompt.js';
import { listOf, type Column, type CommandResult } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as providers from '../api/resources/identityProviders.js';
import { OAUTH_TYPES, PROVIDER_TYPES, kindName, maskSecrets, providerBody, providerType, requireProviderType, type ProviderDto, type ProviderType } from '../api/resources/identityProviders.js';
import { UsageError } from '../errors.js';
import { GROUP, confirmAndDelete, identifierFlag, yesFlag } from './shared.js';

// ---- The table of providers (secrets never shown: "set", or masked in JSON) ----

/** Type-specific settings in one line, for tables. */
export function providerDetails(dto: ProviderDto): string {
  const type = providerType(dto);
  const parts: string[] = [];
  if (type === 'MicrosoftAzureAd') parts.push(`tenant ${dto.tenantId ?? '-'}`);
  if (dto.clientId) parts.push(`client id ${dto.clientId}`);
  if (dto.host) parts.push(`${dto.host}:${dto.port ?? '-'}${dto.useTls ? ' (TLS)' : ''}`);
  if (dto.userBaseDn) parts.push(`base DN ${dto.userBaseDn}`);
  if (dto.userNameAttribute) parts.push(`user attribute ${dto.userNameAttribute}`);
  if (dto.parentTenantId) parts.push(`parent tenant ${dto.parentTenantId}`);
  return parts.join(', ');
}

const secretState = (dto: ProviderDto) => {
  const type = providerType(dto);
  if (type && !OAUTH_TYPES.includes(type) && type !== 'MicrosoftAzureAd') return undefined;
  return typeof dto.clientSecret === 'string' && dto.clientSecret !== '' ? 'set' : undefined;
};

const PROVIDER_COLUMNS: readonly Column<ProviderDto>[] = [
  { header: 'Id', value: (p) => p.rtId },
  { header: 'Name', value: (p) => p.name },
  { header: 'Kind', value: (p) => (providerType(p) ? kindName(providerType(p)!) : `unknown (${String(p.$type ?? '-')})`) },
  { header: 'Enabled', value: (p) => p.isEnabled },
  { header: 'Self-registration', value: (p) => p.allowSelfRegistration },
  { header: 'Default group', value: (p) => p.defaultGroupRtId },
  { header: 'Client secret', value: secretState },
  { header: 'Details', value: providerDetails, shrink: true },
];

// ---- Flags (names, short names and order as the original declares them) ----

/** A host name without scheme or path (LDAP and Active Directory). */
const hostName: Check<string> = (value, label, env) => {
  identifier(value, label, env);
  if (value.includes('://') || value.includes('/')) throw new UsageError(`${label} expects a host name without scheme or path, got '${value}'`);
};

/** Port 0 parses as a ushort but no server listens there. */
const port: Check<number> = (value, label) => {
  if (value < 1) throw new UsageError(`${label} expects a port 1-65535, got ${value}`);
};

const nameFlag = flag.string('name', {
  short: 'n',
  required: true,
  valueName: '<name>',
  check: safeName('identity provider name', 3, 100),
  description: "Name of the identity provider, unique; 3-100 letters, digits, '.', '_' or '-' (no spaces).",
});
const enabledFlag = flag.bool('enabled', { short: 'e', required: true, description: 'true if the identity provider is enabled, otherwise false.' });
const clientIdFlag = flag.string('clientId', { short: 'cid', valueName: '<client-id>', check: identifier });
const clientSecretFlag = flag.string('clientSecret', { short: 'cs', secret: true, valueName: '<secret|->' });
const asrFlag = flag.bool('allowSelfRegistration', { short: 'asr', description: 'Allow self registration of new users (default: true).' });
const dgidFlag = flag.oid('defaultGroupRtId', { short: 'dgid', valueName: '<group-rtId>', description: 'RtId of the group new users join (24 hex digits, see GetGroups).' });
const hostFlag = flag.string('host', { short: 'h', required: true, valueName: '<host>', check: hostName, description: 'LDAP host name, e.g. ldap.example.com. (-h means --host here: use --help for help.)' });
const portFlag = flag.ushort('port', { short: 'p', required: true, check: port, description: 'LDAP port, e.g. 389 or 636.' });
/** The `-t` values are the `$type` names, so that the numbers are the original's; only the OAuth kinds are accepted. */
const oauthType: Check<ProviderType> = (value, label) => {
  if (!OAUTH_TYPES.includes(value)) {
    throw new UsageError(`${label}: '${value}' is not an OAuth provider type; use google, microsoft or facebook`, {
      hint: 'other kinds have their own commands, e.g. AddOpenLdapIdentityProvider',
    });
  }
};
const typeFlag = flag.enum('type', PROVIDER_TYPES, {
  short: 't',
  valueName: 'google|microsoft|facebook',
  required: true,
  check: oauthType,
  description: 'Provider type: google, microsoft or facebook (case-insensitive; the numbers 0, 1 and 5 also work).',
});
const clientSecretLabel = flagLabel(clientSecretFlag);

const secretNote = 'The client secret is never printed (tables show "set", JSON shows "***"); `-cs -` reads it from stdin.';
const nameNote = "The server only accepts names of 3-100 letters, digits, '.', '_' and '-'; the original's samples used names with spaces, which the server refuses (checked here before anything is sent).";

/** The flags every kind of provider has. */
const commonFlags = { name: nameFlag, enabled: enabledFlag, allowSelfRegistration: asrFlag, defaultGroupRtId: dgidFlag };
type CommonFlags = FlagValues<typeof commonFlags>;

async function requiredSecret(ctx: RunContext, value: unknown): Promise<string> {
  const secret = await readSecret(ctx, clientSecretLabel, value);
  if (!secret || secret.trim() === '') throw new UsageError(`${clientSecretLabel} must not be empty`);
  return secret;
}

/** POST identityProviders with a body of the given kind; prints only the new id, never the echoed DTO. */
async function createProvider(ctx: RunContext, type: ProviderType, flags: CommonFlags, specific: Partial<ProviderDto>): Promise<CommandResult> {
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
  const id = await providers.create(api, body);
  ctx.log.info(`Identity provider '${flags.name}' created${id ? ` (id ${id})` : ''}`);
  return { json: { id: id ?? null, name: flags.name, type, created: true } };
}

const getIdentityProviders = defineCommand({
  name: 'GetIdentityProviders',
  effect: 'read',
  output: { columns: PROVIDER_COLUMNS, json: jsonArray('ProviderDto', ['$type', 'isEnabled', 'rtId', 'name', 'description', 'allowSelfRegistration', 'defaultGroupRtId', 'clientId?', 'clientSecret?', 'tenantId?', 'authority?', 'host?', 'port?', 'useTls?', 'userBaseDn?', 'userNameAttribute?', 'parentTenantId?']) },
  group: GROUP,
  description: 'Gets all identity providers.',
  flags: {},
  examples: [{ command: 'octo-cli -c GetIdentityProviders', description: 'A table: id, name, kind, enabled, self-registration, default group, whether a client secret is set, details.' }],
  notes: [secretNote, 'With --output json the list is printed as a JSON array (the server wraps it in {identityProviders:[…]}), each entry with its `$type`.'],
  async run(ctx) {
    const api = await adminApi(ctx);
    const list = (await providers.list(api)).map(maskSecrets);
    return listOf(list, PROVIDER_COLUMNS, { empty: 'No identity providers found' });
  },
});

const addOAuthIdentityProvider = defineCommand({
  name: 'AddOAuthIdentityProvider',
  effect: 'write',
  output: { json: jsonObject('ProviderCreated', ['id', 'name', 'type', 'created']) },
  group: GROUP,
  description: 'Adds a new identity provider.',
  flags: {
    name: nameFlag,
    enabled: enabledFlag,
    clientId: clientIdFlag.with({ required: true, description: 'Client id, provided by the provider.' }),
    clientSecret: clientSecretFlag.with({ required: true, description: 'Client secret, provided by the provider; `-` reads it from stdin.' }),
    type: typeFlag,
    allowSelfRegistration: asrFlag,
    defaultGroupRtId: dgidFlag,
  },
  examples: [
    { command: 'octo-cli -c AddOAuthIdentityProvider -n "Microsoft" -e true --clientId "YOUR_CLIENT_ID" --clientSecret "YOUR_CLIENT_SECRET" -t microsoft', description: '' },
    { command: 'printf %s "$GOOGLE_SECRET" | octo-cli -c AddOAuthIdentityProvider -n "Google" -e true -t google -cid "$GOOGLE_CLIENT_ID" -cs -', description: 'The secret from stdin.' },
  ],
  notes: [
    'Other provider types are refused as a usage error before anything is sent (the original logged "Unsupported OAuth provider type" and exited 0). Use AddAzureEntryIdIdentityProvider, AddAdIdentityProvider, AddOpenLdapIdentityProvider or AddOctoTenantIdentityProvider for those.',
    nameNote,
    secretNote,
  ],
  async run(ctx, flags) {
    const clientSecret = await requiredSecret(ctx, flags.clientSecret);
    return createProvider(ctx, flags.type, flags, { clientId: flags.clientId, clientSecret });
  },
});

const addAzureEntryIdIdentityProvider = defineCommand({
  name: 'AddAzureEntryIdIdentityProvider',
  effect: 'write',
  output: { json: jsonObject('ProviderCreated', ['id', 'name', 'type', 'created']) },
  group: GROUP,
  description: 'Adds a new identity provider for Microsoft Azure Entra ID.',
  flags: {
    name: nameFlag,
    tenantId: flag.string('tenantId', { short: 't', required: true, valueName: '<azure-tenant>', check: identifier, description: 'Tenant id of Azure Entra ID (not the OctoMesh tenant).' }),
    enabled: enabledFlag,
    clientId: clientIdFlag.with({ required: true, description: 'Client (application) id of the app registration.' }),
    clientSecret: clientSecretFlag.with({ required: true, description: 'Client secret of the app registration; `-` reads it from stdin.' }),
    allowSelfRegistration: asrFlag,
    defaultGroupRtId: dgidFlag,
  },
  examples: [
    { command: 'printf %s "$AZURE_SECRET" | octo-cli -c AddAzureEntryIdIdentityProvider -n "AzureEntraId" -t "00000000-0000-0000-0000-000000000000" -e true -cid "11111111-1111-1111-1111-111111111111" -cs -', description: '' },
  ],
  notes: ['"Entry" is a typo of the original for "Entra"; the command name is kept.', nameNote, secretNote],
  async run(ctx, flags) {
    const clientSecret = await requiredSecret(ctx, flags.clientSecret);
    return createProvider(ctx, 'MicrosoftAzureAd', flags, { tenantId: flags.tenantId, authority: null, clientId: flags.clientId, clientSecret });
  },
});

const addAdIdentityProvider = defineCommand({
  name: 'AddAdIdentityProvider',
  effect: 'write',
  output: { json: jsonObject('ProviderCreated', ['id', 'name', 'type', 'created']) },
  group: GROUP,
  description: 'Adds a new identity provider for active directory.',
  flags: { name: nameFlag, enabled: enabledFlag, host: hostFlag, port: portFlag, allowSelfRegistration: asrFlag, defaultGroupRtId: dgidFlag },
  examples: [{ command: 'octo-cli -c AddAdIdentityProvider -n "CorporateAD" -e true -h "ad.example.com" -p 389', description: '' }],
  notes: ['Sent with useTls false, as the original (there is no TLS flag).', nameNote],
  run: (ctx, flags) => createProvider(ctx, 'MicrosoftActiveDirectory', flags, { host: flags.host, port: flags.port, useTls: false }),
});

const addOpenLdapIdentityProvider = defineCommand({
  name: 'AddOpenLdapIdentityProvider',
  effect: 'write',
  output: { json: jsonObject('ProviderCreated', ['id', 'name', 'type', 'created']) },
  group: GROUP,
  description: 'Adds a new identity provider for Open LDAP.',
  flags: {
    name: nameFlag,
    enabled: enabledFlag,
    host: hostFlag,
    port: portFlag,
    userBaseDn: flag.string('userBaseDn', { short: 'ubdn', required: true, valueName: '<dn>', check: notBlank, description: 'User base DN, e.g. cn=users,dc=example,dc=com.' }),
    userAttributeName: flag.string('userAttributeName', { short: 'uan', required: true, valueName: '<attribute>', check: identifier, description: 'User name attribute, e.g. uid.' }),
    allowSelfRegistration: asrFlag,
    defaultGroupRtId: dgidFlag,
  },
  examples: [{ command: 'octo-cli -c AddOpenLdapIdentityProvider -n "OpenLDAP" -h "ldap.example.com" -p 389 -ubdn "cn=users,dc=example,dc=com" -uan "uid" -e true -asr false', description: '' }],
  notes: ['Sent with useTls true, as the original (there is no TLS flag).', nameNote],
  run: (ctx, flags) =>
    createProvider(ctx, 'OpenLdap', flags, {
      host: flags.host,
      port: flags.port,
      userBaseDn: flags.userBaseDn,
      userNameAttribute: flags.userAttributeName,
      useTls: true,
    }),
});

const addOctoTenantIdentityProvider = defineCommand({
  name: 'AddOctoTenantIdentityProvider',
  effect: 'write',
  output: { json: jsonObject('ProviderCreated', ['id', 'name', 'type', 'created']) },
  group: GROUP,
  description: 'Adds a new identity provider for cross-tenant authentication via a parent tenant.',
  flags: {
    name: nameFlag,
    enabled: enabledFlag,
    parentTenantId: flag.string('parentTenantId', { short: 'ptid', required: true, valueName: '<tenant>', check: identifier, description: 'Id of the parent tenant to authenticate against.' }),
    allowSelfRegistration: asrFlag,
    defaultGroupRtId: dgidFlag,
  },
  examples: [{ command: 'octo-cli -c AddOctoTenantIdentityProvider -n "ParentTenantAuth" -ptid "octosystem" -e true -asr true', description: 'Delegates authentication to a parent tenant for cross-tenant access.' }],
  notes: [nameNote],
  run: (ctx, flags) => createProvider(ctx, 'OctoTenant', flags, { parentTenantId: flags.parentTenantId }),
});

const updateIdentityProvider = defineCommand({
  name: 'UpdateIdentityProvider',
  effect: 'write',
  output: { json: jsonObject('ProviderUpdated', ['id', 'name', 'type', 'updated']) },
  group: GROUP,
  description: 'Updates an identity provider.',
  flags: {
    identifier: identifierFlag.with({ description: 'RtId of the identity provider (see GetIdentityProviders).' }),
    name: nameFlag,
    enabled: enabledFlag,
    clientId: clientIdFlag.with({ description: 'New client id (OAuth and Azure Entra ID providers only).' }),
    clientSecret: clientSecretFlag.with({ description: 'New client secret (OAuth and Azure Entra ID providers only); `-` reads it from stdin. Without it the stored secret is kept.' }),
    allowSelfRegistration: asrFlag.with({ description: 'Allow self registration. Without it the stored value is kept.' }),
    defaultGroupRtId: dgidFlag.with({ description: 'RtId of the group new users join. Without it the stored value is kept.' }),
  },
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
  async run(ctx, flags) {
    const clientSecret = flags.clientSecret !== undefined ? await requiredSecret(ctx, flags.clientSecret) : undefined;
    const api = await adminApi(ctx);
    ctx.log.info(`Updating identity provider '${flags.identifier}' at '${api.baseUrl}'`);
    const existing = await providers.get(api, flags.identifier);
    const type = requireProviderType(existing, `identity provider '${flags.identifier}'`);
    const credentialKind = OAUTH_TYPES.includes(type) || type === 'MicrosoftAzureAd';
    if (!credentialKind && (flags.clientId !== undefined || clientSecret !== undefined)) {
      throw new UsageError(`${flagLabel(flags.clientId !== undefined ? clientIdFlag : clientSecretFlag)} does not apply to ${kindName(type)} provider '${flags.identifier}'`);
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
      providers.keptSpecific(type, existing, flags.clientId, clientSecret),
    );
    await providers.update(api, flags.identifier, body);
    ctx.log.info(`Identity provider '${flags.identifier}' updated`);
    return { json: { id: flags.identifier, name: flags.name, type, updated: true } };
  },
});

const deleteIdentityProvider = defineCommand({
  name: 'DeleteIdentityProvider',
  effect: 'delete',
  output: { json: jsonObject('ProviderDeleted', ['id', 'deleted']) },
  group: GROUP,
  description: 'Deletes an identity provider.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the identity provider to delete.' }), yes: yesFlag },
  examples: [{ command: 'octo-cli -c DeleteIdentityProvider -id 6650000000000000000000a1 -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.', 'The server does not check that the provider exists.'],
  async run(ctx, flags) {
    return confirmAndDelete(ctx, flags.yes, {
      what: 'identity provider',
      id: flags.identifier,
      remove: (api) => providers.remove(api, flags.identifier),
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
