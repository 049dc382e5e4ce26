/**
 * User passwords: scrypt hashes (never the clear text) and the password rules of the real service
 * (ASP.NET Identity defaults for users, identity-api.md §3.6; the stricter Setup rule, §2.10).
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost parameters: CPU/memory cost N (a power of two), block size r, parallelisation p. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 (128 MiB per hash). */
const OWASP_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

const KEY_LENGTH = 32;
const MAX_N = 2 ** 20;

/** Validates a (partial) cost; missing values come from OWASP's. */
export function scryptCost(partial: Partial<ScryptCost> = {}): ScryptCost {
  const cost = { ...OWASP_SCRYPT_COST, ...partial };
  if (!Number.isInteger(cost.N) || cost.N < 2 || cost.N > MAX_N || (cost.N & (cost.N - 1)) !== 0) {
    throw new RangeError(`passwordHashCost.N must be a power of two from 2 to 2^20, got ${cost.N}`);
  }
  if (!Number.isInteger(cost.r) || cost.r < 1 || cost.r > 32) throw new RangeError(`passwordHashCost.r must be 1..32, got ${cost.r}`);
  if (!Number.isInteger(cost.p) || cost.p < 1 || cost.p > 16) throw new RangeError(`passwordHashCost.p must be 1..16, got ${cost.p}`);
  return cost;
}

function scrypt(password: string, salt: Buffer, keyLength: number, cost: ScryptCost): Promise<Buffer> {
  // Node refuses more than 32 MiB by default; N=2^17, r=8 needs 128 MiB (128·N·r·p bytes).
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 129 * cost.N * cost.r * cost.p + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCallback(password, salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$<salt base64>$<key base64>`. */
export async function hashPassword(password: string, cost: ScryptCost = OWASP_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string | null | undefined): ParsedHash | undefined {
  if (!stored) return undefined;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  try {
    const cost = scryptCost({ N, r, p });
    const key = Buffer.from(parts[5]!, 'base64');
    return key.length === 0 ? undefined : { cost, salt: Buffer.from(parts[4]!, 'base64'), key };
  } catch {
    return undefined;
  }
}

/** Constant-time check of a password against a stored hash; false for anything malformed. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  try {
    const key = await scrypt(password, parsed.salt, parsed.key.length, parsed.cost);
    return timingSafeEqual(key, parsed.key);
  } catch {
    return false;
  }
}

const WASTED_SALT = randomBytes(16);

/** The work of verifying a hash made at `cost`, with no hash to check: unknown users cost as much as known ones. */
export async function spendVerifyWork(password: string, cost: ScryptCost): Promise<void> {
  await scrypt(password, WASTED_SALT, KEY_LENGTH, cost);
}

/** True when a stored hash was made with other parameters than `cost` (it is re-hashed at the next sign-in). */
export function needsRehash(stored: string | null | undefined, cost: ScryptCost): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  return parsed.cost.N !== cost.N || parsed.cost.r !== cost.r || parsed.cost.p !== cost.p || parsed.key.length !== KEY_LENGTH;
}

export interface IdentityError {
  code: string;
  description: string;
}

/** ASP.NET Identity's default password validator (length 6, digit, lower, upper, non-alphanumeric), all errors at once. */
export function identityPasswordErrors(password: string): IdentityError[] {
  const errors: IdentityError[] = [];
  if (password.length < 6) errors.push({ code: 'PasswordTooShort', description: 'Passwords must be at least 6 characters.' });
  if (!/[^A-Za-z0-9]/.test(password)) {
    errors.push({ code: 'PasswordRequiresNonAlphanumeric', description: 'Passwords must have at least one non alphanumeric character.' });
  }
  if (!/[0-9]/.test(password)) errors.push({ code: 'PasswordRequiresDigit', description: "Passwords must have at least one digit ('0'-'9')." });
  if (!/[a-z]/.test(password)) errors.push({ code: 'PasswordRequiresLower', description: "Passwords must have at least one lowercase ('a'-'z')." });
  if (!/[A-Z]/.test(password)) errors.push({ code: 'PasswordRequiresUpper', description: "Passwords must have at least one uppercase ('A'-'Z')." });
  return errors;
}

const SETUP_SYMBOLS = "!@$?_-#%&'()*+,./:;<=>[]^`{|}~";

/** The Setup rule for the first admin (identity-api.md §2.10): ≥ 8 characters, upper, lower, digit and a symbol. */
export function setupPasswordProblem(password: string): string | undefined {
  if (password.length < 8) return 'The password must be at least 8 characters long.';
  if (!/[A-Z]/.test(password)) return 'The password must contain an uppercase letter.';
  if (!/[a-z]/.test(password)) return 'The password must contain a lowercase letter.';
  if (!/[0-9]/.test(password)) return 'The password must contain a digit.';
  if (![...password].some((c) => SETUP_SYMBOLS.includes(c))) return `The password must contain one of ${SETUP_SYMBOLS}`;
  return undefined;
}

/** ASP.NET Identity's default allowed user-name characters. */
export function userNameErrors(name: string | null | undefined): IdentityError[] {
  if (!name || !/^[A-Za-z0-9\-._@+]+$/.test(name)) {
    return [{ code: 'InvalidUserName', description: `Username '${name ?? ''}' is invalid, can only contain letters or digits.` }];
  }
  return [];
}
