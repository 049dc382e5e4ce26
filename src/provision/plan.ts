/**
 * The plan: what Apply would do to make the tenant (`Actual`) as the files describe it (`Desired`). Pure: no
 * requests, no output. Only fields present in the file are compared (an absent field is not managed); lists are
 * compared as sets; a client secret is compared by its hash and never held in a change; references are by name.
 *
 * Never deleted, even with prune: the tenant's seeded defaults, dynamically registered clients and the client the CLI
 * is signed in as (`protectedReason`).
 */
import { hashSecret } from '../shared/secrets.js';
import { IDENTITY_SCOPES } from '../shared/scopes.js';
import { didYouMean } from '../shared/suggest.js';
import type { ApiResourceDto } from '../api/resources/apiResources.js';
import type { ApiScopeDto } from '../api/resources/apiScopes.js';
import type { ClientDto } from '../api/resources/clients.js';
import type { GroupDto } from '../api/resources/groups.js';
import { FileProblems, type Desired, type Entry, type PathPart } from './load.js';
import { TenantNames } from './names.js';
import type { Actual } from './read.js';
import { KINDS, nameKey, type Kind } from './schema.js';

export type Action = 'create' | 'update' | 'delete';

/** One changed field: `from` → `to`; lists also as `added`/`removed`. A secret's values are `(none)`/`(set)`/`(changes)`. */
export interface FieldChange {
  path: string;
  from: unknown;
  to: unknown;
  added?: string[];
  removed?: string[];
  /** Why it matters (setting a client secret replaces all of the client's secrets). */
  note?: string;
}

export interface Change {
  action: Action;
  kind: Kind;
  name: string;
  fields: FieldChange[];
  /** `kind:name` keys of changes this one needs first (a create of a referenced object); skipped when one fails. */
  dependsOn: string[];
  /** The object in the file (creates and updates). */
  entry?: Entry;
  /** The object on the server (updates and deletes). */
  current?: unknown;
}

export interface KeptObject {
  kind: Kind;
  name: string;
  /** Why it is never deleted; absent for an object that is only not in the file. */
  protected?: string;
}

export interface Plan {
  changes: Change[];
  /** Objects on the server, of the kinds the file lists, that the file does not describe and that stay. */
  kept: KeptObject[];
  unchanged: number;
  /** Non-fatal findings (a scope name nobody defines). */
  warnings: string[];
}

export interface PlanOptions {
  prune: boolean;
  /** The client id the CLI is signed in as (never deleted). */
  signedInClient?: string;
}

/** The four OIDC scopes the service adds to every client's allowedScopes. */
export const CLIENT_DEFAULT_SCOPES = ['openid', 'profile', 'email', 'role'] as const;

/** The blueprint's objects (identity-api.md §6), by kind. */
export const SEEDED: Record<Kind, ReadonlySet<string>> = {
  apiScope: new Set(['octo_api', 'octo_api.read_only', 'octo_api.data_model_management']),
  apiResource: new Set(['octoAPI']),
  role: new Set(
    ['TenantManagement', 'UserManagement', 'CommunicationManagement', 'Development', 'AdminPanelManagement', 'BotManagement', 'DashboardManagement', 'DashboardViewer', 'ReportingManagement', 'ReportingViewer', 'DataModelManagement', 'StreamDataAdmin', 'StreamDataWriter', 'StreamDataReader'].map((n) => n.toLowerCase()),
  ),
  client: new Set(['octo-data-refinery-studio', 'octo-cli', 'octo-idenityServices-swagger', 'octo-mcpServices-swagger', 'octo-mcpServices-device', 'octo-platformServices-swagger']),
  group: new Set(['tenantowners']),
};

