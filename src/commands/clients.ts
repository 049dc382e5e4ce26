/**
 * Identity Services: clients (octo-cli-commands.md §5.1). Same requests as the original: the bodies are the
 * SDK's full `ClientDto` with nulls written (src/api/resources/clients.ts); fixes are listed in
 * docs/differences-admin-commands.md.
 */
import { defineCommand, jsonArray, jsonObject, type CommandSpec } from '../cli/spec.js';
import type { RunContext } from '../cli/context.js';
import { flag, flagLabel } from '../cli/flags.js';
import { exactHttpUrl, identifier, notBlank } from '../cli/checks.js';
import { readSecret } from '../cli/prompt.js';
import { canPrompt } from '../cli/io.js';
import { listOf, type Column, type CommandResult } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as clients from '../api/resources/clients.js';
import * as secrets from '../api/resources/secrets.js';
import { DEVICE_CODE_GRANT, clientDto, type ClientDto } from '../api/resources/clients.js';
import { UsageError } from '../errors.js';
import { generateSecret, hashSecret } from '../shared/secrets.js';
import { askYesDefault, clientIdFlag, confirmAndDelete, createUnlessExists, ifNotExistsFlag, yesFlag } from './shared.js';
import { isDynamicClient, registrationText } from './client-registration.js';
import { ADMIN_SCOPE_NOTE, warnAdminScope, warnUnknownScopes } from './scope-guard.js';
import { changesOf, reportChanges } from './changes.js';

// ---- Flags (names, short names and order exactly as the original declares them) ----

const clientUriFlag = flag.string('clientUri', { short: 'u', valueName: '<uri>', check: exactHttpUrl });
const redirectUriFlag = flag.string('redirectUri', { short: 'ru', valueName: '<uri>', check: exactHttpUrl });
const nameFlag = flag.string('name', { short: 'n', valueName: '<name>', check: notBlank });
const frontChannelFlag = flag.string('frontChannelLogoutUri', { short: 'fclo', valueName: '<uri>', check: exactHttpUrl });
const secretFlag = flag.string('secret', {
  short: 's',
  secret: true,
  description:
    'Secret of the new client (the server stores only its SHA-256 hash). `-` reads it from stdin; else OCTO_CLI_NEW_CLIENT_SECRET; else a strong one is generated and shown once. Never taken from OCTO_CLI_CLIENT_SECRET (your own sign-in secret). Required in the original.',
});
const secretLabel = flagLabel(secretFlag);

// ---- Secrets of new clients ----

/**
 * The variable for the secret of a new client. Never OCTO_CLI_CLIENT_SECRET: that is the caller's own sign-in
 * credential, and taking it would let the new client sign in as the provisioner (issue 10, item 1).
 */
export const NEW_CLIENT_SECRET_ENV = 'OCTO_CLI_NEW_CLIENT_SECRET';

/**
 * The secret of a new confidential client: `-s <value>`, `-s -` (stdin), OCTO_CLI_NEW_CLIENT_SECRET, or generated.
 * On a terminal we ask before generating; without one we generate (scripts cannot answer) and print it once.
 */
async function newClientSecret(ctx: RunContext, flagValue: unknown): Promise<{ secret: string; generated: boolean }> {
  const given = await readSecret(ctx, secretLabel, flagValue, NEW_CLIENT_SECRET_ENV);
  if (given !== undefined) {
    if (given.trim() === '') throw new UsageError(`${secretLabel} must not be empty`);
    return { secret: given, generated: false };
  }
  if (canPrompt(ctx.io)) {
    const yes = await askYesDefault(ctx, `No secret given (${secretLabel}). Generate a secret?`);
    if (!yes) {
      throw new UsageError(`${secretLabel} is required: pass -s <secret>, -s - to read it from stdin, or set ${NEW_CLIENT_SECRET_ENV}`);
    }
  } else {
    ctx.log.info(`No secret given (${secretLabel}, stdin '-' or ${NEW_CLIENT_SECRET_ENV}): generating a strong one; it is printed once on stdout.`);
  }
  const secret = generateSecret();
  ctx.log.redact.add(secret);
  return { secret, generated: true };
}

