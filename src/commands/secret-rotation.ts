/**
 * Client hygiene: rotating a secret without an outage (issue 14, part 1). RotateApiSecretClient and
 * RotateApiSecretApiResource create a new server-generated secret, then let every older secret of the owner expire
 * at now + overlap (the API's secret update, PUT), or delete them with `--overlap 0`. Old secrets are named by a
 * hash prefix only; the new secret is shown once, or written to a new 0600 file for a CI job.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defineCommand, jsonObject, type CommandSpec } from '../cli/spec.js';
import type { RunContext } from '../cli/context.js';
import { flag, flagLabel } from '../cli/flags.js';
import { dateMillis, duration, durationMillis, futureDate, notBlank } from '../cli/checks.js';
import { confirm } from '../cli/prompt.js';
import type { CommandResult } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as secrets from '../api/resources/secrets.js';
import { wireDate, type ApiSecretDto } from '../api/resources/secrets.js';
import { writeNewFile } from '../shared/fs.js';
import { hashPrefix } from '../shared/secrets.js';
import { ExitCode, ToolError, UsageError } from '../errors.js';
import { SECRET_OWNERS, type SecretOwnerKind } from './secrets.js';
import { GROUP, yesFlag } from './shared.js';

/** What happens to one old secret of the owner. */
export type OldSecretAction =
  | { action: 'expire'; secret: ApiSecretDto; expiresAt: string }
  | { action: 'delete'; secret: ApiSecretDto }
  | { action: 'keep'; secret: ApiSecretDto };

/**
 * The rotation's plan for the owner's older secrets: with an overlap, each one that would outlive it (no expiry, or
 * a later one) is set to expire at now + overlap, the others are kept as they are; with overlap 0 all are deleted.
 */
export function planOldSecrets(old: readonly ApiSecretDto[], now: number, overlapMs: number): OldSecretAction[] {
  const until = now + overlapMs;
  return old.map((secret) => {
    if (overlapMs === 0) return { action: 'delete', secret };
    const at = secret.expirationDate ? dateMillis(secret.expirationDate) : Infinity;
    if (Number.isNaN(at) || at > until) return { action: 'expire', secret, expiresAt: new Date(until).toISOString() };
    return { action: 'keep', secret };
  });
}

const overlapFlag = flag.string('overlap', {
  ours: true,
  valueName: '<duration>',
  check: duration,
  description: 'How long the old secrets keep working beside the new one: 30s, 90m, 36h, 7d (default 7d). 0 deletes them instead.',
});
const secretFileFlag = flag.string('secret-file', {
  ours: true,
  valueName: '<path>',
  check: notBlank,
  description: 'Write the new secret to this new file (mode 0600) instead of stdout; an existing file is never overwritten.',
});

const expirationFlag = flag.date('expirationDate', { short: 'e', check: futureDate, description: 'Expiry of the new secret, an ISO date (2027-12-31) or date-time; it must lie in the future. Default: none.' });

const DEFAULT_OVERLAP = '7d';

