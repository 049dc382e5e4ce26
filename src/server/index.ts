/**
 * The local Identity Service: an emulation of OctoMesh Identity Services (Duende IdentityServer + admin REST API)
 * for tests and demos. `startServer()` listens on one port and serves OAuth/OIDC, the admin API and the device page.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestHandler } from './app.js';
import type { ResolvedOptions, ServerStats, ServiceContext } from './context.js';
import { loadOrCreateKeys, publicKeyOf } from './keys.js';
import { MemoryStorage } from './memory-adapter.js';
import { createProvider, loadOidcProvider, type ServiceBase } from './oidc.js';
import { installProviderMiddleware } from './oidc-middleware.js';
import { scryptCost, type ScryptCost } from './passwords.js';
import { defaultSeedUrls } from './seed.js';
import { Store } from './store.js';
import { DEFAULT_SIGN_IN_THROTTLE, RateLimiter, SignInThrottle, type SignInThrottleOptions } from './throttle.js';

export interface ServerOptions {
  /** Default 5003; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Tenants to seed when missing. Default ['octosystem']; the first one is the system tenant. */
  tenants?: string[];
  /** Persist the store (clients, scopes, resources, secrets, users, roles, groups, providers, rules, mappings) and the signing key as JSON here; in memory when omitted. */
  dataDir?: string;
  /** Default 'admin'. */
  adminUser?: string;
  /** Generated when omitted (see RunningServer.adminPassword). */
  adminPassword?: string;
  /** Access token lifetime in seconds. Default 3600. */
  accessTokenTtl?: number;
  /** Device code lifetime in seconds. Default 300. */
  deviceCodeTtl?: number;
  /** Device polling interval in seconds (sent as `interval`; faster polls get `slow_down`). Default 5. */
  deviceInterval?: number;
  /**
   * Minimum spacing of device-code polls in seconds (default: deviceInterval). Setting it above the advertised interval
   * makes a well-behaved client meet `slow_down`, so tests can reach that path.
   */
  devicePollSpacing?: number;
  /** Log sink for diagnostics (protocol errors with their detail, approvals). Never receives tokens or secrets. */
  log?: (line: string) => void;
  /** Refuse user tokens whose tenant_id differs from the admin route's tenant (identity-api.md §1.3). Default true. */
  checkTokenTenant?: boolean;
  /**
   * Default true. false: new tenants are seeded without the admin user, so the system tenant has no users and
   * `Setup` (`/{tenant}/api/setup/create-admin`, `POST /{tenant}/v1/setup`) creates the first one.
   */
  seedAdminUser?: boolean;
  /**
   * scrypt cost of new password hashes. Default OWASP's N=2^17, r=8, p=1 (128 MiB and a few hundred ms per hash).
   * Hashes made with other parameters are re-hashed at the user's next successful sign-in. Tests that do not test
   * hashing may pass a cheaper cost such as `{ N: 1024 }`.
   */
  passwordHashCost?: Partial<ScryptCost>;
  /**
   * Throttling of failed sign-ins on the device page and the sign-in page: after `userFailures` (5) failures for one
   * user name, or `addressFailures` (20) from one client address, further attempts get 429 with Retry-After for
   * `lockoutSeconds` (30), doubling with each further failure up to `maxLockoutSeconds` (900). false turns it off.
   */
  signInThrottle?: Partial<SignInThrottleOptions> | false;
  /** RFC 7591 registration at `/connect/register` (default true); false answers 404 and leaves it out of discovery. */
  dynamicRegistration?: boolean;
  /** Lifetime of a dynamically registered client in seconds. Default 90 days. */
  dynamicRegistrationTtl?: number;
  /** Live dynamically registered clients at most. Default 100. */
  dynamicRegistrationMaxClients?: number;
  /** Registration requests per minute per client address. Default 5. */
  dynamicRegistrationPerMinute?: number;
}

