/** Identity Services: users (octo-cli-commands.md §5.5; identity-api.md §2.7, §3.6). Fixes: docs/differences-identity-commands.md. */
import { defineCommand, type CommandSpec, type FlagSpec } from '../cli/spec.js';
import type { RunContext } from '../cli/context.js';
import { confirm, readSecret } from '../cli/prompt.js';
import { adminApi, path } from '../api/index.js';
import { HttpError, UsageError } from '../errors.js';
import { asArray, confirmAndDelete, jsonResult, printList, yesFlag } from './shared.js';
import { GROUP, checkEmail, checkNotBlank, checkToken, label, singleFrom } from './identity-shared.js';

/** UserDto (identity-api.md §4.6). `name` is the login user name. */
export interface UserDto {
  firstName: string | null;
  lastName: string | null;
  userId: string | null;
  email: string | null;
  name: string | null;
  resetPasswordOnLogin: boolean;
  externalLogins: Array<{ loginProvider?: string; providerDisplayName?: string; providerKey?: string }> | null;
}

export function userDto(f: Partial<UserDto>): UserDto {
  return {
    firstName: f.firstName ?? null,
    lastName: f.lastName ?? null,
    userId: f.userId ?? null,
    email: f.email ?? null,
    name: f.name ?? null,
    resetPasswordOnLogin: f.resetPasswordOnLogin ?? false,
    externalLogins: f.externalLogins ?? null,
  };
}

const emailFlag = { long: 'eMail', short: 'e', type: 'string', valueName: '<e-mail>' } as const;
const userNameFlag = { long: 'userName', short: 'un', type: 'string', pathSegment: true, valueName: '<user>' } as const;
const roleFlag = { long: 'role', short: 'r', type: 'string', pathSegment: true, valueName: '<role-name>' } as const;
const passwordFlag = { long: 'password', short: 'p', type: 'string', secret: true, valueName: '<password|->' } as const;

const L = {
  email: label(emailFlag as FlagSpec),
  userName: label(userNameFlag as FlagSpec),
  newUserName: '--newUserName (-nun)',
  role: label(roleFlag as FlagSpec),
  password: label(passwordFlag as FlagSpec),
};

const lower = (s: string) => s.trim().toLowerCase();
const secretNote = 'The password is never printed; `-p -` reads it from stdin (keeps it out of the shell history).';
const encodingNote = 'User and role names are URL-encoded as path segments (the original built users/{name} and users/{name}/roles/{role} without encoding, so names with / ? # % or spaces went wrong).';

const getUsers = defineCommand({
  name: 'GetUsers',
  group: GROUP,
  description: 'Gets users.',
  flags: [],
  examples: [{ command: 'octo-cli -c GetUsers', description: 'A table: user name, e-mail, full name, user id, external logins.' }],
  notes: ['Roles are not part of the user list; the server returns them per user (users/{name}/roles).'],
  async run(ctx) {
    const api = await adminApi(ctx);
    const { data } = await api.get<unknown>(path`users`, { entity: 'users' });
    const users = asArray<UserDto>(data, 'users');
    await printList(
      ctx,
      users,
      [
        { header: 'Name', value: (u) => u.name },
        { header: 'E-mail', value: (u) => u.email },
        { header: 'Full name', value: (u) => [u.firstName, u.lastName].filter(Boolean).join(' '), shrink: true },
        { header: 'User id', value: (u) => u.userId },
        { header: 'External logins', value: (u) => (u.externalLogins ?? []).map((l) => l.providerDisplayName ?? l.loginProvider), shrink: true },
      ],
      'No users found',
    );
  },
});

type CreateUserFlags = { eMail: string; userName: string; password?: string };

