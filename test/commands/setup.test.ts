import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/commands/index.js';
import { flagList } from '../../src/cli/spec.js';
import { commands as clientExtras } from '../../src/commands/client-extras.js';
import { commands as users } from '../../src/commands/users.js';
import { commands as roles } from '../../src/commands/roles.js';
import { commands as groups } from '../../src/commands/groups.js';
import { commands as identityProviders } from '../../src/commands/identity-providers.js';
import { commands as rules } from '../../src/commands/email-domain-rules.js';
import { commands as mappings } from '../../src/commands/tenant-mappings.js';
import { commands as adminProvisioning } from '../../src/commands/admin-provisioning.js';
import { commands as setup } from '../../src/commands/setup.js';
import { ID, expectJsonOnly, parsedFlags, run } from './identity-helpers.js';

const STATUS = 'https://id.test/octosystem/api/setup/status';
const CREATE = 'https://id.test/octosystem/api/setup/create-admin';
const ISSUE7 = [...clientExtras, ...users, ...roles, ...groups, ...identityProviders, ...rules, ...mappings, ...adminProvisioning, ...setup];

describe('Setup', () => {
  it('parses -e and -p', () => {
    expect(parsedFlags('Setup', ['-e', 'admin@example.com', '-p', 'Adm1n!pass'])).toEqual({ email: 'admin@example.com', password: 'Adm1n!pass' });
  });

  it('checks the setup status, then creates the admin anonymously (no bearer token)', async () => {
    const r = await run(['-c', 'Setup', '-e', 'admin@example.com', '-p', '-'], {
      stdin: 'Adm1n!pass\n',
      routes: { [`GET ${STATUS}`]: { json: { setupRequired: true } }, [`POST ${CREATE}`]: { json: { success: true, errorMessage: null } } },
    });
    expect(r.code).toBe(0);
    expect(r.requests.map((q) => ({ method: q.method, path: q.path, body: q.body }))).toEqual([
      { method: 'GET', path: STATUS, body: undefined },
      { method: 'POST', path: CREATE, body: { email: 'admin@example.com', password: 'Adm1n!pass', confirmPassword: 'Adm1n!pass' } },
    ]);
    for (const q of r.requests) expect(q.headers.authorization).toBeUndefined();
    expect(r.stdout + r.stderr).not.toContain('Adm1n!pass');
  });

  it('--systemTenant selects another system tenant', async () => {
    const r = await run(['-c', 'Setup', '-e', 'a@b.c', '-p', 'Adm1n!pass', '--systemTenant', 'OctoSystem', '-o', 'json'], {
      routes: { 'POST https://id.test/OctoSystem/api/setup/create-admin': { json: { success: true } } },
    });
    expect(r.calls()).toEqual(['GET https://id.test/OctoSystem/api/setup/status', 'POST https://id.test/OctoSystem/api/setup/create-admin']);
    expect(expectJsonOnly(r.stdout)).toEqual({ email: 'a@b.c', systemTenant: 'OctoSystem', created: true });
  });

  it('refuses clearly when setup is done already, without sending the password', async () => {
    for (const status of [{ status: 404 }, { json: { setupRequired: false } }]) {
      const r = await run(['-c', 'Setup', '-e', 'a@b.c', '-p', 'Adm1n!pass'], { routes: { [`GET ${STATUS}`]: status } });
      expect(r.code).toBe(253);
      expect(r.stderr).toMatch(/setup is not available: tenant 'octosystem' already has users/);
      expect(r.calls()).toEqual([`GET ${STATUS}`]);
    }
  });

  it('a refusal of the service ({success:false}) fails with its message', async () => {
    const r = await run(['-c', 'Setup', '-e', 'a@b.c', '-p', 'Sh0rt!'], { routes: { [`POST ${CREATE}`]: { json: { success: false, errorMessage: 'Password too weak' } } } });
    expect(r.code).toBe(253);
    expect(r.stderr).toContain('setup failed: Password too weak');
  });

  it('requires -e and -p (the original crashed with exit -99)', async () => {
    for (const argv of [['-e', 'a@b.c'], ['-p', 'x']]) {
      const r = await run(['-c', 'Setup', ...argv]);
      expect(r.code).toBe(255);
      expect(r.stderr).toMatch(/missing required flag/);
      expect(r.requests).toHaveLength(0);
    }
  });

  it('needs only the identity URL of the context', async () => {
    const r = await run(['-c', 'Setup', '-e', 'not-an-email', '-p', 'x']);
    expect(r.code).toBe(255);
    expect(r.requests).toHaveLength(0);
  });
});

