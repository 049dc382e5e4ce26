/** Identity Services: users (octo-cli-commands.md §5.5; identity-api.md §2.7, §3.6). Fixes: docs/differences-identity-commands.md. */
import { defineCommand, jsonArray, jsonObject, type CommandSpec } from '../cli/spec.js';
import type { RunContext } from '../cli/context.js';
import { flag, flagLabel } from '../cli/flags.js';
import { email, identifier, notBlank } from '../cli/checks.js';
import { confirm, readSecret } from '../cli/prompt.js';
import { listOf, type Column } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as roles from '../api/resources/roles.js';
import * as users from '../api/resources/users.js';
import { HttpError, UsageError } from '../errors.js';
import { GROUP, confirmAndDelete, yesFlag } from './shared.js';
import { changesOf, reportChanges } from './changes.js';

const emailFlag = flag.string('eMail', { short: 'e', valueName: '<e-mail>', check: email });
const userNameFlag = flag.string('userName', { short: 'un', required: true, pathSegment: true, valueName: '<user>', check: identifier });
const newUserNameFlag = flag.string('newUserName', { short: 'nun', pathSegment: true, valueName: '<user>', check: identifier, description: 'New user name, if the user name has to be changed.' });
const roleFlag = flag.string('role', { short: 'r', required: true, pathSegment: true, valueName: '<role-name>', check: notBlank });
const passwordFlag = flag.string('password', { short: 'p', secret: true, valueName: '<password|->' });
const passwordLabel = flagLabel(passwordFlag);

const lower = (s: string) => s.trim().toLowerCase();
const secretNote = 'The password is never printed; `-p -` reads it from stdin (keeps it out of the shell history).';
const encodingNote = 'User and role names are URL-encoded as path segments (the original built users/{name} and users/{name}/roles/{role} without encoding, so names with / ? # % or spaces went wrong).';

const USER_COLUMNS: readonly Column<users.UserDto>[] = [
  { header: 'Name', value: (u) => u.name },
  { header: 'E-mail', value: (u) => u.email },
  { header: 'Full name', value: (u) => [u.firstName, u.lastName].filter(Boolean).join(' '), shrink: true },
  { header: 'User id', value: (u) => u.userId },
  { header: 'External logins', value: (u) => (u.externalLogins ?? []).map((l) => l.providerDisplayName ?? l.loginProvider), shrink: true },
];

const getUsers = defineCommand({
  name: 'GetUsers',
  effect: 'read',
  output: { columns: USER_COLUMNS, json: jsonArray('UserDto', ['firstName', 'lastName', 'userId', 'email', 'name', 'resetPasswordOnLogin', 'externalLogins']) },
  group: GROUP,
  description: 'Gets users.',
  flags: {},
  examples: [{ command: 'octo-cli -c GetUsers', description: 'A table: user name, e-mail, full name, user id, external logins.' }],
  notes: ['Roles are not part of the user list; the server returns them per user (users/{name}/roles).'],
  async run(ctx) {
    const api = await adminApi(ctx);
    return listOf(
      await users.list(api),
      USER_COLUMNS,
      { empty: 'No users found' },
    );
  },
});

const createUser = defineCommand({
  name: 'CreateUser',
  effect: 'write',
  output: { json: jsonObject('UserCreated', ['userName', 'created']) },
  group: GROUP,
  description: 'Create a new user account',
  flags: {
    eMail: emailFlag.with({ required: true, description: 'E-mail of the user (stored lower-case).' }),
    userName: userNameFlag.with({ description: 'User name (stored lower-case).' }),
    password: passwordFlag.with({ description: 'Password of the user; `-` reads it from stdin.' }),
  },
  examples: [
    { command: 'octo-cli -c CreateUser -un "john.doe" -e "john.doe@example.com"', description: 'The server sends a welcome e-mail.' },
    { command: 'printf %s "$PASSWORD" | octo-cli -c CreateUser -un "john.doe" -e "john.doe@example.com" -p -', description: 'With a password from stdin.' },
  ],
  notes: [
    'User name and e-mail are lower-cased, as in the original.',
    'The server checks the password policy (at least 6 characters with upper, lower, digit and symbol) and may require a password.',
    secretNote,
  ],
  async run(ctx, flags) {
    const password = await readSecret(ctx, passwordLabel, flags.password);
    if (password !== undefined && password === '') throw new UsageError(`${passwordLabel} must not be empty`);
    const api = await adminApi(ctx);
    const name = lower(flags.userName);
    const body = { ...users.userDto({ email: lower(flags.eMail), name }), password: password ?? null };
    ctx.log.info(`Creating user '${name}' at '${api.baseUrl}'`);
    await users.create(api, body);
    ctx.log.info(`User '${name}' added`);
    return { json: { userName: name, created: true } };
  },
});