/**
 * --if-not-exists with a given secret and a client that exists: the secret is not added. Says so, comparing by hash
 * with the client's secrets (one GET) so a script learns when its secret is not one the client accepts.
 */
async function reportUnchangedSecret(ctx: RunContext, api: Awaited<ReturnType<typeof adminApi>>, clientId: string, hash: string): Promise<void> {
  const how = `to replace it, use RotateApiSecretClient -cid ${clientId}`;
  let known: boolean | undefined;
  try {
    known = (await secrets.list(api, { kind: 'client', id: clientId })).some((s) => s.valueEncrypted === hash);
  } catch (err) {
    ctx.log.debug(`could not compare the secret with the client's secrets: ${(err as Error).message}`);
  }
  if (known === true) ctx.log.info(`The client already has the secret given; it was not changed.`);
  else if (known === false) ctx.log.warn(`the secret given differs from the existing client's secrets and was not changed; ${how}`);
  else ctx.log.warn(`the client existed, so the secret given was not changed; ${how}`);
}

/** Creates a confidential client (client credentials or device code) and reports its secret. */
async function createSecretClient(
  ctx: RunContext,
  flags: { clientId: string; name: string; secret?: string; ifNotExists?: boolean },
  body: (secret: string) => ClientDto,
  createdNote = '',
): Promise<CommandResult> {
  const api = await adminApi(ctx);
  const { secret, generated } = await newClientSecret(ctx, flags.secret);
  const hash = hashSecret(secret);
  ctx.log.info(`Creating client '${flags.clientId}' at '${api.baseUrl}'`);
  const created = await createUnlessExists(ctx, flags.ifNotExists === true, `Client '${flags.clientId}'`, () => clients.create(api, body(secret)));
  if (!created) {
    if (generated) ctx.log.info('The generated secret was not used.');
    else await reportUnchangedSecret(ctx, api, flags.clientId, hash);
    return { json: { clientId: flags.clientId, created: false } };
  }
  ctx.log.info(`Client '${flags.clientId}' created${createdNote}`);
  const json = { clientId: flags.clientId, created: true, ...(generated ? { clientSecret: secret } : {}), secretHash: hash };
  if (!generated) return { json, note: `Secret hash (identifies the secret for DeleteApiSecretClient -s): ${hash}` };
  return {
    view: [
      ['Client id', flags.clientId],
      ['Client secret', secret],
      ['Secret hash', hash],
    ],
    full: true, // never truncate a secret that is shown once
    json,
    note: 'Store the client secret now: it is shown only once and cannot be read back. The hash identifies it for DeleteApiSecretClient -s.',
  };
}

// ---- Commands ----

const addAuthorizationCodeClient = defineCommand({
  name: 'AddAuthorizationCodeClient',
  effect: 'write',
  output: { json: jsonObject('ClientCreated', ['clientId', 'created']) },
  group: 'Identity Services',
  description: "Adds a new client using grant type 'AuthorizationCode'.",
  flags: {
    clientUri: clientUriFlag.with({ required: true, description: 'URI of the client (web application), e.g. https://myapp.example.com/. Its origin becomes the CORS origin; with a trailing slash it is the redirect and post-logout URI.' }),
    redirectUri: redirectUriFlag.with({ description: 'Redirect URI after login, instead of the client URI (one exact URI, no wildcards).' }),
    clientId: clientIdFlag.with({ required: true, description: 'Id of the new client.' }),
    name: nameFlag.with({ required: true, description: 'Display name of the client.' }),
    frontChannelLogoutUri: frontChannelFlag.with({ description: 'Front-channel logout URI (the session is then required).' }),
    secret: secretFlag.with({ hidden: true, ours: true, description: 'Refused: an authorization-code client is public (PKCE in the browser) and cannot hold a secret.' }),
    ifNotExists: ifNotExistsFlag,
  },
  examples: [
    {
      command: 'octo-cli -c AddAuthorizationCodeClient -id "my-dashboard" -n "My Dashboard App" -u "https://dashboard.example.com/" -ru "https://dashboard.example.com/auth/callback"',
      description: 'Register a web application (Authorization Code + PKCE, offline access, scope octo_api).',
    },
  ],
  notes: [
    'The client gets grant authorization_code, scope octo_api, offline access, PKCE and no secret (a public client).',
    'URIs must be absolute http(s) URLs without wildcards: redirect URIs are matched exactly.',
    'The CORS origin is the origin of -u (scheme, host, port); the original strips trailing slashes only.',
    ADMIN_SCOPE_NOTE,
  ],
  validate(flags) {
    if (flags.secret !== undefined) {
      throw new UsageError(`${secretLabel}: an authorization-code client is a public client (PKCE in the browser) and cannot hold a secret`, {
        hint: 'use AddClientCredentialsClient for a confidential service',
      });
    }
  },
  async run(ctx, flags) {
    const body = clients.authorizationCodeClient({
      clientId: flags.clientId,
      clientName: flags.name,
      clientUri: flags.clientUri,
      redirectUri: flags.redirectUri,
      frontChannelLogoutUri: flags.frontChannelLogoutUri,
    });
    const api = await adminApi(ctx);
    ctx.log.info(`Creating client '${flags.clientId}' (URI '${flags.clientUri}') at '${api.baseUrl}'`);
    const created = await createUnlessExists(ctx, flags.ifNotExists === true, `Client '${flags.clientId}'`, () => clients.create(api, body));
    if (created) ctx.log.info(`Client '${flags.clientId}' (URI '${flags.clientUri}') created`);
    return { json: { clientId: flags.clientId, created } };
  },
});

