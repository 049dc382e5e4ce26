/**
 * Client hygiene: cleaning up dynamically registered clients (issue 14, part 3; seed 003, OctoPerf's audit page).
 * AI agents (Claude Code, Cursor, MCP Inspector, …) register themselves through RFC 7591; DeleteDynamicClients lists
 * the matching ones and deletes them, which revokes their grants, so any refresh token they hold stops working.
 * Admin-registered clients are never touched.
 */
import { defineCommand, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag } from '../cli/flags.js';
import { confirm } from '../cli/prompt.js';
import { emit, listOf, type Column } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as clients from '../api/resources/clients.js';
import type { ClientDto } from '../api/resources/clients.js';
import { ExitCode } from '../errors.js';
import { filterClients } from './clients.js';
import { isDynamicClient, isExpiredRegistration } from './client-registration.js';
import { GROUP, yesFlag } from './shared.js';

/** The clients about to be deleted, shown before the confirmation. */
const MATCH_COLUMNS: readonly Column<ClientDto>[] = [
  { header: 'Client id', value: (c) => c.clientId },
  { header: 'Name', value: (c) => c.clientName, shrink: true },
  { header: 'Redirect URIs', value: (c) => c.redirectUris, shrink: true },
  { header: 'Grant types', value: (c) => c.allowedGrantTypes, shrink: true },
  { header: 'Registration expires', value: (c) => c.dynamicRegistrationExpiresAt },
];

const deleteDynamicClients = defineCommand({
  name: 'DeleteDynamicClients',
  effect: 'delete',
  output: { columns: MATCH_COLUMNS, text: 'the matching clients as a table before the confirmation; the summary on stderr', json: jsonObject('DynamicClientsDeleted', ['dryRun', 'matched', 'deleted', 'failed']) },
  group: GROUP,
  ours: true,
  description: 'Deletes dynamically registered clients (RFC 7591) that match the filters; never admin-registered ones.',
  flags: {
    expired: flag.presence('expired', { ours: true, description: 'Only registrations whose lifetime is over (dynamicRegistrationExpiresAt in the past).' }),
    filterName: flag.string('filter-name', { ours: true, valueName: '<text>', description: 'Only clients whose name or id contains this text (case-insensitive).' }),
    filterRedirectUri: flag.string('filter-redirect-uri', { ours: true, valueName: '<text>', description: 'Only clients with a redirect URI containing this text (case-insensitive), e.g. :33418.' }),
    filterGrantType: flag.string('filter-grant-type', { ours: true, valueName: '<text>', description: 'Only clients with a grant type containing this text (case-insensitive).' }),
    dryRun: flag.presence('dry-run', { ours: true, description: 'List what would be deleted; delete nothing.' }),
    yes: yesFlag,
  },
  examples: [
    { command: 'octo-cli -c DeleteDynamicClients --filter-name "MCP Inspector" --dry-run', description: 'What would go: the matching dynamically registered clients.' },
    { command: 'octo-cli -c DeleteDynamicClients --filter-redirect-uri ":6274" -y', description: 'Cut off the agents with that callback port: their refresh tokens stop working.' },
  ],
  notes: [
    'Only clients the service marks as dynamically registered (GetClients shows them as "dynamic"; --filter-dynamic lists them) are considered; the filters narrow them down. Without filters every dynamic client matches.',
    'The matches are listed first, then deleted after a confirmation (y/N) on a terminal; without a terminal -y/--yes is required. Deleting a client revokes its grants: agents holding a refresh token must register and sign in again.',
    'A summary goes to stderr; with --output json one object: {dryRun, matched: [clients], deleted: [ids], failed: [{clientId, error}]}.',
  ],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const now = ctx.now();
    const all = await clients.list(api);
    const dynamic = all.filter(isDynamicClient);
    const matched = filterClients(dynamic, flags).filter((c) => !flags.expired || isExpiredRegistration(c, now));
    const ids = matched.map((c) => c.clientId!).filter(Boolean);
    const summary = { dryRun: flags.dryRun, matched, deleted: [] as string[], failed: [] as Array<{ clientId: string; error: string }> };

    // The matches, for people deciding at the confirmation (JSON has them in its result).
    if (matched.length > 0) {
      await emit(ctx, {
        ...listOf(matched, MATCH_COLUMNS),
        preview: true,
      });
    }
    if (ids.length === 0) {
      ctx.log.info(`No dynamically registered clients match (${dynamic.length} dynamic of ${all.length} clients); nothing deleted.`);
      return { json: summary };
    }
    if (flags.dryRun) {
      ctx.log.info(`Dry run: ${ids.length} of ${dynamic.length} dynamically registered clients would be deleted; nothing deleted.`);
      return { json: summary };
    }
    await confirm(ctx, `Delete these ${ids.length} dynamically registered client(s)? Their grants and refresh tokens stop working.`, flags.yes === true);
    for (const id of ids) {
      try {
        await clients.remove(api, id);
        summary.deleted.push(id);
        ctx.log.debug(`deleted client '${id}'`);
      } catch (err) {
        summary.failed.push({ clientId: id, error: (err as Error).message });
        ctx.log.warn(`client '${id}' was not deleted: ${(err as Error).message}`);
      }
    }
    ctx.log.info(
      `Deleted ${summary.deleted.length} of ${ids.length} matching dynamically registered clients${summary.failed.length ? ` (${summary.failed.length} failed)` : ''}; ${all.length - summary.deleted.length} clients remain.`,
    );
    return { json: summary, exitCode: summary.failed.length === 0 ? ExitCode.ok : ExitCode.http };
  },
});

export const commands: CommandSpec<any>[] = [deleteDynamicClients];