/** Refuses a --secret-file that exists or whose folder does not, before anything is created. */
function checkSecretFile(path: string): string {
  const full = resolve(path);
  const label = flagLabel(secretFileFlag);
  if (existsSync(full)) throw new UsageError(`${label}: '${path}' exists; refusing to overwrite it`, { hint: 'name a file that does not exist yet' });
  const folder = dirname(full);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${label}: the folder of '${path}' does not exist`);
  return full;
}

function makeCommand(k: SecretOwnerKind): CommandSpec<any> {
  const name = `RotateApiSecret${k.suffix}`;
  return defineCommand({
    name,
    group: GROUP,
    ours: true,
    effect: 'write+delete',
    output: {
      rows: ['Secret?', 'Secret file?', 'Hash', 'Expires', 'Old secrets'],
      json: jsonObject('SecretRotation', ['secret?', 'secretFile?', 'hash', 'expirationDate', 'retired', 'kept', 'failed?']),
    },
    description: `Rotates the secret of ${k.kind === 'client' ? 'a client' : 'an API resource'}: a new secret, the old ones expire after an overlap.`,
    flags: {
      owner: k.flag,
      overlap: overlapFlag,
      expirationDate: expirationFlag,
      description: flag.string('description', { short: 'd', valueName: '<text>', description: 'Description of the new secret.' }),
      secretFile: secretFileFlag,
      yes: yesFlag.with({ description: 'With --overlap 0: delete the old secrets without asking (needed when stdin is not a terminal).' }),
    },
    examples: [
      { command: `octo-cli -c ${name} ${k.example} -e 2027-12-31`, description: 'A new secret (shown once); the old ones keep working for 7 days, then the service refuses them.' },
      { command: `octo-cli -c ${name} ${k.example} --overlap 36h --secret-file ./new-secret.txt -o json`, description: 'For a CI job: the secret goes to a new 0600 file, stdout holds only the hashes and dates.' },
      { command: `octo-cli -c ${name} ${k.example} --overlap 0 -y`, description: 'Replace at once: the old secrets are deleted (a leaked secret).' },
    ],
    notes: [
      'Order: the owner\'s secrets are read, the new secret is created (the service generates it), then each older secret that would outlive the overlap gets the expiry now + overlap through the secret update (PUT); one that expires sooner is kept as it is. Nothing is changed when the new secret cannot be created.',
      'During the overlap both the old and the new secret get tokens; after it the service refuses the old ones. Check the new one with TestClientCredentials.',
      'Old secrets are named by the first 8 characters of their hash, never by value. The new secret is shown only once: on stdout, or in the --secret-file (created with mode 0600; the command refuses to overwrite an existing file).',
      '--overlap 0 deletes the old secrets: it asks (y/N) on a terminal; without one -y/--yes is required.',
      '--output json: {secret, hash, expirationDate, retired: [{hash, expirationDate}], kept: [...]} (with --secret-file: secretFile instead of secret; deleted ones have deleted: true).',
    ],
    validate(flags, ctx) {
      const overlapMs = durationMillis(flags.overlap ?? DEFAULT_OVERLAP);
      if (flags.expirationDate !== undefined && dateMillis(flags.expirationDate) < ctx.now() + overlapMs) {
        ctx.log.warn(`${flagLabel(expirationFlag)} ends before the overlap does: the new secret expires before the old ones`);
      }
    },
    async run(ctx, flags) {
      const owner: secrets.Owner = { kind: k.kind, id: flags.owner };
      const ownerText = secrets.ownerText(owner);
      const overlapText = flags.overlap ?? DEFAULT_OVERLAP;
      const overlapMs = durationMillis(overlapText);
      const secretFile = flags.secretFile !== undefined ? checkSecretFile(flags.secretFile) : undefined;
      const api = await adminApi(ctx);

      const old = await secrets.list(api, owner);
      if (overlapMs === 0 && old.length > 0) {
        await confirm(ctx, `Delete the ${old.length} old secret(s) of ${ownerText} once the new one is created (--overlap 0, no overlap)?`, flags.yes === true);
      }
      ctx.log.info(`Creating a new secret for ${ownerText} at '${api.baseUrl}'`);
      const created = await secrets.create(api, owner, {
        expirationDate: flags.expirationDate !== undefined ? wireDate(flags.expirationDate) : null,
        description: flags.description ?? null,
      });
      const clearText = created.valueClearText;
      ctx.log.redact.add(clearText); // shown once on stdout or written to the file; never in a log line
      if (!clearText || !created.valueEncrypted) throw new ToolError(`the service's answer for the new secret of ${ownerText} holds no secret; nothing else was changed`);

      if (secretFile !== undefined) {
        try {
          await writeNewFile(secretFile, `${clearText}\n`);
        } catch (err) {
          // Without the file nobody can use the new secret: take it back and leave the old ones alone.
          await secrets.remove(api, owner, created.valueEncrypted).catch(() => ctx.log.warn(`the new secret ${hashPrefix(created.valueEncrypted)}… could not be deleted again; delete it with DeleteApiSecret${k.suffix}`));
          const why = (err as NodeJS.ErrnoException).code === 'EEXIST' ? 'it exists (refusing to overwrite it)' : (err as Error).message;
          throw new ToolError(`could not write ${flagLabel(secretFileFlag)} '${flags.secretFile}': ${why}; the new secret was deleted again and the old ones were not changed`);
        }
        ctx.log.info(`The new secret was written to '${flags.secretFile}' (mode 0600)`);
      }

      const plan = planOldSecrets(old, ctx.now(), overlapMs);
      const retired: Array<Record<string, unknown>> = [];
      const kept: Array<Record<string, unknown>> = [];
      const failed: Array<{ hash: string; error: string }> = [];
      for (const step of plan) {
        const hash = step.secret.valueEncrypted ?? '';
        try {
          if (step.action === 'keep') {
            kept.push({ hash: hashPrefix(hash), expirationDate: step.secret.expirationDate });
          } else if (step.action === 'delete') {
            await secrets.remove(api, owner, hash);
            retired.push({ hash: hashPrefix(hash), deleted: true });
          } else {
            await secrets.update(api, owner, hash, { expirationDate: step.expiresAt, description: step.secret.description ?? null });
            retired.push({ hash: hashPrefix(hash), expirationDate: step.expiresAt });
          }
        } catch (err) {
          failed.push({ hash: hashPrefix(hash), error: (err as Error).message });
        }
      }
      for (const f of failed) ctx.log.warn(`old secret ${f.hash}… of ${ownerText} was not changed: ${f.error}`);
      ctx.log.info(
        `Rotated the secret of ${ownerText}: ${retired.length} old secret(s) ${overlapMs === 0 ? 'deleted' : `expire in ${overlapText}`}${kept.length ? `, ${kept.length} expire sooner and were kept` : ''}${failed.length ? `, ${failed.length} failed` : ''}`,
      );

      const describe = (r: Record<string, unknown>) => `${r.hash}… ${r.deleted ? 'deleted' : `expires ${r.expirationDate ?? 'never'}`}`;
      const result: CommandResult = {
        view: [
          secretFile !== undefined ? ['Secret file', flags.secretFile] : ['Secret', clearText],
          ['Hash', created.valueEncrypted],
          ['Expires', created.expirationDate ?? 'never'],
          ['Old secrets', [...retired, ...kept].map(describe)],
        ],
        full: true, // never truncate a secret that is shown once
        json: {
          ...(secretFile !== undefined ? { secretFile: flags.secretFile } : { secret: clearText }),
          hash: created.valueEncrypted,
          expirationDate: created.expirationDate,
          retired,
          kept,
          ...(failed.length ? { failed } : {}),
        },
        note:
          secretFile !== undefined
            ? undefined
            : `Store the new secret now: it is shown only once and cannot be read back.${k.kind === 'client' ? ` Check it with: octo-cli -c TestClientCredentials -id "${flags.owner}" -s -` : ''}`,
      };
      return { ...result, exitCode: failed.length === 0 ? ExitCode.ok : ExitCode.http };
    },
  });
}

export const commands: CommandSpec<any>[] = SECRET_OWNERS.map(makeCommand);
