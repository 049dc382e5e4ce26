/** `Config`: configures the active context (General group), as the original. */
import { defineCommand, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag, type Check } from '../cli/flags.js';
import { httpUrl, identifier, trimmed, withoutUserinfo } from '../cli/checks.js';
import type { ContextsFile, OctoToolOptions } from '../config/contexts.js';
import { findContextKey } from '../config/contexts.js';
import type { RunContext } from '../cli/context.js';

/** URLs are used trimmed. */
const url = trimmed(httpUrl);
/** The original lowercases the tenant id; the service treats tenant ids case-insensitively. */
const tenant: Check<string> = (value, label, env) => identifier(value.trim().toLowerCase(), label, env);

/** The option flags shared by Config and AddContext. */
export const SERVICE_FLAGS = {
  identityServicesUri: flag.string('identityServicesUri', { short: 'isu', valueName: '<url>', check: url, description: 'URL of the Identity Services, e.g. https://localhost:5003/' }),
  assetServicesUri: flag.string('assetServicesUri', { short: 'asu', valueName: '<url>', check: url, description: 'URL of the Asset Repository Services.' }),
  botServicesUri: flag.string('botServicesUri', { short: 'bsu', valueName: '<url>', check: url, description: 'URL of the Bot Services.' }),
  communicationServicesUri: flag.string('communicationServicesUri', { short: 'csu', valueName: '<url>', check: url, description: 'URL of the Communication Services.' }),
  tenantId: flag.string('tenantId', { short: 'tid', pathSegment: true, valueName: '<tenant>', check: tenant, description: 'Tenant id, e.g. octosystem.' }),
  reportingServicesUri: flag.string('reportingServicesUri', { short: 'rsu', valueName: '<url>', check: url, description: 'URL of the Reporting Services.' }),
  aiServicesUri: flag.string('aiServicesUri', { short: 'aisu', valueName: '<url>', check: url, description: 'URL of the AI Services.' }),
};

/** The OctoToolOptions key each service flag sets. */
const SERVICE_OPTIONS: Record<keyof typeof SERVICE_FLAGS, keyof OctoToolOptions & string> = {
  identityServicesUri: 'IdentityServiceUrl',
  assetServicesUri: 'AssetServiceUrl',
  botServicesUri: 'BotServiceUrl',
  communicationServicesUri: 'CommunicationServiceUrl',
  tenantId: 'TenantId',
  reportingServicesUri: 'ReportingServiceUrl',
  aiServicesUri: 'AiServiceUrl',
};

/** `HTTPS://IDS.Example/Tenant` → `https://ids.example/Tenant`: scheme and host are case-insensitive, the rest is not. */
export function lowerSchemeAndHost(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  return m ? `${m[1]!.toLowerCase()}${m[2]!.toLowerCase()}${m[3]}` : url;
}

/** The options block the service flags describe (their values were checked by the parser). */
export function optionsFromFlags(flags: Partial<Record<keyof typeof SERVICE_FLAGS, string>>): OctoToolOptions {
  const options: OctoToolOptions = {};
  for (const [key, option] of Object.entries(SERVICE_OPTIONS) as Array<[keyof typeof SERVICE_FLAGS, string]>) {
    const value = flags[key];
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    // The original lowercases the tenant id and lowercased whole URLs; a path (or anything after the host) keeps its case.
    options[option] = option === 'TenantId' ? trimmed.toLowerCase() : lowerSchemeAndHost(trimmed);
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
  const owned = new Set<string>(Object.values(SERVICE_OPTIONS));
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
  effect: 'local',
  output: { json: jsonObject('Context', ['name', 'isActive', 'tenant', 'services']) },
  group: 'General',
  description: 'Configures the active context.',
  flags: { ...SERVICE_FLAGS, identityServicesUri: SERVICE_FLAGS.identityServicesUri.with({ required: true }) },
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
    return { json: contextJson(result.key, result.entry.OctoToolOptions, result.active) };
  },
});

export const commands: CommandSpec<any>[] = [config];
