/**
 * User passwords: scrypt hashes (never the clear text) and the password rules of the real service
 * (ASP.NET Identity defaults for users, identity-api.md §3.6; the stricter Setup rule, §2.10).
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password, salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$<salt base64>$<key base64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Constant-time check of a password against a stored hash; false for anything malformed. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored) return false;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  if (!n || !r || !p || n > 1 << 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length === 0) return false;
  try {
    const key = await scrypt(password, salt, expected.length, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });
    return timingSafeEqual(key, expected);
  } catch {
    return false;
  }
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
