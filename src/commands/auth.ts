/**
 * General: LogIn, LogInClientCredentials, AuthStatus, LogOut (octo-cli-commands.md §3). The work is in src/auth and
 * its presentation in auth-run.ts, loaded only when one of these commands runs (openid-client, the keychain and the QR code stay out of start-up).
 */
import { defineCommand, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag } from '../cli/flags.js';

const insecureStorageFlag = flag.presence('insecure-storage', {
  ours: true,
  description:
    'When no OS keychain is reachable (headless Linux without a Secret Service), store the tokens unencrypted in <home>/credentials.json (mode 0600) instead of failing. Same as OCTO_CLI_TOKEN_STORE=file.',
});

const TOKEN_STORE_NOTES = [
  'Tokens are kept in the OS keychain (service "octo-cli", one entry per context and identity host; keychain calls wait up to OCTO_CLI_KEYCHAIN_TIMEOUT seconds, default 20, e.g. for an unlock prompt). Without a reachable keychain, sign-in fails unless --insecure-storage or OCTO_CLI_TOKEN_STORE=file allows the 0600 file <home>/credentials.json, which is refused when others can read it. OCTO_CLI_TOKEN_STORE=keychain|file|memory selects a store explicitly.',
  'Tokens the .NET octo-cli left in contexts.json are used until they are refreshed; they then move to the keychain.',
  'Admin commands refresh the access token by themselves when it expires within 30 s (one refresh shared by concurrent commands). OCTO_CLI_ACCESS_TOKEN, when set, is used as is and nothing is stored.',
];

const logIn = defineCommand({
  name: 'LogIn',
  effect: 'sign-in',
  output: { json: jsonObject('SignIn', ['status', 'context', 'tenant', 'identityUrl', 'method', 'clientId', 'expiresAt', 'hasRefreshToken', 'tokenStore']) },
  group: 'General',
  description: 'LogIn to the configured identity services.',
  flags: {
    interactive: flag.presence('interactive', { short: 'i', description: 'Open the sign-in page in the default browser (falls back to printing the URL).' }),
    ifNeeded: flag.presence('if-needed', { short: 'in', description: 'Keep a valid token, else refresh it silently, else run the device log-in.' }),
    insecureStorage: insecureStorageFlag,
  },
  examples: [
    { command: 'octo-cli -c LogIn', description: 'Device log-in: open the URL shown (or scan the QR code) and enter the code.' },
    { command: 'octo-cli -c LogIn -i', description: 'The same, opening the browser.' },
    { command: 'octo-cli -c LogIn -in', description: 'Only when needed (scripts): reuse or refresh the stored token.' },
    {
      command: 'octo-cli -c LogIn -o json',
      description:
        'For wrappers: the prompt is one JSON line on stderr ({"verification_uri", "verification_uri_complete", "user_code", "expires_in", "expires_at"}); a slow_down from the service adds {"event":"slow_down","interval":<s>}; the result is JSON on stdout ({"status":"signed_in", …}, no tokens).',
    },
  ],
  notes: [
    'RFC 8628 device flow with client octo-cli, scopes "openid profile email role offline_access octo_api" and acr_values=tenant:<tenant>. It polls at the interval the service names (+5 s for each slow_down) until the code is approved, denied or expires; Ctrl-C cancels. Denied, expired and cancelled sign-ins exit 252.',
    'The prompt goes to stderr, so stdout carries only the result. The device code is never shown.',
    ...TOKEN_STORE_NOTES,
  ],
  async run(ctx, flags) {
    const { logIn } = await import('./auth-run.js');
    return logIn(ctx, { interactive: flags.interactive === true, ifNeeded: flags.ifNeeded === true, insecureStorage: flags.insecureStorage === true });
  },
});

