/**
 * Identity Services: API secrets of clients and API resources (octo-cli-commands.md §5.4). The server generates
 * the clear text on create and keeps only base64(SHA-256); a secret is identified by that hash, which goes into
 * URLs base64-encoded once more (src/api/resources/secrets.ts). One set of commands per owner kind.
 */
import { defineCommand, jsonArray, jsonObject, type CommandSpec } from '../cli/spec.js';
import type { RunContext } from '../cli/context.js';
import { flag, flagLabel } from '../cli/flags.js';
import { dateMillis, futureDate, identifier, notBlank } from '../cli/checks.js';
import { confirm } from '../cli/prompt.js';
import { readAllStdin } from '../cli/io.js';
import { listOf, type Column } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as secrets from '../api/resources/secrets.js';
import { wireDate, type ApiSecretDto } from '../api/resources/secrets.js';
import { UsageError } from '../errors.js';
import { hashSecret, looksLikeSecretHash } from '../shared/secrets.js';
import { createUnlessExists, ifNotExistsFlag, yesFlag } from './shared.js';

/**
 * The flag naming the owner of the secrets: `-cid/--clientId` or `-n/--name`. Its key is `owner` for both, so one
 * set of commands serves both kinds.
 */
const ownerFlags = {
  client: flag.string('clientId', { key: 'owner', short: 'cid', pathSegment: true, required: true, valueName: '<client-id>', check: identifier, description: 'Id of the client.' }),
  apiResource: flag.string('name', { key: 'owner', short: 'n', pathSegment: true, required: true, valueName: '<resource>', check: identifier, description: 'Name of the API resource.' }),
};

/** One kind of secret owner: clients (`-cid`) or API resources (`-n`); the secret and rotation commands of each. */
export interface SecretOwnerKind {
  /** Suffix of the command names. */
  suffix: 'Client' | 'ApiResource';
  /** The owner kind (the path segment under apiSecrets/). */
  kind: secrets.OwnerKind;
  flag: (typeof ownerFlags)[keyof typeof ownerFlags];
  /** Key of the owner in JSON results. */
  jsonKey: 'clientId' | 'apiResourceName';
  /** The owner flag in examples. */
  example: string;
}

export const SECRET_OWNERS: readonly SecretOwnerKind[] = [
  { suffix: 'Client', kind: 'client', flag: ownerFlags.client, jsonKey: 'clientId', example: '-cid "my-service"' },
  { suffix: 'ApiResource', kind: 'apiResource', flag: ownerFlags.apiResource, jsonKey: 'apiResourceName', example: '-n "myAPI"' },
];

const expirationFlag = flag.date('expirationDate', { short: 'e', check: futureDate, description: 'Expiry, an ISO date (2027-12-31) or date-time; it must lie in the future.' });
const descriptionFlag = flag.string('description', { short: 'd', valueName: '<text>', description: 'Description of the secret.' });
const secretValueFlag = flag.string('secretValue', {
  short: 's',
  required: true,
  secret: true,
  valueName: '<hash|secret|->',
  check: notBlank,
  description: 'The secret: its hash as GetApiSecrets* shows it, or the clear text (hashed locally). `-` reads it from stdin.',
});
const secretValueLabel = flagLabel(secretValueFlag);

const ownerOf = (owner: SecretOwnerKind, id: string): secrets.Owner => ({ kind: owner.kind, id });
const ownerText = (owner: SecretOwnerKind, id: string) => secrets.ownerText(ownerOf(owner, id));

/**
 * The stored hash from `-s`: a hash as shown by GetApiSecrets*, or a clear-text secret that we hash here (a clear
 * text is then registered with the redactor). `-` reads the value from stdin.
 */
async function secretHashFrom(ctx: RunContext, value: string): Promise<string> {
  let raw = value;
  if (value === '-') {
    if (ctx.io.stdinIsTTY) throw new UsageError(`${secretValueLabel} is '-' but stdin is a terminal: pipe the secret or its hash in`);
    raw = await readAllStdin(ctx.io.stdin);
    if (!raw) throw new UsageError(`${secretValueLabel} is '-' but stdin was empty`);
  }
  if (looksLikeSecretHash(raw.trim())) return raw.trim();
  ctx.log.redact.add(raw);
  ctx.log.debug(`${secretValueLabel} is not a hash: hashing the clear text locally`);
  return hashSecret(raw);
}

function secretRows(ctx: RunContext, list: readonly ApiSecretDto[]) {
  const now = ctx.now();
  return list.map((s) => ({ ...s, expired: s.expirationDate ? dateMillis(s.expirationDate) <= now : false }));
}

