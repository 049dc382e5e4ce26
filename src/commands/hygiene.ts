/**
 * Client hygiene: the expiring-secrets report (issue 14, part 2). GetExpiringSecrets reads every client and API
 * resource of the tenant and each one's secrets (bounded parallel requests), and reports them sorted by expiry with a
 * status, so a scheduled CI job can alert before a secret runs out (`--detailed-exitcode`).
 */
import { defineCommand, jsonArray, type CommandSpec } from '../cli/spec.js';
import type { RunContext } from '../cli/context.js';
import { flag } from '../cli/flags.js';
import { dateMillis, duration, durationMillis } from '../cli/checks.js';
import { listOf, type Column } from '../cli/output.js';
import { statusLine } from '../cli/status.js';
import { adminApi } from '../api/index.js';
import * as clients from '../api/resources/clients.js';
import * as apiResources from '../api/resources/apiResources.js';
import * as secrets from '../api/resources/secrets.js';
import { HttpError, ExitCode } from '../errors.js';
import { DEFAULT_PARALLEL, pool } from '../shared/pool.js';
import { hashPrefix } from '../shared/secrets.js';
import { GROUP, parallelFlag } from './shared.js';

export type SecretStatus = 'expired' | 'expiring' | 'ok' | 'never';

/** One secret in the report. */
export interface SecretReportRow {
  ownerKind: secrets.OwnerKind;
  owner: string;
  description: string | null;
  hash: string;
  hashPrefix: string;
  expirationDate: string | null;
  /** Whole days until the expiry (negative once expired); null for a secret without expiry. */
  daysLeft: number | null;
  status: SecretStatus;
}

const DAY_MS = 86_400_000;

/** Status and days left of one secret at `now`, with `windowMs` as the "expiring" window. */
export function secretStatus(expirationDate: string | null, now: number, windowMs: number): { status: SecretStatus; daysLeft: number | null } {
  if (!expirationDate) return { status: 'never', daysLeft: null };
  const at = dateMillis(expirationDate);
  if (Number.isNaN(at)) return { status: 'never', daysLeft: null };
  const daysLeft = Math.trunc((at - now) / DAY_MS) || 0; // whole days: -3 three days after, never -0
  if (at <= now) return { status: 'expired', daysLeft };
  return { status: at <= now + windowMs ? 'expiring' : 'ok', daysLeft };
}

/** Soonest expiry first; secrets without expiry last; then by owner. */
export function byExpiry(a: SecretReportRow, b: SecretReportRow): number {
  const at = (r: SecretReportRow) => (r.expirationDate ? dateMillis(r.expirationDate) : Infinity);
  return at(a) - at(b) || a.ownerKind.localeCompare(b.ownerKind) || a.owner.localeCompare(b.owner) || a.hash.localeCompare(b.hash);
}

/** "Reading secrets 120/502" on stderr, redrawn, on a terminal only (never when piped or under CI). */
function progress(ctx: RunContext, total: number): { tick(): void; stop(): void } {
  const line = statusLine(ctx.io);
  if (!line) return { tick() {}, stop() {} };
  let done = 0;
  line.show(`Reading secrets ${done}/${total}`, true);
  return {
    tick: () => line.show(`Reading secrets ${++done}/${total}`, done === total),
    stop: line.clear,
  };
}

const DEFAULT_WINDOW = '30d';

const EXPIRING_COLUMNS: readonly Column<SecretReportRow>[] = [
    { header: 'Owner kind', value: (r: SecretReportRow) => (r.ownerKind === 'client' ? 'client' : 'API resource') },
    { header: 'Owner', value: (r) => r.owner, shrink: true },
    { header: 'Description', value: (r) => r.description, shrink: true },
    { header: 'Hash', value: (r) => `${r.hashPrefix}…` },
    { header: 'Expires', value: (r) => r.expirationDate ?? 'never' },
    { header: 'Days left', value: (r) => r.daysLeft },
    { header: 'Status', value: (r) => r.status },
  ];