/** Why an object on the server must never be deleted, or undefined. */
export function protectedReason(kind: Kind, name: string, current: unknown, opts: Pick<PlanOptions, 'signedInClient'>): string | undefined {
  if (SEEDED[kind].has(nameKey(kind, name))) return 'seeded default';
  // The MCP resource of the seed is named by its URL (`https://mcp.example.com/`).
  if (kind === 'apiResource' && /^https?:\/\//.test(name)) return 'seeded default';
  if (kind === 'client') {
    const c = current as Partial<ClientDto> | undefined;
    if (c?.dynamicRegistration === true || name.startsWith('octo-dcr-')) return 'dynamically registered';
    if (opts.signedInClient !== undefined && name === opts.signedInClient) return 'the signed-in client';
  }
  return undefined;
}

const key = (kind: Kind, name: string) => `${kind}:${nameKey(kind, name)}`;

function same(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/** Set difference of two lists (`norm` makes the comparison key): what to add and remove; undefined when equal. */
function listDiff(from: readonly string[], to: readonly string[], norm: (s: string) => string = (s) => s): { added: string[]; removed: string[] } | undefined {
  const f = new Set(from.map(norm));
  const t = new Set(to.map(norm));
  const added = [...new Set(to)].filter((x) => !f.has(norm(x)));
  const removed = [...new Set(from)].filter((x) => !t.has(norm(x)));
  return added.length || removed.length ? { added, removed } : undefined;
}

/** The compared fields of one object: scalars (strings, booleans) and lists. */
class Diff {
  readonly fields: FieldChange[] = [];
  scalar(path: string, current: unknown, wanted: unknown, fallback: unknown = null): void {
    if (wanted === undefined) return;
    const from = current ?? fallback;
    if (!same(from, wanted)) this.fields.push({ path, from, to: wanted });
  }
  list(path: string, current: readonly string[] | null | undefined, wanted: readonly string[] | undefined, norm?: (s: string) => string): void {
    if (wanted === undefined) return;
    const from = current ?? [];
    const d = listDiff(from, wanted, norm);
    if (d) this.fields.push({ path, from: [...from], to: [...wanted], ...d });
  }
}

/** The changes that make `actual` as `desired` describes it. Unknown references are FileProblems. */
export function plan(desired: Desired, actual: Actual, opts: PlanOptions): Plan {
  const problems: string[] = [];
  const warnings: string[] = [];
  const changes: Change[] = [];
  const kept: KeptObject[] = [];
  let unchanged = 0;
  const names = new TenantNames(actual);

  const currentOf: { [K in Kind]: Map<string, unknown> } = {
    apiScope: new Map(actual.apiScopes.filter((s) => s.name).map((s) => [key('apiScope', s.name!), s])),
    apiResource: new Map(actual.apiResources.filter((r) => r.name).map((r) => [key('apiResource', r.name!), r])),
    role: new Map(actual.roles.filter((r) => r.name).map((r) => [key('role', r.name!), r])),
    client: new Map(actual.clients.map((c) => [key('client', c.clientId!), c])),
    group: new Map(actual.groups.map((g) => [key('group', g.groupName), g])),
  };
  const fileNames = Object.fromEntries(KINDS.map((k) => [k, new Set(desired.objects[k].map((e) => nameKey(k, e.name)))])) as Record<Kind, Set<string>>;
  const inFile = (kind: Kind, name: string) => fileNames[kind].has(nameKey(kind, name));
  const creates = new Set<string>();
  for (const kind of KINDS) for (const e of desired.objects[kind]) if (!currentOf[kind].has(key(kind, e.name))) creates.add(key(kind, e.name));

  /** A reference by name: must exist in the file or on the server (else a problem, or only a warning). */
  const refer = (entry: Entry, path: PathPart[], kind: Kind, name: string, deps: Set<string>, how: 'error' | 'warn' = 'error'): void => {
    const k = key(kind, name);
    if (creates.has(k)) deps.add(k);
    if (inFile(kind, name) || currentOf[kind].has(k)) return;
    if (kind === 'apiScope' && IDENTITY_SCOPES.has(name)) return;
    const known = [...desired.objects[kind].map((e) => e.name), ...[...currentOf[kind].values()].map((v) => nameOf(kind, v))];
    const guess = didYouMean(name, known);
    const text = `${entry.where.at(path)}: ${kind === 'apiScope' ? 'API scope' : kind} '${name}' is neither in the file nor on the server${guess ? ` (did you mean ${guess}?)` : ''}`;
    (how === 'error' ? problems : warnings).push(text);
  };

  const push = (entry: Entry, diff: Diff, deps: Set<string>, current: unknown) => {
    const exists = current !== undefined;
    if (!exists) changes.push({ action: 'create', kind: entry.kind, name: entry.name, fields: diff.fields.filter((f) => f.path === 'clientSecret'), dependsOn: [...deps], entry });
    else if (diff.fields.length > 0) changes.push({ action: 'update', kind: entry.kind, name: entry.name, fields: diff.fields, dependsOn: [...deps], entry, current });
    else unchanged++;
  };

  for (const e of desired.objects.apiScope) {
    const s = e.spec;
    const cur = currentOf.apiScope.get(key('apiScope', e.name)) as ApiScopeDto | undefined;
    const d = new Diff();
    if (cur) {
      d.scalar('displayName', cur.displayName, s.displayName);
      d.scalar('description', cur.description, s.description);
      d.scalar('isEnabled', cur.isEnabled, s.isEnabled, false);
      d.scalar('showInDiscoveryDocument', cur.showInDiscoveryDocument, s.showInDiscoveryDocument, false);
      d.scalar('isRequired', cur.isRequired, s.isRequired, false);
      d.scalar('isEmphasize', cur.isEmphasize, s.isEmphasize, false);
      d.list('userClaims', cur.userClaims, s.userClaims);
    }
    push(e, d, new Set(), cur);
  }

  for (const e of desired.objects.apiResource) {
    const s = e.spec;
    const cur = currentOf.apiResource.get(key('apiResource', e.name)) as ApiResourceDto | undefined;
    const deps = new Set<string>();
    s.scopes?.forEach((n, i) => refer(e, ['scopes', i], 'apiScope', n, deps, 'warn'));
    const d = new Diff();
    if (cur) {
      d.scalar('displayName', cur.displayName, s.displayName);
      d.scalar('description', cur.description, s.description);
      d.scalar('isEnabled', cur.isEnabled, s.isEnabled, false);
      d.scalar('showInDiscoveryDocument', cur.showInDiscoveryDocument, s.showInDiscoveryDocument, false);
      d.list('userClaims', cur.userClaims, s.userClaims);
      d.list('scopes', cur.scopes, s.scopes);
      d.list('allowedAccessTokenSigningAlgorithms', cur.allowedAccessTokenSigningAlgorithms, s.allowedAccessTokenSigningAlgorithms);
    }
    push(e, d, deps, cur);
  }

  for (const e of desired.objects.role) push(e, new Diff(), new Set(), currentOf.role.get(key('role', e.name)));

  for (const e of desired.objects.client) {
    const s = e.spec;
    const cur = currentOf.client.get(key('client', e.name)) as ClientDto | undefined;
    const deps = new Set<string>();
    s.allowedScopes?.forEach((n, i) => refer(e, ['allowedScopes', i], 'apiScope', n, deps, 'warn'));
    s.roles?.forEach((n, i) => refer(e, ['roles', i], 'role', n, deps));
    const d = new Diff();
    if (cur) {
      d.scalar('clientName', cur.clientName, s.clientName);
      d.scalar('isEnabled', cur.isEnabled, s.isEnabled, false);
      d.scalar('requireClientSecret', cur.requireClientSecret, s.requireClientSecret, false);
      d.scalar('clientUri', cur.clientUri, s.clientUri);
      d.list('allowedGrantTypes', cur.allowedGrantTypes, s.allowedGrantTypes);
      d.list('redirectUris', cur.redirectUris, s.redirectUris);
      d.list('postLogoutRedirectUris', cur.postLogoutRedirectUris, s.postLogoutRedirectUris);
      d.list('allowedCorsOrigins', cur.allowedCorsOrigins, s.allowedCorsOrigins);
      // The service always adds the four OIDC scopes: compare with them added.
      if (s.allowedScopes !== undefined) d.list('allowedScopes', cur.allowedScopes, [...new Set([...CLIENT_DEFAULT_SCOPES, ...s.allowedScopes])]);
      d.scalar('isOfflineAccessEnabled', cur.isOfflineAccessEnabled, s.isOfflineAccessEnabled, false);
      d.scalar('frontChannelLogoutUri', cur.frontChannelLogoutUri, s.frontChannelLogoutUri);
      d.scalar('frontChannelLogoutSessionRequired', cur.frontChannelLogoutSessionRequired, s.frontChannelLogoutSessionRequired, false);
      d.scalar('backChannelLogoutUri', cur.backChannelLogoutUri, s.backChannelLogoutUri);
      d.scalar('backChannelLogoutSessionRequired', cur.backChannelLogoutSessionRequired, s.backChannelLogoutSessionRequired, false);
      d.scalar('autoProvisionInChildTenants', cur.autoProvisionInChildTenants, s.autoProvisionInChildTenants, false);
      if (s.roles !== undefined) {
        const current = names.roles.namesOf(actual.clientRoles.get(e.name));
        d.list('roles', current, s.roles, (n) => n.toLowerCase());
      }
    }
    if (s.clientSecret !== undefined) {
      const hashes = cur ? (actual.clientSecrets.get(e.name) ?? []) : [];
      const wanted = hashSecret(s.clientSecret);
      const note = "replaces all of the client's secrets";
      if (!(hashes.length === 1 && hashes[0] === wanted)) {
        d.fields.push({ path: 'clientSecret', from: hashes.length ? '(set)' : '(none)', to: hashes.length ? '(changes)' : '(set)', ...(hashes.length ? { note } : {}) });
      }
    }
    push(e, d, deps, cur);
  }

  for (const e of desired.objects.group) {
    const s = e.spec;
    const cur = currentOf.group.get(key('group', e.name)) as GroupDto | undefined;
    const deps = new Set<string>();
    s.roles?.forEach((n, i) => refer(e, ['roles', i], 'role', n, deps));
    s.memberClients?.forEach((n, i) => refer(e, ['memberClients', i], 'client', n, deps));
    s.memberGroups?.forEach((n, i) => refer(e, ['memberGroups', i], 'group', n, deps));
    s.memberUsers?.forEach((n, i) => {
      if (!names.users.hasName(n)) problems.push(`${e.where.at(['memberUsers', i])}: user '${n}' does not exist on the server`);
    });
    s.memberGroups?.forEach((n, i) => {
      if (nameKey('group', n) === nameKey('group', e.name)) problems.push(`${e.where.at(['memberGroups', i])}: a group cannot be a member of itself`);
    });
    const d = new Diff();
    if (cur) {
      d.scalar('groupDescription', cur.groupDescription, s.groupDescription);
      const lower = (n: string) => n.toLowerCase();
      d.list('roles', names.roles.namesOf(cur.roleIds), s.roles, lower);
      d.list('memberClients', names.clients.namesOf(cur.memberClientIds), s.memberClients);
      d.list('memberUsers', names.users.namesOf(cur.memberUserIds), s.memberUsers, lower);
      d.list('memberGroups', names.groups.namesOf(cur.memberGroupIds), s.memberGroups, lower);
    }
    push(e, d, deps, cur);
  }

  // Objects on the server that the file does not describe, of the kinds the file lists.
  for (const kind of [...KINDS].reverse()) {
    if (!desired.listed.has(kind)) continue;
    for (const [k, current] of currentOf[kind]) {
      const name = nameOf(kind, current);
      if (inFile(kind, name) || k === undefined) continue;
      const reason = protectedReason(kind, name, current, opts);
      if (reason) kept.push({ kind, name, protected: reason });
      else if (opts.prune) changes.push({ action: 'delete', kind, name, fields: [], dependsOn: [], current });
      else kept.push({ kind, name });
    }
  }

  if (problems.length > 0) throw new FileProblems(problems);
  return { changes, kept, unchanged, warnings };
}

/** The name of a server object of a kind. */
export function nameOf(kind: Kind, current: unknown): string {
  const o = current as Record<string, unknown>;
  return String(kind === 'client' ? o.clientId : kind === 'group' ? o.groupName : o.name);
}

/** Counts of a plan's changes by action. */
export function summaryOf(p: Pick<Plan, 'changes' | 'unchanged'>): { create: number; update: number; delete: number; unchanged: number } {
  const count = (a: Action) => p.changes.filter((c) => c.action === a).length;
  return { create: count('create'), update: count('update'), delete: count('delete'), unchanged: p.unchanged };
}