/** Every command the original asks for confirmation, with valid flags (without -y). */
const CONFIRMED: Record<string, string[]> = {
  RemoveClientFromRole: ['-id', 'c', '-r', 'R'],
  UnprovisionClientFromTenant: ['-id', 'c', '-ctid', 't'],
  CleanClientOverlays: [],
  DeleteUser: ['-un', 'u'],
  RemoveUserFromRole: ['-un', 'u', '-r', 'R'],
  ResetPassword: ['-un', 'u', '-p', 'Secret#123'],
  DeleteRole: ['-n', 'R'],
  DeleteIdentityProvider: ['-id', ID],
};

describe('identity commands: common rules', () => {
  it('covers the 56 commands of the spec, all in the Identity Services group and registered', () => {
    expect(ISSUE7).toHaveLength(56);
    const registered = new Set(allCommands().map((c) => c.name));
    for (const c of ISSUE7) {
      expect(registered.has(c.name), c.name).toBe(true);
      expect(c.group).toBe('Identity Services');
      expect(c.examples?.length, c.name).toBeGreaterThan(0);
    }
  });

  it('exactly the confirmed commands have -y/--yes', () => {
    const withYes = ISSUE7.filter((c) => flagList(c).some((f) => f.long === 'yes')).map((c) => c.name).sort();
    expect(withYes).toEqual(Object.keys(CONFIRMED).sort());
  });

  it('without -y and without a terminal: exit 251 and nothing is sent', async () => {
    for (const [name, argv] of Object.entries(CONFIRMED)) {
      const r = await run(['-c', name, ...argv]);
      expect(r.code, name).toBe(251);
      expect(r.stderr).toMatch(/confirmation required but stdin is not a terminal \(pass --yes \(-y\) to confirm\)/);
      expect(r.requests, name).toHaveLength(0);
    }
  });

  it('on a terminal: the prompt names the target; "n" cancels (251), "y" proceeds', async () => {
    const no = await run(['-c', 'DeleteUser', '-un', 'John.Doe'], { tty: true, input: 'n\n' });
    expect(no.code).toBe(251);
    expect(no.stderr).toContain("Are you sure you want to delete user 'john.doe'? (y/N): ");
    expect(no.requests).toHaveLength(0);
    const yes = await run(['-c', 'DeleteIdentityProvider', '-id', ID], { tty: true, input: 'y\n' });
    expect(yes.code).toBe(0);
    expect(yes.stderr).toContain(`Are you sure you want to delete identity provider '${ID}'? (y/N): `);
    expect(yes.calls()).toEqual([`DELETE identityProviders/${ID}`]);
  });

  it('a secret read from stdin is used and the confirmation then needs -y', async () => {
    const r = await run(['-c', 'ResetPassword', '-un', 'u', '-p', '-', '-y'], { stdin: 'Fr0m$tdin\n' });
    expect(r.code).toBe(0);
    expect(r.calls()).toEqual(['POST users/resetPassword?userName=u&password=Fr0m%24tdin']);
    const empty = await run(['-c', 'ResetPassword', '-un', 'u', '-p', '-', '-y'], { stdin: '' });
    expect(empty.code).toBe(255);
    expect(empty.requests).toHaveLength(0);
  });

  it('--help works for every command without a network call', async () => {
    for (const c of ISSUE7) {
      const r = await run(['-c', c.name, '--help']);
      expect(r.code, c.name).toBe(0);
      expect(r.stdout).toContain(`Usage: octo-cli -c ${c.name}`);
      expect(r.requests).toHaveLength(0);
    }
  });

  it('secret flags are declared secret', () => {
    const secrets = ISSUE7.flatMap((c) => flagList(c).filter((f) => f.secret).map((f) => `${c.name} -${f.short}`)).sort();
    expect(secrets).toEqual(
      [
        'AddAzureEntryIdIdentityProvider -cs',
        'AddOAuthIdentityProvider -cs',
        'CreateUser -p',
        'ResetPassword -p',
        'Setup -p',
        'UpdateIdentityProvider -cs',
      ].sort(),
    );
  });

  it('HTTP errors keep the server message and exit 253', async () => {
    const r = await run(['-c', 'CreateRole', '-n', 'Dup'], {
      routes: { 'POST roles': { status: 400, json: { statusCode: 400, statusDescription: 'BadRequest', message: 'Creation of role failed', details: [{ code: 'DuplicateRoleName', description: "Role name 'Dup' is already taken." }] } } },
    });
    expect(r.code).toBe(253);
    expect(r.stderr).toContain("Creation of role failed: Role name 'Dup' is already taken.");
    expect(r.stdout).toBe('');
  });
});
