/**
 * Overlay URIs of blueprint-managed clients (identity-api.md §2.1, §3.1): entries stored with the source
 * `overlay:<name>`, kept across blueprint re-apply.
 *
 * Quirks: applying skips URIs already present from any source (idempotent) and answers 400 when every list is
 * empty; lists are sent as null when empty. Cleaning without a name removes every `overlay:*` entry; `base`, `api`
 * and `family:*` entries are always kept.
 */
import { path, type AdminApi } from '../client.js';

/** ApplyOverlayUrisDto. */
export interface OverlayUrisDto {
  overlayName: string;
  redirectUris: string[] | null;
  postLogoutRedirectUris: string[] | null;
  allowedCorsOrigins: string[] | null;
}

export interface OverlayCount {
  added?: number;
  skippedDuplicate?: number;
}

/** ApplyOverlayUrisResultDto. */
export interface OverlayResult {
  overlayName?: string;
  clientId?: string;
  redirectUris?: OverlayCount;
  postLogoutRedirectUris?: OverlayCount;
  allowedCorsOrigins?: OverlayCount;
}

/** CleanOverlayEntriesResultDto. */
export interface CleanResult {
  overlayName?: string | null;
  clientsAffected?: number;
  totalEntriesRemoved?: number;
  clientResults?: Array<{ clientId?: string; redirectUrisRemoved?: number; postLogoutRedirectUrisRemoved?: number; allowedCorsOriginsRemoved?: number }>;
}

/** The body: an empty or missing list is sent as null. */
export function overlayUrisDto(f: { overlayName: string; redirectUris?: string[]; postLogoutRedirectUris?: string[]; allowedCorsOrigins?: string[] }): OverlayUrisDto {
  const list = (l?: string[]) => (l && l.length > 0 ? l : null);
  return {
    overlayName: f.overlayName,
    redirectUris: list(f.redirectUris),
    postLogoutRedirectUris: list(f.postLogoutRedirectUris),
    allowedCorsOrigins: list(f.allowedCorsOrigins),
  };
}

/** POST clients/{clientId}/overlayUris. Undefined for an empty answer. */
export async function apply(api: AdminApi, clientId: string, dto: OverlayUrisDto): Promise<OverlayResult | undefined> {
  const { data } = await api.post<OverlayResult | undefined>(path`clients/${clientId}/overlayUris`, { body: dto, entity: `client '${clientId}'` });
  return data;
}

/** DELETE clients/cleanOverlayEntries[?overlayName=] on every client of the tenant. Undefined for an empty answer. */
export async function clean(api: AdminApi, overlayName?: string): Promise<CleanResult | undefined> {
  const { data } = await api.delete<CleanResult | undefined>(path`clients/cleanOverlayEntries`, { query: { overlayName } });
  return data;
}
