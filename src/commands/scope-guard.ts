/**
 * Guard rails on grants (issue 14, part 4). The admin API stores any scope name without checking it, and an unknown
 * scope only fails later, at token time (invalid_scope); and `octo_api` is the admin API's only check, so a client
 * holding it can manage the tenant's identity data. Commands that grant scopes warn about both on stderr.
 */
import type { RunContext } from '../cli/context.js';
import type { AdminApi } from '../api/index.js';
import * as apiScopes from '../api/resources/apiScopes.js';
import { IDENTITY_SCOPES } from '../shared/scopes.js';

/** The scope the admin API checks for writes (identity-api.md §1.2). */
export const ADMIN_SCOPE = 'octo_api';


/** For the help texts of the commands that grant octo_api. */
export const ADMIN_SCOPE_NOTE =
  'The scope octo_api gives full administrative access to the tenant\'s identity data (clients, secrets, users, roles): the admin API checks only this scope, not roles. Grant octo_api.read_only, or an API scope of your own, where that is enough.';

/** Warns when `octo_api` is among the scopes granted. */
export function warnAdminScope(ctx: RunContext, scopes: readonly string[], grantee: string): void {
  if (scopes.includes(ADMIN_SCOPE)) {
    ctx.log.warn(`${grantee} gets scope '${ADMIN_SCOPE}': full administrative access to this tenant's identity data (the admin API checks only the scope)`);
  }
}

/**
 * Warns for each scope that is not an API scope of the tenant (nor an identity scope). Returns the unknown ones. A
 * failed look-up is only a debug line: the warning is a help, not a precondition.
 */
export async function warnUnknownScopes(ctx: RunContext, api: AdminApi, scopes: readonly string[]): Promise<string[]> {
  const wanted = scopes.filter((s) => !IDENTITY_SCOPES.has(s));
  if (wanted.length === 0) return [];
  let known: Set<string>;
  try {
    known = new Set((await apiScopes.list(api)).map((s) => s.name ?? ''));
  } catch (err) {
    ctx.log.debug(`could not read the API scopes to check ${wanted.join(', ')}: ${(err as Error).message}`);
    return [];
  }
  const unknown = wanted.filter((s) => !known.has(s));
  for (const scope of unknown) {
    ctx.log.warn(
      `scope '${scope}' does not exist in tenant '${api.tenant}': the service stores it anyway, and token requests for it fail later (invalid_scope). Create it with: octo-cli -c CreateApiScope -n "${scope}"`,
    );
  }
  return unknown;
}
