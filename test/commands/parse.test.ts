/** Parse tests (argv → flags) for every admin command, with the original's short and long names. */
import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/cli/argv.js';
import { flagEntries, flagList, type CommandSpec } from '../../src/cli/spec.js';
import { commands as clients } from '../../src/commands/clients.js';
import { commands as scopes } from '../../src/commands/scopes.js';
import { commands as resources } from '../../src/commands/resources.js';
import { commands as secrets } from '../../src/commands/secrets.js';
import { UsageError } from '../../src/errors.js';

const all: CommandSpec<any>[] = [...clients, ...scopes, ...resources, ...secrets];

function parse(...argv: string[]) {
  const r = parseArgv(argv, all);
  if (r.kind !== 'run') throw new Error(`expected a run, got ${r.kind}`);
  return { name: r.command.name, flags: r.flags, globals: r.globals };
}

/** The expected flags plus `false` for every presence flag (e.g. --yes) not given. */
function withPresenceDefaults(name: string, flags: Record<string, unknown>): Record<string, unknown> {
  const command = all.find((c) => c.name === name)!;
  const defaults = Object.fromEntries(flagEntries(command).filter(([, f]) => f.type === 'presence').map(([key]) => [key, false]));
  return { ...defaults, ...flags };
}

const table: Array<[string, string[], Record<string, unknown>]> = [
  ['AddAuthorizationCodeClient', ['-u', 'https://a/', '-ru', 'https://a/cb', '-id', 'a', '-n', 'A', '-fclo', 'https://a/lo', '--if-not-exists'],
    { clientUri: 'https://a/', redirectUri: 'https://a/cb', clientId: 'a', name: 'A', frontChannelLogoutUri: 'https://a/lo', ifNotExists: true }],
  ['AddAuthorizationCodeClient', ['--clientUri', 'https://a/', '--redirectUri', 'https://a/cb', '--clientId', 'a', '--name', 'A', '--frontChannelLogoutUri', 'https://a/lo'],
    { clientUri: 'https://a/', redirectUri: 'https://a/cb', clientId: 'a', name: 'A', frontChannelLogoutUri: 'https://a/lo' }],
  ['AddClientCredentialsClient', ['-id', 's', '-n', 'S', '-s', 'x', '-apic', '--if-not-exists'], { clientId: 's', name: 'S', secret: 'x', autoProvision: true, ifNotExists: true }],
  ['AddClientCredentialsClient', ['--clientId', 's', '--name', 'S', '--secret', '-', '--autoProvision'], { clientId: 's', name: 'S', secret: '-', autoProvision: true }],
  ['AddClientCredentialsClient', ['-id', 's', '-n', 'S'], { clientId: 's', name: 'S' }],
  ['AddDeviceCodeClient', ['-id', 'd', '-n', 'D', '-s', '-leading-dash', '--if-not-exists'], { clientId: 'd', name: 'D', secret: '-leading-dash', ifNotExists: true }],
  ['AddDeviceCodeClient', ['/clientId', 'd', '/name', 'D', '/secret', 'x'], { clientId: 'd', name: 'D', secret: 'x' }],
  ['GetClients', [], {}],
  ['GetClients', ['--filter-name', 'dash', '--filter-redirect-uri', 'cb', '--filter-grant-type', 'device'], { filterName: 'dash', filterRedirectUri: 'cb', filterGrantType: 'device' }],
  ['GetClient', ['-id', 'x'], { clientId: 'x' }],
  ['GetClient', ['--clientid', 'x'], { clientId: 'x' }],
  ['UpdateClient', ['-u', 'https://n/', '-ru', 'https://n/cb', '-id', 'x', '-n', 'N', '-fclo', 'https://n/lo'],
    { clientUri: 'https://n/', redirectUri: 'https://n/cb', clientId: 'x', name: 'N', frontChannelLogoutUri: 'https://n/lo' }],
  ['DeleteClient', ['-id', 'x', '-y'], { clientId: 'x', yes: true }],
  ['DeleteClient', ['--clientId', 'x', '--yes'], { clientId: 'x', yes: true }],
  ['AddScopeToClient', ['-id', 'x', '-n', 'octo_api'], { clientId: 'x', name: 'octo_api' }],
  ['AddScopeToClient', ['--clientId', 'x', '--name', 'octo_api', '--if-not-exists'], { clientId: 'x', name: 'octo_api', ifNotExists: true }],
  ['GetApiScopes', [], {}],
  ['CreateApiScope', ['-n', 's', '-e', 'True', '-dn', 'S', '-d', 'Desc', '--if-not-exists'], { name: 's', enabled: true, displayName: 'S', description: 'Desc', ifNotExists: true }],
  ['CreateApiScope', ['--name', 's', '--enabled', 'false', '--displayName', 'S', '--description', 'Desc'], { name: 's', enabled: false, displayName: 'S', description: 'Desc' }],
  ['UpdateApiScope', ['-n', 's', '-e', 'false', '-nn', 't', '-dn', 'T', '-d', 'D'], { name: 's', enabled: false, newName: 't', displayName: 'T', description: 'D' }],
  ['UpdateApiScope', ['--name', 's', '--newName', 't'], { name: 's', newName: 't' }],
  ['DeleteApiScope', ['-n', 's', '-y'], { name: 's', yes: true }],
  ['GetApiResources', [], {}],
  ['CreateApiResource', ['-n', 'r', '-dn', 'R', '-d', 'D', '-s', 'a, b,,c', '--if-not-exists'], { name: 'r', displayName: 'R', description: 'D', scopes: ['a', 'b', 'c'], ifNotExists: true }],
  ['UpdateApiResource', ['--name', 'r', '--displayName', 'R', '--description', 'D', '--scopes', 'a'], { name: 'r', displayName: 'R', description: 'D', scopes: ['a'] }],
  ['DeleteApiResource', ['-n', 'r', '-y'], { name: 'r', yes: true }],
  ['CreateApiSecretClient', ['-cid', 'c', '-e', '2027-12-31', '-d', 'D', '--if-not-exists'], { owner: 'c', expirationDate: '2027-12-31', description: 'D', ifNotExists: true }],
  ['CreateApiSecretClient', ['--clientId', 'c', '--expirationDate', '2027-12-31 10:00', '--description', 'D'], { owner: 'c', expirationDate: '2027-12-31T10:00', description: 'D' }],
  ['GetApiSecretsClient', ['-cid', 'c'], { owner: 'c' }],
  ['DeleteApiSecretClient', ['-cid', 'c', '-s', 'h=', '-y'], { owner: 'c', secretValue: 'h=', yes: true }],
  ['UpdateApiSecretClient', ['-cid', 'c', '-s', 'h=', '-e', '2028-01-01', '-d', 'D'], { owner: 'c', secretValue: 'h=', expirationDate: '2028-01-01', description: 'D' }],
  ['CreateApiSecretApiResource', ['-n', 'r', '-e', '2027-12-31', '-d', 'D'], { owner: 'r', expirationDate: '2027-12-31', description: 'D' }],
  ['GetApiSecretsApiResource', ['--name', 'r'], { owner: 'r' }],
  ['DeleteApiSecretApiResource', ['-n', 'r', '--secretValue', 'h=', '--yes'], { owner: 'r', secretValue: 'h=', yes: true }],
  ['UpdateApiSecretApiResource', ['-n', 'r', '-s', 'h=', '-d', 'D'], { owner: 'r', secretValue: 'h=', description: 'D' }],
];

