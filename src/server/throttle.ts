/**
 * Misuse limits that need memory of earlier requests: failed sign-ins (per user name and per client address, with
 * back-off) and a sliding-window request limit (dynamic client registration). In memory only; a restart forgets them.
 */

export interface SignInThrottleOptions {
  /** Failed sign-ins for one user name (in one tenant) before it is locked. Default 5. */
  userFailures: number;
  /** Failed sign-ins from one client address (any user) before it is locked. Default 20. */
  addressFailures: number;
  /** First lockout in seconds; it doubles with every further failure. Default 30. */
  lockoutSeconds: number;
  /** Longest lockout in seconds. Default 900 (15 minutes). */
  maxLockoutSeconds: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottleOptions = {
  userFailures: 5,
  addressFailures: 20,
  lockoutSeconds: 30,
  maxLockoutSeconds: 900,
};

/** Failures older than this are forgotten. */
const FAILURE_MEMORY_MS = 15 * 60 * 1000;

interface FailureRecord {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

/**
 * Counts failed sign-ins per key. After `limit` failures a key is locked for `lockoutSeconds`, doubling with each
 * further failure up to `maxLockoutSeconds`. While any key of an attempt is locked, the attempt is refused without
 * checking the password (so a locked account is no password oracle).
 */
export class SignInThrottle {
  private readonly records = new Map<string, FailureRecord>();

  constructor(
    private readonly options: SignInThrottleOptions | false,
    private readonly now: () => number = Date.now,
  ) {}

  static keys(tenantId: string, userName: string, address: string | undefined): { user: string; address: string } {
    return { user: `user:${tenantId}:${userName.trim().toLowerCase()}`, address: `addr:${normalizeAddress(address)}` };
  }

  /** Seconds until every key of this attempt is unlocked; 0 when the attempt may go ahead. */
  retryAfter(keys: { user: string; address: string }): number {
    if (!this.options) return 0;
    const now = this.now();
    let until = 0;
    for (const key of [keys.user, keys.address]) {
      const record = this.current(key, now);
      if (record && record.lockedUntil > now) until = Math.max(until, record.lockedUntil);
    }
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  /** Records a failed sign-in; returns the seconds until the next attempt is allowed (0 when not locked). */
  failed(keys: { user: string; address: string }): number {
    if (!this.options) return 0;
    const now = this.now();
    this.bump(keys.user, this.options.userFailures, now);
    this.bump(keys.address, this.options.addressFailures, now);
    if (this.records.size > 10_000) this.prune(now);
    return this.retryAfter(keys);
  }

  /** A successful sign-in clears the user name's failures (not the address's: one good account must not reset a spray). */
  succeeded(keys: { user: string }): void {
    this.records.delete(keys.user);
  }

  private current(key: string, now: number): FailureRecord | undefined {
    const record = this.records.get(key);
    if (record && now - record.lastFailure > FAILURE_MEMORY_MS && record.lockedUntil <= now) {
      this.records.delete(key);
      return undefined;
    }
    return record;
  }

  private bump(key: string, limit: number, now: number): void {
    const options = this.options as SignInThrottleOptions;
    const record = this.current(key, now) ?? { failures: 0, lastFailure: now, lockedUntil: 0 };
    record.failures += 1;
    record.lastFailure = now;
    if (record.failures >= limit) {
      const seconds = Math.min(options.lockoutSeconds * 2 ** (record.failures - limit), options.maxLockoutSeconds);
      record.lockedUntil = now + seconds * 1000;
    }
    this.records.set(key, record);
  }

  private prune(now: number): void {
    for (const key of [...this.records.keys()]) this.current(key, now);
  }
}

/** At most `limit` requests per key in any `windowMs` (sliding window). */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request; returns 0 when it is allowed, else the seconds until it would be. */
  take(key: string): number {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) {
      for (const [k, times] of this.hits) if (times.every((t) => now - t >= this.windowMs)) this.hits.delete(k);
    }
    return 0;
  }
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are one client. */
export function normalizeAddress(address: string | undefined): string {
  return (address ?? 'unknown').replace(/^::ffff:/i, '').toLowerCase();
}
