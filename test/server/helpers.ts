/** Helpers for the local Identity Service tests: raw HTTP against a real server started on a free port. */
import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/index.js';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const OCTO_CLI_SECRET = '{AEE2DA50-065E-4071-A56E-7B3B4B175EFB}';

export function basic(clientId: string, secret: string, encode = true): string {
  const e = encode ? encodeURIComponent : (s: string) => s;
  return 'Basic ' + Buffer.from(`${e(clientId)}:${e(secret)}`).toString('base64');
}

export const OCTO_CLI_BASIC = basic('octo-cli', OCTO_CLI_SECRET);

/** Cheap password hashes for tests that do not test hashing (the default, OWASP's N=2^17, costs ~0.1–0.7 s each). */
export const CHEAP_HASH = { N: 1024, r: 8, p: 1 };

export function start(options: ServerOptions = {}): Promise<RunningServer> {
  return startServer({ port: 0, deviceInterval: 1, passwordHashCost: CHEAP_HASH, log: () => {}, ...options });
}

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

async function result<T>(res: Response): Promise<HttpResult<T>> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as T };
}

export async function form<T = Record<string, unknown>>(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return result<T>(res);
}

export async function json<T = unknown>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return result<T>(res);
}

export function decodeJwt(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function decodeJwtHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  token_type: string;
  scope?: string;
  error?: string;
  error_description?: string;
}

export async function startDevice(
  server: RunningServer,
  tenant = 'octosystem',
  scope = 'openid profile email role offline_access octo_api',
  headers: Record<string, string> = { authorization: OCTO_CLI_BASIC },
  extra: Record<string, string> = {},
): Promise<DeviceAuthorization> {
  const res = await form<DeviceAuthorization>(
    `${server.url}/connect/deviceauthorization`,
    { scope, acr_values: `tenant:${tenant}`, ...extra },
    headers,
  );
  if (res.status !== 200) throw new Error(`device authorization: ${res.status} ${res.text}`);
  return res.json;
}

export function approve(server: RunningServer, userCode: string, username = 'admin') {
  return json<Record<string, unknown>>('POST', `${server.url}/_local/device/approve`, { userCode, username });
}

export function deny(server: RunningServer, userCode: string) {
  return json<Record<string, unknown>>('POST', `${server.url}/_local/device/deny`, { userCode, username: 'admin' });
}

export function pollToken(server: RunningServer, deviceCode: string, headers: Record<string, string> = { authorization: OCTO_CLI_BASIC }) {
  return form<TokenResponse>(`${server.url}/connect/token`, { grant_type: DEVICE_GRANT, device_code: deviceCode }, headers);
}

/** A user token via device flow + local approval (octo_api, all admin roles). */
export async function userToken(server: RunningServer, tenant = 'octosystem'): Promise<TokenResponse> {
  const dar = await startDevice(server, tenant);
  const ok = await approve(server, dar.user_code);
  if (ok.status !== 200) throw new Error(`approve: ${ok.status} ${ok.text}`);
  const token = await pollToken(server, dar.device_code);
  if (token.status !== 200) throw new Error(`token: ${token.status} ${token.text}`);
  return token.json;
}

/**
 * A refresh token of a public client (no secret; `device_code` grant, offline access) from a device flow the admin
 * approves in `tenant`.
 */
export async function publicClientRefreshToken(server: RunningServer, clientId: string, tenant = 'octosystem'): Promise<string> {
  const dar = await startDevice(server, tenant, 'openid offline_access octo_api', {}, { client_id: clientId });
  const ok = await approve(server, dar.user_code);
  if (ok.status !== 200) throw new Error(`approve: ${ok.status} ${ok.text}`);
  const token = await form<TokenResponse>(`${server.url}/connect/token`, { grant_type: DEVICE_GRANT, device_code: dar.device_code, client_id: clientId });
  if (token.status !== 200 || !token.json.refresh_token) throw new Error(`token: ${token.status} ${token.text}`);
  return token.json.refresh_token;
}

/** Redeems a public client's refresh token. */
export function refreshPublic(server: RunningServer, clientId: string, refreshToken: string) {
  return form<TokenResponse>(`${server.url}/connect/token`, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId });
}

export function clientCredentials(server: RunningServer, clientId: string, secret: string, fields: Record<string, string> = {}) {
  return form<TokenResponse>(`${server.url}/connect/token`, { grant_type: 'client_credentials', ...fields }, { authorization: basic(clientId, secret) });
}

