/**
 * `groups` (identity-api.md §2.8, §3.7): groups with roles and members (users, clients, child groups). Members of a
 * group get its roles; members of a child group also get the parent's roles (nested groups, cycle-checked).
 */
import { sendEmpty, sendJson, sendProblem, sendString, sendValidationProblem } from '../http.js';
import { newRtId } from '../ids.js';
import { findClient, isExpiredRegistration } from '../principals.js';
import type { GroupRecord } from '../types.js';
import { HANDLED, pageParams, readDto, readStringArray } from './body.js';
import { findGroup, isRtId, normalizeIds, removeMemberEverywhere, removeRoute, replaceRoleIds, routeRtId, unknownRoleId } from './common.js';
import type { AdminRequest, Route } from './types.js';

function groupToDto(g: GroupRecord) {
  return {
    id: g.rtId,
    groupName: g.name,
    groupDescription: g.description,
    roleIds: [...g.roleIds],
    memberUserIds: [...g.memberUserIds],
    memberExternalUserIds: [...g.memberExternalUserIds],
    memberClientIds: [...g.memberClientIds],
    memberGroupIds: [...g.memberGroupIds],
  };
}

const CREATE_SCHEMA = { groupName: 'string', groupDescription: 'string', roleIds: 'string[]' } as const;
const UPDATE_SCHEMA = { groupName: 'string', groupDescription: 'string' } as const;

const nameTaken = (r: AdminRequest, name: string, self?: GroupRecord) =>
  r.tenant.groups.some((g) => g !== self && g.name.toLowerCase() === name.toLowerCase());
const conflict = (r: AdminRequest, name: string) => sendString(r.req, r.res, 409, `A group with name '${name}' already exists.`);
const nameRequired = (r: AdminRequest) => sendValidationProblem(r.res, { GroupName: ['The GroupName field is required.'] });

/** The group of the route (`{rtId}`): 400 for invalid hex, 404 ProblemDetails when unknown. */
function routeGroup(r: AdminRequest): GroupRecord | undefined {
  const rtId = routeRtId(r, 'rtId');
  if (rtId === undefined) return undefined;
  const group = findGroup(r.tenant, rtId);
  if (!group) sendProblem(r.res, 404);
  return group;
}

async function createGroup(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, CREATE_SCHEMA, 'CreateGroupDto');
  if (dto === HANDLED) return;
  if (!dto.groupName?.trim()) return nameRequired(r);
  if (nameTaken(r, dto.groupName)) return conflict(r, dto.groupName);
  const roleIds = normalizeIds(dto.roleIds ?? []);
  const unknown = unknownRoleId(r.tenant, roleIds);
  if (unknown !== undefined) return sendString(r.req, r.res, 400, `Role with id '${unknown}' not found.`);
  const group: GroupRecord = {
    rtId: newRtId(),
    name: dto.groupName,
    description: dto.groupDescription ?? null,
    roleIds,
    memberUserIds: [],
    memberClientIds: [],
    memberGroupIds: [],
    memberExternalUserIds: [],
  };
  r.tenant.groups.push(group);
  await r.commit();
  sendJson(r.res, 201, groupToDto(group));
}

async function updateGroup(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, UPDATE_SCHEMA, 'UpdateGroupDto');
  if (dto === HANDLED) return;
  if (!dto.groupName?.trim()) return nameRequired(r);
  const group = routeGroup(r);
  if (!group) return;
  if (nameTaken(r, dto.groupName, group)) return conflict(r, dto.groupName);
  group.name = dto.groupName;
  group.description = dto.groupDescription ?? null;
  await r.commit();
  sendJson(r.res, 200, groupToDto(group));
}


async function replaceRoles(r: AdminRequest): Promise<void> {
  const ids = await readStringArray(r.req, r.res, 'roleIds');
  if (ids === HANDLED) return;
  const group = routeGroup(r);
  if (group) await replaceRoleIds(r, group, ids);
}

/** True when `parent` is reachable from `child` through member groups (adding child to parent would close a cycle). */
function wouldCycle(r: AdminRequest, parent: GroupRecord, child: GroupRecord): boolean {
  const seen = new Set<string>();
  const stack = [child.rtId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === parent.rtId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(findGroup(r.tenant, id)?.memberGroupIds ?? []));
  }
  return false;
}

type MemberKind = 'users' | 'clients' | 'groups';
const LISTS = { users: 'memberUserIds', clients: 'memberClientIds', groups: 'memberGroupIds' } as const;

/**
 * The stored id of a member: users and groups by RtId (invalid hex → 400); clients by RtId as the real service, or by
 * their clientId string (looked up here, so both forms name the same member). Undefined when the answer was sent.
 */
