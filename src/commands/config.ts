/** `Config`: configures the active context (General group), as the original. */
import { defineCommand, type CommandSpec, type FlagSpec } from '../cli/spec.js';
import type { ContextsFile, OctoToolOptions } from '../config/contexts.js';
import { findContextKey } from '../config/contexts.js';
import { checkHttpUrl, checkIdentifier, withoutUserinfo } from './shared.js';
import { printJson } from '../cli/output.js';
import type { RunContext } from '../cli/context.js';

/** The option flags shared by Config and AddContext, mapped to OctoToolOptions keys. */
export const SERVICE_FLAGS: ReadonlyArray<FlagSpec & { option: keyof OctoToolOptions & string }> = [
  { long: 'identityServicesUri', short: 'isu', type: 'string', valueName: '<url>', option: 'IdentityServiceUrl', description: 'URL of the Identity Services, e.g. https://localhost:5003/' },
  { long: 'assetServicesUri', short: 'asu', type: 'string', valueName: '<url>', option: 'AssetServiceUrl', description: 'URL of the Asset Repository Services.' },
  { long: 'botServicesUri', short: 'bsu', type: 'string', valueName: '<url>', option: 'BotServiceUrl', description: 'URL of the Bot Services.' },
  { long: 'communicationServicesUri', short: 'csu', type: 'string', valueName: '<url>', option: 'CommunicationServiceUrl', description: 'URL of the Communication Services.' },
  { long: 'tenantId', short: 'tid', type: 'string', pathSegment: true, valueName: '<tenant>', option: 'TenantId', description: 'Tenant id, e.g. octosystem.' },
  { long: 'reportingServicesUri', short: 'rsu', type: 'string', valueName: '<url>', option: 'ReportingServiceUrl', description: 'URL of the Reporting Services.' },
  { long: 'aiServicesUri', short: 'aisu', type: 'string', valueName: '<url>', option: 'AiServiceUrl', description: 'URL of the AI Services.' },
];

/** `HTTPS://IDS.Example/Tenant` → `https://ids.example/Tenant`: scheme and host are case-insensitive, the rest is not. */
export function lowerSchemeAndHost(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  return m ? `${m[1]!.toLowerCase()}${m[2]!.toLowerCase()}${m[3]}` : url;
}

/** Validates the service flags (before anything is written) and returns the options block they describe. */
export function optionsFromFlags(flags: Record<string, unknown>): OctoToolOptions {
  const options: OctoToolOptions = {};
  for (const f of SERVICE_FLAGS) {
    const value = flags[f.long];
    if (typeof value !== 'string') continue;
    const label = `--${f.long} (-${f.short})`;
    const trimmed = value.trim();
    if (f.option === 'TenantId') {
      // The original lowercases the tenant id; the service treats tenant ids case-insensitively.
      const lower = trimmed.toLowerCase();
      checkIdentifier(label, lower);
      options[f.option] = lower;
      continue;
    }
    checkHttpUrl(label, trimmed);
    // The original lowercased whole URLs; a path (or anything after the host) keeps its case.
    options[f.option] = lowerSchemeAndHost(trimmed);
  }
  return options;
}

/**
 * AddContext/Config accept a plain-http identity URL (the local service runs on http://127.0.0.1), but on a host
 * that is not loopback every request to it will be refused until OCTO_CLI_ALLOW_INSECURE_HTTP=1: say so now.
 */
export async function warnIfPlainHttp(ctx: RunContext, options: OctoToolOptions): Promise<void> {
  const url = options.IdentityServiceUrl;
  if (typeof url !== 'string' || !url.startsWith('http:')) return;
  const { isLoopbackHost } = await import('../api/http.js');
  if (isLoopbackHost(new URL(url).hostname)) return;
  ctx.log.warn(`${url} uses plain http: octo-cli will refuse to send credentials to it unless OCTO_CLI_ALLOW_INSECURE_HTTP=1 is set; use https`);
}