const getExpiringSecrets = defineCommand({
  name: 'GetExpiringSecrets',
  effect: 'read',
  output: { columns: EXPIRING_COLUMNS, json: jsonArray('SecretReportRow', ['ownerKind', 'owner', 'description', 'hash', 'hashPrefix', 'expirationDate', 'status', 'daysLeft']) },
  group: GROUP,
  ours: true,
  description: 'Reports every secret of every client and API resource of the tenant, sorted by expiry.',
  flags: {
    within: flag.string('within', { ours: true, valueName: '<duration>', check: duration, description: 'The window in which a secret counts as expiring: 30s, 90m, 36h, 7d (default 30d).' }),
    includeExpired: flag.presence('include-expired', { ours: true, description: 'Also list secrets that have expired (the service refuses them already; left out by default).' }),
    detailedExitcode: flag.presence('detailed-exitcode', { ours: true, description: 'Exit 2 when a listed secret is expired or expiring, 0 otherwise (errors keep their codes), for a scheduled CI alert.' }),
    parallel: parallelFlag.with({ ours: true }),
  },
  examples: [
    { command: 'octo-cli -c GetExpiringSecrets', description: 'Owner kind, owner, description, hash prefix, expiry, days left and status (expiring within 30 days, ok, never).' },
    { command: 'octo-cli -c GetExpiringSecrets --within 14d --include-expired --detailed-exitcode -o json', description: 'A nightly CI check: the JSON for the alert, exit code 2 when something needs attention.' },
  ],
  notes: [
    'Status: expired (the service refuses it), expiring (inside --within), ok, never (no expiry). Sorted by expiry, soonest first; secrets without expiry last.',
    'Expired secrets (old ones left by a rotation, say) are left out unless --include-expired; a note on stderr counts them.',
    'Dynamically registered clients are public and hold no secrets; they are not read. A progress line is shown on a terminal.',
  ],
  async run(ctx, flags) {
    const windowMs = durationMillis(flags.within ?? DEFAULT_WINDOW);
    const api = await adminApi(ctx);
    ctx.log.debug(`Reading clients and API resources from '${api.baseUrl}'`);
    const [clientList, resourceList] = await Promise.all([clients.list(api), apiResources.list(api)]);
    const owners: secrets.Owner[] = [
      ...clientList.filter((c) => c.clientId && c.dynamicRegistration !== true).map((c) => ({ kind: 'client' as const, id: c.clientId! })),
      ...resourceList.filter((r) => r.name).map((r) => ({ kind: 'apiResource' as const, id: r.name! })),
    ];
    const bar = progress(ctx, owners.length);
    let lists: Array<readonly [secrets.Owner, secrets.ApiSecretDto[]]>;
    try {
      lists = await pool(
        flags.parallel ?? DEFAULT_PARALLEL,
        owners.map((owner) => async () => {
          try {
            return [owner, await secrets.list(api, owner)] as const;
          } catch (err) {
            // Deleted since the list was read: nothing to report.
            if (err instanceof HttpError && err.status === 404) return [owner, []] as const;
            throw err;
          } finally {
            bar.tick();
          }
        }),
        ctx.signal,
      );
    } finally {
      bar.stop();
    }

    const now = ctx.now();
    const all: SecretReportRow[] = lists.flatMap(([owner, list]) =>
      list.map((s) => ({
        ownerKind: owner.kind,
        owner: owner.id,
        description: s.description ?? null,
        hash: s.valueEncrypted ?? '',
        hashPrefix: hashPrefix(s.valueEncrypted),
        expirationDate: s.expirationDate ?? null,
        ...secretStatus(s.expirationDate ?? null, now, windowMs),
      })),
    );
    const rows = all.filter((r) => flags.includeExpired || r.status !== 'expired').sort(byExpiry);
    const hiddenExpired = all.length - rows.length;
    const attention = rows.filter((r) => r.status === 'expired' || r.status === 'expiring').length;
    ctx.log.info(
      `${all.length} secret(s) of ${owners.length} clients and API resources: ${attention} expired or expiring within ${flags.within ?? DEFAULT_WINDOW}` +
        (hiddenExpired ? `; ${hiddenExpired} expired not shown (--include-expired)` : ''),
    );
    return listOf(rows, EXPIRING_COLUMNS, { empty: 'No secrets found', exitCode: flags.detailedExitcode && attention > 0 ? EXPIRING : ExitCode.ok });
  },
});

/** Exit code of GetExpiringSecrets --detailed-exitcode when a secret needs attention (as Plan's "changes pending"). */
export const EXPIRING = 2;

export const commands: CommandSpec<any>[] = [getExpiringSecrets];