function memberId(r: AdminRequest, kind: MemberKind, adding: boolean): string | undefined {
  const value = r.params.memberId!;
  if (kind === 'clients') {
    const client =
      r.tenant.clients.find((c) => c.rtId === value.toLowerCase() && !isExpiredRegistration(c)) ?? findClient(r.tenant, value);
    if (client) return client.rtId;
    if (adding) {
      sendString(r.req, r.res, 404, 'Client not found.');
      return undefined;
    }
    return value.toLowerCase();
  }
  if (!isRtId(value)) {
    sendValidationProblem(r.res, { [kind === 'users' ? 'userId' : 'childGroupId']: [`The value '${value}' is not valid.`] });
    return undefined;
  }
  const id = value.toLowerCase();
  if (adding && kind === 'users' && !r.tenant.users.some((u) => u.rtId === id)) {
    sendString(r.req, r.res, 404, 'User not found.');
    return undefined;
  }
  if (adding && kind === 'groups' && !findGroup(r.tenant, id)) {
    sendString(r.req, r.res, 404, 'Child group not found.');
    return undefined;
  }
  return id;
}

function memberRoutes(kind: MemberKind): Route[] {
  const list = LISTS[kind];
  return [
    {
      method: 'GET',
      path: `groups/:rtId/members/${kind}`,
      policy: 'read',
      handler: (r) => {
        const group = routeGroup(r);
        if (group) sendJson(r.res, 200, group[list]);
      },
    },
    {
      method: 'PUT',
      path: `groups/:rtId/members/${kind}/:memberId`,
      policy: 'write',
      storeErrorStatus: 500,
      handler: async (r) => {
        r.req.resume();
        const group = routeGroup(r);
        if (!group) return;
        const id = memberId(r, kind, true);
        if (id === undefined) return;
        if (kind === 'groups') {
          if (id === group.rtId) return sendString(r.req, r.res, 400, 'A group cannot be a member of itself.');
          if (wouldCycle(r, group, findGroup(r.tenant, id)!)) {
            return sendString(r.req, r.res, 400, 'Adding this group would create a circular reference.');
          }
        }
        if (!group[list].includes(id)) group[list].push(id);
        await r.commit();
        sendEmpty(r.res, 200);
      },
    },
    {
      method: 'DELETE',
      path: `groups/:rtId/members/${kind}/:memberId`,
      policy: 'write',
      storeErrorStatus: 500,
      handler: async (r) => {
        const group = routeGroup(r);
        if (!group) return;
        const id = memberId(r, kind, false);
        if (id === undefined) return;
        group[list] = group[list].filter((m) => m !== id);
        await r.commit();
        sendEmpty(r.res, 200);
      },
    },
  ];
}

export const groupRoutes: Route[] = [
  { method: 'GET', path: 'groups', policy: 'read', handler: (r) => sendJson(r.res, 200, r.tenant.groups.map(groupToDto)) },
  {
    method: 'GET',
    path: 'groups/GetPaged',
    policy: 'read',
    handler: (r) => {
      const page = pageParams(r.query);
      if ('error' in page) return sendValidationProblem(r.res, page.error);
      sendJson(r.res, 200, r.tenant.groups.slice(page.skip, page.skip + page.take).map(groupToDto));
    },
  },
  {
    method: 'GET',
    path: 'groups/names/:groupName',
    policy: 'read',
    handler: (r) => {
      const wanted = r.params.groupName!.toLowerCase();
      const group = r.tenant.groups.find((g) => g.name.toLowerCase() === wanted);
      if (!group) return sendProblem(r.res, 404);
      sendJson(r.res, 200, groupToDto(group));
    },
  },
  {
    method: 'GET',
    path: 'groups/:rtId',
    policy: 'read',
    handler: (r) => {
      const group = routeGroup(r);
      if (group) sendJson(r.res, 200, groupToDto(group));
    },
  },
  { method: 'POST', path: 'groups', policy: 'write', storeErrorStatus: 500, handler: createGroup },
  { method: 'PUT', path: 'groups/:rtId', policy: 'write', storeErrorStatus: 500, handler: updateGroup },
  removeRoute('groups/:rtId', 500, 'groups', routeGroup, (r, group) => removeMemberEverywhere(r.tenant, 'group', group.rtId)),
  {
    method: 'GET',
    path: 'groups/:rtId/roles',
    policy: 'read',
    handler: (r) => {
      const group = routeGroup(r);
      if (group) sendJson(r.res, 200, group.roleIds);
    },
  },
  { method: 'PUT', path: 'groups/:rtId/roles', policy: 'write', storeErrorStatus: 500, handler: replaceRoles },
  ...memberRoutes('users'),
  ...memberRoutes('clients'),
  ...memberRoutes('groups'),
];
