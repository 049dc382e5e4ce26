/**
 * Identity providers (identity-api.md §2.9, §4.8): `identityProviders`, `identityProviders/{rtId}`. The DTO is
 * polymorphic: the `$type` discriminator (an integer) says the kind and must be the **first** property
 * (System.Text.Json requires it), which `providerBody` guarantees.
 *
 * Quirks:
 * - `GET identityProviders` answers `{identityProviders:[…]}`; so does `GET identityProviders/{rtId}`, with one
 *   element (the SDK expected a bare DTO and read an empty one). Both shapes are read.
 * - `rtId` is left out of bodies (a validation attribute on it may throw when a value is sent).
 * - Names must match `^[A-Za-z0-9._-]+$`, 3..100 characters; the OAuth kinds and Azure need `clientSecret` on create.
 *   A PUT without `clientSecret` keeps the stored one, and echoes the request body.
 * - DELETE does not check that the provider exists.
 * - Answers may carry client secrets: never print a DTO without `maskSecrets`.
 */
import { HttpError } from '../../errors.js';
import { path, type AdminApi } from '../client.js';
import { createdId, listOf, singleOf } from './answers.js';

/** Index = the `$type` value of the server's DTO. */
export const PROVIDER_TYPES = ['Google', 'Microsoft', 'MicrosoftAzureAd', 'MicrosoftActiveDirectory', 'OpenLdap', 'Facebook', 'OctoTenant'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** The kinds that sign in with a client id and secret at an OAuth provider (Azure Entra ID also has them). */
export const OAUTH_TYPES: readonly ProviderType[] = ['Google', 'Microsoft', 'Facebook'];

const KIND_NAMES: Record<ProviderType, string> = {
  Google: 'Google',
  Microsoft: 'Microsoft',
  MicrosoftAzureAd: 'Azure Entra ID',
  MicrosoftActiveDirectory: 'Active Directory',
  OpenLdap: 'OpenLDAP',
  Facebook: 'Facebook',
  OctoTenant: 'Octo tenant',
};

export const typeCode = (type: ProviderType): number => PROVIDER_TYPES.indexOf(type);
/** The kind in words, for messages: "Azure Entra ID". */
export const kindName = (type: ProviderType): string => KIND_NAMES[type];

/** Every property a provider DTO may carry (the union of the subtypes). */
export interface ProviderDto {
  $type?: number | string;
  isEnabled?: boolean;
  rtId?: string | null;
  name?: string | null;
  description?: string | null;
  allowSelfRegistration?: boolean;
  defaultGroupRtId?: string | null;
  clientId?: string | null;
  clientSecret?: string | null;
  tenantId?: string | null;
  authority?: string | null;
  host?: string | null;
  port?: number;
  useTls?: boolean;
  userBaseDn?: string | null;
  userNameAttribute?: string | null;
  parentTenantId?: string | null;
}

/** The kind of a DTO from its `$type` (a number, or a kind name as a string). Undefined when unknown. */
export function providerType(dto: ProviderDto): ProviderType | undefined {
  const t = dto.$type;
  if (typeof t === 'number') return PROVIDER_TYPES[t];
  if (typeof t === 'string') {
    if (/^\d+$/.test(t)) return PROVIDER_TYPES[Number(t)];
    return PROVIDER_TYPES.find((p) => p.toLowerCase() === t.toLowerCase());
  }
  return undefined;
}

/** The kind of a DTO from the server, or an error (with the secrets masked) when it is unknown. */
export function requireProviderType(dto: ProviderDto, what: string): ProviderType {
  const type = providerType(dto);
  if (!type) {
    throw new HttpError(`unsupported identity provider type ${JSON.stringify(dto.$type ?? null)} in the server's answer for ${what}`, 200, JSON.stringify(maskSecrets(dto)).slice(0, 200));
  }
  return type;
}

/** The fields every kind has. */
export interface CommonFields {
  isEnabled: boolean;
  name: string;
  description: string | null;
  allowSelfRegistration: boolean;
  defaultGroupRtId: string | null;
}

/** A request body: `$type` first, then the common fields, then the kind's own ones; no `rtId`. */
export function providerBody(type: ProviderType, common: CommonFields, specific: Partial<ProviderDto>): Record<string, unknown> {
  return { $type: typeCode(type), ...common, ...specific };
}

/**
 * The kind's own fields for an update: kept from the stored provider, the client id from `clientId` when given, and
 * the client secret only when given (null keeps the stored one).
 */
export function keptSpecific(type: ProviderType, existing: ProviderDto, clientId: string | undefined, clientSecret: string | undefined): Partial<ProviderDto> {
  const credentials = { clientId: clientId ?? existing.clientId ?? null, clientSecret: clientSecret ?? null };
  switch (type) {
    case 'Google':
    case 'Microsoft':
    case 'Facebook':
      return credentials;
    case 'MicrosoftAzureAd':
      return { tenantId: existing.tenantId ?? null, authority: existing.authority ?? null, ...credentials };
    case 'MicrosoftActiveDirectory':
      return { host: existing.host ?? null, port: existing.port, useTls: existing.useTls ?? false };
    case 'OpenLdap':
      return { host: existing.host ?? null, port: existing.port, userBaseDn: existing.userBaseDn ?? null, userNameAttribute: existing.userNameAttribute ?? null, useTls: existing.useTls ?? true };
    case 'OctoTenant':
      return { parentTenantId: existing.parentTenantId ?? null };
  }
}

/** A copy with the client secret replaced by `***` (never print provider secrets). */
export function maskSecrets<T extends ProviderDto>(dto: T): T {
  if (dto && typeof dto === 'object' && typeof dto.clientSecret === 'string' && dto.clientSecret !== '') return { ...dto, clientSecret: '***' };
  return dto;
}

const entity = (idOrName: string) => `identity provider '${idOrName}'`;

/** GET identityProviders (secrets as the server sends them: mask before printing). */
export async function list(api: AdminApi): Promise<ProviderDto[]> {
  const { data } = await api.get<unknown>(path`identityProviders`, { entity: 'identity providers' });
  return listOf<ProviderDto>(data, 'identity providers', 'identityProviders');
}

/** GET identityProviders/{rtId}. */
export async function get(api: AdminApi, id: string): Promise<ProviderDto> {
  const { data } = await api.get<unknown>(path`identityProviders/${id}`, { entity: entity(id) });
  return singleOf<ProviderDto>(data, 'identityProviders', entity(id));
}

/** POST identityProviders with a `providerBody`; returns the new RtId when the answer carries it (the echoed DTO is not kept: it holds the secret). */
export async function create(api: AdminApi, body: Record<string, unknown>): Promise<string | undefined> {
  const { data } = await api.post<unknown>(path`identityProviders`, { body, entity: entity(String(body.name)) });
  return createdId(data);
}

/** PUT identityProviders/{rtId} with a `providerBody` of the stored kind. */
export async function update(api: AdminApi, id: string, body: Record<string, unknown>): Promise<void> {
  await api.put(path`identityProviders/${id}`, { body, entity: entity(id) });
}

/** DELETE identityProviders/{rtId} (succeeds for an unknown id too). */
export async function remove(api: AdminApi, id: string): Promise<void> {
  await api.delete(path`identityProviders/${id}`, { entity: entity(id) });
}
