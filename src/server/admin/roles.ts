/** Roles (identity-api.md §2.6) and a client's direct roles (§2.1 `clients/{id}/roles`). */
import { newRtId } from '../ids.js';
import { findClient } from '../principals.js';
import { sendEmpty, sendJson, sendNotFoundDto, sendOperationFailed, sendProblem } from '../http.js';
import type { RoleRecord } from '../types.js';
import { HANDLED, readDto, readStringArray } from './body.js';
import { findRoleByName, removeRoleEverywhere, removeRoute, replaceRoleIds, roleToDto, sendPaged } from './common.js';
import type { AdminRequest, Route } from './types.js';

const ROLE_SCHEMA = { id: 'string', name: 'string' } as const;

/** ASP.NET Identity's RoleValidator: a non-blank name, unique case-insensitively. */
function roleNameErrors(r: AdminRequest, name: string | null | undefined, self?: RoleRecord) {
  if (!name || !name.trim()) return [{ code: 'InvalidRoleName', description: `Role name '${name ?? ''}' is invalid.` }];
  const other = findRoleByName(r.tenant, name);
  if (other && other !== self) return [{ code: 'DuplicateRoleName', description: `Role name '${name}' is already taken.` }];
  return [];
}

async function createRole(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, ROLE_SCHEMA, 'RoleDto');
  if (dto === HANDLED) return;
  const errors = roleNameErrors(r, dto.name);
  if (errors.length) return sendOperationFailed(r.res, 'Creation of role failed', errors);
  r.tenant.roles.push({ rtId: newRtId(), name: dto.name! });
  await r.commit();
  sendEmpty(r.res, 200);
}

/** The role named in the path, or undefined once a 404 NotFoundErrorDto is sent. */
function routeRole(r: AdminRequest): RoleRecord | undefined {
  const role = findRoleByName(r.tenant, r.params.roleName!);
  if (!role) sendNotFoundDto(r.res, `Role '${r.params.roleName}' not found.`);
  return role;
}

async function updateRole(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, ROLE_SCHEMA, 'RoleDto');
  if (dto === HANDLED) return;
  const role = routeRole(r);
  if (!role) return;
  const errors = roleNameErrors(r, dto.name, role);
  if (errors.length) return sendOperationFailed(r.res, 'Update of role failed', errors);
  role.name = dto.name!;
  await r.commit();
  sendEmpty(r.res, 200);
}

function clientOr404(r: AdminRequest) {
  const client = findClient(r.tenant, r.params.id!);
  if (!client) sendNotFoundDto(r.res, `Client with id '${r.params.id}' not found.`);
  return client;
}

const roleByName = (r: AdminRequest, name: string) => findRoleByName(r.tenant, name);

async function replaceClientRoles(r: AdminRequest): Promise<void> {
  const ids = await readStringArray(r.req, r.res, 'roleIds');
  if (ids === HANDLED) return;
  const client = clientOr404(r);
  if (client) await replaceRoleIds(r, client, ids);
}

async function addClientRole(r: AdminRequest): Promise<void> {
  const client = clientOr404(r);
  if (!client) return;
  const role = roleByName(r, r.params.roleName!);
  if (!role) return sendNotFoundDto(r.res, `Role with name '${r.params.roleName}' not found.`);
  if (!client.roleIds.includes(role.rtId)) client.roleIds.push(role.rtId);
  await r.commit();
  sendEmpty(r.res, 200);
}

async function removeClientRole(r: AdminRequest): Promise<void> {
  const client = clientOr404(r);
  if (!client) return;
  const role = roleByName(r, r.params.roleName!);
  if (role) client.roleIds = client.roleIds.filter((id) => id !== role.rtId);
  await r.commit();
  sendEmpty(r.res, 200);
}

export const roleRoutes: Route[] = [
  {
    method: 'GET',
    path: 'clients/:id/roles',
    policy: 'read',
    handler: (r) => {
      const client = clientOr404(r);
      if (client) sendJson(r.res, 200, client.roleIds);
    },
  },
  { method: 'PUT', path: 'clients/:id/roles', policy: 'write', storeErrorStatus: 400, handler: replaceClientRoles },
  { method: 'PUT', path: 'clients/:id/roles/:roleName', policy: 'write', storeErrorStatus: 400, handler: addClientRole },
  { method: 'DELETE', path: 'clients/:id/roles/:roleName', policy: 'write', storeErrorStatus: 400, handler: removeClientRole },
  { method: 'GET', path: 'roles', policy: 'read', handler: (r) => sendJson(r.res, 200, r.tenant.roles.map(roleToDto)) },
  { method: 'POST', path: 'roles', policy: 'write', storeErrorStatus: 500, handler: createRole },
  { method: 'PUT', path: 'roles/:roleName', policy: 'write', storeErrorStatus: 500, handler: updateRole },
  removeRoute('roles/:roleName', 500, 'roles', routeRole, (r, role) => removeRoleEverywhere(r.tenant, role.rtId)),
  {
    method: 'GET',
    path: 'roles/GetPaged',
    policy: 'read',
    handler: (r) => {
      const filter = (r.query.get('filter') ?? '').toLowerCase();
      sendPaged(r, r.tenant.roles.filter((role) => role.name.toLowerCase().includes(filter)), roleToDto);
    },
  },
  {
    method: 'GET',
    path: 'roles/names/:name',
    policy: 'read',
    handler: (r) => {
      const role = roleByName(r, r.params.name!);
      if (!role) return sendProblem(r.res, 404);
      sendJson(r.res, 200, roleToDto(role));
    },
  },
];
