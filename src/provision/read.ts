/**
 * Reads a tenant through the resource layer (GET requests only): the five lists at once, then what the lists do not
 * carry (a client's secret hashes and directly assigned roles; users when a group names member users), at most
 * `parallel` requests at a time.
 */
import type { AdminApi } from '../api/client.js';
import { apiResources, apiScopes, clients, groups, roles, secrets, users } from '../api/resources/index.js';
import type { ApiResourceDto } from '../api/resources/apiResources.js';
import type { ApiScopeDto } from '../api/resources/apiScopes.js';
import type { ClientDto } from '../api/resources/clients.js';
import type { GroupDto } from '../api/resources/groups.js';
import type { RoleDto } from '../api/resources/roles.js';
import type { UserDto } from '../api/resources/users.js';
import { pool } from '../shared/pool.js';

export interface Actual {
  apiScopes: ApiScopeDto[];
  apiResources: ApiResourceDto[];
  roles: RoleDto[];
  clients: ClientDto[];
  groups: GroupDto[];
  /** Users (only read when asked). */
  users?: UserDto[];
  /** Secret hashes of the clients asked for, by client id. */
  clientSecrets: Map<string, string[]>;
  /** Role RtIds assigned directly, of the clients asked for, by client id. */
  clientRoles: Map<string, string[]>;
}

export interface ReadWants {
  /** Client ids whose secret hashes are needed (those with `clientSecret` in the file); `'all'` for every client. */
  secretsOf: ReadonlySet<string> | 'all';
  /** Client ids whose directly assigned roles are needed; `'all'` for every client. */
  rolesOf: ReadonlySet<string> | 'all';
  users: boolean;
}

/** Reads what a Plan or an Export needs; `onRequest` is called after each request (for a spinner). */
export async function readTenant(api: AdminApi, wants: ReadWants, opts: { parallel: number; onRequest?: () => void; signal?: AbortSignal }): Promise<Actual> {
  const tick = <T>(p: Promise<T>) => p.finally(() => opts.onRequest?.());
  const [scopeList, resourceList, roleList, clientList, groupList, userList] = await Promise.all([
    tick(apiScopes.list(api)),
    tick(apiResources.list(api)),
    tick(roles.list(api)),
    tick(clients.list(api)),
    tick(groups.list(api)),
    wants.users ? tick(users.list(api)) : Promise.resolve(undefined),
  ]);
  const live = clientList.filter((c) => typeof c.clientId === 'string');
  const wanted = (set: ReadonlySet<string> | 'all') => live.map((c) => c.clientId!).filter((id) => set === 'all' || set.has(id));
  const clientSecrets = new Map<string, string[]>();
  const clientRoles = new Map<string, string[]>();
  const tasks: Array<() => Promise<void>> = [
    ...wanted(wants.secretsOf).map((id) => async () => {
      const list = await tick(secrets.list(api, { kind: 'client', id }));
      clientSecrets.set(id, list.map((s) => s.valueEncrypted).filter((h): h is string => typeof h === 'string'));
    }),
    ...wanted(wants.rolesOf).map((id) => async () => {
      clientRoles.set(id, (await tick(clients.roleIds(api, id))).map((r) => r.toLowerCase()));
    }),
  ];
  await pool(opts.parallel, tasks, opts.signal);
  return { apiScopes: scopeList, apiResources: resourceList, roles: roleList, clients: live, groups: groupList, users: userList, clientSecrets, clientRoles };
}
