/**
 * Identity Services: mirrors of flagged ClientCredentials clients in child tenants (octo-cli-commands.md §5.1;
 * identity-api.md §2.1).
 */
import { defineCommand, type CommandSpec, type FlagSpec } from '../cli/spec.js';
import { confirm } from '../cli/prompt.js';
import { printJson, printKeyValue } from '../cli/output.js';
import { adminApi, path } from '../api/index.js';
import { asArray, jsonResult, printList, yesFlag } from './shared.js';
import { GROUP, checkToken, label } from './identity-shared.js';

const clientIdFlag = { long: 'clientId', short: 'id', type: 'string', pathSegment: true, valueName: '<client-id>' } as const;
const childTenantFlag = { long: 'child-tenant-id', short: 'ctid', type: 'string', pathSegment: true, valueName: '<tenant>' } as const;
const L = { clientId: label(clientIdFlag as FlagSpec), childTenant: label(childTenantFlag as FlagSpec) };

interface MirrorDto {
  parentClientId?: string;
  parentTenantId?: string;
  childTenantId?: string;
  provisionedAt?: string;
  secretHashVersion?: number;
}

const getClientMirrors = defineCommand<{ clientId: string }>({
  name: 'GetClientMirrors',
  group: GROUP,
  description: 'Lists the sub-tenants a ClientCredentials client has been auto-provisioned into.',
  flags: [{ ...clientIdFlag, required: true, description: 'The ClientId whose mirror sub-tenants you want to list.' }],
  examples: [{ command: 'octo-cli -c GetClientMirrors -id "ci-deploy"', description: 'A table: child tenant, parent tenant, provisioned at, secret hash version.' }],
  notes: ['With --output json an empty result prints [] (as the original).'],
  validate(flags) {
    checkToken(L.clientId, flags.clientId);
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.debug(`Listing mirrors for client '${flags.clientId}' at '${api.baseUrl}'`);
    const { data } = await api.get<unknown>(path`clients/${flags.clientId}/mirrors`, { entity: `client '${flags.clientId}'` });
    const mirrors = asArray<MirrorDto>(data, `mirrors of client '${flags.clientId}'`);
    await printList(
      ctx,
      mirrors,
      [
        { header: 'Child tenant', value: (m) => m.childTenantId },
        { header: 'Parent tenant', value: (m) => m.parentTenantId },
        { header: 'Parent client', value: (m) => m.parentClientId },
        { header: 'Provisioned at', value: (m) => m.provisionedAt },
        { header: 'Secret hash version', value: (m) => m.secretHashVersion },
      ],
      `Client '${flags.clientId}' has no mirrors in child tenants`,
    );
  },
});

const provisionClientInExistingTenants = defineCommand<{ clientId: string }>({
  name: 'ProvisionClientInExistingTenants',
  group: GROUP,
  description: 'Backfill: provisions a flagged ClientCredentials client into every existing sub-tenant of the active context tenant. Idempotent.',
  flags: [{ ...clientIdFlag, required: true, description: 'The ClientId to backfill. Must already have AutoProvisionInChildTenants enabled (SetClientAutoProvision).' }],
  examples: [{ command: 'octo-cli -c ProvisionClientInExistingTenants -id "ci-deploy"', description: '' }],
  notes: ['The server answers 400 when the client is not flagged AutoProvisionInChildTenants.'],
  validate(flags) {
    checkToken(L.clientId, flags.clientId);
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Backfilling client '${flags.clientId}' into existing sub-tenants at '${api.baseUrl}'`);
    const { data } = await api.post<{ childTenantsConsidered?: number; newlyProvisioned?: number; alreadyPresent?: number }>(
      path`clients/${flags.clientId}/mirrors/provisionInExistingTenants`,
      { entity: `client '${flags.clientId}'` },
    );
    const r = data ?? {};
    ctx.log.info(`Backfill complete: ${r.childTenantsConsidered ?? 0} sub-tenant(s) considered, ${r.newlyProvisioned ?? 0} newly provisioned, ${r.alreadyPresent ?? 0} already present`);
    if (ctx.output === 'json') return printJson(ctx, data ?? null);
    await printKeyValue(ctx, [
      ['Sub-tenants considered', r.childTenantsConsidered ?? 0],
      ['Newly provisioned', r.newlyProvisioned ?? 0],
      ['Already present', r.alreadyPresent ?? 0],
    ]);
  },
});

type ChildTenantFlags = { clientId: string; childTenantId: string; yes?: boolean };

const provisionClientInTenant = defineCommand<ChildTenantFlags>({
  name: 'ProvisionClientInTenant',
  group: GROUP,
  description: 'Manually provisions a flagged ClientCredentials client into one specific sub-tenant.',
  flags: [
    { ...clientIdFlag, required: true, description: 'The ClientId to provision. Must already have AutoProvisionInChildTenants enabled.' },
    { ...childTenantFlag, required: true, description: 'Id of the child tenant to provision the client into.' },
  ],
  examples: [{ command: 'octo-cli -c ProvisionClientInTenant -id "ci-deploy" -ctid "customer-a"', description: '' }],
  notes: ['The server answers 400 when the client is not flagged AutoProvisionInChildTenants.'],
  validate(flags) {
    checkToken(L.clientId, flags.clientId);
    checkToken(L.childTenant, flags.childTenantId);
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Provisioning client '${flags.clientId}' into child tenant '${flags.childTenantId}' at '${api.baseUrl}'`);
    const { data } = await api.post<{ flaggedClientsConsidered?: number; newlyProvisioned?: number; alreadyPresent?: number }>(
      path`clients/${flags.clientId}/mirrors/provisionInTenant`,
      { query: { childTenantId: flags.childTenantId }, entity: `client '${flags.clientId}' or tenant '${flags.childTenantId}'` },
    );
    const r = data ?? {};
    ctx.log.info(`Provision complete: ${r.flaggedClientsConsidered ?? 0} flagged client(s), ${r.newlyProvisioned ?? 0} newly provisioned, ${r.alreadyPresent ?? 0} already present`);
    if (ctx.output === 'json') return printJson(ctx, data ?? null);
    await printKeyValue(ctx, [
      ['Flagged clients considered', r.flaggedClientsConsidered ?? 0],
      ['Newly provisioned', r.newlyProvisioned ?? 0],
      ['Already present', r.alreadyPresent ?? 0],
    ]);
  },
});

