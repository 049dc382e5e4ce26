/**
 * Identity Services: overlay URIs of blueprint-managed clients (octo-cli-commands.md §5.1; identity-api.md §2.1, §3.1).
 * Entries are stored with source `overlay:<name>` and survive blueprint re-apply.
 */
import { defineCommand, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag } from '../cli/flags.js';
import { exactHttpUrl, normalizeOrigin, origin, safeName } from '../cli/checks.js';
import { confirm } from '../cli/prompt.js';
import { listOf, type Column } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as overlays from '../api/resources/clientOverlays.js';
import type { CleanResult, OverlayCount } from '../api/resources/clientOverlays.js';
import { UsageError } from '../errors.js';
import { GROUP, clientIdFlag, yesFlag } from './shared.js';

const overlayNameFlag = flag.string('overlayName', { short: 'n', valueName: '<overlay>', check: safeName('overlay name') });

type OverlayRow = { list: string; count?: OverlayCount };

const OVERLAY_COLUMNS: readonly Column<OverlayRow>[] = [
  { header: 'List', value: (row) => row.list },
  { header: 'Added', value: (row) => row.count?.added ?? 0 },
  { header: 'Skipped (duplicate)', value: (row) => row.count?.skippedDuplicate ?? 0 },
];

const CLEAN_COLUMNS: readonly Column<NonNullable<CleanResult['clientResults']>[number]>[] = [
  { header: 'Client id', value: (c) => c.clientId },
  { header: 'Redirect URIs removed', value: (c) => c.redirectUrisRemoved ?? 0 },
  { header: 'Post-logout removed', value: (c) => c.postLogoutRedirectUrisRemoved ?? 0 },
  { header: 'CORS origins removed', value: (c) => c.allowedCorsOriginsRemoved ?? 0 },
];

const applyClientOverlay = defineCommand({
  name: 'ApplyClientOverlay',
  effect: 'write',
  output: { columns: OVERLAY_COLUMNS, json: jsonObject('OverlayResult', ['overlayName', 'clientId', 'redirectUris', 'postLogoutRedirectUris', 'allowedCorsOrigins']) },
  group: GROUP,
  description: 'Applies an overlay URI set (RedirectUris / PostLogoutRedirectUris / AllowedCorsOrigins) to a blueprint-managed client.',
  flags: {
    clientId: clientIdFlag.with({ required: true, description: 'The ClientId to apply the overlay to. Must already exist.' }),
    overlayName: overlayNameFlag.with({ required: true, description: "Overlay name; entries are stored with source 'overlay:<name>'. Letters, digits, '.', '_' and '-' only." }),
    redirectUris: flag.csv('redirectUris', { short: 'r', valueName: '<uri,uri,…>', check: exactHttpUrl, description: 'Comma-separated redirect URIs to add.' }),
    postLogoutRedirectUris: flag.csv('postLogoutRedirectUris', { short: 'plr', valueName: '<uri,uri,…>', check: exactHttpUrl, description: 'Comma-separated post-logout redirect URIs to add.' }),
    allowedCorsOrigins: flag.csv('allowedCorsOrigins', { short: 'co', valueName: '<origin,…>', check: origin, description: 'Comma-separated CORS origins to add (scheme://host[:port]; a trailing slash is removed, a path is refused).' }),
  },
  examples: [
    {
      command: 'octo-cli -c ApplyClientOverlay -id "octo-data-refinery-studio" -n "local-dev" -r "http://localhost:4200/auth-callback,http://localhost:4200/silent-callback" -plr "http://localhost:4200/" -co "http://localhost:4200"',
      description: 'Inject the local-dev redirect / post-logout / CORS triple into the Refinery Studio client.',
    },
    { command: 'octo-cli -c ApplyClientOverlay -id "octo-data-refinery-studio" -n "local-dev" -r "http://localhost:4200/auth-callback"', description: 'Single-list usage: only RedirectUris is added; the other lists are untouched.' },
  ],
  notes: [
    "New entries are kept across blueprint re-apply. Idempotent: URIs already present (from any source) are skipped.",
    'At least one of -r, -plr, -co must contain a URI (checked before anything is sent).',
    'URIs must be absolute http(s) URLs without wildcards; CORS origins must be bare origins: the server compares them exactly, so a trailing slash is removed (with a note on stderr) and a path is refused.',
  ],
  validate(flags) {
    if (![flags.redirectUris, flags.postLogoutRedirectUris, flags.allowedCorsOrigins].some((l) => l && l.length > 0)) {
      throw new UsageError('At least one of -r / -plr / -co must contain a non-whitespace URI.');
    }
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    // Scripts write origins with a trailing slash; the server compares origins exactly, so the slash is dropped here.
    const allowedCorsOrigins = flags.allowedCorsOrigins?.map((value) => {
      const bare = normalizeOrigin(value) ?? value;
      if (bare !== value) ctx.log.info(`CORS origin '${value}' sent as '${bare}' (an origin has no trailing slash)`);
      return bare;
    });
    const body = overlays.overlayUrisDto({ ...flags, allowedCorsOrigins });
    ctx.log.info(`Applying overlay '${flags.overlayName}' to client '${flags.clientId}' at '${api.baseUrl}'`);
    const data = await overlays.apply(api, flags.clientId, body);
    const r = data ?? {};
    const part = (name: string, c?: OverlayCount) => `${name}=${c?.added ?? 0} added / ${c?.skippedDuplicate ?? 0} skipped`;
    ctx.log.info(
      `Overlay '${flags.overlayName}' on '${flags.clientId}' applied: ${part('RedirectUris', r.redirectUris)}, ${part('PostLogoutRedirectUris', r.postLogoutRedirectUris)}, ${part('AllowedCorsOrigins', r.allowedCorsOrigins)}`,
    );
    const rows: OverlayRow[] = [
      { list: 'Redirect URIs', count: r.redirectUris },
      { list: 'Post-logout redirect URIs', count: r.postLogoutRedirectUris },
      { list: 'CORS origins', count: r.allowedCorsOrigins },
    ];
    return listOf(
      rows,
      OVERLAY_COLUMNS,
      { json: data ?? null },
    );
  },
});

