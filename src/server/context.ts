/** What every part of the service shares: resolved options, the stores, keys and counters. */
import type { KeyObject } from 'node:crypto';
import type Provider from 'oidc-provider';
import type { ServerKeys } from './keys.js';
import type { MemoryStorage } from './memory-adapter.js';
import type { ScryptCost } from './passwords.js';
import type { Store } from './store.js';
import type { RateLimiter, SignInThrottle, SignInThrottleOptions } from './throttle.js';

export interface ResolvedOptions {
  host: string;
  port: number;
  tenants: string[];
  dataDir: string | undefined;
  adminUser: string;
  adminPassword: string;
  accessTokenTtl: number;
  deviceCodeTtl: number;
  deviceInterval: number;
  /** Minimum spacing of device-code polls in seconds; sooner polls get `slow_down`. */
  devicePollSpacing: number;
  /** Enforce "a user token's tenant_id must equal the route tenant" on the admin API (identity-api.md §1.3). */
  checkTokenTenant: boolean;
  /** Seed the admin user into new tenants (false: the system tenant waits for Setup). */
  seedAdminUser: boolean;
  /** scrypt cost of new password hashes; older hashes are upgraded at the next successful sign-in. */
  passwordHashCost: ScryptCost;
  /** Failed sign-in throttling on the HTML pages, or false (off). */
  signInThrottle: SignInThrottleOptions | false;
  /** RFC 7591 registration at `/connect/register` (identity-api.md §7.9). */
  dynamicRegistration: {
    enabled: boolean;
    /** Lifetime of a registered client in seconds (90 days). */
    ttlSeconds: number;
    /** Live registered clients at most (100). */
    maxClients: number;
    /** Registrations per minute per client address (5). */
    perMinute: number;
  };
  log: (line: string) => void;
}

export interface ServerStats {
  tokenRequests: Record<string, number>;
  adminRequests: number;
  /** Admin API requests by HTTP method (`GET`, `POST`, …): tests assert that a run made no write request. */
  adminRequestsByMethod: Record<string, number>;
}

export interface ServiceContext {
  issuer: string;
  options: ResolvedOptions;
  store: Store;
  /** oidc-provider's short-lived records (device codes, grants, refresh tokens, sessions). */
  storage: MemoryStorage;
  keys: ServerKeys;
  publicKey: KeyObject;
  /** grantId → tenant, filled when a user approves a device code or signs in. */
  grantTenants: Map<string, string>;
  /** device code → time of the last token poll (ms), for `slow_down`. */
  lastDevicePoll: Map<string, number>;
  stats: ServerStats;
  /** The system tenant: the fallback when a request names none. */
  systemTenant: string;
  /** Failed sign-ins per user name and client address. */
  signInThrottle: SignInThrottle;
  /** `POST /connect/register` per client address. */
  registrationLimiter: RateLimiter;
  provider: Provider;
}

/**
 * Child tenants: every tenant after the first (the system tenant) is a child of the system tenant; other tenants have
 * none. Mirrors and admin provisioning use this.
 */
export function childTenantsOf(svc: Pick<ServiceContext, 'store' | 'systemTenant'>, tenantId: string): string[] {
  if (tenantId.toLowerCase() !== svc.systemTenant) return [];
  return svc.store.tenantIds().filter((t) => t !== svc.systemTenant);
}

/** The resource indicator of the Octo API; access tokens for it carry `aud: octoAPI`. */
export const API_RESOURCE_INDICATOR = 'urn:octo:api';
export const API_AUDIENCE = 'octoAPI';
/** The OIDC scopes oidc-provider knows statically; API scopes are dynamic per tenant. */
export const OIDC_SCOPES = ['openid', 'offline_access', 'profile', 'email', 'role', 'allowed_tenants'] as const;
export const OIDC_SCOPE_SET: ReadonlySet<string> = new Set(OIDC_SCOPES);
