/**
 * The polymorphic IdentityProviderDto (identity-api.md §4.8): the `$type` discriminator (sent first, as
 * System.Text.Json requires), request bodies per kind, and the display of providers with secrets masked.
 */
import type { Column } from '../cli/output.js';
import { HttpError } from '../errors.js';

/** Index = the `$type` value of the server's DTO. Also the `-t/--type` values of AddOAuthIdentityProvider. */
export const PROVIDER_TYPES = ['Google', 'Microsoft', 'MicrosoftAzureAd', 'MicrosoftActiveDirectory', 'OpenLdap', 'Facebook', 'OctoTenant'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

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

export function requireProviderType(dto: ProviderDto, what: string): ProviderType {
  const type = providerType(dto);
  if (!type) {
    throw new HttpError(`unsupported identity provider type ${JSON.stringify(dto.$type ?? null)} in the server's answer for ${what}`, 200, JSON.stringify(maskSecrets(dto)).slice(0, 200));
  }
  return type;
}

export interface CommonFields {
  isEnabled: boolean;
  name: string;
  description: string | null;
  allowSelfRegistration: boolean;
  defaultGroupRtId: string | null;
}

/**
 * A request body: `$type` first, then the common fields, then the kind's own ones. `rtId` is left out (the
 * server takes the id from the path and may reject a value there).
 */
export function providerBody(type: ProviderType, common: CommonFields, specific: Partial<ProviderDto>): Record<string, unknown> {
  return { $type: typeCode(type), ...common, ...specific };
}

/** A copy with the client secret replaced by `***` (never print provider secrets). */
export function maskSecrets<T extends ProviderDto>(dto: T): T {
  if (dto && typeof dto === 'object' && typeof dto.clientSecret === 'string' && dto.clientSecret !== '') return { ...dto, clientSecret: '***' };
  return dto;
}

/** Type-specific settings in one line, for tables. */
export function providerDetails(dto: ProviderDto): string {
  const type = providerType(dto);
  const parts: string[] = [];
  if (type === 'MicrosoftAzureAd') parts.push(`tenant ${dto.tenantId ?? '-'}`);
  if (dto.clientId) parts.push(`client id ${dto.clientId}`);
  if (dto.host) parts.push(`${dto.host}:${dto.port ?? '-'}${dto.useTls ? ' (TLS)' : ''}`);
  if (dto.userBaseDn) parts.push(`base DN ${dto.userBaseDn}`);
  if (dto.userNameAttribute) parts.push(`user attribute ${dto.userNameAttribute}`);
  if (dto.parentTenantId) parts.push(`parent tenant ${dto.parentTenantId}`);
  return parts.join(', ');
}

const secretState = (dto: ProviderDto) => {
  const type = providerType(dto);
  if (type && !OAUTH_TYPES.includes(type) && type !== 'MicrosoftAzureAd') return undefined;
  return typeof dto.clientSecret === 'string' && dto.clientSecret !== '' ? 'set' : undefined;
};

export const PROVIDER_COLUMNS: readonly Column<ProviderDto>[] = [
  { header: 'Id', value: (p) => p.rtId },
  { header: 'Name', value: (p) => p.name },
  { header: 'Kind', value: (p) => (providerType(p) ? kindName(providerType(p)!) : `unknown (${String(p.$type ?? '-')})`) },
  { header: 'Enabled', value: (p) => p.isEnabled },
  { header: 'Self-registration', value: (p) => p.allowSelfRegistration },
  { header: 'Default group', value: (p) => p.defaultGroupRtId },
  { header: 'Client secret', value: secretState },
  { header: 'Details', value: providerDetails, shrink: true },
];
