/**
 * Identity Services: Setup, the first administrator of a fresh installation (octo-cli-commands.md §5.12).
 *
 * The original posts `{IDS}/system/v1/setup` through the SDK's setup client without a token, but that action needs a
 * bearer token and no tenant is literally named `system` (identity-api.md §2.10, §9.2), so it cannot work. We use
 * the anonymous endpoints the service's own setup page uses (identity-api.md §2.11):
 * `GET /{systemTenant}/api/setup/status`, then `POST /{systemTenant}/api/setup/create-admin`.
 */
import { defineCommand, type CommandSpec } from '../cli/spec.js';
import { flag, flagLabel } from '../cli/flags.js';
import { email, identifier } from '../cli/checks.js';
import type { RunContext } from '../cli/context.js';
import { readSecret } from '../cli/prompt.js';
import { requireTarget } from '../config/contexts.js';
import { describeHttpError } from '../api/errors.js';
import { describeNetworkError } from '../api/http.js';
import { pathSegment } from '../api/client.js';
import { HttpError, UsageError } from '../errors.js';
import { GROUP } from './shared.js';

const DEFAULT_SYSTEM_TENANT = 'octosystem';

/** The identity URL of the context (no tenant needed: Setup addresses the system tenant). */
async function identityUrl(ctx: RunContext, systemTenant: string): Promise<string> {
  const file = await ctx.contexts.load();
  const resolved = ctx.contexts.resolve(file, ctx.contextOverride);
  const entry = resolved ? { ...resolved.entry, OctoToolOptions: { ...resolved.entry.OctoToolOptions, TenantId: systemTenant } } : undefined;
  return requireTarget(resolved?.name, entry).identityUrl;
}

/** One anonymous JSON request (no bearer token), with the CLI's timeout and error messages. */
async function anonymousJson(ctx: RunContext, method: string, url: string, body?: unknown): Promise<{ status: number; data: unknown }> {
  const seconds = Number(ctx.env.OCTO_CLI_TIMEOUT);
  const signals = [AbortSignal.timeout(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 100_000), ctx.signal];
  let response: Response;
  try {
    response = await ctx.fetch(url, {
      method,
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.any(signals),
    });
  } catch (err) {
    throw new HttpError(describeNetworkError(err, url), 0, '', { cause: err });
  }
  const text = await response.text();
  if (!response.ok) {
    const message = describeHttpError({ status: response.status, body: text, contentType: response.headers.get('content-type') ?? '', method, entity: 'the setup endpoint', write: method !== 'GET' });
    throw new HttpError(message, response.status, text);
  }
  let data: unknown;
  try {
    data = text.trim() ? JSON.parse(text) : undefined;
  } catch {
    throw new HttpError(`the server answered ${response.status} with a body that is not valid JSON`, response.status, text);
  }
  return { status: response.status, data };
}

const passwordFlag = flag.string('password', {
  short: 'p',
  required: true,
  secret: true,
  valueName: '<password|->',
  description: 'Password of the admin; `-` reads it from stdin. Required.',
});

const setup = defineCommand({
  name: 'Setup',
  group: GROUP,
  description: 'Sets identity services up',
  flags: {
    email: flag.string('email', {
      short: 'e',
      required: true,
      valueName: '<e-mail>',
      check: email,
      description: 'E-mail of the admin (also the admin user name). Required (optional in the original, which then crashed).',
    }),
    password: passwordFlag,
    systemTenant: flag.string('systemTenant', { pathSegment: true, ours: true, valueName: '<tenant>', check: identifier, description: `Id of the system tenant (default ${DEFAULT_SYSTEM_TENANT}).` }),
  },
  examples: [{ command: 'printf %s "$ADMIN_PASSWORD" | octo-cli -c Setup -e "admin@example.com" -p -', description: 'Create the first admin of a fresh installation (only the identity URL of the context is used).' }],
  notes: [
    'Works only on a fresh installation: the service refuses once the system tenant has users.',
    'Needs no sign-in. Uses the anonymous setup endpoints of the service (GET /{systemTenant}/api/setup/status, then POST /{systemTenant}/api/setup/create-admin with {email, password, confirmPassword}); the original posted to {url}/system/v1/setup, which needs a token and a tenant named "system" and cannot work.',
    'The password must satisfy the service policy (at least 8 characters with upper, lower, digit and symbol). It is never printed; `-p -` keeps it out of the shell history.',
  ],
  async run(ctx, flags) {
    const password = await readSecret(ctx, flagLabel(passwordFlag), flags.password);
    if (!password) throw new UsageError(`${flagLabel(passwordFlag)} must not be empty`);
    const tenant = (flags.systemTenant ?? DEFAULT_SYSTEM_TENANT).trim();
    const base = `${await identityUrl(ctx, tenant)}/${pathSegment(tenant)}/api/setup`;
    ctx.log.info(`Adding admin '${flags.email}' at '${base}'`);
    const notAvailable = `setup is not available: tenant '${tenant}' already has users, or it is not the system tenant (see --systemTenant)`;
    try {
      const { data } = await anonymousJson(ctx, 'GET', `${base}/status`);
      if (data && typeof data === 'object' && (data as { setupRequired?: unknown }).setupRequired === false) throw new HttpError(notAvailable, 200);
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) throw new HttpError(notAvailable, 404, err.body);
      throw err;
    }
    const { data } = await anonymousJson(ctx, 'POST', `${base}/create-admin`, { email: flags.email, password, confirmPassword: password });
    const result = (data ?? {}) as { success?: unknown; errorMessage?: unknown };
    if (result.success === false) {
      throw new HttpError(`setup failed: ${typeof result.errorMessage === 'string' && result.errorMessage ? result.errorMessage : 'the service gave no reason'}`, 200, JSON.stringify(data));
    }
    ctx.log.info(`Admin '${flags.email}' created in tenant '${tenant}'; sign in with \`octo-cli -c LogIn\``);
    return { json: { email: flags.email, systemTenant: tenant, created: true } };
  },
});

export const commands: CommandSpec<any>[] = [setup];
