/**
 * Identity Services: mirrors of flagged ClientCredentials clients in child tenants (octo-cli-commands.md §5.1;
 * identity-api.md §2.1).
 */
import { defineCommand, jsonArray, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag } from '../cli/flags.js';
import { identifier } from '../cli/checks.js';
import { confirm } from '../cli/prompt.js';
import { listOf, type Column } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as mirrors from '../api/resources/clientMirrors.js';
import { GROUP, clientIdFlag as anyClientIdFlag, yesFlag } from './shared.js';

const clientIdFlag = anyClientIdFlag.with({ required: true });
const childTenantFlag = flag.string('child-tenant-id', { short: 'ctid', required: true, pathSegment: true, valueName: '<tenant>', check: identifier });

const MIRROR_COLUMNS: readonly Column<mirrors.MirrorDto>[] = [
  { header: 'Child tenant', value: (m) => m.childTenantId },
  { header: 'Parent tenant', value: (m) => m.parentTenantId },
  { header: 'Parent client', value: (m) => m.parentClientId },
  { header: 'Provisioned at', value: (m) => m.provisionedAt },
  { header: 'Secret hash version', value: (m) => m.secretHashVersion },
];

const getClientMirrors = defineCommand({
  name: 'GetClientMirrors',
  effect: 'read',
  output: { columns: MIRROR_COLUMNS, json: jsonArray('MirrorDto', ['parentClientId', 'parentTenantId', 'childTenantId', 'provisionedAt', 'secretHashVersion']) },
  group: GROUP,
  description: 'Lists the sub-tenants a ClientCredentials client has been auto-provisioned into.',
  flags: { clientId: clientIdFlag.with({ description: 'The ClientId whose mirror sub-tenants you want to list.' }) },
  examples: [{ command: 'octo-cli -c GetClientMirrors -id "ci-deploy"', description: 'A table: child tenant, parent tenant, provisioned at, secret hash version.' }],
  notes: ['With --output json an empty result prints [] (as the original).'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.debug(`Listing mirrors for client '${flags.clientId}' at '${api.baseUrl}'`);
    return listOf(
      await mirrors.list(api, flags.clientId),
      MIRROR_COLUMNS,
      { empty: `Client '${flags.clientId}' has no mirrors in child tenants` },
    );
  },
});

const provisionClientInExistingTenants = defineCommand({
  name: 'ProvisionClientInExistingTenants',
  effect: 'write',
  output: { rows: ['Sub-tenants considered', 'Newly provisioned', 'Already present'], json: jsonObject('BackfillResult', ['childTenantsConsidered', 'newlyProvisioned', 'alreadyPresent']) },
  group: GROUP,
  description: 'Backfill: provisions a flagged ClientCredentials client into every existing sub-tenant of the active context tenant. Idempotent.',
  flags: { clientId: clientIdFlag.with({ description: 'The ClientId to backfill. Must already have AutoProvisionInChildTenants enabled (SetClientAutoProvision).' }) },
  examples: [{ command: 'octo-cli -c ProvisionClientInExistingTenants -id "ci-deploy"', description: '' }],
  notes: ['The server answers 400 when the client is not flagged AutoProvisionInChildTenants.'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Backfilling client '${flags.clientId}' into existing sub-tenants at '${api.baseUrl}'`);
    const data = await mirrors.provisionInExistingTenants(api, flags.clientId);
    const r = data ?? {};
    ctx.log.info(`Backfill complete: ${r.childTenantsConsidered ?? 0} sub-tenant(s) considered, ${r.newlyProvisioned ?? 0} newly provisioned, ${r.alreadyPresent ?? 0} already present`);
    return {
      view: [
        ['Sub-tenants considered', r.childTenantsConsidered ?? 0],
        ['Newly provisioned', r.newlyProvisioned ?? 0],
        ['Already present', r.alreadyPresent ?? 0],
      ],
      json: data ?? null,
    };
  },
});

const provisionClientInTenant = defineCommand({
  name: 'ProvisionClientInTenant',
  effect: 'write',
  output: { rows: ['Flagged clients considered', 'Newly provisioned', 'Already present'], json: jsonObject('ProvisionResult', ['flaggedClientsConsidered', 'newlyProvisioned', 'alreadyPresent']) },
  group: GROUP,
  description: 'Manually provisions a flagged ClientCredentials client into one specific sub-tenant.',
  flags: {
    clientId: clientIdFlag.with({ description: 'The ClientId to provision. Must already have AutoProvisionInChildTenants enabled.' }),
    childTenantId: childTenantFlag.with({ description: 'Id of the child tenant to provision the client into.' }),
  },
  examples: [{ command: 'octo-cli -c ProvisionClientInTenant -id "ci-deploy" -ctid "customer-a"', description: '' }],
  notes: ['The server answers 400 when the client is not flagged AutoProvisionInChildTenants.'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Provisioning client '${flags.clientId}' into child tenant '${flags.childTenantId}' at '${api.baseUrl}'`);
    const data = await mirrors.provisionInTenant(api, flags.clientId, flags.childTenantId);
    const r = data ?? {};
    ctx.log.info(`Provision complete: ${r.flaggedClientsConsidered ?? 0} flagged client(s), ${r.newlyProvisioned ?? 0} newly provisioned, ${r.alreadyPresent ?? 0} already present`);
    return {
      view: [
        ['Flagged clients considered', r.flaggedClientsConsidered ?? 0],
        ['Newly provisioned', r.newlyProvisioned ?? 0],
        ['Already present', r.alreadyPresent ?? 0],
      ],
      json: data ?? null,
    };
  },
});

