/**
 * The run steps of the sign-in commands (LogIn, LogInClientCredentials, AuthStatus, LogOut): src/auth does the
 * protocol and storage work and returns what happened; this module reads the secret, draws the device prompt
 * (src/cli/device-ui.ts), says the outcome on stderr and returns the result for the exporter. Loaded only when
 * one of these commands runs (openid-client, the keychain and the QR code stay out of start-up).
 */
import type { RunContext } from '../cli/context.js';
import type { CommandResult, Column } from '../cli/output.js';
import { createDeviceUi } from '../cli/device-ui.js';
import { peopleTime } from '../cli/time.js';
import { readSecret } from '../cli/prompt.js';
import { runLogIn, runLogInClientCredentials, type LogInResult } from '../auth/login.js';
import { runAuthStatus } from '../auth/status.js';
import { runLogOut } from '../auth/logout.js';

/** The `--output json` result of a sign-in: where and how, never a token. */
function logInJson(r: LogInResult): CommandResult {
  return {
    json: {
      status: r.status,
      context: r.target.contextName,
      tenant: r.target.tenant,
      identityUrl: r.target.identityUrl,
      method: r.tokens.method ?? null,
      clientId: r.tokens.clientId ?? null,
      expiresAt: r.tokens.accessTokenExpiresAt ?? null,
      hasRefreshToken: Boolean(r.tokens.refreshToken),
      tokenStore: r.store?.kind ?? null,
    },
  };
}

export async function logIn(ctx: RunContext, opts: { interactive: boolean; ifNeeded: boolean; insecureStorage: boolean }): Promise<CommandResult> {
  const result = await runLogIn(ctx, {
    ifNeeded: opts.ifNeeded,
    insecureStorage: opts.insecureStorage,
    deviceUi: (target) => createDeviceUi(ctx, { ...target, interactive: opts.interactive }),
  });
  if (result.status === 'signed_in') {
    const { tokens, store, who } = result;
    ctx.log.info(
      `Device log-in successful${who ? ` as ${who}` : ''}. Token expires at '${peopleTime(tokens.accessTokenExpiresAt, ctx.now())}'. Tokens are stored in ${store?.location}.`,
    );
  }
  return logInJson(result);
}

export async function logInClientCredentials(ctx: RunContext, opts: { clientId?: string; secret?: string; insecureStorage: boolean }): Promise<CommandResult> {
  const result = await runLogInClientCredentials(ctx, {
    clientId: opts.clientId,
    secret: () => readSecret(ctx, '--secret (-s)', opts.secret, 'OCTO_CLI_CLIENT_SECRET'),
    secretOnCommandLine: typeof opts.secret === 'string' && opts.secret !== '-',
    insecureStorage: opts.insecureStorage,
  });
  const renewable = ctx.env.OCTO_CLI_CLIENT_ID && ctx.env.OCTO_CLI_CLIENT_SECRET;
  ctx.log.info(
    `Client-credentials log-in successful. Token expires at '${peopleTime(result.tokens.accessTokenExpiresAt, ctx.now())}'. Tokens are stored in ${result.store?.location}; the client secret is not stored.` +
      (renewable ? ' It is re-acquired automatically while OCTO_CLI_CLIENT_ID / OCTO_CLI_CLIENT_SECRET are set.' : ' No refresh token is issued; set OCTO_CLI_CLIENT_ID / OCTO_CLI_CLIENT_SECRET in the environment to enable automatic re-acquisition.'),
  );
  return logInJson(result);
}

const TIME_ROWS = new Set(['Issued At', 'Valid To']);

const pairColumns = (name: string): Column<[string, unknown]>[] => [
  { header: name, value: (r) => r[0] },
  { header: 'Value', value: (r) => r[1], shrink: true },
];

export async function authStatus(ctx: RunContext): Promise<CommandResult> {
  const report = await runAuthStatus(ctx);
  ctx.log.info(report.user ? 'Access token is valid' : 'Access token is valid (client_credentials — userinfo not applicable)');
  if (report.userinfoNote) ctx.log.warn(report.userinfoNote);
  return {
    json: report.json,
    sections: [
      // Times for people in local time with zone; the JSON keeps ISO 8601.
      { view: report.rows.map(([label, value]): [string, unknown] => (TIME_ROWS.has(label) && typeof value === 'string' ? [label, peopleTime(value, ctx.now())] : [label, value])) },
      { title: 'CLAIMS', table: report.claims, columns: pairColumns('Type') },
      ...(report.userinfo ? [{ title: 'USER INFO (from the userinfo endpoint)', table: Object.entries(report.userinfo), columns: pairColumns('Claim') }] : []),
    ],
  };
}

export async function logOut(ctx: RunContext): Promise<CommandResult> {
  return { json: await runLogOut(ctx) };
}
