/**
 * Secrets of clients and API resources (identity-api.md §2.4, §3.5, §4.4): `apiSecrets/client/{clientId}` and
 * `apiSecrets/apiResource/{name}`, the same routes for both owner kinds.
 *
 * Quirks:
 * - The server generates a secret on POST (a GUID) and keeps only base64(SHA-256); the clear text is in the POST's
 *   answer only. The POST body's value fields are ignored, but `valueEncrypted` is implicitly required by ASP.NET
 *   model validation, so a placeholder is sent (`CREATE_PLACEHOLDER`; the original's null is refused with 400).
 * - A secret is identified by its hash: in a PUT body as `valueEncrypted` (raw), in the path of a GET or DELETE
 *   base64-encoded once more (`secretPathId`). DELETE removes every secret with that hash.
 * - PUT overwrites description and expiry (null clears them): read first to keep one of them.
 * - The SDK's "update" sent a POST, which made a new random secret; this uses PUT.
 * - Creating never conflicts (each POST makes a new secret).
 */
import { secretPathId } from '../../shared/secrets.js';
import { path, type AdminApi } from '../client.js';
import { listOf, objectOf } from './answers.js';

/** The SDK's ApiSecretDto (identity-api.md §4.4). */
export interface ApiSecretDto {
  valueEncrypted: string | null;
  valueClearText: string | null;
  expirationDate: string | null;
  description: string | null;
}

/** Sent as `valueEncrypted` when creating a secret (see the quirks above and docs/differences-admin-commands.md). */
export const CREATE_PLACEHOLDER = 'generated-by-server';

/**
 * The wire form of an expiry date, as System.Text.Json writes the DateTime the original parses: a date alone becomes
 * `2027-12-31T00:00:00`; a time without seconds gets `:00`; a value with a zone is sent as UTC (`…Z`).
 */
export function wireDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00`;
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return new Date(Date.parse(value)).toISOString();
  return /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value;
}

/** Who owns a secret: a client (by client id) or an API resource (by name). */
export type OwnerKind = 'client' | 'apiResource';

export interface Owner {
  kind: OwnerKind;
  /** The client id or the API resource name. */
  id: string;
}

/** "client 'x'" / "API resource 'x'", as messages name the owner. */
export function ownerText(owner: Owner): string {
  return `${owner.kind === 'client' ? 'client' : 'API resource'} '${owner.id}'`;
}

const secretText = (owner: Owner, hash: string) => `secret '${hash}' of ${ownerText(owner)}`;

/** GET apiSecrets/{kind}/{id}: the owner's secrets, without clear text. */
export async function list(api: AdminApi, owner: Owner): Promise<ApiSecretDto[]> {
  const { data } = await api.get<unknown>(path`apiSecrets/${owner.kind}/${owner.id}`, { entity: ownerText(owner) });
  return listOf<ApiSecretDto>(data, `the secrets of ${ownerText(owner)}`);
}

/** GET apiSecrets/{kind}/{id}/{base64(hash)}. */
export async function get(api: AdminApi, owner: Owner, hash: string): Promise<ApiSecretDto> {
  const what = secretText(owner, hash);
  const { data } = await api.get<unknown>(path`apiSecrets/${owner.kind}/${owner.id}/${secretPathId(hash)}`, { entity: what });
  return objectOf<ApiSecretDto>(data, what);
}

/**
 * POST apiSecrets/{kind}/{id}: a new server-generated secret with this expiry (the wire form, or null) and
 * description. Returns it with its clear text (`valueClearText`) and hash (`valueEncrypted`).
 */
export async function create(api: AdminApi, owner: Owner, f: { expirationDate: string | null; description: string | null }): Promise<ApiSecretDto> {
  const body: ApiSecretDto = { valueEncrypted: CREATE_PLACEHOLDER, valueClearText: null, expirationDate: f.expirationDate, description: f.description };
  const { data } = await api.post<unknown>(path`apiSecrets/${owner.kind}/${owner.id}`, { body, entity: ownerText(owner) });
  return objectOf<ApiSecretDto>(data, `the new secret of ${ownerText(owner)}`);
}

/** PUT apiSecrets/{kind}/{id}: sets description and expiry (null clears them) of the secret with this hash. */
export async function update(api: AdminApi, owner: Owner, hash: string, f: { expirationDate: string | null; description: string | null }): Promise<void> {
  const body: ApiSecretDto = { valueEncrypted: hash, valueClearText: null, expirationDate: f.expirationDate, description: f.description };
  await api.put(path`apiSecrets/${owner.kind}/${owner.id}`, { body, entity: secretText(owner, hash) });
}

/** DELETE apiSecrets/{kind}/{id}/{base64(hash)}. */
export async function remove(api: AdminApi, owner: Owner, hash: string): Promise<void> {
  await api.delete(path`apiSecrets/${owner.kind}/${owner.id}/${secretPathId(hash)}`, { entity: secretText(owner, hash) });
}
