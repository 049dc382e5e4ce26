/**
 * Guard rails (issue 14, part 4): TestClientCredentials gets a token for another client with its secret, exactly as
 * that service would, and shows what a resource server would see in it (audience, scopes, roles, tenant, expiry),
 * never the token. Operators use it to check a new or rotated secret. Nothing is stored.
 */
import { defineCommand, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag, flagLabel } from '../cli/flags.js';
import { identifier } from '../cli/checks.js';
import { readSecret } from '../cli/prompt.js';
import { resolveTarget } from '../config/target.js';
import { decodeJwt } from '../auth/jwt.js';
import { UsageError } from '../errors.js';
import { GROUP } from './shared.js';

const secretFlag = flag.string('secret', {
  short: 's',
  required: true,
  secret: true,
  valueName: '<secret|->',
  description: 'The client\'s secret; `-` reads it from stdin (e.g. the file RotateApiSecretClient --secret-file wrote).',
});

/** A claim that may be one value or several, as a list. */
function claimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  return [];
}

const testClientCredentials = defineCommand({
  name: 'TestClientCredentials',
  effect: 'read',
  output: { rows: ['Client id', 'Tenant', 'Audience', 'Scopes', 'Roles', 'Issuer', 'Expires'], json: jsonObject('TokenCheck', ['clientId', 'tenant', 'audience', 'scopes', 'roles', 'issuer', 'expiresAt', 'expiresInSeconds']) },
  group: GROUP,
  ours: true,
  description: 'Gets a token for a client with its secret and shows what a resource server would see in it (never the token).',
  flags: {
    clientId: flag.string('clientId', { short: 'id', required: true, valueName: '<client-id>', check: identifier, description: 'Id of the client to test.' }),
    secret: secretFlag,
    scope: flag.csv('scope', { ours: true, valueName: '<scope,scope,…>', check: identifier, description: 'Scopes to ask for, one comma-separated token. Default: none named, so the service grants every scope the client is allowed.' }),
  },
  examples: [
    { command: 'octo-cli -c TestClientCredentials -id "my-service" -s - < new-secret.txt', description: 'Check a rotated secret: audience, scopes, roles, tenant and expiry of the token it gets.' },
    { command: 'printf %s "$SECRET" | octo-cli -c TestClientCredentials -id "my-service" -s - --scope octo_api.read_only -o json', description: 'Ask for one scope; the claims as JSON.' },
  ],
  notes: [
    'A client-credentials token request to the context\'s identity service for the context\'s tenant (acr_values=tenant:<id>), authenticated with the given client id and secret. The token is decoded locally, never printed, logged or stored.',
    'When the service refuses (a wrong or expired secret, a public client, a scope the client may not have) the command exits 252 with the service\'s reason (invalid_client, invalid_scope, unauthorized_client).',
  ],
  async run(ctx, flags) {
    const target = await resolveTarget(ctx);
    const secret = await readSecret(ctx, flagLabel(secretFlag), flags.secret);
    if (!secret || secret.trim() === '') throw new UsageError(`${flagLabel(secretFlag)} must not be empty`);
    const oidc = await import('../auth/oidc.js');
    ctx.log.info(`Requesting a client-credentials token for client '${flags.clientId}' in tenant '${target.tenant}' at '${target.identityUrl}'`);
    const client = await oidc.connect(ctx, target.identityUrl, { clientId: flags.clientId, clientSecret: secret.trim() });
    const response = await oidc.requestClientCredentialsToken(ctx, client, target.tenant, flags.scope?.join(' '));
    const claims = decodeJwt(response.access_token)?.payload;
    if (!claims) ctx.log.warn('the access token is not a JWT: only the token response is shown');
    const exp = typeof claims?.exp === 'number' ? claims.exp * 1000 : typeof response.expires_in === 'number' ? ctx.now() + response.expires_in * 1000 : undefined;
    const result = {
      clientId: typeof claims?.client_id === 'string' ? claims.client_id : flags.clientId,
      tenant: typeof claims?.tenant_id === 'string' ? claims.tenant_id : null,
      audience: claimList(claims?.aud),
      scopes: claims ? claimList(claims.scope) : claimList(response.scope),
      roles: claimList(claims?.role),
      issuer: typeof claims?.iss === 'string' ? claims.iss : client.issuer,
      expiresAt: exp !== undefined ? new Date(exp).toISOString() : null,
      expiresInSeconds: exp !== undefined ? Math.round((exp - ctx.now()) / 1000) : null,
    };
    ctx.log.info(`Client '${flags.clientId}' got a token: the secret works.`);
    return {
      view: [
        ['Client id', result.clientId],
        ['Tenant', result.tenant],
        ['Audience', result.audience],
        ['Scopes', result.scopes],
        ['Roles', result.roles],
        ['Issuer', result.issuer],
        ['Expires', result.expiresAt ? `${result.expiresAt} (in ${Math.round((result.expiresInSeconds ?? 0) / 60)} min)` : null],
      ],
      json: result,
    };
  },
});

export const commands: CommandSpec<any>[] = [testClientCredentials];
