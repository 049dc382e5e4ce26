/**
 * `users` (identity-api.md §2.7, §3.6): ASP.NET Identity users with scrypt-hashed passwords. GETs address a user by
 * user name, e-mail or RtId; writes by user name only. Names and e-mails are matched case-insensitively.
 */
import { sendEmpty, sendJson, sendNotFoundDto, sendOperationFailed, sendProblem, sendValidationProblem } from '../http.js';
import { hashPassword, identityPasswordErrors, userNameErrors, type IdentityError } from '../passwords.js';
import { effectiveRoles, findUserByUserName, findUserForRead } from '../principals.js';
import { newUser } from '../seed.js';
import type { UserRecord } from '../types.js';
import { HANDLED, readDto, readStringArray } from './body.js';
import { findRoleByName, queryGet, removeMemberEverywhere, removeRoute, replaceRoleIds, roleToDto, sendPaged } from './common.js';
import type { AdminRequest, Route } from './types.js';

const USER_SCHEMA = {
  firstName: 'string',
  lastName: 'string',
  userId: 'string',
  email: 'string',
  name: 'string',
  resetPasswordOnLogin: 'bool',
} as const;

const REGISTER_SCHEMA = { ...USER_SCHEMA, password: 'string' } as const;

function userToDto(u: UserRecord) {
  return {
    firstName: u.firstName,
    lastName: u.lastName,
    userId: u.rtId,
    email: u.email,
    name: u.name,
    resetPasswordOnLogin: u.resetPasswordOnLogin,
    externalLogins: u.externalLogins.map((l) => ({
      loginProvider: l.loginProvider,
      providerDisplayName: l.providerDisplayName,
      providerKey: l.providerKey,
    })),
  };
}

const userNotFound = (r: AdminRequest, name: string) => sendNotFoundDto(r.res, `User name '${name}' not found.`);

/** The user of a write route (`{userName}` must be the user name), or a 404 NotFoundErrorDto. */
function userForWrite(r: AdminRequest, name = r.params.userName!): UserRecord | undefined {
  const user = findUserByUserName(r.tenant, name);
  if (!user) userNotFound(r, name);
  return user;
}

/** ASP.NET Identity's UserValidator: valid and unique user name; a given e-mail must look valid and be unique. */
function userErrors(r: AdminRequest, name: string | null | undefined, email: string | null | undefined, self?: UserRecord): IdentityError[] {
  const errors = userNameErrors(name);
  if (name && r.tenant.users.some((u) => u !== self && u.name.toLowerCase() === name.toLowerCase())) {
    errors.push({ code: 'DuplicateUserName', description: `Username '${name}' is already taken.` });
  }
  if (email) {
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) errors.push({ code: 'InvalidEmail', description: `Email '${email}' is invalid.` });
    else if (r.tenant.users.some((u) => u !== self && u.email?.toLowerCase() === email.toLowerCase())) {
      errors.push({ code: 'DuplicateEmail', description: `Email '${email}' is already taken.` });
    }
  }
  return errors;
}

async function createUser(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, REGISTER_SCHEMA, 'RegisterUserDto');
  if (dto === HANDLED) return;
  // RegisterUserDto.password carries [Required] (identity-api.md §3.6): checked by model validation, before the action.
  if (!dto.password) return sendValidationProblem(r.res, { Password: ['The Password field is required.'] });
  // The whole request is checked before the (costly) scrypt hash: a refused request never pays for one.
  const errors = [...userErrors(r, dto.name, dto.email), ...identityPasswordErrors(dto.password)];
  if (errors.length) return sendOperationFailed(r.res, 'Creation of user failed', errors);
  const hash = await hashPassword(dto.password, r.svc.options.passwordHashCost);
  // Checked again after the (asynchronous) hashing, so two concurrent creates of one name cannot both pass.
  const lateErrors = userErrors(r, dto.name, dto.email);
  if (lateErrors.length) return sendOperationFailed(r.res, 'Creation of user failed', lateErrors);
  r.tenant.users.push(
    newUser({
      name: dto.name!,
      email: dto.email || null,
      firstName: dto.firstName ?? null,
      lastName: dto.lastName ?? null,
      resetPasswordOnLogin: dto.resetPasswordOnLogin,
      passwordHash: hash,
    }),
  );
  await r.commit();
  sendEmpty(r.res, 200);
}

/** PUT maps every UserDto field onto the user (null overwrites); the RtId and the external logins stay. */
async function updateUser(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, USER_SCHEMA, 'UserDto');
  if (dto === HANDLED) return;
  const user = userForWrite(r);
  if (!user) return;
  const errors = userErrors(r, dto.name, dto.email, user);
  if (errors.length) return sendOperationFailed(r.res, 'Update of user failed', errors);
  user.name = dto.name!;
  user.email = dto.email || null;
  user.firstName = dto.firstName ?? null;
  user.lastName = dto.lastName ?? null;
  user.resetPasswordOnLogin = dto.resetPasswordOnLogin;
  await r.commit();
  sendEmpty(r.res, 200);
}

/** `POST users/ResetPassword?userName=&password=`: the password travels in the query (as the real API). */
async function resetPassword(r: AdminRequest): Promise<void> {
  r.req.resume();
  const userName = queryGet(r.query, 'userName');
  const password = queryGet(r.query, 'password');
  const missing: Record<string, string[]> = {};
  if (!userName) missing.userName = ['The userName field is required.'];
  if (!password) missing.password = ['The password field is required.'];
  if (Object.keys(missing).length) return sendValidationProblem(r.res, missing);
  if (!findUserByUserName(r.tenant, userName!)) return userNotFound(r, userName!);
  const errors = identityPasswordErrors(password!);
  if (errors.length) return sendOperationFailed(r.res, 'Reset of password failed.', errors);
  const hash = await hashPassword(password!, r.svc.options.passwordHashCost);
  const user = findUserByUserName(r.tenant, userName!);
  if (!user) return userNotFound(r, userName!);
  user.passwordHash = hash;
  await r.commit();
  sendEmpty(r.res, 200);
}

