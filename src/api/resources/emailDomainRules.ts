/**
 * E-mail domain group rules (identity-api.md §2.10, §4.9): users whose e-mail matches a pattern join a group.
 * `emailDomainGroupRules`, `emailDomainGroupRules/{rtId}`.
 *
 * Quirks:
 * - `GET emailDomainGroupRules` answers `{emailDomainGroupRules:[…]}`; a bare array is read too.
 * - POST may answer 500 **after** storing the rule (its CreatedAtAction names a route that does not exist): `create`
 *   then reads the rules back and, when the rule is there, succeeds and says so (`recoveredFrom`).
 * - PUT answers the DTO; PUT and DELETE do not check that the rule exists. A missing description clears it.
 */
import { HttpError } from '../../errors.js';
import { path, type AdminApi } from '../client.js';
import { createdId, listOf, singleOf } from './answers.js';

/** EmailDomainGroupRuleDto. */
export interface RuleDto {
  rtId: string | null;
  emailDomainPattern: string | null;
  targetGroupRtId: string | null;
  description: string | null;
}

/** A request body (`rtId` null: the path names the rule). */
export function ruleDto(f: { emailDomainPattern: string; targetGroupRtId: string; description: string | null }): RuleDto {
  return { rtId: null, emailDomainPattern: f.emailDomainPattern, targetGroupRtId: f.targetGroupRtId, description: f.description };
}

const entity = (idOrPattern: string) => `e-mail domain group rule '${idOrPattern}'`;

/** GET emailDomainGroupRules. */
export async function list(api: AdminApi): Promise<RuleDto[]> {
  const { data } = await api.get<unknown>(path`emailDomainGroupRules`, { entity: 'e-mail domain group rules' });
  return listOf<RuleDto>(data, 'e-mail domain group rules', 'emailDomainGroupRules');
}

/** GET emailDomainGroupRules/{rtId}. */
export async function get(api: AdminApi, id: string): Promise<RuleDto> {
  const { data } = await api.get<unknown>(path`emailDomainGroupRules/${id}`, { entity: entity(id) });
  return singleOf<RuleDto>(data, 'emailDomainGroupRules', entity(id));
}

export interface Created {
  /** The new rule's RtId, when known. */
  id: string | undefined;
  /** The status of a failed POST whose rule was stored anyway (the server bug above). */
  recoveredFrom?: number;
}

/** POST emailDomainGroupRules, recovering from the 500-after-store bug (see above). */
export async function create(api: AdminApi, dto: RuleDto): Promise<Created> {
  try {
    const { data } = await api.post<unknown>(path`emailDomainGroupRules`, { body: dto, entity: entity(String(dto.emailDomainPattern)) });
    return { id: createdId(data) };
  } catch (err) {
    if (!(err instanceof HttpError && err.status >= 500)) throw err;
    const stored = (await list(api)).find((r) => r.emailDomainPattern === dto.emailDomainPattern && r.targetGroupRtId?.toLowerCase() === dto.targetGroupRtId);
    if (!stored) throw err;
    return { id: stored.rtId ?? undefined, recoveredFrom: err.status };
  }
}

/** PUT emailDomainGroupRules/{rtId}. */
export async function update(api: AdminApi, id: string, dto: RuleDto): Promise<void> {
  await api.put(path`emailDomainGroupRules/${id}`, { body: dto, entity: entity(id) });
}

/** DELETE emailDomainGroupRules/{rtId}. */
export async function remove(api: AdminApi, id: string): Promise<void> {
  await api.delete(path`emailDomainGroupRules/${id}`, { entity: entity(id) });
}