const addClientCredentialsClient = defineCommand({
  name: 'AddClientCredentialsClient',
  effect: 'write',
  output: { rows: ['Client id', 'Client secret', 'Secret hash'], text: 'the key/value view only when the secret was generated (shown once); else nothing', json: jsonObject('ClientCreated', ['clientId', 'created', 'clientSecret?', 'secretHash?']) },
  group: 'Identity Services',
  description: "Adds a new client using grant type 'ClientCredentials'.",
  flags: {
    clientId: clientIdFlag.with({ required: true, description: 'Id of the new client.' }),
    name: nameFlag.with({ required: true, description: 'Display name of the client.' }),
    secret: secretFlag,
    autoProvision: flag.presence('autoProvision', { short: 'apic', description: 'Provision the client automatically into child tenants (AutoProvisionInChildTenants).' }),
    ifNotExists: ifNotExistsFlag,
  },
  examples: [
    { command: 'octo-cli -c AddClientCredentialsClient -id "my-background-service" -n "Background Processor" -s "MyServiceSecret123"', description: 'A service client with a secret of your own.' },
    { command: 'printf %s "$SECRET" | octo-cli -c AddClientCredentialsClient -id "my-service" -n "My Service" -s -', description: 'The secret from stdin (never in the shell history).' },
    { command: 'octo-cli -c AddClientCredentialsClient -id "my-service" -n "My Service" --output json', description: 'Without a secret: one is generated and printed once (field clientSecret).' },
  ],
  notes: [
    'The client gets grant client_credentials, scope octo_api and requires its secret.',
    'Without -s or OCTO_CLI_NEW_CLIENT_SECRET: on a terminal you are asked "Generate a secret? (Y/n)"; otherwise a strong secret (32 random bytes) is generated and printed once on stdout, with its hash.',
    'OCTO_CLI_CLIENT_SECRET is never used here: it is the secret this tool signs in with (LogInClientCredentials), not one for a new client.',
    ADMIN_SCOPE_NOTE,
  ],
  run: (ctx, flags) =>
    createSecretClient(
      ctx,
      flags,
      (secret) => clients.clientCredentialsClient({ clientId: flags.clientId, clientName: flags.name, clientSecret: secret, autoProvision: flags.autoProvision }),
      flags.autoProvision === true ? ' (AutoProvisionInChildTenants enabled)' : '',
    ),
});

