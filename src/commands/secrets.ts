/**
 * Identity Services: API secrets of clients and API resources (octo-cli-commands.md §5.4). The server generates
 * the clear text on create and keeps only base64(SHA-256); a secret is identified by that hash, which goes into
 * URLs base64-encoded once more (`secretPathId`). One set of commands per owner kind.
 */
import { defineCommand, type CommandSpec, type FlagSpec } from '../cli/spec.js';
import type { RunContext } from '../cli/context.js';
import { flagLabel } from '../cli/argv.js';
import { confirm } from '../cli/prompt.js';
import { readAllStdin } from '../cli/io.js';
import { printJson, printKeyValue, printTable } from '../cli/output.js';
import { adminApi, path } from '../api/index.js';
import { UsageError } from '../errors.js';
import { hashSecret, looksLikeSecretHash, secretPathId } from '../shared/secrets.js';
import { asArray, asObject, checkFutureDate, checkIdentifier, createUnlessExists, dateMillis, ifNotExistsFlag, wireDate, yesFlag } from './shared.js';

/** The SDK's ApiSecretDto (identity-api.md §4.4). */
export interface ApiSecretDto {
  valueEncrypted: string | null;
  valueClearText: string | null;
  expirationDate: string | null;
  description: string | null;
}

/**
 * Sent as `valueEncrypted` when creating a secret. The server ignores the value fields on create and generates the
 * secret, but the DTO's non-nullable `valueEncrypted` makes ASP.NET reject the original's `null` with 400
 * ("The ValueEncrypted field is required.", identity-api.md §3.5). A non-empty placeholder passes; see docs/differences-admin-commands.md.
 */
export const CREATE_PLACEHOLDER = 'generated-by-server';

/** One kind of secret owner: clients (`-cid`) or API resources (`-n`). */
interface Owner {
  /** Suffix of the command names. */
  suffix: 'Client' | 'ApiResource';
  /** Path segment under apiSecrets/. */
  segment: 'client' | 'apiResource';
  flag: FlagSpec;
  /** "client" / "API resource", for messages. */
  noun: string;
  /** Key of the owner in JSON results. */
  jsonKey: 'clientId' | 'apiResourceName';
}

const OWNERS: readonly Owner[] = [
  {
    suffix: 'Client',
    segment: 'client',
    flag: { long: 'clientId', short: 'cid', type: 'string', pathSegment: true, required: true, valueName: '<client-id>', description: 'Id of the client.' },
    noun: 'client',
    jsonKey: 'clientId',
  },
  {
    suffix: 'ApiResource',
    segment: 'apiResource',
    flag: { long: 'name', short: 'n', type: 'string', pathSegment: true, required: true, valueName: '<resource>', description: 'Name of the API resource.' },
    noun: 'API resource',
    jsonKey: 'apiResourceName',
  },
];

const expirationFlag: FlagSpec = { long: 'expirationDate', short: 'e', type: 'date', description: 'Expiry, an ISO date (2027-12-31) or date-time; it must lie in the future.' };
const descriptionFlag: FlagSpec = { long: 'description', short: 'd', type: 'string', valueName: '<text>', description: 'Description of the secret.' };
const secretValueFlag: FlagSpec = {
  long: 'secretValue',
  short: 's',
  type: 'string',
  required: true,
  secret: true,
  valueName: '<hash|secret|->',
  description: 'The secret: its hash as GetApiSecrets* shows it, or the clear text (hashed locally). `-` reads it from stdin.',
};
const L = { expiration: flagLabel(expirationFlag), description: flagLabel(descriptionFlag), secretValue: flagLabel(secretValueFlag) };

type OwnerFlags = { clientId?: string; name?: string };
const ownerId = (owner: Owner, flags: OwnerFlags): string => String(owner.segment === 'client' ? flags.clientId : flags.name);
const ownerText = (owner: Owner, id: string) => `${owner.noun} '${id}'`;

/**
 * The stored hash from `-s`: a hash as shown by GetApiSecrets*, or a clear-text secret that we hash here (a clear
 * text is then registered with the redactor). `-` reads the value from stdin.
 */
async function secretHashFrom(ctx: RunContext, value: string): Promise<string> {
  let raw = value;
  if (value === '-') {
    if (ctx.io.stdinIsTTY) throw new UsageError(`${L.secretValue} is '-' but stdin is a terminal: pipe the secret or its hash in`);
    raw = await readAllStdin(ctx.io.stdin);
    if (!raw) throw new UsageError(`${L.secretValue} is '-' but stdin was empty`);
  }
  if (looksLikeSecretHash(raw.trim())) return raw.trim();
  ctx.log.redact.add(raw);
  ctx.log.debug(`${L.secretValue} is not a hash: hashing the clear text locally`);
  return hashSecret(raw);
}

function checkOwner(owner: Owner, flags: OwnerFlags): void {
  const value = owner.segment === 'client' ? flags.clientId : flags.name;
  if (typeof value === 'string') checkIdentifier(flagLabel(owner.flag), value);
}

