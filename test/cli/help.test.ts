import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run.js';
import { allCommands } from '../../src/commands/index.js';

let h: ReturnType<typeof tempHome>;
let calls = 0;
const countingFetch: typeof fetch = async () => {
  calls++;
  throw new Error('help must not call the network');
};
beforeEach(() => {
  h = tempHome();
  calls = 0;
});
afterEach(() => {
  expect(calls).toBe(0);
  h.cleanup();
});
const cli = (...argv: string[]) => runCli(argv, { home: h.home, fetch: countingFetch });

describe('help', () => {
  it('--help lists every command grouped like the original, exit 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const general = r.stdout.indexOf('\nGENERAL\n');
    const contexts = r.stdout.indexOf('\nCONTEXT MANAGEMENT\n');
    expect(general).toBeGreaterThan(0);
    expect(contexts).toBeGreaterThan(general);
    for (const c of allCommands()) expect(r.stdout).toMatch(new RegExp(`\\n  ${c.name}\\s+\\S`));
    expect(r.stdout).toContain('EXIT CODES');
    expect(r.stdout).toContain('--context <name>');
  });
  it('with no arguments prints the same help', async () => {
    expect((await cli()).stdout).toBe((await cli('--help')).stdout);
  });
  it('-h <group> lists one group, by name or prefix', async () => {
    for (const topic of ['General', 'general', 'gen']) {
      const r = await cli('-h', topic);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('GENERAL');
      expect(r.stdout).not.toContain('CONTEXT MANAGEMENT');
    }
    const ctx = await cli('-h', 'context');
    expect(ctx.stdout).toContain('CONTEXT MANAGEMENT');
    expect(ctx.stdout).not.toContain('\nGENERAL\n');
    const bad = await cli('-h', 'nonsense');
    expect(bad.code).toBe(255);
  });
  it('-c <Name> --help shows flags, examples and notes, in any case', async () => {
    for (const argv of [['-c', 'CONFIG', '--help'], ['-c', 'config', '-h'], ['--help', '-c', 'Config'], ['-c', 'Config', '/?']]) {
      const r = await cli(...argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: octo-cli -c Config [flags]');
      expect(r.stdout).toMatch(/-isu, --identityServicesUri <url>\s+Required\./);
      expect(r.stdout).toContain('EXAMPLES');
      expect(r.stdout).toContain('NOTES');
    }
    const add = await cli('-c', 'addcontext', '--help');
    expect(add.stdout).toMatch(/-n, --name <context>\s+Required\./);
    expect(add.stdout).toContain('CONTEXT MANAGEMENT');
  });
  it('help skips validation of missing flags', async () => {
    expect((await cli('-c', 'AddContext', '--help')).code).toBe(0);
  });
  it('--version prints the version', async () => {
    const r = await cli('--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^octo-cli \d+\.\d+\.\d+/);
  });
});

describe('errors', () => {
  it('bad input: one line on stderr, exit 255, nothing on stdout, no stack', async () => {
    for (const argv of [['-c', 'Nope'], ['-c', 'AddContext'], ['-c', 'AddContext', '-n'], ['-c', 'ListContexts', '--bogus'], ['-c', 'ListContexts', '-o', 'xml']]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(255);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('the original command set', () => {
  // All 88 commands of the .NET octo-cli (octo-cli-commands.md §2–§5): 4 General, 4 Context Management, 80 Identity.
  const ORIGINAL = `Config LogIn LogInClientCredentials AuthStatus AddContext UseContext ListContexts RemoveContext
    AddAuthorizationCodeClient AddClientCredentialsClient AddDeviceCodeClient GetClients GetClient UpdateClient DeleteClient
    AddScopeToClient AddClientToRole RemoveClientFromRole UpdateClientRoles AddClientToGroup RemoveClientFromGroup
    GetClientMirrors ProvisionClientInExistingTenants ProvisionClientInTenant UnprovisionClientFromTenant SetClientAutoProvision
    ApplyClientOverlay CleanClientOverlays GetApiScopes CreateApiScope UpdateApiScope DeleteApiScope GetApiResources
    CreateApiResource UpdateApiResource DeleteApiResource CreateApiSecretClient GetApiSecretsClient DeleteApiSecretClient
    UpdateApiSecretClient CreateApiSecretApiResource GetApiSecretsApiResource DeleteApiSecretApiResource UpdateApiSecretApiResource
    GetUsers CreateUser UpdateUser DeleteUser ResetPassword AddUserToRole RemoveUserFromRole GetRoles CreateRole UpdateRole
    DeleteRole GetGroups GetGroup CreateGroup UpdateGroup DeleteGroup UpdateGroupRoles AddUserToGroup RemoveUserFromGroup
    AddGroupToGroup RemoveGroupFromGroup GetIdentityProviders AddOAuthIdentityProvider AddAzureEntryIdIdentityProvider
    AddAdIdentityProvider AddOpenLdapIdentityProvider AddOctoTenantIdentityProvider UpdateIdentityProvider DeleteIdentityProvider
    GetEmailDomainGroupRules GetEmailDomainGroupRule CreateEmailDomainGroupRule UpdateEmailDomainGroupRule DeleteEmailDomainGroupRule
    GetExternalTenantUserMappings GetExternalTenantUserMapping CreateExternalTenantUserMapping UpdateExternalTenantUserMapping
    DeleteExternalTenantUserMapping GetAdminProvisioningMappings CreateAdminProvisioningMapping ProvisionCurrentUser
    DeleteAdminProvisioningMapping Setup`.split(/\s+/);

  it('--help lists all 88, grouped as the original, plus ours marked (new)', async () => {
    expect(new Set(ORIGINAL).size).toBe(88);
    const names = allCommands().map((c) => c.name);
    expect(names.filter((n) => ORIGINAL.includes(n)).sort()).toEqual([...ORIGINAL].sort());
    const ours = allCommands().filter((c) => !ORIGINAL.includes(c.name));
    for (const c of ours) expect(c.ours, c.name).toBe(true);
    const r = await cli('--help');
    for (const n of ORIGINAL) expect(r.stdout).toMatch(new RegExp(`\\n  ${n}\\s`));
    const group = (n: string) => allCommands().find((c) => c.name === n)!.group;
    expect(['Config', 'LogIn', 'LogInClientCredentials', 'AuthStatus'].map(group)).toEqual(Array(4).fill('General'));
    expect(['AddContext', 'UseContext', 'ListContexts', 'RemoveContext'].map(group)).toEqual(Array(4).fill('Context Management'));
    expect(ORIGINAL.slice(8).every((n) => group(n) === 'Identity Services')).toBe(true);
  });
});