const createUser = defineCommand<CreateUserFlags>({
  name: 'CreateUser',
  group: GROUP,
  description: 'Create a new user account',
  flags: [
    { ...emailFlag, required: true, description: 'E-mail of the user (stored lower-case).' },
    { ...userNameFlag, required: true, description: 'User name (stored lower-case).' },
    { ...passwordFlag, description: 'Password of the user; `-` reads it from stdin.' },
  ],
  examples: [
    { command: 'octo-cli -c CreateUser -un "john.doe" -e "john.doe@example.com"', description: 'The server sends a welcome e-mail.' },
    { command: 'printf %s "$PASSWORD" | octo-cli -c CreateUser -un "john.doe" -e "john.doe@example.com" -p -', description: 'With a password from stdin.' },
  ],
  notes: [
    'User name and e-mail are lower-cased, as in the original.',
    'The server checks the password policy (at least 6 characters with upper, lower, digit and symbol) and may require a password.',
    secretNote,
  ],
  validate(flags) {
    checkEmail(L.email, flags.eMail);
    checkToken(L.userName, flags.userName);
  },
  async run(ctx, flags) {
    const password = await readSecret(ctx, L.password, flags.password);
    if (password !== undefined && password === '') throw new UsageError(`${L.password} must not be empty`);
    const api = await adminApi(ctx);
    const name = lower(flags.userName);
    const body = { ...userDto({ email: lower(flags.eMail), name }), password: password ?? null };
    ctx.log.info(`Creating user '${name}' at '${api.baseUrl}'`);
    await api.post(path`users`, { body, entity: `user '${name}'` });
    ctx.log.info(`User '${name}' added`);
    jsonResult(ctx, { userName: name, created: true });
  },
});

type UpdateUserFlags = { eMail?: string; userName: string; newUserName?: string };

const updateUser = defineCommand<UpdateUserFlags>({
  name: 'UpdateUser',
  group: GROUP,
  description: 'Updates an user',
  flags: [
    { ...emailFlag, description: 'New e-mail of the user.' },
    { ...userNameFlag, required: true, description: 'Current user name.' },
    { long: 'newUserName', short: 'nun', type: 'string', pathSegment: true, valueName: '<user>', description: 'New user name, if the user name has to be changed.' },
  ],
  examples: [{ command: 'octo-cli -c UpdateUser -un "john.doe" -e "new.email@example.com"', description: '' }],
  notes: [
    'Reads the user and writes it back with the given fields changed (GET + PUT): the server overwrites every field of the user, so fields not given keep their value (the original sent nulls for them).',
    'Names and e-mails are lower-cased, as in the original. At least one of -e, -nun is needed.',
    encodingNote,
  ],
  validate(flags) {
    checkToken(L.userName, flags.userName);
    if (flags.eMail !== undefined) checkEmail(L.email, flags.eMail);
    if (flags.newUserName !== undefined) checkToken(L.newUserName, flags.newUserName);
    if (flags.eMail === undefined && flags.newUserName === undefined) {
      throw new UsageError(`UpdateUser: nothing to update: give ${L.email} and/or ${L.newUserName}`);
    }
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const name = lower(flags.userName);
    const entity = `user '${name}'`;
    ctx.log.info(`Updating user '${name}' at '${api.baseUrl}'`);
    const { data } = await api.get<unknown>(path`users/${name}`, { entity });
    const body = userDto(singleFrom<UserDto>(data, 'users', entity));
    if (flags.eMail !== undefined) body.email = lower(flags.eMail);
    if (flags.newUserName !== undefined) body.name = lower(flags.newUserName);
    await api.put(path`users/${name}`, { body, entity });
    ctx.log.info(`User '${name}' updated${body.name !== name ? ` (now '${body.name}')` : ''}`);
    jsonResult(ctx, { userName: body.name, updated: true });
  },
});

