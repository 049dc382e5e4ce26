/**
 * Tokens in `<home>/credentials.json`, mode 0600, for machines without a reachable OS keychain, used only when the
 * user allows it (--insecure-storage or OCTO_CLI_TOKEN_STORE=file). A file that others can read or that belongs to
 * another user is refused, never read. Writes are atomic under a cross-process lock.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AuthError } from '../../errors.js';
import { atomicWriteFile, withFileLock } from '../../shared/fs.js';
import type { StoredTokens, TokenKey, TokenStore } from '../types.js';
import { accountName, parseStoredTokens } from './shared.js';

interface CredentialsFile {
  version: 1;
  /** Per account (`<context>@<identity host>`). */
  tokens: Record<string, StoredTokens>;
}

export class FileStore implements TokenStore {
  readonly kind = 'file' as const;
  readonly path: string;
  readonly location: string;

  constructor(home: string) {
    this.path = join(home, 'credentials.json');
    this.location = `${this.path} (mode 0600)`;
  }

  async get(key: TokenKey): Promise<StoredTokens | undefined> {
    const file = await this.read();
    return parseStoredTokens(file?.tokens[accountName(key)]);
  }

  async set(key: TokenKey, tokens: StoredTokens): Promise<void> {
    await this.update((file) => {
      file.tokens[accountName(key)] = tokens;
      return true;
    });
  }

  async delete(key: TokenKey): Promise<boolean> {
    if (!(await this.exists())) return false;
    const account = accountName(key);
    // Whether tokens were removed (a bare `delete` is true for a missing key too, and would rewrite the file).
    return this.update((file) => Object.hasOwn(file.tokens, account) && delete file.tokens[account]);
  }

  async deleteContext(contextName: string): Promise<number> {
    if (!(await this.exists())) return 0;
    const prefix = `${contextName.toLowerCase()}@`;
    let removed = 0;
    await this.update((file) => {
      for (const account of Object.keys(file.tokens)) {
        if (account.toLowerCase().startsWith(prefix)) {
          delete file.tokens[account];
          removed++;
        }
      }
      return removed > 0;
    });
    return removed;
  }

  /** Whether the file exists (without reading it). */
  async exists(): Promise<boolean> {
    return stat(this.path).then(
      () => true,
      () => false,
    );
  }

  /** The file's content; undefined when there is no file. Refuses a file others could read or change. */
  private async read(): Promise<CredentialsFile | undefined> {
    let text: string;
    try {
      await this.checkPermissions();
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      const data = JSON.parse(text) as Partial<CredentialsFile>;
      if (!data || typeof data !== 'object' || typeof data.tokens !== 'object' || data.tokens === null) throw new Error('no "tokens" object');
      return { version: 1, tokens: data.tokens };
    } catch (err) {
      // JSON.parse messages quote the text around the error, which could be part of a token: never show them.
      throw new AuthError(`${this.path} is damaged (${err instanceof SyntaxError ? 'not valid JSON' : (err as Error).message})`, {
        hint: `remove it and sign in again: rm ${this.path} && octo-cli -c LogIn --insecure-storage`,
      });
    }
  }

  private async checkPermissions(): Promise<void> {
    if (process.platform === 'win32') return;
    const st = await stat(this.path);
    const mode = st.mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new AuthError(`refusing to read ${this.path}: its mode is ${mode.toString(8).padStart(4, '0')}, so other users may read the tokens in it`, {
        hint: `run \`chmod 600 ${this.path}\` if you trust its content, or remove it and sign in again`,
      });
    }
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) {
      throw new AuthError(`refusing to read ${this.path}: it belongs to another user (uid ${st.uid})`, { hint: 'remove it and sign in again' });
    }
  }

  /** Read-modify-write under the lock; writes only when `mutate` reports a change. */
  private async update(mutate: (file: CredentialsFile) => boolean): Promise<boolean> {
    return withFileLock(this.path, async () => {
      const file = (await this.read()) ?? { version: 1, tokens: {} };
      const changed = mutate(file);
      if (changed) await atomicWriteFile(this.path, JSON.stringify(file, null, 2) + '\n', { sweep: true });
      return changed;
    });
  }
}
