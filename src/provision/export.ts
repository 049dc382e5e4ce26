/**
 * Export: the tenant as a provisioning file. Stable order (objects sorted by name, role and scope lists sorted),
 * names instead of ids, read-only fields and fields at the value a new object gets left out, and never a secret value
 * (the service keeps only hashes; the file says how to supply one). Seeded defaults are left out unless asked for;
 * dynamically registered clients and clients mirrored from a parent tenant always are (the service owns them).
 */
import { Document } from 'yaml';
import { TenantNames } from './names.js';
import type { Actual } from './read.js';
import { CLIENT_DEFAULT_SCOPES, protectedReason } from './plan.js';
import type { ApiResourceSpec, ApiScopeSpec, ClientSpec, GroupSpec, RoleSpec, TenantFile } from './schema.js';

export interface ExportOptions {
  tenant: string;
  /** Also the seeded default objects, and fields at their default value. */
  includeDefaults: boolean;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (list: readonly string[]) => [...list].sort(byName);

/** Sets `key` unless the value is null/empty, or equals the default a new object gets (kept with includeDefaults). */
function put<T extends object>(out: T, key: keyof T, value: unknown, fallback: unknown, includeDefaults: boolean): void {
  if (value === null || value === undefined || value === '') return;
  if (Array.isArray(value) && value.length === 0 && !includeDefaults) return;
  if (!includeDefaults && value === fallback) return;
  (out as Record<string, unknown>)[key as string] = value;
}

/** The tenant as a provisioning file's object. */
export function exportTenant(actual: Actual, opts: ExportOptions): TenantFile {
  const d = opts.includeDefaults;
  const keep = (kind: Parameters<typeof protectedReason>[0], name: string, current: unknown) => {
    const reason = protectedReason(kind, name, current, {});
    return reason === undefined || (d && reason === 'seeded default');
  };
  const names = new TenantNames(actual);

  /** The fields API scopes and API resources share, in the file's order; defaults left out. */
  const commonApiFields = (
    name: string,
    dto: { displayName?: string | null; description?: string | null; isEnabled?: boolean; showInDiscoveryDocument?: boolean; userClaims?: string[] | null },
  ) => {
    const out: ApiScopeSpec & ApiResourceSpec = { name };
    put(out, 'displayName', dto.displayName, null, d);
    put(out, 'description', dto.description, null, d);
    put(out, 'isEnabled', dto.isEnabled, true, d);
    put(out, 'showInDiscoveryDocument', dto.showInDiscoveryDocument, true, d);
    put(out, 'userClaims', dto.userClaims, null, d);
    return out;
  };

  const apiScopes = actual.apiScopes
    .filter((s) => s.name && keep('apiScope', s.name, s))
    .sort((a, b) => byName(a.name!, b.name!))
    .map((s) => {
      const out: ApiScopeSpec = commonApiFields(s.name!, s);
      put(out, 'isRequired', s.isRequired, false, d);
      put(out, 'isEmphasize', s.isEmphasize, false, d);
      return out;
    });

  const apiResources = actual.apiResources
    .filter((r) => r.name && keep('apiResource', r.name, r))
    .sort((a, b) => byName(a.name!, b.name!))
    .map((r) => {
      const out: ApiResourceSpec = commonApiFields(r.name!, r);
      put(out, 'scopes', r.scopes ? sorted(r.scopes) : null, null, d);
      put(out, 'allowedAccessTokenSigningAlgorithms', r.allowedAccessTokenSigningAlgorithms, null, d);
      return out;
    });

  const roles: RoleSpec[] = actual.roles
    .filter((r) => r.name && keep('role', r.name, r))
    .map((r) => ({ name: r.name! }))
    .sort((a, b) => byName(a.name, b.name));

  const clients = actual.clients
    .filter((c) => c.clientId && !c.provisionedByParentTenantId && keep('client', c.clientId, c))
    .sort((a, b) => byName(a.clientId!, b.clientId!))
    .map((c) => {
      const out: ClientSpec = { clientId: c.clientId! };
      put(out, 'clientName', c.clientName, null, d);
      put(out, 'isEnabled', c.isEnabled, true, d);
      put(out, 'requireClientSecret', c.requireClientSecret, false, d);
      put(out, 'clientUri', c.clientUri, null, d);
      put(out, 'allowedGrantTypes', c.allowedGrantTypes, null, d);
      put(out, 'redirectUris', c.redirectUris, null, d);
      put(out, 'postLogoutRedirectUris', c.postLogoutRedirectUris, null, d);
      put(out, 'allowedCorsOrigins', c.allowedCorsOrigins, null, d);
      // The service adds the four OIDC scopes to every client by itself.
      const scopes = (c.allowedScopes ?? []).filter((s) => d || !(CLIENT_DEFAULT_SCOPES as readonly string[]).includes(s));
      put(out, 'allowedScopes', sorted(scopes), null, d);
      put(out, 'isOfflineAccessEnabled', c.isOfflineAccessEnabled, false, d);
      put(out, 'frontChannelLogoutUri', c.frontChannelLogoutUri, null, d);
      put(out, 'frontChannelLogoutSessionRequired', c.frontChannelLogoutSessionRequired, true, d);
      put(out, 'backChannelLogoutUri', c.backChannelLogoutUri, null, d);
      put(out, 'backChannelLogoutSessionRequired', c.backChannelLogoutSessionRequired, true, d);
      put(out, 'autoProvisionInChildTenants', c.autoProvisionInChildTenants, false, d);
      put(out, 'roles', sorted(names.roles.namesOf(actual.clientRoles.get(c.clientId!))), null, d);
      return out;
    });

  const groups = actual.groups
    .filter((g) => keep('group', g.groupName, g))
    .sort((a, b) => byName(a.groupName, b.groupName))
    .map((g) => {
      const out: GroupSpec = { groupName: g.groupName };
      put(out, 'groupDescription', g.groupDescription, null, d);
      put(out, 'roles', sorted(names.roles.namesOf(g.roleIds)), null, d);
      put(out, 'memberClients', sorted(names.clients.namesOf(g.memberClientIds)), null, d);
      put(out, 'memberUsers', sorted(names.users.namesOf(g.memberUserIds)), null, d);
      put(out, 'memberGroups', sorted(names.groups.namesOf(g.memberGroupIds)), null, d);
      return out;
    });

  return { tenant: opts.tenant, apiScopes, apiResources, roles, clients, groups };
}

/** The file as YAML, with a header that says where it came from and how secrets are given. */
export function exportYaml(file: TenantFile, source: string): string {
  const doc = new Document(file);
  doc.commentBefore = [
    ` Exported by octo-cli from ${source}.`,
    ' Plan and apply with: octo-cli -c Plan -f <file>; octo-cli -c Apply -f <file>',
    ' Secrets are never exported: give a client its secret with clientSecret: ${env:NAME} or ${file:PATH}.',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}