/** Replaces the options we own, keeping unknown keys of the block. */
export function replaceOptions(existing: OctoToolOptions | undefined, next: OctoToolOptions): OctoToolOptions {
  const kept: OctoToolOptions = {};
  const owned = new Set(SERVICE_FLAGS.map((f) => f.option));
  for (const [k, v] of Object.entries(existing ?? {})) if (!owned.has(k)) kept[k] = v;
  return { ...kept, ...next };
}

/** The original's activation rule: the new/updated context becomes active when none is, or it is the only one. */
export function activateIfAlone(file: ContextsFile, key: string): void {
  if (!findContextKey(file, file.ActiveContext) || Object.keys(file.Contexts).length === 1) file.ActiveContext = key;
}

function shownUrl(value: unknown): string | null {
  return typeof value === 'string' ? withoutUserinfo(value) : null;
}

export function contextJson(name: string, options: OctoToolOptions | undefined, active: boolean) {
  return {
    name,
    isActive: active,
    tenant: options?.TenantId ?? null,
    // A hand-edited file may hold user:password@ in a URL: never shown.
    services: {
      identity: shownUrl(options?.IdentityServiceUrl),
      asset: shownUrl(options?.AssetServiceUrl),
      bot: shownUrl(options?.BotServiceUrl),
      communication: shownUrl(options?.CommunicationServiceUrl),
      reporting: shownUrl(options?.ReportingServiceUrl),
      ai: shownUrl(options?.AiServiceUrl),
    },
  };
}

/** Forget a context's tokens when its identity URL or tenant changed (they belong to the old service). */
export async function forgetIfRetargeted(ctx: RunContext, name: string, before: OctoToolOptions | undefined, after: OctoToolOptions): Promise<boolean> {
  if (!before) return false;
  const same = (before.IdentityServiceUrl ?? null) === (after.IdentityServiceUrl ?? null) && (before.TenantId ?? null) === (after.TenantId ?? null);
  if (same) return false;
  await ctx.session.forget(ctx, name);
  return true;
}

const config = defineCommand({
  name: 'Config',
  group: 'General',
  description: 'Configures the active context.',
  flags: SERVICE_FLAGS.map((f) => ({ ...f, required: f.option === 'IdentityServiceUrl' })),
  examples: [
    { command: 'octo-cli -c Config -isu "https://localhost:5003/" -tid "meshtest"', description: 'Point the active context (or a new "default" one) at an identity service and tenant.' },
  ],
  notes: [
    'Replaces the whole options block of the active context, as the original: a URL or tenant not given is removed. Tokens are kept unless the identity URL or tenant changes.',
    'With no active context, a context named "default" is created (or updated) and becomes active when it is the only one.',
    'The tenant id and the scheme and host of URLs are lowercased (the original lowercased whole URLs, paths included). A URL with a user name or password (user:password@host) is refused.',
  ],
  async run(ctx, flags) {
    const options = optionsFromFlags(flags);
    await warnIfPlainHttp(ctx, options);
    const result = await ctx.contexts.update(async (file) => {
      const key = findContextKey(file, file.ActiveContext) ?? findContextKey(file, 'default') ?? 'default';
      const entry = file.Contexts[key] ?? {};
      const before = entry.OctoToolOptions;
      entry.OctoToolOptions = replaceOptions(before, options);
      const forgot = await forgetIfRetargeted(ctx, key, before, entry.OctoToolOptions);
      if (forgot && entry.Authentication) entry.Authentication = null;
      file.Contexts[key] = entry;
      activateIfAlone(file, key);
      return { key, entry, active: findContextKey(file, file.ActiveContext) === key };
    });
    ctx.log.info(`Configured context '${result.key}'${result.active ? ' (active)' : ''}: identity ${options.IdentityServiceUrl}, tenant ${options.TenantId ?? '(not set)'}`);
    if (ctx.output === 'json') printJson(ctx, contextJson(result.key, result.entry.OctoToolOptions, result.active));
  },
});

export const commands: CommandSpec<any>[] = [config];
