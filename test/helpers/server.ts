/** Starts the real local Identity Service on a free port for end-to-end tests, and signs in over real HTTP. */
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/index.js';

export async function startTestServer(options: ServerOptions = {}): Promise<RunningServer> {
  // A cheap scrypt cost: tests that are about hashing (test/server/sign-in.test.ts) use the default N=2^17.
  return startServer({ port: 0, host: '127.0.0.1', deviceInterval: 1, log: () => {}, passwordHashCost: { N: 1024 }, ...options });
}

const OCTO_CLI_BASIC = 'Basic ' + Buffer.from(`octo-cli:${encodeURIComponent('{AEE2DA50-065E-4071-A56E-7B3B4B175EFB}')}`).toString('base64');

export interface DeviceTokens {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  id_token?: string;
}

/** Device flow done with raw HTTP plus the local approval endpoint: a user token with octo_api. */
export async function deviceLogin(server: RunningServer, tenant = 'octosystem', username = server.adminUser): Promise<DeviceTokens> {
  const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
  const headers = { authorization: OCTO_CLI_BASIC, 'content-type': 'application/x-www-form-urlencoded' };
  const dar = await fetch(`${server.url}/connect/deviceauthorization`, {
    method: 'POST',
    headers,
    body: form({ scope: 'openid profile email role offline_access octo_api', acr_values: `tenant:${tenant}` }),
  });
  if (!dar.ok) throw new Error(`device authorization failed: ${dar.status} ${await dar.text()}`);
  const { device_code, user_code } = (await dar.json()) as { device_code: string; user_code: string };
  const approve = await fetch(`${server.url}/_local/device/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userCode: user_code, username }),
  });
  if (!approve.ok) throw new Error(`approve failed: ${approve.status} ${await approve.text()}`);
  const token = await fetch(`${server.url}/connect/token`, {
    method: 'POST',
    headers,
    body: form({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code }),
  });
  if (!token.ok) throw new Error(`token failed: ${token.status} ${await token.text()}`);
  return (await token.json()) as DeviceTokens;
}
