/**
 * Identity Services: Setup, the first administrator of a fresh installation (octo-cli-commands.md §5.12).
 *
 * The original posts `{IDS}/system/v1/setup` through the SDK's setup client without a token, but that action needs a
 * bearer token and no tenant is literally named `system` (identity-api.md §2.10, §9.2), so it cannot work. We use
 * the anonymous endpoints the service's own setup page uses (identity-api.md §2.11):
 * `GET /{systemTenant}/api/setup/status`, then `POST /{systemTenant}/api/setup/create-admin`.
 */
import { defineCommand, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag, flagLabel } from '../cli/flags.js';
import { email, identifier } from '../cli/checks.js';
import { readSecret } from '../cli/prompt.js';
import { resolveTarget } from '../config/target.js';
import { anonymousApi } from '../api/index.js';
import * as setupApi from '../api/resources/setup.js';
import { HttpError, UsageError } from '../errors.js';
import { GROUP } from './shared.js';

const DEFAULT_SYSTEM_TENANT = 'octosystem';

const passwordFlag = flag.string('password', {
  short: 'p',
  required: true,
  secret: true,
  valueName: '<password|->',
  description: 'Password of the admin; `-` reads it from stdin. Required.',
});

const setup = defineCommand({
  name: 'Setup',
  effect: 'write',
  output: { json: jsonObject('SetupResult', ['email', 'systemTenant', 'created']) },
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
    // Only the identity URL of the context is used: Setup addresses the system tenant, anonymously.
    const target = await resolveTarget(ctx, { tenant });
    const api = anonymousApi(ctx, target, setupApi.setupBaseUrl(target.identityUrl, tenant));
    ctx.log.info(`Adding admin '${flags.email}' at '${api.baseUrl}'`);
    const notAvailable = `setup is not available: tenant '${tenant}' already has users, or it is not the system tenant (see --systemTenant)`;
    try {
      const status = await setupApi.status(api);
      if (status && typeof status === 'object' && status.setupRequired === false) throw new HttpError(notAvailable, 200);
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) throw new HttpError(notAvailable, 404, err.body);
      throw err;
    }
    const data = await setupApi.createAdmin(api, flags.email, password);
    const result = data ?? {};
    if (result.success === false) {
      throw new HttpError(`setup failed: ${typeof result.errorMessage === 'string' && result.errorMessage ? result.errorMessage : 'the service gave no reason'}`, 200, JSON.stringify(data));
    }
    ctx.log.info(`Admin '${flags.email}' created in tenant '${tenant}'; sign in with \`octo-cli -c LogIn\``);
    return { json: { email: flags.email, systemTenant: tenant, created: true } };
  },
});

export const commands: CommandSpec<any>[] = [setup];
