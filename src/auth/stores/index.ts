/**
 * Which token store a command reads and writes, decided once per command run.
 *
 * - `OCTO_CLI_TOKEN_STORE=keychain|file|memory` selects one explicitly; unset means `auto`.
 * - `auto`: the OS keychain when it is reachable. When it is not, we do not fall back silently: a sign-in fails
 *   (exit 252) unless the user allows the 0600 file store with --insecure-storage, and then we say so once.
 *   Reading also looks at the file store (it only exists when the user allowed it) and, last, at the tokens the
 *   .NET tool left in contexts.json.
 */
import type { AuthContext } from '../context.js';
import { AuthError, ConfigError } from '../../errors.js';
import type { StoredTokens, TokenStore } from '../types.js';
import { FileStore } from './file.js';
import { KeychainCorruptError, KeychainStore, keychainLocation, keychainReason, napiKeyringBackend, type KeyringBackend } from './keychain.js';
import { LegacyStore } from './legacy.js';
import { MemoryStore } from './memory.js';

export type StoreMode = 'auto' | 'keychain' | 'file' | 'memory';

export const DEFAULT_KEYCHAIN_SERVICE = 'octo-cli';

export function storeMode(env: NodeJS.ProcessEnv): StoreMode {
  const value = env.OCTO_CLI_TOKEN_STORE?.trim().toLowerCase();
  if (!value || value === 'auto') return 'auto';
  if (value === 'keychain' || value === 'file' || value === 'memory') return value;
  throw new ConfigError(`OCTO_CLI_TOKEN_STORE must be keychain, file or memory (or unset), got '${env.OCTO_CLI_TOKEN_STORE}'`);
}

export interface TokenStoresOptions {
  /** A keyring backend to use instead of @napi-rs/keyring (tests). */
  keyring?: KeyringBackend;
}

type KeychainProbe = { store: KeychainStore } | { store?: undefined; reason: string };

export class TokenStores {
  readonly mode: StoreMode;
  readonly file: FileStore;
  readonly memory: MemoryStore;
  readonly legacy: LegacyStore;
  /** The keychain service name (OCTO_CLI_KEYCHAIN_SERVICE, for tests; default octo-cli). */
  readonly service: string;
  private probe?: Promise<KeychainProbe>;
  private warned = false;

  constructor(
    private readonly ctx: AuthContext,
    private readonly options: TokenStoresOptions = {},
  ) {
    this.mode = storeMode(ctx.env);
    this.file = new FileStore(ctx.home);
    this.memory = new MemoryStore(ctx.home);
    this.legacy = new LegacyStore(ctx.contexts);
    this.service = ctx.env.OCTO_CLI_KEYCHAIN_SERVICE?.trim() || DEFAULT_KEYCHAIN_SERVICE;
  }

  /** The keychain store when the keychain answers (probed once per run, with a harmless read). */
  keychain(): Promise<KeychainProbe> {
    this.probe ??= this.tryKeychain((store) => store.readValue('octo-cli-probe'));
    return this.probe;
  }

  /** Runs a first keychain operation; when it fails for any reason but damaged data, the keychain counts as unreachable. */
  private async tryKeychain(first: (store: KeychainStore) => Promise<unknown>): Promise<KeychainProbe> {
    const timeoutSeconds = Number(this.ctx.env.OCTO_CLI_KEYCHAIN_TIMEOUT);
    const timeoutMs = Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds * 1000 : 20_000;
    try {
      const store = new KeychainStore(this.options.keyring ?? (await napiKeyringBackend(this.service, timeoutMs)), this.service);
      await first(store);
      return { store };
    } catch (err) {
      const reason = keychainReason(err);
      this.ctx.log.debug(`OS keychain not reachable: ${reason}`);
      return { reason };
    }
  }

