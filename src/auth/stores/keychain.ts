/**
 * Tokens in the OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux) through
 * @napi-rs/keyring, loaded only when a command needs tokens. One entry per context and identity service:
 * service `octo-cli`, account `<context lowercased>@<identity host>`.
 *
 * Windows limits a credential's blob to 2,560 bytes (and keyring stores UTF-16), so there a value longer than
 * `maxEntryChars` is split: the chunks go to `<account>#chunk<n>` and the main entry holds a small header with
 * their count and a hash, written last, so a reader never mixes old and new chunks unnoticed.
 */
import { createHash } from 'node:crypto';
import type { StoredTokens, TokenKey, TokenStore } from '../types.js';
import { accountName, parseStoredTokens } from './shared.js';

/** The few keychain operations we need, for one service. Tests use an in-memory fake. */
export interface KeyringBackend {
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<boolean>;
  /** Accounts stored under the service. */
  list(): Promise<string[]>;
}

/** 1,200 UTF-16 code units = 2,400 bytes, under Windows' 2,560-byte blob limit. */
export const WINDOWS_MAX_ENTRY_CHARS = 1200;
/**
 * Split only where the platform needs it (each keychain read is a round trip of ~5 ms on the Secret Service);
 * macOS' Keychain and the Secret Service hold far larger values.
 */
export const DEFAULT_MAX_ENTRY_CHARS = process.platform === 'win32' ? WINDOWS_MAX_ENTRY_CHARS : 64_000;
const HEADER = 'octo-cli-chunks:v1:';
const MAX_CHUNKS = 64;

export class KeychainCorruptError extends Error {}

export class KeychainStore implements TokenStore {
  readonly kind = 'keychain' as const;
  readonly location: string;
  private readonly maxEntryChars: number;

  constructor(
    private readonly backend: KeyringBackend,
    readonly service: string,
    opts: { maxEntryChars?: number } = {},
  ) {
    this.location = keychainLocation(service);
    this.maxEntryChars = Math.max(64, opts.maxEntryChars ?? DEFAULT_MAX_ENTRY_CHARS);
  }

  async get(key: TokenKey): Promise<StoredTokens | undefined> {
    const value = await this.readValue(accountName(key));
    if (value === undefined) return undefined;
    const tokens = parseStoredTokens(value);
    if (!tokens) throw new KeychainCorruptError(`the keychain entry '${accountName(key)}' does not hold tokens`);
    return tokens;
  }

  async set(key: TokenKey, tokens: StoredTokens): Promise<void> {
    await this.writeValue(accountName(key), JSON.stringify(tokens));
  }

  async delete(key: TokenKey): Promise<boolean> {
    return this.deleteAccount(accountName(key));
  }

  async deleteContext(contextName: string): Promise<number> {
    const prefix = `${contextName.toLowerCase()}@`;
    const accounts = (await this.backend.list()).filter((a) => a.toLowerCase().startsWith(prefix) && !/#chunk\d+$/.test(a));
    let removed = 0;
    for (const account of new Set(accounts)) if (await this.deleteAccount(account)) removed++;
    return removed;
  }

  /** The full value of an account, joining chunks; undefined when there is none. */
  async readValue(account: string): Promise<string | undefined> {
    const head = await this.backend.get(account);
    if (head === null) return undefined;
    if (!head.startsWith(HEADER)) return head;
    const [countText, hash] = head.slice(HEADER.length).split(':');
    const count = Number(countText);
    if (!Number.isInteger(count) || count < 1 || count > MAX_CHUNKS) throw new KeychainCorruptError(`the keychain entry '${account}' has a bad chunk header`);
    const parts = await Promise.all(Array.from({ length: count }, (_, i) => this.backend.get(chunkAccount(account, i + 1))));
    const missing = parts.findIndex((p) => p === null);
    if (missing >= 0) throw new KeychainCorruptError(`chunk ${missing + 1} of the keychain entry '${account}' is missing`);
    const value = parts.join('');
    if (digest(value) !== hash) throw new KeychainCorruptError(`the chunks of the keychain entry '${account}' do not match (changed while reading?)`);
    return value;
  }

  async writeValue(account: string, value: string): Promise<void> {
    let count = 0;
    if (value.length <= this.maxEntryChars) {
      await this.backend.set(account, value);
    } else {
      count = Math.ceil(value.length / this.maxEntryChars);
      if (count > MAX_CHUNKS) throw new Error(`the tokens are too large for the keychain (${value.length} characters)`);
      for (let i = 0; i < count; i++) {
        await this.backend.set(chunkAccount(account, i + 1), value.slice(i * this.maxEntryChars, (i + 1) * this.maxEntryChars));
      }
      // The header last: until it is written, readers still see the previous complete value (or a hash mismatch).
      await this.backend.set(account, `${HEADER}${count}:${digest(value)}`);
    }
    await this.deleteChunksFrom(account, count + 1);
  }

  private async deleteAccount(account: string): Promise<boolean> {
    const removed = await this.backend.delete(account);
    const chunks = await this.deleteChunksFrom(account, 1);
    return removed || chunks > 0;
  }

  /** Removes leftover chunks `from`, `from+1`, … until one is missing. */
  private async deleteChunksFrom(account: string, from: number): Promise<number> {
    let removed = 0;
    for (let i = from; i <= MAX_CHUNKS; i++) {
      if (!(await this.backend.delete(chunkAccount(account, i)))) break;
      removed++;
    }
    return removed;
  }
}

export function keychainLocation(service: string): string {
  return `the OS keychain (service '${service}')`;
}

function chunkAccount(account: string, index: number): string {
  return `${account}#chunk${index}`;
}

function digest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url').slice(0, 22);
}

/**
 * The real keychain through @napi-rs/keyring (imported here, lazily). On Linux the Secret Service is pinned: the
 * library would otherwise fall back silently to the kernel keyring, which forgets everything at reboot.
 * Every call is bounded by `timeoutMs` (an unlock prompt may be waiting for the user); a timeout is an error.
 */
export async function napiKeyringBackend(service: string, timeoutMs: number): Promise<KeyringBackend> {
  const keyring = await import('@napi-rs/keyring');
  const options = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined;
  const entry = (account: string) => new keyring.AsyncEntry(service, account, options);
  const bounded = async <T>(what: string, op: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return await op(signal);
    } catch (err) {
      if (signal.aborted) throw new Error(`the OS keychain did not answer the ${what} within ${Math.round(timeoutMs / 1000)} s; set OCTO_CLI_KEYCHAIN_TIMEOUT to wait longer`);
      throw err;
    }
  };
  return {
    get: (account) => bounded('read', (signal) => entry(account).getPassword(signal)),
    set: (account, value) => bounded('write', (signal) => entry(account).setPassword(value, signal)),
    delete: (account) => bounded('delete', (signal) => entry(account).deleteCredential(signal)),
    list: () => bounded('list', async (signal) => (await keyring.findCredentialsAsync(service, undefined, signal)).map((c) => c.account)),
  };
}

/** One short line for a keychain failure (the library's messages can be long and nested). */
export function keychainReason(err: unknown): string {
  const message = String((err as Error)?.message ?? err).replace(/\s+/g, ' ').trim();
  if (/DBUS_SESSION_BUS_ADDRESS|autolaunch/i.test(message)) return 'there is no D-Bus session bus and so no Secret Service, as on a headless Linux box';
  if (/org\.freedesktop\.secrets|ServiceUnknown|was not provided by any \.service/i.test(message)) return 'no Secret Service such as gnome-keyring runs on the D-Bus session bus';
  return message.length > 160 ? `${message.slice(0, 159)}…` : message;
}