const SECRET_COLUMNS: readonly Column<ReturnType<typeof secretRows>[number]>[] = [
  { header: 'Hash', value: (s) => s.valueEncrypted },
  { header: 'Description', value: (s) => s.description, shrink: true },
  { header: 'Expires', value: (s) => s.expirationDate ?? 'never' },
  { header: 'Expired', value: (s) => s.expired },
];

/** The labels of a new secret's view (shown once). */
const NEW_SECRET_ROWS = ['Secret', 'Hash', 'Expires', 'Description'] as const;

/** What the API returns for a secret (ApiSecretDto); valueClearText only when it is created. */
const SECRET_JSON_FIELDS = ['valueEncrypted', 'valueClearText', 'expirationDate', 'description'] as const;

function makeCommands(owner: SecretOwnerKind): CommandSpec<any>[] {
  const listName = `GetApiSecrets${owner.suffix}`;

  const create = defineCommand({
    name: `CreateApiSecret${owner.suffix}`,
    effect: 'write',
    output: { rows: NEW_SECRET_ROWS, json: jsonObject('ApiSecretDto', [...SECRET_JSON_FIELDS, 'created?', owner.jsonKey + '?']) },
    group: 'Identity Services',
    description: `Adds new API secret for ${owner.kind === 'client' ? 'a client' : 'an API resource'}.`,
    flags: {
      owner: owner.flag,
      expirationDate: expirationFlag,
      description: descriptionFlag,
      ifNotExists: ifNotExistsFlag.with({
        description: `${ifNotExistsFlag.description} Creating a secret never conflicts on the Identity Service (each call makes a new secret); accepted for uniform CI scripts.`,
      }),
    },
    examples: [
      {
        command: `octo-cli -c CreateApiSecret${owner.suffix} ${owner.example} -e "2027-12-31" -d "${owner.kind === 'client' ? 'Production secret' : 'Introspection secret'}"`,
        description: 'The server generates the secret; it is shown once, with the hash that identifies it later.',
      },
    ],
    notes: [
      'The clear text is shown only this once; store it right away. The hash is what GetApiSecrets*, UpdateApiSecret* and DeleteApiSecret* use.',
      `--output json prints the secret as the server returns it (valueEncrypted = hash, valueClearText = secret).`,
    ],
    async run(ctx, flags) {
      const id = flags.owner;
      const api = await adminApi(ctx);
      const fields = { expirationDate: flags.expirationDate !== undefined ? wireDate(flags.expirationDate) : null, description: flags.description ?? null };
      ctx.log.info(`Creating API secret for ${ownerText(owner, id)} at '${api.baseUrl}'`);
      let secret: ApiSecretDto | undefined;
      const created = await createUnlessExists(ctx, flags.ifNotExists === true, `A secret of ${ownerText(owner, id)}`, async () => {
        secret = await secrets.create(api, ownerOf(owner, id), fields);
      });
      if (!created || !secret) return { json: { [owner.jsonKey]: id, created: false } };
      ctx.log.info(`API secret '${secret.valueEncrypted}' for ${ownerText(owner, id)} created`);
      // Shown once on stdout; never in a log line.
      if (secret.valueClearText) ctx.log.redact.add(secret.valueClearText);
      return {
        view: [
          ['Secret', secret.valueClearText],
          ['Hash', secret.valueEncrypted],
          ['Expires', secret.expirationDate ?? 'never'],
          ['Description', secret.description],
        ],
        full: true, // never truncate a secret that is shown once
        json: secret,
        note: `Store the secret now: it is shown only once and cannot be read back. Delete it later with: octo-cli -c DeleteApiSecret${owner.suffix} -${owner.flag.short} "${id}" -s "${secret.valueEncrypted}"`,
      };
    },
  });

  const list = defineCommand({
    name: listName,
    effect: 'read',
    output: { columns: SECRET_COLUMNS, json: jsonArray('ApiSecretDto', SECRET_JSON_FIELDS) },
    group: 'Identity Services',
    description: `Gets all secrets of ${owner.kind === 'client' ? 'a client' : 'an API resource'}.`,
    flags: { owner: owner.flag },
    examples: [{ command: `octo-cli -c ${listName} ${owner.example}`, description: 'Hash, description, expiry and whether it has expired.' }],
    async run(ctx, flags) {
      const id = flags.owner;
      const api = await adminApi(ctx);
      const list = await secrets.list(api, ownerOf(owner, id));
      return listOf(
        secretRows(ctx, list),
        SECRET_COLUMNS,
        { empty: `No secrets found for ${ownerText(owner, id)}`, json: list },
      );
    },
  });

  const remove = defineCommand({
    name: `DeleteApiSecret${owner.suffix}`,
    effect: 'delete',
    output: { json: jsonObject('SecretDeleted', [owner.jsonKey, 'secretHash', 'deleted']) },
    group: 'Identity Services',
    description: `Deletes a secret of ${owner.kind === 'client' ? 'a client' : 'an API resource'}.`,
    flags: { owner: owner.flag, secretValue: secretValueFlag, yes: yesFlag },
    examples: [
      { command: `octo-cli -c DeleteApiSecret${owner.suffix} ${owner.example} -s "<sha256-value>" -y`, description: 'By the hash shown by GetApiSecrets*.' },
    ],
    notes: [
      '-s takes the hash (as the original) or the clear text, which is hashed locally.',
      'Asks (y/N) on a terminal; without a terminal -y/--yes is required.',
    ],
    async run(ctx, flags) {
      const id = flags.owner;
      const hash = await secretHashFrom(ctx, flags.secretValue);
      const api = await adminApi(ctx);
      await confirm(ctx, `Are you sure you want to delete API secret '${hash}' of ${ownerText(owner, id)}?`, flags.yes === true);
      await secrets.remove(api, ownerOf(owner, id), hash);
      ctx.log.info(`API secret '${hash}' of ${ownerText(owner, id)} deleted`);
      return { json: { [owner.jsonKey]: id, secretHash: hash, deleted: true } };
    },
  });

  const update = defineCommand({
    name: `UpdateApiSecret${owner.suffix}`,
    effect: 'write',
    output: { json: jsonObject('SecretUpdated', [owner.jsonKey, 'secretHash', 'updated']) },
    group: 'Identity Services',
    description: `Updates an API secret for ${owner.kind === 'client' ? 'a client' : 'an API resource'}.`,
    flags: {
      owner: owner.flag,
      secretValue: secretValueFlag,
      expirationDate: flag.date('expirationDate', { short: 'e', description: 'New expiry, an ISO date (2027-12-31) or date-time. A past date expires the secret.' }),
      description: descriptionFlag.with({ description: 'New description.' }),
    },
    examples: [
      { command: `octo-cli -c UpdateApiSecret${owner.suffix} ${owner.example} -s "<sha256-value>" -e "2028-06-30"`, description: 'Extend a secret.' },
    ],
    notes: [
      'Reads the secret, changes the given fields and writes it back with PUT; the field not given keeps its value.',
      'The original sent a POST here, which created a new random secret and left this one unchanged.',
      'At least one of -e, -d is needed.',
    ],
    validate(flags, ctx) {
      if (flags.expirationDate === undefined && flags.description === undefined) {
        throw new UsageError(`UpdateApiSecret${owner.suffix}: nothing to update: give ${flagLabel(expirationFlag)} and/or ${flagLabel(descriptionFlag)}`);
      }
      if (flags.expirationDate !== undefined && dateMillis(flags.expirationDate) <= ctx.now()) {
        ctx.log.warn(`${flagLabel(expirationFlag)} '${flags.expirationDate}' is in the past: the secret will be expired`);
      }
    },
    async run(ctx, flags) {
      const id = flags.owner;
      const hash = await secretHashFrom(ctx, flags.secretValue);
      const api = await adminApi(ctx);
      ctx.log.info(`Updating API secret '${hash}' of ${ownerText(owner, id)} at '${api.baseUrl}'`);
      const existing = await secrets.get(api, ownerOf(owner, id), hash);
      await secrets.update(api, ownerOf(owner, id), hash, {
        expirationDate: flags.expirationDate !== undefined ? wireDate(flags.expirationDate) : (existing.expirationDate ?? null),
        description: flags.description !== undefined ? flags.description : (existing.description ?? null),
      });
      ctx.log.info(`API secret '${hash}' of ${ownerText(owner, id)} updated`);
      return { json: { [owner.jsonKey]: id, secretHash: hash, updated: true } };
    },
  });

  return [create, list, remove, update];
}

const [clientCommands, resourceCommands] = SECRET_OWNERS.map(makeCommands) as [CommandSpec<any>[], CommandSpec<any>[]];

/** In the original's order: the four client commands, then the four API-resource commands. */
export const commands: CommandSpec<any>[] = [...clientCommands, ...resourceCommands];