const cleanClientOverlays = defineCommand({
  name: 'CleanClientOverlays',
  effect: 'delete',
  output: { columns: CLEAN_COLUMNS, json: jsonObject('CleanResult', ['overlayName', 'clientsAffected', 'totalEntriesRemoved', 'clientResults']) },
  group: GROUP,
  description: 'Strips overlay URI entries from every blueprint-managed client in the tenant.',
  flags: {
    overlayName: overlayNameFlag.with({ description: "Only entries of 'overlay:<name>'. Without it, every 'overlay:*' entry is removed." }),
    yes: yesFlag,
  },
  examples: [
    { command: 'octo-cli -c CleanClientOverlays', description: 'Strip every overlay:* entry from the active tenant (asks for confirmation).' },
    { command: 'octo-cli -c CleanClientOverlays -n "local-dev"', description: 'Strip only overlay:local-dev entries; other overlays survive.' },
    { command: 'octo-cli -c CleanClientOverlays -y', description: 'Skip the confirmation prompt (CI, dump pipelines).' },
  ],
  notes: [
    'Destructive: typical use is before a sanitised tenant dump; re-apply with ApplyClientOverlay afterwards.',
    'base, api and family:* entries are always preserved. Idempotent.',
    'Asks (y/N) on a terminal; without a terminal -y/--yes is required.',
  ],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const subject = flags.overlayName === undefined ? 'ALL overlay:* URI entries on every client' : `every overlay:${flags.overlayName} URI entry on every client`;
    await confirm(ctx, `Are you sure you want to strip ${subject}?`, flags.yes === true);
    ctx.log.info(`Stripping overlay entries (filter: ${flags.overlayName === undefined ? 'every overlay:*' : `overlay:${flags.overlayName}`}) at '${api.baseUrl}'`);
    const data = await overlays.clean(api, flags.overlayName);
    const r = data ?? {};
    ctx.log.info(`Clean complete: ${r.totalEntriesRemoved ?? 0} entries removed across ${r.clientsAffected ?? 0} client(s)`);
    // No table when no client was affected (the line above says so).
    return listOf(
      r.clientResults ?? [],
      CLEAN_COLUMNS,
      { json: data ?? null },
    );
  },
});

export const commands: CommandSpec<any>[] = [applyClientOverlay, cleanClientOverlays];