describe('argv → flags', () => {
  it.each(table)('%s %j', (name, argv, flags) => {
    const parsed = parse('-c', name, ...argv);
    expect(parsed.name).toBe(name);
    expect(parsed.flags).toEqual(withPresenceDefaults(name, flags));
  });

  it('presence flags not given are false; the secret commands name their owner flag `owner`', () => {
    expect(parse('-c', 'DeleteClient', '-id', 'x').flags).toEqual({ clientId: 'x', yes: false });
    expect(parse('-c', 'GetApiSecretsClient', '--clientId', 'c').flags).toEqual({ owner: 'c' });
    expect(parse('-c', 'GetApiSecretsApiResource', '-n', 'r').flags).toEqual({ owner: 'r' });
  });

  it('command names are case-insensitive', () => {
    expect(parse('-c', 'getclients').name).toBe('GetClients');
    expect(parse('-c', 'DELETEAPISECRETCLIENT', '-cid', 'c', '-s', 'x').name).toBe('DeleteApiSecretClient');
  });

  it('every command of issue 5 is declared, in the Identity Services group', () => {
    const names = all.map((c) => c.name);
    expect(names).toEqual([
      'AddAuthorizationCodeClient', 'AddClientCredentialsClient', 'AddDeviceCodeClient', 'GetClients', 'GetClient', 'UpdateClient', 'DeleteClient', 'AddScopeToClient',
      'GetApiScopes', 'CreateApiScope', 'UpdateApiScope', 'DeleteApiScope',
      'GetApiResources', 'CreateApiResource', 'UpdateApiResource', 'DeleteApiResource',
      'CreateApiSecretClient', 'GetApiSecretsClient', 'DeleteApiSecretClient', 'UpdateApiSecretClient',
      'CreateApiSecretApiResource', 'GetApiSecretsApiResource', 'DeleteApiSecretApiResource', 'UpdateApiSecretApiResource',
    ]);
    for (const c of all) expect(c.group).toBe('Identity Services');
  });

  it('flags added by this port are marked ours', () => {
    for (const c of all) {
      for (const f of flagList(c)) {
        if (['if-not-exists', 'filter-name', 'filter-redirect-uri', 'filter-grant-type'].includes(f.long)) expect(f.ours, `${c.name} --${f.long}`).toBe(true);
      }
    }
    for (const c of all.filter((c) => /^(Add|Create)/.test(c.name))) expect(flagList(c).some((f) => f.long === 'if-not-exists'), c.name).toBe(true);
  });

  it.each<[string[], RegExp]>([
    [['-c', 'GetClient'], /missing required flag --clientId \(-id\)/],
    [['-c', 'AddAuthorizationCodeClient', '-id', 'a', '-n', 'A'], /missing required flag --clientUri \(-u\)/],
    [['-c', 'DeleteApiSecretClient', '-cid', 'c'], /missing required flag --secretValue \(-s\)/],
    [['-c', 'CreateApiSecretClient', '-cid', 'c', '-e', '12/31/2027'], /--expirationDate \(-e\) expects an ISO date/],
    [['-c', 'CreateApiScope', '-n', 's', '-e', 'yes'], /--enabled \(-e\) expects true or false/],
    [['-c', 'DeleteClient', '-id', 'x', '-y', 'true'], /'true' is an unknown parameter/],
    [['-c', 'GetClients', '-id', 'x'], /-id is an unknown parameter for GetClients/],
    [['-c', 'DeleteClient', '-id', 'a', '-id', 'b'], /--clientId \(-id\) was given more than once/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgv(argv, all)).toThrow(UsageError);
    expect(() => parseArgv(argv, all)).toThrow(message);
  });
});