const deleteUser = defineCommand<{ userName: string; yes?: boolean }>({
  name: 'DeleteUser',
  group: GROUP,
  description: 'Deletes an user',
  flags: [{ ...userNameFlag, required: true, description: 'Name of the user to delete.' }, yesFlag],
  examples: [{ command: 'octo-cli -c DeleteUser -un "john.doe" -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.'],
  validate(flags) {
    checkToken(L.userName, flags.userName);
  },
  async run(ctx, flags) {
    const name = lower(flags.userName);
    await confirmAndDelete(ctx, flags.yes, { what: 'user', id: name, path: path`users/${name}`, json: { userName: name, deleted: true } });
  },
});

/** Registers the forms a password takes in a URL query, so that no log line can show it. */
function redactQueryForms(ctx: RunContext, secret: string): void {
  ctx.log.redact.add(encodeURIComponent(secret));
  ctx.log.redact.add(new URLSearchParams({ p: secret }).toString().slice(2));
}

const resetPassword = defineCommand<{ userName: string; password: string; yes?: boolean }>({
  name: 'ResetPassword',
  group: GROUP,
  description: 'Resets the password of a user',
  flags: [
    { ...userNameFlag, required: true, description: 'Name of the user.' },
    { ...passwordFlag, required: true, description: 'New password; `-` reads it from stdin.' },
    yesFlag,
  ],
  examples: [
    { command: 'printf %s "$PASSWORD" | octo-cli -c ResetPassword -un "john.doe" -p - -y', description: 'The new password from stdin.' },
  ],
  notes: [
    'Security: the server API takes the new password in the URL query string (POST users/resetPassword?userName=…&password=…), so it can end up in proxy and server access logs. Change it again after first use if that matters. It is never printed by this CLI, not even with --verbose.',
    'Asks (y/N) on a terminal; without a terminal -y/--yes is required.',
    secretNote,
  ],
  validate(flags) {
    checkToken(L.userName, flags.userName);
  },
  async run(ctx, flags) {
    const password = await readSecret(ctx, L.password, flags.password);
    if (!password) throw new UsageError(`${L.password} must not be empty`);
    redactQueryForms(ctx, password);
    const api = await adminApi(ctx);
    const name = lower(flags.userName);
    await confirm(ctx, `Are you sure you want to reset the password for user '${name}'?`, flags.yes === true);
    await api.post(path`users/resetPassword`, { query: { userName: name, password }, entity: `user '${name}'` });
    ctx.log.info(`Resetting password for user '${name}' done`);
    jsonResult(ctx, { userName: name, passwordReset: true });
  },
});

type UserRoleFlags = { userName: string; role: string; yes?: boolean };

function validateUserRole(flags: UserRoleFlags): void {
  checkToken(L.userName, flags.userName);
  checkNotBlank(L.role, flags.role);
}

const addUserToRole = defineCommand<UserRoleFlags>({
  name: 'AddUserToRole',
  group: GROUP,
  description: 'Adds an user to a role',
  flags: [
    { ...userNameFlag, required: true, description: 'User name.' },
    { ...roleFlag, required: true, description: 'Existing role name (see GetRoles). Required (optional in the original, which then crashed).' },
  ],
  examples: [{ command: 'octo-cli -c AddUserToRole -un "john.doe" -r "DashboardViewer"', description: '' }],
  notes: [
    'Checks that the role exists first (GET roles/names/{role}); an unknown role fails with exit 253 (the original logged an error and exited 0).',
    'The server answers 400 when the user already has the role. Role names are matched case-insensitively.',
    encodingNote,
  ],
  validate: validateUserRole,
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const name = lower(flags.userName);
    ctx.log.info(`Adding user '${name}' to role '${flags.role}' at '${api.baseUrl}'`);
    try {
      await api.get(path`roles/names/${flags.role}`, { entity: `role '${flags.role}'` });
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) {
        throw new HttpError(`Role '${flags.role}' does not exist at '${api.baseUrl}'`, 404, err.body, { hint: 'see GetRoles' });
      }
      throw err;
    }
    await api.put(path`users/${name}/roles/${flags.role}`, { entity: `user '${name}'` });
    ctx.log.info(`User '${name}' updated: role '${flags.role}' added`);
    jsonResult(ctx, { userName: name, role: flags.role, added: true });
  },
});

const removeUserFromRole = defineCommand<UserRoleFlags>({
  name: 'RemoveUserFromRole',
  group: GROUP,
  description: 'Remove an user from a role',
  flags: [
    { ...userNameFlag, required: true, description: 'User name.' },
    { ...roleFlag, required: true, description: 'Role name. Required (optional in the original, which then crashed).' },
    yesFlag,
  ],
  examples: [{ command: 'octo-cli -c RemoveUserFromRole -un "john.doe" -r "DashboardViewer" -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.', "The server answers 400 when the user doesn't have the role.", encodingNote],
  validate: validateUserRole,
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const name = lower(flags.userName);
    await confirm(ctx, `Are you sure you want to remove user '${name}' from role '${flags.role}'?`, flags.yes === true);
    ctx.log.info(`Removing user '${name}' from role '${flags.role}' at '${api.baseUrl}'`);
    await api.delete(path`users/${name}/roles/${flags.role}`, { entity: `user '${name}'` });
    ctx.log.info(`User '${name}' updated: role '${flags.role}' removed`);
    jsonResult(ctx, { userName: name, role: flags.role, removed: true });
  },
});

export const commands: CommandSpec<any>[] = [getUsers, createUser, updateUser, deleteUser, resetPassword, addUserToRole, removeUserFromRole];