const logInClientCredentials = defineCommand({
  name: 'LogInClientCredentials',
  effect: 'sign-in',
  output: { json: jsonObject('SignIn', ['status', 'context', 'tenant', 'identityUrl', 'method', 'clientId', 'expiresAt', 'hasRefreshToken', 'tokenStore']) },
  group: 'General',
  description: 'Non-interactive login using OAuth2 client_credentials (for CI and service accounts).',
  flags: {
    clientId: flag.string('clientId', { short: 'id', valueName: '<client-id>', description: 'Client id (default: OCTO_CLI_CLIENT_ID).' }),
    secret: flag.string('secret', { short: 's', secret: true, description: 'Client secret, or - to read it from stdin (default: OCTO_CLI_CLIENT_SECRET).' }),
    insecureStorage: insecureStorageFlag,
  },
  examples: [
    { command: 'printf %s "$SECRET" | octo-cli -c LogInClientCredentials -id ci-bot -s -', description: 'The secret from stdin (never in argv or shell history).' },
    { command: 'OCTO_CLI_CLIENT_ID=ci-bot OCTO_CLI_CLIENT_SECRET=… octo-cli -c LogInClientCredentials', description: 'From the environment; the token is then re-acquired automatically when it expires.' },
  ],
  notes: [
    'Requests scope octo_api with acr_values=tenant:<tenant>, authenticated as the given client (HTTP Basic). A context without a tenant exits 251.',
    'The client secret is never stored. There is no refresh token: with OCTO_CLI_CLIENT_ID / OCTO_CLI_CLIENT_SECRET set, admin commands re-acquire the token silently when it expires.',
    ...TOKEN_STORE_NOTES,
  ],
  async run(ctx, flags) {
    const { logInClientCredentials } = await import('./auth-run.js');
    return logInClientCredentials(ctx, {
      clientId: typeof flags.clientId === 'string' ? flags.clientId : undefined,
      secret: typeof flags.secret === 'string' ? flags.secret : undefined,
      insecureStorage: flags.insecureStorage === true,
    });
  },
});

const authStatus = defineCommand({
  name: 'AuthStatus',
  effect: 'read',
  output: {
    rows: ['Context', 'Identity Service', 'Tenant', 'Issuer', 'Audience', 'Issued At', 'Valid From', 'Valid To', 'Subject', 'Token Type', 'Algorithm', 'Scopes', 'Auth Method', 'Token Store'],
    text: 'the token as key/value lines, then the tables CLAIMS (TYPE, VALUE) and, for a user token, USER INFO (CLAIM, VALUE)',
    json: jsonObject('AuthStatus', ['status', 'context', 'tenant', 'identityUrl', 'tokenStore', 'method', 'clientId', 'expiresAt', 'hasRefreshToken', 'token', 'userinfo?']),
  },
  group: 'General',
  description: 'Gets authentication status to the configured identity services.',
  flags: {},
  examples: [
    { command: 'octo-cli -c AuthStatus', description: 'Issuer, audience, validity, subject, sign-in method and claims of the stored token.' },
    { command: 'octo-cli -c AuthStatus -o json | jq -r .expiresAt', description: '' },
  ],
  notes: [
    'Checks the token locally first; only user tokens are confirmed with the userinfo endpoint. An expired token is refreshed (or re-acquired from OCTO_CLI_CLIENT_ID / OCTO_CLI_CLIENT_SECRET) and reported.',
    'Exit 0 when signed in with a valid token, 252 when not signed in or expired without a way to renew. The token itself and its signature are never printed.',
  ],
  async run(ctx) {
    const { authStatus } = await import('./auth-run.js');
    return authStatus(ctx);
  },
});

const logOut = defineCommand({
  name: 'LogOut',
  effect: 'sign-in',
  output: { json: jsonObject('SignOut', ['status', 'context', 'refreshToken', 'removedFrom', 'failed']) },
  group: 'General',
  ours: true,
  description: 'Signs out: revokes the refresh token and removes the stored tokens of the context.',
  flags: {},
  examples: [
    { command: 'octo-cli -c LogOut', description: '' },
    { command: 'octo-cli -c LogOut --context prod', description: 'Sign out of another context.' },
  ],
  notes: [
    'Revokes the refresh token at the revocation endpoint when the service has one, then removes the tokens from the OS keychain, credentials.json and the .NET tool\'s contexts.json block. Exit 0 also when nothing was stored.',
  ],
  async run(ctx) {
    const { logOut } = await import('./auth-run.js');
    return logOut(ctx);
  },
});

export const commands: CommandSpec<any>[] = [logIn, logInClientCredentials, authStatus, logOut];