const unprovisionClientFromTenant = defineCommand({
  name: 'UnprovisionClientFromTenant',
  effect: 'delete',
  output: { json: jsonObject('MirrorRemoved', ['clientId', 'childTenantId', 'removed']) },
  group: GROUP,
  description: "Removes a single client mirror (drops the child-side client + the parent's tracking row).",
  flags: {
    clientId: clientIdFlag.with({ description: 'The mirrored ClientId.' }),
    childTenantId: childTenantFlag.with({ description: 'Id of the child tenant whose mirror should be removed.' }),
    yes: yesFlag,
  },
  examples: [{ command: 'octo-cli -c UnprovisionClientFromTenant -id "ci-deploy" -ctid "customer-a" -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    await confirm(
      ctx,
      `Remove client '${flags.clientId}' from child tenant '${flags.childTenantId}'? The mirror client will be erased from the child tenant's identity DB.`,
      flags.yes === true,
    );
    ctx.log.info(`Unprovisioning client '${flags.clientId}' from child tenant '${flags.childTenantId}' at '${api.baseUrl}'`);
    await mirrors.unprovision(api, flags.clientId, flags.childTenantId);
    ctx.log.info(`Mirror for client '${flags.clientId}' in child '${flags.childTenantId}' removed`);
    return { json: { clientId: flags.clientId, childTenantId: flags.childTenantId, removed: true } };
  },
});

const setClientAutoProvision = defineCommand({
  name: 'SetClientAutoProvision',
  effect: 'write',
  output: { json: jsonObject('AutoProvision', ['clientId', 'autoProvisionInChildTenants']) },
  group: GROUP,
  description: 'Flips the AutoProvisionInChildTenants flag on an existing ClientCredentials client.',
  flags: {
    clientId: clientIdFlag.with({ description: 'The ClientId on which to set the flag.' }),
    enabled: flag.bool('enabled', { short: 'e', required: true, description: 'true to enable auto-provisioning into child tenants, false to disable.' }),
  },
  examples: [{ command: 'octo-cli -c SetClientAutoProvision -id "ci-deploy" -e true', description: '' }],
  notes: ['Enabling does not backfill existing sub-tenants: run ProvisionClientInExistingTenants for that.'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Setting AutoProvisionInChildTenants=${flags.enabled} for client '${flags.clientId}' at '${api.baseUrl}'`);
    await mirrors.setAutoProvision(api, flags.clientId, flags.enabled);
    ctx.log.info(`AutoProvisionInChildTenants for client '${flags.clientId}' now ${flags.enabled ? 'enabled' : 'disabled'}`);
    return { json: { clientId: flags.clientId, autoProvisionInChildTenants: flags.enabled } };
  },
});

export const commands: CommandSpec<any>[] = [
  getClientMirrors,
  provisionClientInExistingTenants,
  provisionClientInTenant,
  unprovisionClientFromTenant,
  setClientAutoProvision,
];