/** An admin API caller bound to one token and tenant. */
export function adminApi(server: RunningServer, token: string, tenant = 'octosystem') {
  const base = `${server.url}/${tenant}/v1`;
  const auth = { authorization: `Bearer ${token}` };
  return {
    base,
    get: <T = unknown>(path: string, headers: Record<string, string> = {}) => json<T>('GET', `${base}/${path}`, undefined, { ...auth, ...headers }),
    post: <T = unknown>(path: string, body?: unknown, headers: Record<string, string> = {}) =>
      json<T>('POST', `${base}/${path}`, body, { ...auth, ...headers }),
    put: <T = unknown>(path: string, body?: unknown, headers: Record<string, string> = {}) =>
      json<T>('PUT', `${base}/${path}`, body, { ...auth, ...headers }),
    del: <T = unknown>(path: string, headers: Record<string, string> = {}) => json<T>('DELETE', `${base}/${path}`, undefined, { ...auth, ...headers }),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;

/** The server of a test file, with the admin user's token and an admin API caller of the system tenant. */
export interface AdminServer {
  server: RunningServer;
  token: string;
  api: AdminApi;
}

/**
 * One server for the whole test file: started and signed in as the admin (device flow) before its tests, closed after
 * them. Read the fields inside tests and hooks: they are set when the file's first `beforeAll` runs.
 */
export function useAdminServer(options: ServerOptions = {}): AdminServer {
  const admin = {} as AdminServer;
  beforeAll(async () => {
    admin.server = await start(options);
    admin.token = (await userToken(admin.server)).access_token;
    admin.api = adminApi(admin.server, admin.token);
  });
  afterAll(() => admin.server?.close());
  return admin;
}

/** A read-only token: a client_credentials client whose only API scope is octo_api.read_only. */
export async function readOnlyToken(server: RunningServer, api: AdminApi): Promise<string> {
  const clientId = `read-only-${Math.random().toString(36).slice(2, 8)}`;
  const created = await api.post('clients', {
    isEnabled: true,
    clientId,
    clientSecret: 'ReadOnlySecret1',
    requireClientSecret: true,
    allowedGrantTypes: ['client_credentials'],
    allowedScopes: ['octo_api.read_only'],
  });
  if (created.status !== 200) throw new Error(`create read-only client: ${created.status} ${created.text}`);
  const token = await clientCredentials(server, clientId, 'ReadOnlySecret1');
  if (token.status !== 200) throw new Error(`read-only token: ${token.status} ${token.text}`);
  return token.json.access_token;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const problemShape = {
  type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
  title: 'Not Found',
  status: 404,
};

export function notFoundDto(message: string) {
  return { statusCode: 404, statusDescription: 'NotFound', message, details: null };
}

/** Signs in on the HTML device page (`/{tenant}/device`) with a user's password and approves the code. */
export async function approveOnDevicePage(server: RunningServer, tenant: string, userCode: string, username: string, password: string) {
  const page = await fetch(`${server.url}/${tenant}/device?userCode=${userCode}`);
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const res = await fetch(`${server.url}/${tenant}/device`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrf, userCode, username, password, action: 'approve' }).toString(),
  });
  return { status: res.status, html: await res.text() };
}

/** A device-flow user token for `username`, approved on the HTML device page with `password`. */
export async function userTokenViaPage(server: RunningServer, username: string, password: string, tenant = 'octosystem'): Promise<TokenResponse> {
  const dar = await startDevice(server, tenant);
  const page = await approveOnDevicePage(server, tenant, dar.user_code, username, password);
  if (page.status !== 200) throw new Error(`device page: ${page.status} ${page.html}`);
  const token = await pollToken(server, dar.device_code);
  if (token.status !== 200) throw new Error(`token: ${token.status} ${token.text}`);
  return token.json;
}

/** A device-flow user token for any user, approved through `/_local/device/approve` (no password needed). */
export async function userTokenFor(server: RunningServer, username: string, tenant = 'octosystem'): Promise<TokenResponse> {
  const dar = await startDevice(server, tenant);
  const ok = await approve(server, dar.user_code, username);
  if (ok.status !== 200) throw new Error(`approve: ${ok.status} ${ok.text}`);
  const token = await pollToken(server, dar.device_code);
  if (token.status !== 200) throw new Error(`token: ${token.status} ${token.text}`);
  return token.json;
}

export function operationFailed(message: string, details: unknown = null) {
  return { statusCode: 400, statusDescription: 'BadRequest', message, details };
}

/** The `role` claim of an access token as a sorted array (Duende writes one value as a string). */
export function rolesOf(accessToken: string): string[] {
  const role = decodeJwt(accessToken).role;
  if (role === undefined) return [];
  return (Array.isArray(role) ? (role as string[]) : [role as string]).slice().sort();
}

/** A RegisterUserDto (POST users) with the given name, password and e-mail. */
export const registerUser = (name: string, password: string | null = 'Test123!', email: string | null = `${name}@example.com`) => ({
  firstName: null,
  lastName: null,
  userId: null,
  email,
  name,
  resetPasswordOnLogin: false,
  externalLogins: null,
  password,
});
