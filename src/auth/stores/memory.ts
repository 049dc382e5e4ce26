/** Tokens kept in this process only (OCTO_CLI_TOKEN_STORE=memory; for tests and one-shot runs). */
import type { StoredTokens, TokenKey, TokenStore } from '../types.js';
import { accountName } from './shared.js';

/** Shared by every MemoryStore of the process, per home folder. */
const entries = new Map<string, StoredTokens>();

export class MemoryStore implements TokenStore {
  readonly kind = 'memory' as const;
  readonly location = 'process memory (OCTO_CLI_TOKEN_STORE=memory: gone when the process ends)';

  constructor(private readonly home: string) {}

  private id(account: string): string {
    return `${this.home}\u0000${account}`;
  }

  async get(key: TokenKey): Promise<StoredTokens | undefined> {
    const tokens = entries.get(this.id(accountName(key)));
    return tokens ? { ...tokens } : undefined;
  }

  async set(key: TokenKey, tokens: StoredTokens): Promise<void> {
    entries.set(this.id(accountName(key)), { ...tokens });
  }

  async delete(key: TokenKey): Promise<boolean> {
    return entries.delete(this.id(accountName(key)));
  }

  async deleteContext(contextName: string): Promise<number> {
    const prefix = this.id(`${contextName.toLowerCase()}@`);
    let removed = 0;
    for (const id of [...entries.keys()]) if (id.startsWith(prefix) && entries.delete(id)) removed++;
    return removed;
  }
}
