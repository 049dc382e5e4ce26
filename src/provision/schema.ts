/**
 * The provisioning file (Export, Plan, Apply): one zod schema that validates a file and that GetApplySchema exports as
 * JSON Schema, so editors and CI check the same rules the tool does.
 *
 * Field names are those of the admin API's DTOs as `-o json` prints them; references between objects are by name
 * (a client's `roles`, a group's `roles` and members). A field absent from the file is not managed; `[]` clears a list.
 */
import { z } from 'zod';
import { isHttpUrl } from '../shared/urls.js';

/** The kinds a file manages, in dependency order (creates and updates run in this order, deletes in reverse). */
export const KINDS = ['apiScope', 'apiResource', 'role', 'client', 'group'] as const;
export type Kind = (typeof KINDS)[number];

/** The top-level key of each kind. */
export const KIND_KEYS = { apiScope: 'apiScopes', apiResource: 'apiResources', role: 'roles', client: 'clients', group: 'groups' } as const satisfies Record<Kind, string>;
export type KindKey = (typeof KIND_KEYS)[Kind];

const name = z
  .string()
  .min(1, 'expected a non-empty name')
  .regex(/^\S+$/, 'expected a name without whitespace')
  .refine((v) => v !== '.' && v !== '..', "'.' and '..' cannot be names");

/** The server matches redirect and logout URIs exactly, so wildcards never work. */
function isExactUrl(value: string): boolean {
  return !value.includes('*') && isHttpUrl(value);
}

const url = z.string().refine(isExactUrl, 'expected an absolute http(s) URL without wildcards or user:password@');
const origin = z.string().refine((v) => isExactUrl(v) && new URL(v).origin === v, 'expected an origin (scheme://host[:port], no path and no trailing slash)');
const names = z.array(name);

/** The fields API scopes and API resources share (in the DTOs' order). */
const apiCommonFields = {
  name,
  displayName: z.string().optional(),
  description: z.string().optional(),
  isEnabled: z.boolean().optional(),
  showInDiscoveryDocument: z.boolean().optional(),
  userClaims: z.array(z.string()).optional(),
};

export const apiScopeSchema = z
  .strictObject({
    ...apiCommonFields,
    isRequired: z.boolean().optional(),
    isEmphasize: z.boolean().optional(),
  })
  .describe('An API scope (ApiScopeDto).');

export const apiResourceSchema = z
  .strictObject({
    ...apiCommonFields,
    scopes: names.optional().describe('API scope names.'),
    allowedAccessTokenSigningAlgorithms: z.array(z.string()).optional(),
  })
  .describe('An API resource (ApiResourceDto).');

export const roleSchema = z.strictObject({ name }).describe('A role (RoleDto).');

export const clientSchema = z
  .strictObject({
    clientId: name,
    clientName: z.string().min(1).optional(),
    isEnabled: z.boolean().optional(),
    requireClientSecret: z.boolean().optional(),
    clientUri: url.optional(),
    allowedGrantTypes: z.array(z.string().min(1)).optional(),
    redirectUris: z.array(url).optional(),
    postLogoutRedirectUris: z.array(url).optional(),
    allowedCorsOrigins: z.array(origin).optional(),
    allowedScopes: names.optional().describe('Scope names; the server always adds openid, profile, email and role.'),
    isOfflineAccessEnabled: z.boolean().optional(),
    frontChannelLogoutUri: url.optional(),
    frontChannelLogoutSessionRequired: z.boolean().optional(),
    backChannelLogoutUri: url.optional(),
    backChannelLogoutSessionRequired: z.boolean().optional(),
    autoProvisionInChildTenants: z.boolean().optional(),
    clientSecret: z
      .string()
      .min(1)
      .optional()
      .describe('Write-only. Use ${env:NAME} or ${file:PATH}; compared by its hash, never printed. Setting it replaces all of the client\'s secrets.'),
    roles: names.optional().describe('Role names assigned to the client directly.'),
  })
  .describe('A client (ClientDto).');

export const groupSchema = z
  .strictObject({
    groupName: name,
    groupDescription: z.string().optional(),
    roles: names.optional().describe('Role names.'),
    memberClients: names.optional().describe('Client ids of member clients.'),
    memberUsers: names.optional().describe('User names of member users.'),
    memberGroups: names.optional().describe('Names of member (child) groups.'),
  })
  .describe('A group (GroupDto).');

export const fileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema of this file (octo-cli -c GetApplySchema), for editors.'),
    tenant: name.optional().describe('When present it must equal the target tenant, else Plan and Apply refuse.'),
    apiScopes: z.array(apiScopeSchema).optional(),
    apiResources: z.array(apiResourceSchema).optional(),
    roles: z.array(roleSchema).optional(),
    clients: z.array(clientSchema).optional(),
    groups: z.array(groupSchema).optional(),
  })
  .describe('An OctoMesh tenant for octo-cli Plan/Apply/Export.');

export type ApiScopeSpec = z.infer<typeof apiScopeSchema>;
export type ApiResourceSpec = z.infer<typeof apiResourceSchema>;
export type RoleSpec = z.infer<typeof roleSchema>;
export type ClientSpec = z.infer<typeof clientSchema>;
export type GroupSpec = z.infer<typeof groupSchema>;
export type TenantFile = z.infer<typeof fileSchema>;

/** The spec of each kind. */
export interface SpecOf {
  apiScope: ApiScopeSpec;
  apiResource: ApiResourceSpec;
  role: RoleSpec;
  client: ClientSpec;
  group: GroupSpec;
}

/** The field that names an object of each kind. */
export const NAME_FIELD = { apiScope: 'name', apiResource: 'name', role: 'name', client: 'clientId', group: 'groupName' } as const satisfies Record<Kind, string>;

/** Roles and groups are matched case-insensitively by the service; the others exactly. */
export function nameKey(kind: Kind, value: string): string {
  return kind === 'role' || kind === 'group' ? value.toLowerCase() : value;
}

/** The keys an object of a kind may have (for did-you-mean). */
export const KNOWN_KEYS: Record<Kind | 'file', readonly string[]> = {
  file: Object.keys(fileSchema.shape),
  apiScope: Object.keys(apiScopeSchema.shape),
  apiResource: Object.keys(apiResourceSchema.shape),
  role: Object.keys(roleSchema.shape),
  client: Object.keys(clientSchema.shape),
  group: Object.keys(groupSchema.shape),
};

/** GetApplySchema: the JSON Schema of the file, from the schema above. */
export function jsonSchema(): Record<string, unknown> {
  // Refinements (URL checks) have no JSON Schema form; the tool still runs them.
  return z.toJSONSchema(fileSchema, { unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
}