const updateUser = defineCommand({
  name: 'UpdateUser',
  effect: 'write',
  output: { json: jsonObject('UserUpdated', ['userName', 'updated', 'changes']) },
  group: GROUP,
  description: 'Updates an user',
  flags: {
    eMail: emailFlag.with({ description: 'New e-mail of the user.' }),
    userName: userNameFlag.with({ description: 'Current user name.' }),
    newUserName: newUserNameFlag,
  },
  examples: [{ command: 'octo-cli -c UpdateUser -un "john.doe" -e "new.email@example.com"', description: '' }],
  notes: [
    'Reads the user and writes it back with the given fields changed (GET + PUT): the server overwrites every field of the user, so fields not given keep their value (the original sent nulls for them).',
    'Names and e-mails are lower-cased, as in the original. At least one of -e, -nun is needed.',
    encodingNote,
  ],
  validate(flags) {
    if (flags.eMail === undefined && flags.newUserName === undefined) {
      throw new UsageError(`UpdateUser: nothing to update: give ${flagLabel(emailFlag)} and/or ${flagLabel(newUserNameFlag)}`);
    }
  },
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const name = lower(flags.userName);
    ctx.log.info(`Updating user '${name}' at '${api.baseUrl}'`);
    const before = users.userDto(await users.get(api, name));
    const body = { ...before };
    if (flags.eMail !== undefined) body.email = lower(flags.eMail);
    if (flags.newUserName !== undefined) body.name = lower(flags.newUserName);
    const changes = changesOf(before, body, ['name', 'email']);
    await reportChanges(ctx, { what: `user '${name}'`, changes });
    await users.update(api, name, body);
    ctx.log.info(`User '${name}' updated${body.name !== name ? ` (now '${body.name}')` : ''}`);
    return { json: { userName: body.name, updated: true, changes } };
  },
});

