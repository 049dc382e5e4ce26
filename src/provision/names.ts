/**
 * The tenant's ids and names in both directions (roles, clients, groups, users), built once from what was read:
 * Plan and Export show names where the server stores ids, Apply sends ids where the file gives names. Ids are kept
 * lower-case (the service compares RtIds case-insensitively); role, group and user names are case-insensitive, client
 * ids are not.
 */
import type { Actual } from './read.js';

/** One kind's ids ↔ names. */
export class NameIndex {
  readonly #nameById = new Map<string, string>();
  readonly #idByName = new Map<string, string>();
  constructor(private readonly caseSensitiveNames = false) {}

  #nameKey(name: string): string {
    return this.caseSensitiveNames ? name : name.toLowerCase();
  }
  set(id: string, name: string): void {
    this.#nameById.set(id.toLowerCase(), name);
    this.#idByName.set(this.#nameKey(name), id.toLowerCase());
  }
  /** The (lower-case) id of a name, if the tenant has it. */
  idOf(name: string): string | undefined {
    return this.#idByName.get(this.#nameKey(name));
  }
  hasName(name: string): boolean {
    return this.#idByName.has(this.#nameKey(name));
  }
  /** The names of ids; an id nobody knows stays as it is. */
  namesOf(ids: readonly string[] | null | undefined): string[] {
    return (ids ?? []).map((id) => this.#nameById.get(id.toLowerCase()) ?? id);
  }
}

export class TenantNames {
  readonly roles = new NameIndex();
  readonly clients = new NameIndex(true);
  readonly groups = new NameIndex();
  readonly users = new NameIndex();

  constructor(actual: Actual) {
    this.addRoles(actual.roles);
    for (const c of actual.clients) if (c.rtId && c.clientId) this.clients.set(c.rtId, c.clientId);
    for (const g of actual.groups) if (g.id) this.groups.set(g.id, g.groupName);
    for (const u of actual.users ?? []) if (u.userId && u.name) this.users.set(u.userId, u.name);
  }

  addRoles(list: Actual['roles']): void {
    for (const r of list) if (r.id && r.name) this.roles.set(r.id, r.name);
  }

  /** A role's id by name; Apply plans only roles that exist or that it created, so a miss is an error. */
  roleId(name: string): string {
    const id = this.roles.idOf(name);
    if (!id) throw new Error(`role '${name}' not found`);
    return id;
  }
}