const addDeviceCodeClient = defineCommand({
  name: 'AddDeviceCodeClient',
  effect: 'write',
  output: { rows: ['Client id', 'Client secret', 'Secret hash'], text: 'the key/value view only when the secret was generated (shown once); else nothing', json: jsonObject('ClientCreated', ['clientId', 'created', 'clientSecret?', 'secretHash?']) },
  group: 'Identity Services',
  description: "Adds a new client using grant type 'device code'.",
  flags: {
    clientId: clientIdFlag.with({ required: true, description: 'Id of the new client.' }),
    name: nameFlag.with({ required: true, description: 'Display name of the client.' }),
    secret: secretFlag,
    ifNotExists: ifNotExistsFlag,
  },
  examples: [{ command: 'octo-cli -c AddDeviceCodeClient -id "my-iot-device" -n "IoT Sensor Gateway" -s "DeviceSecret123"', description: '' }],
  notes: [
    'The client gets the device-code grant, scope octo_api and offline access. As in the original, requireClientSecret is not sent, so the server does not require the secret.',
    'Without -s or OCTO_CLI_NEW_CLIENT_SECRET a secret is generated as for AddClientCredentialsClient (OCTO_CLI_CLIENT_SECRET, the sign-in secret, is never used).',
    ADMIN_SCOPE_NOTE,
  ],
  run: (ctx, flags) =>
    createSecretClient(ctx, flags, (secret) => clients.deviceCodeClient({ clientId: flags.clientId, clientName: flags.name, clientSecret: secret })),
});

/** Grant types as shown in tables (the device-code URN is long). */
function grantTypeText(grant: string): string {
  return grant === DEVICE_CODE_GRANT ? 'device_code' : grant;
}

/** The filters of GetClients: case-insensitive substrings. */
export function filterClients(list: readonly ClientDto[], flags: { filterName?: string; filterRedirectUri?: string; filterGrantType?: string }): ClientDto[] {
  const has = (value: string | null | undefined, needle: string) => (value ?? '').toLowerCase().includes(needle.toLowerCase());
  return list.filter(
    (c) =>
      (flags.filterName === undefined || has(c.clientName, flags.filterName) || has(c.clientId, flags.filterName)) &&
      (flags.filterRedirectUri === undefined || (c.redirectUris ?? []).some((u) => has(u, flags.filterRedirectUri!))) &&
      (flags.filterGrantType === undefined || (c.allowedGrantTypes ?? []).some((g) => has(g, flags.filterGrantType!))),
  );
}

/** The columns of GetClients (`now` for the registration's expiry). */
const clientColumns = (now: number): readonly Column<ClientDto>[] => [
  { header: 'Client id', value: (c) => c.clientId },
  { header: 'Name', value: (c) => c.clientName, shrink: true },
  { header: 'Grant types', value: (c) => (c.allowedGrantTypes ?? []).map(grantTypeText), shrink: true },
  { header: 'Scopes', value: (c) => c.allowedScopes, shrink: true },
  { header: 'Redirect URIs', value: (c) => c.redirectUris, shrink: true },
  { header: 'Enabled', value: (c) => c.isEnabled },
  { header: 'Registration', value: (c) => registrationText(c, now) },
];