const deleteUser = defineCommand({
  name: 'DeleteUser',
  effect: 'delete',
  output: { json: jsonObject('UserDeleted', ['userName', 'deleted']) },
  group: GROUP,
  description: 'Deletes an user',
  flags: { userName: userNameFlag.with({ description: 'Name of the user to delete.' }), yes: yesFlag },
  examples: [{ command: 'octo-cli -c DeleteUser -un "john.doe" -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.'],
  async run(ctx, flags) {
    const name = lower(flags.userName);
    return confirmAndDelete(ctx, flags.yes, { what: 'user', id: name, remove: (api) => users.remove(api, name), json: { userName: name, deleted: true } });
  },
});

/** Registers the forms a password takes in a URL query, so that no log line can show it. */
function redactQueryForms(ctx: RunContext, secret: string): void {
  ctx.log.redact.add(encodeURIComponent(secret));
  ctx.log.redact.add(new URLSearchParams({ p: secret }).toString().slice(2));
}

const resetPassword = defineCommand({
  name: 'ResetPassword',
  effect: 'write',
  output: { json: jsonObject('PasswordReset', ['userName', 'passwordReset']) },
  group: GROUP,
  description: 'Resets the password of a user',
  flags: {
    userName: userNameFlag.with({ description: 'Name of the user.' }),
    password: passwordFlag.with({ required: true, description: 'New password; `-` reads it from stdin.' }),
    yes: yesFlag,
  },
  examples: [
    { command: 'printf %s "$PASSWORD" | octo-cli -c ResetPassword -un "john.doe" -p - -y', description: 'The new password from stdin.' },
  ],
  notes: [
    'Security: the server API takes the new password in the URL query string (POST users/resetPassword?userName=…&password=…), so it can end up in proxy and server access logs. Change it again after first use if that matters. It is never printed by this CLI, not even with --verbose.',
    'Asks (y/N) on a terminal; without a terminal -y/--yes is required.',
    secretNote,
  ],
  async run(ctx, flags) {
    const password = await readSecret(ctx, passwordLabel, flags.password);
    if (!password) throw new UsageError(`${passwordLabel} must not be empty`);
    redactQueryForms(ctx, password);
    const api = await adminApi(ctx);
    const name = lower(flags.userName);
    await confirm(ctx, `Are you sure you want to reset the password for user '${name}'?`, flags.yes === true);
    await users.resetPassword(api, name, password);
    ctx.log.info(`Resetting password for user '${name}' done`);
    return { json: { userName: name, passwordReset: true } };
  },
});

const addUserToRole = defineCommand({
  name: 'AddUserToRole',
  effect: 'write',
  output: { json: jsonObject('UserRoleAdded', ['userName', 'role', 'added']) },
  group: GROUP,
  description: 'Adds an user to a role',
  flags: {
    userName: userNameFlag.with({ description: 'User name.' }),
    role: roleFlag.with({ description: 'Existing role name (see GetRoles). Required (optional in the original, which then crashed).' }),
  },
  examples: [{ command: 'octo-cli -c AddUserToRole -un "john.doe" -r "DashboardViewer"', description: '' }],
  notes: [
    'Checks that the role exists first (GET roles/names/{role}); an unknown role fails with exit 253 (the original logged an error and exited 0).',
    'The server answers 400 when the user already has the role. Role names are matched case-insensitively.',
    encodingNote,
  ],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const name = lower(flags.userName);
    ctx.log.info(`Adding user '${name}' to role '${flags.role}' at '${api.baseUrl}'`);
    try {
      await roles.check(api, flags.role);
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) {
        throw new HttpError(`Role '${flags.role}' does not exist at '${api.baseUrl}'`, 404, err.body, { hint: 'see GetRoles' });
      }
      throw err;
    }
    await users.addRole(api, name, flags.role);
    ctx.log.info(`User '${name}' updated: role '${flags.role}' added`);
    return { json: { userName: name, role: flags.role, added: true } };
  },
});

const removeUserFromRole = defineCommand({
  name: 'RemoveUserFromRole',
  effect: 'delete',
  output: { json: jsonObject('UserRoleRemoved', ['userName', 'role', 'removed']) },
  group: GROUP,
  description: 'Remove an user from a role',
  flags: {
    userName: userNameFlag.with({ description: 'User name.' }),
    role: roleFlag.with({ description: 'Role name. Required (optional in the original, which then crashed).' }),
    yes: yesFlag,
  },
  examples: [{ command: 'octo-cli -c RemoveUserFromRole -un "john.doe" -r "DashboardViewer" -y', description: '' }],
  notes: ['Asks (y/N) on a terminal; without a terminal -y/--yes is required.', "The server answers 400 when the user doesn't have the role.", encodingNote],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const name = lower(flags.userName);
    await confirm(ctx, `Are you sure you want to remove user '${name}' from role '${flags.role}'?`, flags.yes === true);
    ctx.log.info(`Removing user '${name}' from role '${flags.role}' at '${api.baseUrl}'`);
    await users.removeRole(api, name, flags.role);
    ctx.log.info(`User '${name}' updated: role '${flags.role}' removed`);
    return { json: { userName: name, role: flags.role, removed: true } };
  },
});

export const commands: CommandSpec<any>[] = [getUsers, createUser, updateUser, deleteUser, resetPassword, addUserToRole, removeUserFromRole];
