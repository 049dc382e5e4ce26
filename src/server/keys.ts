/** The RS256 signing key and cookie keys: generated once per start, or kept in `dataDir/keys.json` (mode 0600). */
import { createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureDir, readJsonFile, writeFileAtomic } from './persist.js';

export interface SigningKeyJwk {
  kty: 'RSA';
  kid: string;
  alg: 'RS256';
  use: 'sig';
  n: string;
  e: string;
  d: string;
  p: string;
  q: string;
  dp: string;
  dq: string;
  qi: string;
}

export interface ServerKeys {
  signingKey: SigningKeyJwk;
  cookieKeys: string[];
}

const KEYS_FILE = 'keys.json';

const generateKeyPairAsync = promisify(generateKeyPair);

/** An RSA key takes tens to hundreds of ms: made on the thread pool, so start-up does not block the event loop. */
async function generateKeys(): Promise<ServerKeys> {
  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as Omit<SigningKeyJwk, 'kid' | 'alg' | 'use'>;
  return {
    signingKey: { ...jwk, kty: 'RSA', kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' },
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

function isServerKeys(value: unknown): value is ServerKeys {
  const v = value as Partial<ServerKeys> | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.signingKey?.kid === 'string' &&
    typeof v.signingKey.d === 'string' &&
    Array.isArray(v.cookieKeys) &&
    v.cookieKeys.length > 0
  );
}

export async function loadOrCreateKeys(dataDir: string | undefined): Promise<ServerKeys> {
  if (!dataDir) return generateKeys();
  await ensureDir(dataDir);
  const file = join(dataDir, KEYS_FILE);
  const loaded = await readJsonFile(file);
  if (loaded !== undefined) {
    if (!isServerKeys(loaded)) throw new Error(`${file} does not hold valid server keys`);
    return loaded;
  }
  const keys = await generateKeys();
  await writeFileAtomic(file, JSON.stringify(keys));
  return keys;
}

/** The public half, for verifying our own access tokens. */
export function publicKeyOf(jwk: SigningKeyJwk): KeyObject {
  const { kty, n, e } = jwk;
  return createPublicKey({ key: { kty, n, e }, format: 'jwk' });
}