const getClients = defineCommand({
  name: 'GetClients',
  effect: 'read',
  output: { columns: clientColumns(0), json: jsonArray('ClientDto', ['rtId', 'isEnabled', 'clientId', 'clientSecret', 'requireClientSecret', 'clientName', 'clientUri', 'allowedGrantTypes', 'redirectUris', 'postLogoutRedirectUris', 'allowedCorsOrigins', 'allowedScopes', 'isOfflineAccessEnabled', 'frontChannelLogoutUri', 'frontChannelLogoutSessionRequired', 'backChannelLogoutUri', 'backChannelLogoutSessionRequired', 'autoProvisionInChildTenants', 'provisionedByParentTenantId', 'dynamicRegistration', 'dynamicRegistrationExpiresAt']) },
  group: 'Identity Services',
  description: 'Gets all clients.',
  flags: {
    filterName: flag.string('filter-name', { valueName: '<text>', ours: true, description: 'Only clients whose name or id contains this text (case-insensitive).' }),
    filterRedirectUri: flag.string('filter-redirect-uri', { valueName: '<text>', ours: true, description: 'Only clients with a redirect URI containing this text (case-insensitive).' }),
    filterGrantType: flag.string('filter-grant-type', { valueName: '<text>', ours: true, description: 'Only clients with a grant type containing this text (case-insensitive), e.g. client_credentials, device.' }),
    filterDynamic: flag.presence('filter-dynamic', { ours: true, description: 'Only clients that registered themselves (RFC 7591 dynamic client registration: AI agents, MCP clients).' }),
  },
  examples: [
    { command: 'octo-cli -c GetClients', description: 'A table: client id, name, grant types, scopes, redirect URIs, enabled, registration (admin, or dynamic with its expiry).' },
    { command: 'octo-cli -c GetClients --filter-grant-type client_credentials --output json', description: 'The wire JSON of the service clients.' },
    { command: 'octo-cli -c GetClients --filter-dynamic --filter-redirect-uri :6274', description: 'Audit the dynamically registered clients; DeleteDynamicClients removes them.' },
  ],
  notes: [
    'Long cells are truncated to the terminal width; --wide shows everything. The table shows the device-code grant as device_code.',
    'Registration: "admin" for clients created through the admin API, "dynamic, expires …" for clients that registered themselves at /connect/register (the service removes them when that date passes).',
    'Filters are applied locally to the full list (the API has no filter for clients).',
  ],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.debug(`Getting clients from '${api.baseUrl}'`);
    const all = await clients.list(api);
    const shown = filterClients(all, flags).filter((c) => !flags.filterDynamic || isDynamicClient(c));
    const now = ctx.now();
    return listOf(
      shown,
      clientColumns(now),
      { empty: all.length > 0 ? `No clients found matching the filters (${all.length} in total)` : 'No clients found' },
    );
  },
});

/** Every field of a client for the key/value view (clientSecret is write-only and never returned). */
export function clientPairs(c: ClientDto): Array<readonly [string, unknown]> {
  return [
    ['Client id', c.clientId],
    ['Name', c.clientName],
    ['Enabled', c.isEnabled],
    ['Client URI', c.clientUri],
    ['Grant types', c.allowedGrantTypes],
    ['Scopes', c.allowedScopes],
    ['Redirect URIs', c.redirectUris],
    ['Post-logout redirect URIs', c.postLogoutRedirectUris],
    ['CORS origins', c.allowedCorsOrigins],
    ['Requires secret', c.requireClientSecret],
    ['Offline access', c.isOfflineAccessEnabled],
    ['Front-channel logout URI', c.frontChannelLogoutUri],
    ['Front-channel logout session', c.frontChannelLogoutSessionRequired],
    ['Back-channel logout URI', c.backChannelLogoutUri],
    ['Back-channel logout session', c.backChannelLogoutSessionRequired],
    ['Auto-provision in child tenants', c.autoProvisionInChildTenants],
    ['Provisioned by parent tenant', c.provisionedByParentTenantId],
    ['Dynamic registration', c.dynamicRegistration],
    ['Dynamic registration expires', c.dynamicRegistrationExpiresAt],
    ['RtId', c.rtId],
  ];
}

const getClient = defineCommand({
  name: 'GetClient',
  effect: 'read',
  output: { rows: ['Registration', ...clientPairs(clientDto({})).map(([label]) => label)], json: jsonObject('ClientDto', ['rtId', 'isEnabled', 'clientId', 'clientSecret', 'requireClientSecret', 'clientName', 'clientUri', 'allowedGrantTypes', 'redirectUris', 'postLogoutRedirectUris', 'allowedCorsOrigins', 'allowedScopes', 'isOfflineAccessEnabled', 'frontChannelLogoutUri', 'frontChannelLogoutSessionRequired', 'backChannelLogoutUri', 'backChannelLogoutSessionRequired', 'autoProvisionInChildTenants', 'provisionedByParentTenantId', 'dynamicRegistration', 'dynamicRegistrationExpiresAt']) },
  group: 'Identity Services',
  description: 'Gets a client by its ID.',
  flags: { clientId: clientIdFlag.with({ required: true, description: 'Id of the client.' }) },
  examples: [
    { command: 'octo-cli -c GetClient -id "my-dashboard"', description: '' },
    { command: 'octo-cli -c GetClient -id "octo-dcr-…" -o json', description: 'A dynamically registered client: everything the service stores about it, as JSON.' },
  ],
  notes: [
    'A dynamically registered client (RFC 7591) shows its registration (expiry, days left), that it is public (no secret, PKCE) and every further field the service returns about it.',
  ],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const client = await clients.get(api, flags.clientId);
    const view: Array<readonly [string, unknown]> = [['Registration', registrationText(client, ctx.now())], ...clientPairs(clientDto(client))];
    if (isDynamicClient(client)) {
      view.push(['Client authentication', client.requireClientSecret ? 'client secret' : 'none (public client, PKCE)']);
      // Metadata the service returns beyond the ClientDto (the RFC 7591 registration, when it exposes it).
      const known = new Set(Object.keys(clientDto({})));
      for (const [key, value] of Object.entries(client)) if (!known.has(key)) view.push([key, value]);
    }
    return { view, json: client };
  },
});

