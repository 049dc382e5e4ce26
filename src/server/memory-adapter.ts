/**
 * In-memory storage for oidc-provider's short-lived models (device codes, grants, refresh tokens, sessions, …).
 * Records are kept for a grace period past their expiry so that a late device-code poll answers `expired_token`
 * instead of `invalid_grant` (local-service-notes.md §2).
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';

const GRACE_SECONDS = 600;

interface Entry {
  payload: AdapterPayload;
  expiresAt: number | undefined;
}

export class MemoryStorage {
  private readonly entries = new Map<string, Entry>();
  private readonly byGrant = new Map<string, Set<string>>();
  private readonly byUserCode = new Map<string, string>();
  private readonly byUid = new Map<string, string>();
  private writes = 0;

  key(model: string, id: string): string {
    return `${model}:${id}`;
  }

  set(model: string, id: string, payload: AdapterPayload, expiresIn: number | undefined): void {
    const key = this.key(model, id);
    const expiresAt = expiresIn ? Date.now() + (expiresIn + GRACE_SECONDS) * 1000 : undefined;
    this.entries.set(key, { payload: { ...payload }, expiresAt });
    if (payload.grantId) {
      let keys = this.byGrant.get(payload.grantId);
      if (!keys) this.byGrant.set(payload.grantId, (keys = new Set()));
      keys.add(key);
    }
    if (payload.userCode) this.byUserCode.set(payload.userCode, key);
    if (payload.uid) this.byUid.set(payload.uid, key);
    if (++this.writes % 200 === 0) this.sweep();
  }

  get(key: string | undefined): AdapterPayload | undefined {
    if (!key) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt < Date.now()) {
      this.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  /** Read a record without going through oidc-provider (used to find the tenant of a token request). */
  peek(model: string, id: string): AdapterPayload | undefined {
    return this.get(this.key(model, id));
  }

  findKeyByUserCode(userCode: string): string | undefined {
    return this.byUserCode.get(userCode);
  }

  findKeyByUid(uid: string): string | undefined {
    return this.byUid.get(uid);
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const { grantId, userCode, uid } = entry.payload;
    if (grantId) this.byGrant.get(grantId)?.delete(key);
    if (userCode && this.byUserCode.get(userCode) === key) this.byUserCode.delete(userCode);
    if (uid && this.byUid.get(uid) === key) this.byUid.delete(uid);
  }

  /** Removes a grant and every record issued under it (refresh tokens, codes, sessions' links). */
  deleteGrant(grantId: string): void {
    const keys = this.byGrant.get(grantId);
    this.byGrant.delete(grantId);
    for (const key of keys ?? []) this.delete(key);
    this.delete(this.key('Grant', grantId));
  }

  /** The ids of every grant a client holds (from the grants themselves and from tokens issued under one). */
  grantIdsOfClient(clientId: string): string[] {
    const ids = new Set<string>();
    for (const [key, { payload }] of this.entries) {
      if (payload.clientId !== clientId) continue;
      if (key.startsWith('Grant:')) ids.add(key.slice('Grant:'.length));
      else if (payload.grantId) ids.add(payload.grantId);
    }
    return [...ids];
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt < now) this.delete(key);
    }
  }
}

export class MemoryAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly storage: MemoryStorage,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    this.storage.set(this.model, id, payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.storage.peek(this.model, id);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.storage.get(this.storage.findKeyByUserCode(userCode));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.storage.get(this.storage.findKeyByUid(uid));
  }

  async consume(id: string): Promise<void> {
    const payload = this.storage.peek(this.model, id);
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.storage.delete(this.storage.key(this.model, id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.storage.deleteGrant(grantId);
  }
}