  /**
   * In auto mode the first read doubles as the probe (one keychain round trip less for every admin command): a
   * keychain that cannot be reached reads as empty, so the file store and contexts.json are looked at next.
   */
  private probingKeychain(): TokenStore {
    return {
      kind: 'keychain',
      location: keychainLocation(this.service),
      get: async (key) => {
        if (this.probe) return (await this.probe).store?.get(key);
        let tokens: StoredTokens | undefined;
        let damaged: KeychainCorruptError | undefined;
        this.probe = this.tryKeychain(async (store) => {
          try {
            tokens = await store.get(key);
          } catch (err) {
            if (!(err instanceof KeychainCorruptError)) throw err;
            damaged = err; // the keychain answered: it is reachable
          }
        });
        await this.probe;
        if (damaged) throw damaged;
        return tokens;
      },
      set: async (key, tokens) => (await this.requireKeychain()).set(key, tokens),
      delete: async (key) => (await this.requireKeychain()).delete(key),
      deleteContext: async (name) => (await this.requireKeychain()).deleteContext(name),
    };
  }

  /** Stores that may hold a context's tokens, the newest kind first; the legacy contexts.json block last. */
  async readable(): Promise<TokenStore[]> {
    switch (this.mode) {
      case 'memory':
        return [this.memory, this.legacy];
      case 'file':
        return [this.file, this.legacy];
      case 'keychain':
        return [await this.requireKeychain(), this.legacy];
      case 'auto': {
        if (!this.probe) return [this.probingKeychain(), this.file, this.legacy];
        const probe = await this.probe;
        return [...(probe.store ? [probe.store] : []), this.file, this.legacy];
      }
    }
  }

  /**
   * The store for a new sign-in, checked before the sign-in starts (so nobody approves a device code only to lose
   * the token). Throws AuthError (252) when the keychain is unreachable and file storage was not allowed.
   */
  async writable(opts: { insecureAllowed: boolean }): Promise<TokenStore> {
    switch (this.mode) {
      case 'memory':
        return this.memory;
      case 'file':
        return this.file;
      case 'keychain':
        return this.requireKeychain();
      case 'auto': {
        const probe = await this.keychain();
        if (probe.store) return probe.store;
        if (!opts.insecureAllowed) {
          // One sentence each (issue 15 §6): the reason after a colon, no parentheses inside parentheses.
          throw new AuthError(`no OS keychain is reachable to store the tokens: ${probe.reason}`, {
            hint: `to store them unencrypted with mode 0600 in ${this.file.path} instead, pass --insecure-storage or set OCTO_CLI_TOKEN_STORE=file`,
          });
        }
        this.warnFileStore(probe.reason);
        return this.file;
      }
    }
  }

  /**
   * Every store to clear on LogOut and RemoveContext (the legacy block only when asked: the caller may own
   * contexts.json). An explicit file or memory mode leaves the keychain alone (memory mode is for hermetic tests).
   */
  async all(opts: { legacy: boolean }): Promise<TokenStore[]> {
    const stores: TokenStore[] = [];
    if (this.mode === 'auto' || this.mode === 'keychain') {
      const probe = await this.keychain();
      if (probe.store) stores.push(probe.store);
    }
    if (this.mode !== 'memory') stores.push(this.file);
    stores.push(this.memory);
    if (opts.legacy) stores.push(this.legacy);
    return stores;
  }

  /** Says once per run that tokens go to the file because there is no keychain. */
  warnFileStore(reason: string): void {
    if (this.warned) return;
    this.warned = true;
    this.ctx.log.warn(`no OS keychain is reachable: ${reason}; storing the tokens unencrypted with mode 0600 in ${this.file.path}, as allowed`);
  }

  private async requireKeychain(): Promise<KeychainStore> {
    const probe = await this.keychain();
    if (probe.store) return probe.store;
    throw new AuthError(`OCTO_CLI_TOKEN_STORE=keychain, but no OS keychain is reachable: ${probe.reason}`, {
      hint: 'start a Secret Service such as gnome-keyring, or use OCTO_CLI_TOKEN_STORE=file',
    });
  }
}

const perRun = new WeakMap<AuthContext, TokenStores>();

/** The token stores of one command run (the keychain is probed at most once per run). */
export function tokenStores(ctx: AuthContext, options?: TokenStoresOptions): TokenStores {
  let stores = perRun.get(ctx);
  if (!stores) {
    stores = new TokenStores(ctx, options);
    perRun.set(ctx, stores);
  }
  return stores;
}