const URI_LISTS = ['redirectUris', 'postLogoutRedirectUris', 'allowedCorsOrigins'] as const;

/** The redirect URIs are replaced, not added to: a URI the app signs in with that is dropped breaks its sign-in. */
function redirectWarnings(before: clients.ClientDto, body: clients.ClientDto): string[] {
  if (body.redirectUris === null) return [];
  const dropped = (before.redirectUris ?? []).filter((u) => !body.redirectUris!.includes(u));
  if (dropped.length === 0) return [];
  return [
    `the redirect URIs are replaced, not added to: ${dropped.join(', ')} will no longer be accepted, so sign-ins that return there fail (add URIs with ApplyClientOverlay -r instead)`,
  ];
}

const updateClient = defineCommand({
  name: 'UpdateClient',
  effect: 'write',
  output: { json: jsonObject('ClientUpdated', ['clientId', 'updated', 'changes']) },
  group: 'Identity Services',
  description: 'Updates an existing client.',
  flags: {
    clientUri: clientUriFlag.with({ description: 'New client URI; also sets the CORS origin, redirect and post-logout URIs as AddAuthorizationCodeClient does.' }),
    redirectUri: redirectUriFlag.with({ description: 'New redirect URI (replaces the redirect URIs; applied after -u).' }),
    clientId: clientIdFlag.with({ required: true, description: 'Id of the client to update.' }),
    name: nameFlag.with({ description: 'New display name.' }),
    frontChannelLogoutUri: frontChannelFlag.with({ description: 'New front-channel logout URI (the session is then required).' }),
  },
  examples: [
    { command: 'octo-cli -c UpdateClient -id "my-web-app" -n "Updated Name" --dry-run', description: 'Shows the change (name: old → new) and sends nothing.' },
    { command: 'octo-cli -c UpdateClient -id "my-web-app" -n "Updated Name" -u "https://new-url.com/"', description: 'Also replaces the redirect, post-logout and CORS lists with the new URI: the old redirect URIs stop working (a warning says which).' },
  ],
  notes: [
    'Reads the client, changes the given fields and writes it back (GET + PUT).',
    'URI lists that no flag changes are sent as null, which the server leaves untouched (the original sent them back, re-tagging overlay URIs as api).',
    'At least one of -u, -ru, -n, -fclo is needed.',
    'Prints the fields that change on stderr (field: old → new; lists as + added, - removed) and warns when redirect URIs in use are dropped; --dry-run shows that and sends nothing.',
  ],
  validate(flags) {
    if ([flags.clientUri, flags.redirectUri, flags.name, flags.frontChannelLogoutUri].every((v) => v === undefined)) {
      const labels = [clientUriFlag, redirectUriFlag, nameFlag, frontChannelFlag].map(flagLabel).join(', ');
      throw new UsageError(`UpdateClient: nothing to update: give at least one of ${labels}`);
    }
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Updating client '${flags.clientId}' at '${api.baseUrl}'`);
    const before = clients.clientDto(await clients.get(api, flags.clientId));
    const body = clients.updateBody(before);
    if (flags.clientUri !== undefined) {
      const { origin, withSlash } = clients.urisFromClientUri(flags.clientUri);
      body.clientUri = flags.clientUri;
      body.allowedCorsOrigins = [origin];
      body.postLogoutRedirectUris = [withSlash];
      body.redirectUris = [withSlash];
    }
    if (flags.redirectUri !== undefined) body.redirectUris = [flags.redirectUri];
    if (flags.name !== undefined) body.clientName = flags.name;
    if (flags.frontChannelLogoutUri !== undefined) {
      body.frontChannelLogoutUri = flags.frontChannelLogoutUri;
      body.frontChannelLogoutSessionRequired = true;
    }
    const changes = changesOf(before, body, ['clientName', 'clientUri', 'redirectUris', 'postLogoutRedirectUris', 'allowedCorsOrigins', 'frontChannelLogoutUri', 'frontChannelLogoutSessionRequired'], URI_LISTS.filter((l) => body[l] === null));
    await reportChanges(ctx, { what: `client '${flags.clientId}'`, changes, warnings: redirectWarnings(before, body) });
    await clients.update(api, flags.clientId, body);
    ctx.log.info(`Client '${flags.clientId}' updated`);
    return { json: { clientId: flags.clientId, updated: true, changes } };
  },
});

const deleteClient = defineCommand({
  name: 'DeleteClient',
  effect: 'delete',
  output: { json: jsonObject('ClientDeleted', ['clientId', 'deleted']) },
  group: 'Identity Services',
  description: 'Deletes a client.',
  flags: { clientId: clientIdFlag.with({ required: true, description: 'Id of the client to delete.' }), yes: yesFlag },
  examples: [{ command: 'octo-cli -c DeleteClient -id "my-web-app" -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.'],
  async run(ctx, flags) {
    return confirmAndDelete(ctx, flags.yes, { what: 'client', id: flags.clientId, remove: (api) => clients.remove(api, flags.clientId), json: { clientId: flags.clientId, deleted: true } });
  },
});

const addScopeToClient = defineCommand({
  name: 'AddScopeToClient',
  effect: 'write',
  output: { json: jsonObject('ClientScopeAdded', ['clientId', 'scope', 'added']) },
  group: 'Identity Services',
  description: 'Grants the access to a client for a scope.',
  flags: {
    clientId: clientIdFlag.with({ required: true, description: 'Id of the client.' }),
    name: nameFlag.with({ valueName: '<scope>', required: true, check: identifier, description: 'Name of the scope to grant, e.g. octo_api or octo_api.read_only.' }),
    ifNotExists: ifNotExistsFlag.with({ description: 'Accepted for uniform CI scripts: AddScopeToClient is idempotent anyway (a scope the client already has is a success with a note).' }),
  },
  examples: [
    { command: 'octo-cli -c AddScopeToClient -id "my-dashboard" -n "octo_api"', description: 'Grant full API access.' },
    { command: 'octo-cli -c AddScopeToClient -id "my-web-app" -n "octo_api.read_only"', description: 'Grant read-only API access.' },
  ],
  notes: [
    'Reads the client and writes back only its scopes, the existing ones plus the new one (GET + PUT); everything else is left unchanged.',
    'When the client already has the scope nothing is sent (the original sent the list again).',
    'The server does not check that the scope exists; a token request for an unknown scope fails later (invalid_scope). So after the grant the tenant\'s API scopes are read, and a scope that does not exist is a warning on stderr.',
    'Granting octo_api is a warning too: it gives full administrative access to the tenant\'s identity data, because the admin API checks only that scope.',
  ],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Allowing scope '${flags.name}' for client '${flags.clientId}' at '${api.baseUrl}'`);
    if (!(await clients.addScope(api, flags.clientId, flags.name))) {
      ctx.log.info(`Client '${flags.clientId}' already has scope '${flags.name}'; nothing changed.`);
      return { json: { clientId: flags.clientId, scope: flags.name, added: false } };
    }
    ctx.log.info(`Client '${flags.clientId}' updated: scope '${flags.name}' granted`);
    warnAdminScope(ctx, [flags.name], `client '${flags.clientId}'`);
    await warnUnknownScopes(ctx, api, [flags.name]);
    return { json: { clientId: flags.clientId, scope: flags.name, added: true } };
  },
});

export const commands: CommandSpec<any>[] = [
  addAuthorizationCodeClient,
  addClientCredentialsClient,
  addDeviceCodeClient,
  getClients,
  getClient,
  updateClient,
  deleteClient,
  addScopeToClient,
];