function secretRows(ctx: RunContext, secrets: readonly ApiSecretDto[]) {
  const now = ctx.now();
  return secrets.map((s) => ({ ...s, expired: s.expirationDate ? dateMillis(s.expirationDate) <= now : false }));
}

function makeCommands(owner: Owner): CommandSpec<any>[] {
  const ownerLabel = flagLabel(owner.flag);
  const ownerFlagText = `-${owner.flag.short} "${owner.segment === 'client' ? 'my-service' : 'myAPI'}"`;
  const listName = `GetApiSecrets${owner.suffix}`;

  const create = defineCommand<OwnerFlags & { expirationDate?: string; description?: string; ifNotExists?: boolean }>({
    name: `CreateApiSecret${owner.suffix}`,
    group: 'Identity Services',
    description: `Adds new API secret for ${owner.segment === 'client' ? 'a client' : 'an API resource'}.`,
    flags: [owner.flag, expirationFlag, descriptionFlag, { ...ifNotExistsFlag, description: `${ifNotExistsFlag.description} Creating a secret never conflicts on the Identity Service (each call makes a new secret); accepted for uniform CI scripts.` }],
    examples: [
      {
        command: `octo-cli -c CreateApiSecret${owner.suffix} ${ownerFlagText} -e "2027-12-31" -d "${owner.segment === 'client' ? 'Production secret' : 'Introspection secret'}"`,
        description: 'The server generates the secret; it is shown once, with the hash that identifies it later.',
      },
    ],
    notes: [
      'The clear text is shown only this once; store it right away. The hash is what GetApiSecrets*, UpdateApiSecret* and DeleteApiSecret* use.',
      `--output json prints the secret as the server returns it (valueEncrypted = hash, valueClearText = secret).`,
    ],
    validate(flags, ctx) {
      checkOwner(owner, flags);
      if (flags.expirationDate !== undefined) checkFutureDate(L.expiration, flags.expirationDate, ctx.now());
    },
    async run(ctx, flags) {
      const id = ownerId(owner, flags);
      const api = await adminApi(ctx);
      const body: ApiSecretDto = {
        valueEncrypted: CREATE_PLACEHOLDER,
        valueClearText: null,
        expirationDate: flags.expirationDate !== undefined ? wireDate(flags.expirationDate) : null,
        description: flags.description ?? null,
      };
      ctx.log.info(`Creating API secret for ${ownerText(owner, id)} at '${api.baseUrl}'`);
      let secret: ApiSecretDto | undefined;
      const created = await createUnlessExists(ctx, flags.ifNotExists === true, `A secret of ${ownerText(owner, id)}`, async () => {
        const { data } = await api.post<unknown>(path`apiSecrets/${owner.segment}/${id}`, { body, entity: ownerText(owner, id) });
        secret = asObject<ApiSecretDto>(data, `the new secret of ${ownerText(owner, id)}`);
      });
      if (!created || !secret) {
        if (ctx.output === 'json') printJson(ctx, { [owner.jsonKey]: id, created: false });
        return;
      }
      ctx.log.info(`API secret '${secret.valueEncrypted}' for ${ownerText(owner, id)} created`);
      if (ctx.output === 'json') printJson(ctx, secret);
      else {
        await printKeyValue({ io: ctx.io, wide: true }, [ // never truncate a secret that is shown once
          ['Secret', secret.valueClearText],
          ['Hash', secret.valueEncrypted],
          ['Expires', secret.expirationDate ?? 'never'],
          ['Description', secret.description],
        ]);
        ctx.log.info(
          `Store the secret now: it is shown only once and cannot be read back. Delete it later with: octo-cli -c DeleteApiSecret${owner.suffix} -${owner.flag.short} "${id}" -s "${secret.valueEncrypted}"`,
        );
      }
      if (secret.valueClearText) ctx.log.redact.add(secret.valueClearText);
    },
  });

  const list = defineCommand<OwnerFlags>({
    name: listName,
    group: 'Identity Services',
    description: `Gets all secrets of ${owner.segment === 'client' ? 'a client' : 'an API resource'}.`,
    flags: [owner.flag],
    examples: [{ command: `octo-cli -c ${listName} ${ownerFlagText}`, description: 'Hash, description, expiry and whether it has expired.' }],
    validate(flags) {
      checkOwner(owner, flags);
    },
    async run(ctx, flags) {
      const id = ownerId(owner, flags);
      const api = await adminApi(ctx);
      const { data } = await api.get<unknown>(path`apiSecrets/${owner.segment}/${id}`, { entity: ownerText(owner, id) });
      const secrets = asArray<ApiSecretDto>(data, `the secrets of ${ownerText(owner, id)}`);
      if (ctx.output === 'json') printJson(ctx, secrets);
      if (secrets.length === 0) return ctx.log.info(`No secrets found for ${ownerText(owner, id)}`);
      if (ctx.output === 'json') return;
      await printTable(
        ctx,
        [
          { header: 'Hash', value: (s: ReturnType<typeof secretRows>[number]) => s.valueEncrypted },
          { header: 'Description', value: (s) => s.description, shrink: true },
          { header: 'Expires', value: (s) => s.expirationDate ?? 'never' },
          { header: 'Expired', value: (s) => s.expired },
        ],
        secretRows(ctx, secrets),
      );
    },
  });

  const remove = defineCommand<OwnerFlags & { secretValue: string; yes?: boolean }>({
    name: `DeleteApiSecret${owner.suffix}`,
    group: 'Identity Services',
    description: `Deletes a secret of ${owner.segment === 'client' ? 'a client' : 'an API resource'}.`,
    flags: [owner.flag, secretValueFlag, yesFlag],
    examples: [
      { command: `octo-cli -c DeleteApiSecret${owner.suffix} ${ownerFlagText} -s "<sha256-value>" -y`, description: 'By the hash shown by GetApiSecrets*.' },
    ],
    notes: [
      '-s takes the hash (as the original) or the clear text, which is hashed locally.',
      'Asks (y/N) on a terminal; without a terminal -y/--yes is required.',
    ],
    validate(flags) {
      checkOwner(owner, flags);
      if (flags.secretValue.trim() === '') throw new UsageError(`${L.secretValue} must not be empty`);
    },
    async run(ctx, flags) {
      const id = ownerId(owner, flags);
      const hash = await secretHashFrom(ctx, flags.secretValue);
      const api = await adminApi(ctx);
      await confirm(ctx, `Are you sure you want to delete API secret '${hash}' of ${ownerText(owner, id)}?`, flags.yes === true);
      await api.delete(path`apiSecrets/${owner.segment}/${id}/${secretPathId(hash)}`, { entity: `secret '${hash}' of ${ownerText(owner, id)}` });
      ctx.log.info(`API secret '${hash}' of ${ownerText(owner, id)} deleted`);
      if (ctx.output === 'json') printJson(ctx, { [owner.jsonKey]: id, secretHash: hash, deleted: true });
    },
  });

  const update = defineCommand<OwnerFlags & { secretValue: string; expirationDate?: string; description?: string }>({
    name: `UpdateApiSecret${owner.suffix}`,
    group: 'Identity Services',
    description: `Updates an API secret for ${owner.segment === 'client' ? 'a client' : 'an API resource'}.`,
    flags: [owner.flag, secretValueFlag, { ...expirationFlag, description: 'New expiry, an ISO date (2027-12-31) or date-time. A past date expires the secret.' }, { ...descriptionFlag, description: 'New description.' }],
    examples: [
      { command: `octo-cli -c UpdateApiSecret${owner.suffix} ${ownerFlagText} -s "<sha256-value>" -e "2028-06-30"`, description: 'Extend a secret.' },
    ],
    notes: [
      'Reads the secret, changes the given fields and writes it back with PUT; the field not given keeps its value.',
      'The original sent a POST here, which created a new random secret and left this one unchanged.',
      'At least one of -e, -d is needed.',
    ],
    validate(flags, ctx) {
      checkOwner(owner, flags);
      if (flags.secretValue.trim() === '') throw new UsageError(`${L.secretValue} must not be empty`);
      if (flags.expirationDate === undefined && flags.description === undefined) {
        throw new UsageError(`UpdateApiSecret${owner.suffix}: nothing to update: give ${L.expiration} and/or ${L.description}`);
      }
      if (flags.expirationDate !== undefined && dateMillis(flags.expirationDate) <= ctx.now()) {
        ctx.log.warn(`${L.expiration} '${flags.expirationDate}' is in the past: the secret will be expired`);
      }
    },
    async run(ctx, flags) {
      const id = ownerId(owner, flags);
      const hash = await secretHashFrom(ctx, flags.secretValue);
      const api = await adminApi(ctx);
      const entity = `secret '${hash}' of ${ownerText(owner, id)}`;
      ctx.log.info(`Updating API secret '${hash}' of ${ownerText(owner, id)} at '${api.baseUrl}'`);
      const { data } = await api.get<unknown>(path`apiSecrets/${owner.segment}/${id}/${secretPathId(hash)}`, { entity });
      const existing = asObject<ApiSecretDto>(data, entity);
      const body: ApiSecretDto = {
        valueEncrypted: hash,
        valueClearText: null,
        expirationDate: flags.expirationDate !== undefined ? wireDate(flags.expirationDate) : (existing.expirationDate ?? null),
        description: flags.description !== undefined ? flags.description : (existing.description ?? null),
      };
      await api.put(path`apiSecrets/${owner.segment}/${id}`, { body, entity });
      ctx.log.info(`API secret '${hash}' of ${ownerText(owner, id)} updated`);
      if (ctx.output === 'json') printJson(ctx, { [owner.jsonKey]: id, secretHash: hash, updated: true });
    },
  });

  return [create, list, remove, update];
}

const [clientCommands, resourceCommands] = OWNERS.map(makeCommands) as [CommandSpec<any>[], CommandSpec<any>[]];

/** In the original's order: the four client commands, then the four API-resource commands. */
export const commands: CommandSpec<any>[] = [...clientCommands, ...resourceCommands];