export interface RunningServer {
  /** The issuer, e.g. http://127.0.0.1:40123 — no trailing slash. */
  url: string;
  issuer: string;
  adminUser: string;
  adminPassword: string;
  close(): Promise<void>;
  stats: {
    /** Token endpoint requests by grant_type, e.g. `refresh_token`, `urn:ietf:params:oauth:grant-type:device_code`. */
    tokenRequests: Record<string, number>;
    adminRequests: number;
    /** Admin API requests by HTTP method (`GET`, `PUT`, …), e.g. to assert that a run wrote nothing. */
    adminRequestsByMethod: Record<string, number>;
  };
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function resolveOptions(options: ServerOptions): ResolvedOptions {
  const port = options.port ?? 5003;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be 0..65535, got ${port}`);
  const tenants = [...new Set((options.tenants?.length ? options.tenants : ['octosystem']).map((t) => t.trim().toLowerCase()))];
  for (const tenant of tenants) {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(tenant)) throw new RangeError(`invalid tenant id '${tenant}'`);
  }
  if (options.adminPassword === '') throw new RangeError('adminPassword must not be empty');
  return {
    host: options.host ?? '127.0.0.1',
    port,
    tenants,
    dataDir: options.dataDir,
    adminUser: options.adminUser ?? 'admin',
    adminPassword: options.adminPassword ?? randomBytes(12).toString('base64url'),
    accessTokenTtl: positiveInteger('accessTokenTtl', options.accessTokenTtl, 3600),
    deviceCodeTtl: positiveInteger('deviceCodeTtl', options.deviceCodeTtl, 300),
    deviceInterval: positiveInteger('deviceInterval', options.deviceInterval, 5),
    devicePollSpacing: positiveInteger('devicePollSpacing', options.devicePollSpacing ?? options.deviceInterval, 5),
    checkTokenTenant: options.checkTokenTenant ?? true,
    seedAdminUser: options.seedAdminUser ?? true,
    passwordHashCost: scryptCost(options.passwordHashCost),
    signInThrottle: options.signInThrottle === false ? false : signInThrottleOptions(options.signInThrottle ?? {}),
    dynamicRegistration: {
      enabled: options.dynamicRegistration ?? true,
      ttlSeconds: positiveInteger('dynamicRegistrationTtl', options.dynamicRegistrationTtl, 90 * 24 * 3600),
      maxClients: positiveInteger('dynamicRegistrationMaxClients', options.dynamicRegistrationMaxClients, 100),
      perMinute: positiveInteger('dynamicRegistrationPerMinute', options.dynamicRegistrationPerMinute, 5),
    },
    log: options.log ?? (() => {}),
  };
}

function signInThrottleOptions(partial: Partial<SignInThrottleOptions>): SignInThrottleOptions {
  const d = DEFAULT_SIGN_IN_THROTTLE;
  return {
    userFailures: positiveInteger('signInThrottle.userFailures', partial.userFailures, d.userFailures),
    addressFailures: positiveInteger('signInThrottle.addressFailures', partial.addressFailures, d.addressFailures),
    lockoutSeconds: positiveInteger('signInThrottle.lockoutSeconds', partial.lockoutSeconds, d.lockoutSeconds),
    maxLockoutSeconds: positiveInteger('signInThrottle.maxLockoutSeconds', partial.maxLockoutSeconds, d.maxLockoutSeconds),
  };
}

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Answers every request that arrives before the service is ready: 503 with Retry-After, never silence. */
function notReady(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  const body = 'The Identity Service is starting. Retry shortly.';
  res.writeHead(503, {
    'retry-after': '1',
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** Like Promise.all, but waits for every task (no file write left running after a failed start). */
async function allSettledOrThrow<T extends readonly unknown[]>(tasks: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const resolved = resolveOptions(options);
  // What does not need the issuer is loaded before the port opens, so the window below is short.
  const [mod, keys] = await allSettledOrThrow([loadOidcProvider(), loadOrCreateKeys(resolved.dataDir)] as const);

  // The issuer (with its port) must be known before oidc-provider is created, so listen first (notes §1). Until the
  // service is ready, every request is answered 503 + Retry-After: a request is never accepted and left hanging.
  let handle: NodeHandler = notReady;
  const server = createServer((req, res) => void handle(req, res));
  await listen(server, resolved.port, resolved.host);
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const issuer = `http://${host}:${port}`;

  try {
    const store = await Store.open({
      dataDir: resolved.dataDir,
      tenants: resolved.tenants,
      seedUrls: defaultSeedUrls(issuer),
      adminUser: resolved.seedAdminUser ? resolved.adminUser : undefined,
    });
    const stats: ServerStats = { tokenRequests: {}, adminRequests: 0, adminRequestsByMethod: {} };
    const base: ServiceBase = {
      issuer,
      options: resolved,
      store,
      storage: new MemoryStorage(),
      keys,
      publicKey: publicKeyOf(keys.signingKey),
      grantTenants: new Map(),
      lastDevicePoll: new Map(),
      stats,
      systemTenant: resolved.tenants[0]!,
      signInThrottle: new SignInThrottle(resolved.signInThrottle),
      registrationLimiter: new RateLimiter(resolved.dynamicRegistration.perMinute, 60_000),
    };
    const provider = createProvider(mod, base);
    const svc: ServiceContext = Object.assign(base, { provider });

    installProviderMiddleware(provider, svc);
    handle = createRequestHandler(svc, provider.callback());
    resolved.log(`listening on ${issuer} (tenants: ${store.tenantIds().join(', ')})`);

    let closing: Promise<void> | undefined;
    return {
      url: issuer,
      issuer,
      adminUser: resolved.adminUser,
      adminPassword: resolved.adminPassword,
      stats,
      close() {
        closing ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
          await store.flush();
        })();
        return closing;
      },
    };
  } catch (err) {
    server.close();
    throw err;
  }
}
