/**
 * The application store: every tenant's clients, scopes, resources, roles, groups and users.
 * All reads and mutations are synchronous on one in-memory object (Node runs them one at a time), so no update can be lost;
 * `commit()` persists the whole state through one serialised queue of atomic writes.
 */
import { join } from 'node:path';
import { ensureDir, readJsonFile, writeFileAtomic } from './persist.js';
import { seedTenant, createAdminUser, emptyUriSources, TENANT_OWNERS_RTID, type SeedUrls } from './seed.js';
import { URI_LISTS, type StoreData, type TenantData } from './types.js';

const STORE_FILE = 'identity-store.json';

export class Store {
  readonly data: StoreData;
  private readonly file: string | undefined;
  private queue: Promise<void> = Promise.resolve();
  private version = 0;
  private written = 0;

  private constructor(data: StoreData, file: string | undefined) {
    this.data = data;
    this.file = file;
  }

  /**
   * Loads the store from `dataDir` (when given) and seeds every listed tenant that does not exist yet.
   * Existing tenants keep their data; the admin user is added where it is missing (unless `adminUser` is undefined:
   * then tenants are seeded without users and the system tenant waits for Setup).
   */
  static async open(options: { dataDir?: string; tenants: string[]; seedUrls: SeedUrls; adminUser: string | undefined }): Promise<Store> {
    let data: StoreData = { version: 1, tenants: {} };
    let file: string | undefined;
    if (options.dataDir) {
      await ensureDir(options.dataDir);
      file = join(options.dataDir, STORE_FILE);
      const loaded = await readJsonFile(file);
      if (loaded !== undefined) data = validateStoreData(loaded, file);
    }
    for (const tenant of Object.values(data.tenants)) normalizeTenant(tenant);
    const store = new Store(data, file);
    let changed = false;
    for (const raw of options.tenants) {
      const tenantId = raw.toLowerCase();
      const existing = store.tenant(tenantId);
      if (!existing) {
        data.tenants[tenantId] = seedTenant(tenantId, options.seedUrls, options.adminUser);
        changed = true;
      } else if (options.adminUser !== undefined && !existing.users.some((u) => u.name.toLowerCase() === options.adminUser!.toLowerCase())) {
        const admin = createAdminUser(options.adminUser, existing.roles);
        existing.users.push(admin);
        existing.groups.find((g) => g.rtId === TENANT_OWNERS_RTID)?.memberUserIds.push(admin.rtId);
        changed = true;
      }
    }
    if (changed) await store.commit();
    return store;
  }

  /** A tenant by id (case-insensitive), or undefined. */
  tenant(tenantId: string): TenantData | undefined {
    const key = tenantId.toLowerCase();
    return Object.hasOwn(this.data.tenants, key) ? this.data.tenants[key] : undefined;
  }

  tenantIds(): string[] {
    return Object.keys(this.data.tenants);
  }

  /**
   * Persists the current state. Resolves once a write that includes every change made before this call has finished.
   * Writes never overlap; several commits during one write are coalesced into the next one.
   */
  commit(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    const target = ++this.version;
    const run = this.queue.then(async () => {
      if (this.written >= target) return;
      const snapshotVersion = this.version;
      const text = JSON.stringify(this.data, null, 1);
      await ensureDir(join(file, '..'));
      await writeFileAtomic(file, text);
      this.written = snapshotVersion;
    });
    // Keep the queue alive after a failed write; the caller still sees the failure.
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for every queued write. */
  async flush(): Promise<void> {
    await this.queue;
  }
}

/** Fills what store files written by older versions of this service lack (new collections and fields). */
function normalizeTenant(t: TenantData): void {
  t.identityProviders ??= [];
  t.emailDomainGroupRules ??= [];
  t.externalTenantUserMappings ??= [];
  for (const c of t.clients) {
    c.uriSources ??= emptyUriSources();
    for (const list of URI_LISTS) c.uriSources[list] ??= {};
    c.provisionedByParentTenantId ??= null;
    c.mirrors ??= [];
    c.dynamicRegistration ??= null;
  }
  for (const g of t.groups) g.memberExternalUserIds ??= [];
  for (const u of t.users) {
    u.email ??= null;
    u.passwordHash ??= null;
    u.resetPasswordOnLogin ??= false;
    u.externalLogins ??= [];
  }
}

function validateStoreData(value: unknown, file: string): StoreData {
  if (
    typeof value !== 'object' ||
    value === null ||
    (value as { version?: unknown }).version !== 1 ||
    typeof (value as { tenants?: unknown }).tenants !== 'object'
  ) {
    throw new Error(`${file} is not a store file of this version`);
  }
  return value as StoreData;
}
