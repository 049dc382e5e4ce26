import { createHash, randomBytes } from 'node:crypto';

/** The Identity Service stores secrets as base64(SHA-256(UTF-8 clear text)) (Duende's `Sha256()`). */
export function hashSecret(clearText: string): string {
  return createHash('sha256').update(clearText, 'utf8').digest('base64');
}

/** Secrets in URL paths are base64 of the UTF-8 bytes of the stored hash string (identity-api.md §3.5). */
export function secretPathId(hash: string): string {
  return Buffer.from(hash, 'utf8').toString('base64');
}

/** A stored hash is 44 base64 characters ending in '=' (32 bytes). */
export function looksLikeSecretHash(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(value);
}

/** A strong random secret for generated client secrets: 32 bytes, base64url (43 characters). */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** How many characters of a hash name a secret in reports (48 bits: unique among an owner's secrets). */
const HASH_PREFIX_LENGTH = 8;

/** The first characters of a stored hash: how old secrets are named in output, never by value. */
export function hashPrefix(hash: string | null | undefined): string {
  return hash ? hash.slice(0, HASH_PREFIX_LENGTH) : '-';
}