/** Replaces the direct roles. Unknown role ids are refused before anything changes (the real service removes first). */
async function replaceRoles(r: AdminRequest): Promise<void> {
  const ids = await readStringArray(r.req, r.res, 'roleIds');
  if (ids === HANDLED) return;
  const user = userForWrite(r);
  if (user) await replaceRoleIds(r, user, ids);
}

async function addRole(r: AdminRequest): Promise<void> {
  r.req.resume();
  const user = userForWrite(r);
  if (!user) return;
  const role = findRoleByName(r.tenant, r.params.roleName!);
  if (!role) return sendNotFoundDto(r.res, `Role '${r.params.roleName}' not found.`);
  if (user.roleIds.includes(role.rtId)) return sendOperationFailed(r.res, `User '${user.name}' already has role '${role.name}'`);
  user.roleIds.push(role.rtId);
  await r.commit();
  sendEmpty(r.res, 200);
}

async function removeRole(r: AdminRequest): Promise<void> {
  r.req.resume();
  const user = userForWrite(r);
  if (!user) return;
  const role = findRoleByName(r.tenant, r.params.roleName!);
  if (!role) return sendNotFoundDto(r.res, `Role '${r.params.roleName}' not found.`);
  if (!user.roleIds.includes(role.rtId)) return sendOperationFailed(r.res, `User '${user.name}' doesn't have role '${role.name}'`);
  user.roleIds = user.roleIds.filter((id) => id !== role.rtId);
  await r.commit();
  sendEmpty(r.res, 200);
}

/** Moves the source user's external logins to the target (skipping ones it has) and deletes the source. */
async function mergeUsers(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, { sourceUserName: 'string' } as const, 'MergeUsersRequestDto', 'request');
  if (dto === HANDLED) return;
  if (!dto.sourceUserName) return sendValidationProblem(r.res, { SourceUserName: ['The SourceUserName field is required.'] });
  const target = userForWrite(r);
  if (!target) return;
  if (target.name.toLowerCase() === dto.sourceUserName.toLowerCase()) return sendOperationFailed(r.res, 'Cannot merge a user into itself.');
  const source = userForWrite(r, dto.sourceUserName);
  if (!source) return;
  for (const login of source.externalLogins) {
    const known = target.externalLogins.some((l) => l.loginProvider === login.loginProvider && l.providerKey === login.providerKey);
    if (!known) target.externalLogins.push({ ...login });
  }
  r.tenant.users = r.tenant.users.filter((u) => u !== source);
  removeMemberEverywhere(r.tenant, 'user', source.rtId);
  await r.commit();
  sendEmpty(r.res, 200);
}

function readUser(r: AdminRequest): UserRecord | undefined {
  const user = findUserForRead(r.tenant, r.params.userName!);
  if (!user) sendProblem(r.res, 404);
  return user;
}

export const userRoutes: Route[] = [
  { method: 'GET', path: 'users', policy: 'read', handler: (r) => sendJson(r.res, 200, r.tenant.users.map(userToDto)) },
  {
    method: 'GET',
    path: 'users/GetPaged',
    policy: 'read',
    handler: (r) => sendPaged(r, r.tenant.users, userToDto),
  },
  {
    method: 'GET',
    path: 'users/:userName',
    policy: 'read',
    handler: (r) => {
      const user = readUser(r);
      if (user) sendJson(r.res, 200, userToDto(user));
    },
  },
  {
    method: 'GET',
    path: 'users/:userName/roles',
    policy: 'read',
    handler: (r) => {
      const user = readUser(r);
      if (user) sendJson(r.res, 200, effectiveRoles(r.tenant, 'user', user.rtId, user.roleIds).map(roleToDto));
    },
  },
  {
    method: 'GET',
    path: 'users/:userName/directRoles',
    policy: 'read',
    handler: (r) => {
      const user = readUser(r);
      if (user) sendJson(r.res, 200, r.tenant.roles.filter((role) => user.roleIds.includes(role.rtId)).map(roleToDto));
    },
  },
  { method: 'POST', path: 'users', policy: 'write', storeErrorStatus: 500, handler: createUser },
  { method: 'PUT', path: 'users/:userName', policy: 'write', storeErrorStatus: 500, handler: updateUser },
  removeRoute('users/:userName', 500, 'users', (r) => userForWrite(r), (r, user) => removeMemberEverywhere(r.tenant, 'user', user.rtId)),
  { method: 'POST', path: 'users/ResetPassword', policy: 'write', storeErrorStatus: 500, handler: resetPassword },
  { method: 'PUT', path: 'users/:userName/roles', policy: 'write', storeErrorStatus: 500, handler: replaceRoles },
  { method: 'PUT', path: 'users/:userName/roles/:roleName', policy: 'write', storeErrorStatus: 500, handler: addRole },
  { method: 'DELETE', path: 'users/:userName/roles/:roleName', policy: 'write', storeErrorStatus: 500, handler: removeRole },
  { method: 'POST', path: 'users/:userName/merge', policy: 'write', storeErrorStatus: 500, handler: mergeUsers },
];