const unprovisionClientFromTenant = defineCommand<ChildTenantFlags>({
  name: 'UnprovisionClientFromTenant',
  group: GROUP,
  description: "Removes a single client mirror (drops the child-side client + the parent's tracking row).",
  flags: [
    { ...clientIdFlag, required: true, description: 'The mirrored ClientId.' },
    { ...childTenantFlag, required: true, description: 'Id of the child tenant whose mirror should be removed.' },
    yesFlag,
  ],
  examples: [{ command: 'octo-cli -c UnprovisionClientFromTenant -id "ci-deploy" -ctid "customer-a" -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.'],
  validate(flags) {
    checkToken(L.clientId, flags.clientId);
    checkToken(L.childTenant, flags.childTenantId);
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    await confirm(
      ctx,
      `Remove client '${flags.clientId}' from child tenant '${flags.childTenantId}'? The mirror client will be erased from the child tenant's identity DB.`,
      flags.yes === true,
    );
    ctx.log.info(`Unprovisioning client '${flags.clientId}' from child tenant '${flags.childTenantId}' at '${api.baseUrl}'`);
    await api.delete(path`clients/${flags.clientId}/mirrors/${flags.childTenantId}`, { entity: `mirror of client '${flags.clientId}' in '${flags.childTenantId}'` });
    ctx.log.info(`Mirror for client '${flags.clientId}' in child '${flags.childTenantId}' removed`);
    jsonResult(ctx, { clientId: flags.clientId, childTenantId: flags.childTenantId, removed: true });
  },
});

const setClientAutoProvision = defineCommand<{ clientId: string; enabled: boolean }>({
  name: 'SetClientAutoProvision',
  group: GROUP,
  description: 'Flips the AutoProvisionInChildTenants flag on an existing ClientCredentials client.',
  flags: [
    { ...clientIdFlag, required: true, description: 'The ClientId on which to set the flag.' },
    { long: 'enabled', short: 'e', type: 'bool', required: true, description: 'true to enable auto-provisioning into child tenants, false to disable.' },
  ],
  examples: [{ command: 'octo-cli -c SetClientAutoProvision -id "ci-deploy" -e true', description: '' }],
  notes: ['Enabling does not backfill existing sub-tenants: run ProvisionClientInExistingTenants for that.'],
  validate(flags) {
    checkToken(L.clientId, flags.clientId);
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Setting AutoProvisionInChildTenants=${flags.enabled} for client '${flags.clientId}' at '${api.baseUrl}'`);
    await api.patch(path`clients/${flags.clientId}/autoProvisionInChildTenants`, { body: { enabled: flags.enabled }, entity: `client '${flags.clientId}'` });
    ctx.log.info(`AutoProvisionInChildTenants for client '${flags.clientId}' now ${flags.enabled ? 'enabled' : 'disabled'}`);
    jsonResult(ctx, { clientId: flags.clientId, autoProvisionInChildTenants: flags.enabled });
  },
});

export const commands: CommandSpec<any>[] = [
  getClientMirrors,
  provisionClientInExistingTenants,
  provisionClientInTenant,
  unprovisionClientFromTenant,
  setClientAutoProvision,
];
