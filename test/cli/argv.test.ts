import { describe, expect, it } from 'vitest';
import { parseArgv, matchFlag, convertValue, flagLabel } from '../../src/cli/argv.js';
import { flagKey, flagList, type CommandSpec, type FlagSpec } from '../../src/cli/spec.js';
import { UsageError } from '../../src/errors.js';
import { flag } from '../../src/cli/flags.js';
import { futureDate, identifier } from '../../src/cli/checks.js';

// Flag tables of the original's commands (octo-cli-commands.md), used as fixtures for the parsing rules: each list
// becomes a record keyed by the flags' keys, in the same order.
const cmd = (name: string, flags: FlagSpec[]): CommandSpec => ({
  name,
  group: 'Identity Services',
  description: name,
  flags: Object.fromEntries(flags.map((f) => [flagKey(f), f])),
  run: async () => {},
});
const LogIn = cmd('LogIn', [
  { long: 'interactive', short: 'i', type: 'presence', description: '' },
  { long: 'if-needed', short: 'in', type: 'presence', description: '' },
]);
const AddAdIdentityProvider = cmd('AddAdIdentityProvider', [
  { long: 'name', short: 'n', type: 'string', required: true, description: '' },
  { long: 'enabled', short: 'e', type: 'bool', required: true, description: '' },
  { long: 'host', short: 'h', type: 'string', required: true, description: '' },
  { long: 'port', short: 'p', type: 'ushort', required: true, description: '' },
  { long: 'allowSelfRegistration', short: 'asr', type: 'bool', description: '' },
  { long: 'defaultGroupRtId', short: 'dgid', type: 'string', description: '' },
]);
const AddAuthorizationCodeClient = cmd('AddAuthorizationCodeClient', [
  { long: 'clientUri', short: 'u', type: 'string', required: true, description: '' },
  { long: 'redirectUri', short: 'ru', type: 'string', description: '' },
  { long: 'clientId', short: 'id', type: 'string', required: true, description: '' },
  { long: 'name', short: 'n', type: 'string', required: true, description: '' },
  { long: 'frontChannelLogoutUri', short: 'fclo', type: 'string', description: '' },
]);
const GetClient = cmd('GetClient', [{ long: 'clientId', short: 'id', type: 'string', required: true, description: '' }]);
const CreateApiResource = cmd('CreateApiResource', [
  { long: 'name', short: 'n', type: 'string', required: true, description: '' },
  { long: 'displayName', short: 'dn', type: 'string', description: '' },
  { long: 'description', short: 'd', type: 'string', description: '' },
  { long: 'scopes', short: 's', type: 'csv', description: '' },
]);
const DeleteClient = cmd('DeleteClient', [
  { long: 'clientId', short: 'id', type: 'string', required: true, description: '' },
  { long: 'yes', short: 'y', type: 'presence', description: '' },
]);
const GetExternalTenantUserMappings = cmd('GetExternalTenantUserMappings', [
  { long: 'skip', short: 'skip', type: 'int', description: '' },
  { long: 'take', short: 'take', type: 'int', description: '' },
  { long: 'sourceTenantId', short: 'stid', type: 'string', description: '' },
]);
const UpdateGroup = cmd('UpdateGroup', [
  { long: 'identifier', short: 'id', type: 'oid', required: true, description: '' },
  { long: 'name', short: 'n', type: 'string', required: true, description: '' },
]);
const AddOAuthIdentityProvider = cmd('AddOAuthIdentityProvider', [
  { long: 'type', short: 't', type: 'enum', values: ['google', 'microsoft', 'facebook'], required: true, description: '' },
  { long: 'expirationDate', short: 'e', type: 'date', description: '' },
]);
const ListContexts = cmd('ListContexts', [
  { long: 'name', short: 'n', type: 'string', description: '' },
  { long: 'json', short: 'j', type: 'presence', description: '' },
]);
const ALL = [LogIn, AddAdIdentityProvider, AddAuthorizationCodeClient, GetClient, CreateApiResource, DeleteClient, GetExternalTenantUserMappings, UpdateGroup, AddOAuthIdentityProvider, ListContexts];

const run = (...argv: string[]) => {
  const r = parseArgv(argv, ALL);
  if (r.kind !== 'run') throw new Error(`expected run, got ${r.kind}`);
  return r;
};
const usageError = (...argv: string[]) => {
  try {
    parseArgv(argv, ALL);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as UsageError).message;
  }
  throw new Error('expected a UsageError');
};

describe('command selector', () => {
  it('accepts -c, --command and /command, case-insensitive names', () => {
    expect(run('-c', 'GetClient', '-id', 'x').command.name).toBe('GetClient');
    expect(run('--command', 'getclient', '-id', 'x').command.name).toBe('GetClient');
    expect(run('/command', 'GETCLIENT', '-id', 'x').command.name).toBe('GetClient');
    expect(run('--COMMAND=getClient', '-id', 'x').command.name).toBe('GetClient');
  });
  it('names unknown commands and suggests a close one', () => {
    expect(usageError('-c', 'GetClints')).toMatch(/'GetClints' is not a command \(did you mean GetClient\?\)/);
  });
  it('refuses a second -c', () => {
    expect(usageError('-c', 'GetClient', '-c', 'LogIn')).toMatch(/given twice/);
  });
  it('without -c: help for an empty line, an error otherwise', () => {
    expect(parseArgv([], ALL).kind).toBe('help');
    expect(usageError('--verbose')).toMatch(/no command given/);
  });
  it('command flags before -c are unknown, with a hint', () => {
    try {
      parseArgv(['-id', 'x', '-c', 'GetClient'], ALL);
      throw new Error('no error');
    } catch (err) {
      expect((err as UsageError).message).toBe('-id is an unknown parameter');
      expect((err as UsageError).hint).toMatch(/after `-c <Command>`/);
    }
  });
});

describe('flag matching', () => {
  it('short flags match exactly, case-insensitive', () => {
    expect(run('-c', 'GetClient', '-ID', 'abc').flags.clientId).toBe('abc');
    expect(run('-c', 'GetClient', '-Id', 'abc').flags.clientId).toBe('abc');
    expect(usageError('-c', 'GetClient', '-i', 'abc')).toMatch(/-i is an unknown parameter for GetClient/);
  });
  it('long flags match by case-insensitive prefix at least as long as the short name', () => {
    expect(run('-c', 'GetClient', '--clientId', 'a').flags.clientId).toBe('a');
    expect(run('-c', 'GetClient', '--clientid', 'a').flags.clientId).toBe('a');
    expect(run('-c', 'GetClient', '--client', 'a').flags.clientId).toBe('a');
    expect(run('-c', 'GetClient', '--cl', 'a').flags.clientId).toBe('a');
    // shorter than the short name `ru` (2): no match; `--re` is long enough
    expect(usageError('-c', 'AddAuthorizationCodeClient', '--r', 'https://a/')).toMatch(/--r is an unknown parameter/);
    expect(run('-c', 'AddAuthorizationCodeClient', '-u', 'https://a/', '-id', 'x', '-n', 'n', '--re', 'https://a/cb').flags.redirectUri).toBe('https://a/cb');
    // at the root, --c is the command selector (its short name is c)
    expect(usageError('-c', 'GetClient', '--c', 'a')).toMatch(/given twice/);
    // longer than the long name: no match
    expect(usageError('-c', 'GetClient', '--clientIdX', 'a')).toMatch(/unknown parameter/);
  });
  it('LogIn: --in selects --interactive (first declared wins), -in and --if select --if-needed', () => {
    expect(run('-c', 'LogIn', '--in').flags).toEqual({ interactive: true, ifNeeded: false });
    expect(run('-c', 'LogIn', '-in').flags).toEqual({ interactive: false, ifNeeded: true });
    expect(run('-c', 'LogIn', '--if').flags).toEqual({ interactive: false, ifNeeded: true });
    expect(run('-c', 'LogIn', '-i').flags).toEqual({ interactive: true, ifNeeded: false });
    expect(run('-c', 'LogIn', '--if-needed', '--interactive').flags).toEqual({ ifNeeded: true, interactive: true });
  });
  it('/flag works like --flag', () => {
    expect(run('-c', 'GetClient', '/clientId', 'a').flags.clientId).toBe('a');
    expect(run('/c', 'GetClient', '/CLIENT', 'a').flags.clientId).toBe('a');
  });
  it('-h means --host where the command declares it; --help and -? still give help', () => {
    const r = run('-c', 'AddAdIdentityProvider', '-n', 'ad', '-e', 'true', '-h', 'ldap.local', '-p', '389');
    expect(r.flags).toMatchObject({ host: 'ldap.local', port: 389, enabled: true });
    expect(run('-c', 'AddAdIdentityProvider', '-n', 'ad', '-e', 'true', '--h', 'x', '-p', '1').flags.host).toBe('x');
    expect(parseArgv(['-c', 'AddAdIdentityProvider', '--help'], ALL)).toMatchObject({ kind: 'help', command: { name: 'AddAdIdentityProvider' } });
    expect(parseArgv(['-c', 'AddAdIdentityProvider', '-?'], ALL).kind).toBe('help');
    expect(parseArgv(['-c', 'GetClient', '-h'], ALL).kind).toBe('help');
    expect(parseArgv(['-c', 'GetClient', '/?'], ALL).kind).toBe('help');
  });
  it('multi-character short names like -skip/-take work', () => {
    expect(run('-c', 'GetExternalTenantUserMappings', '-skip', '5', '-TAKE', '0x10').flags).toEqual({ skip: 5, take: 16 });
  });
  it('matchFlag and flagLabel are exported for help and completion', () => {
    expect(matchFlag({ dashes: '--', name: 'red' }, flagList(AddAuthorizationCodeClient))?.long).toBe('redirectUri');
    expect(flagLabel(flagList(AddAuthorizationCodeClient)[1]!)).toBe('--redirectUri (-ru)');
  });
});

describe('values', () => {
  it('a value may start with - (improvement over the original)', () => {
    expect(run('-c', 'GetClient', '-id', '-weird-id').flags.clientId).toBe('-weird-id');
    expect(run('-c', 'CreateApiResource', '-n', 'x', '-d', '--not a flag').flags.description).toBe('--not a flag');
  });
  it('a value starting with / is taken as the value', () => {
    expect(run('-c', 'CreateApiResource', '-n', 'x', '-d', '/name').flags).toEqual({ name: 'x', description: '/name' });
  });
  it('--flag=value and -flag=value are accepted; the value may hold = and be empty', () => {
    expect(run('-c', 'GetClient', '--clientId=a=b').flags.clientId).toBe('a=b');
    expect(run('-c', 'GetClient', '-id=x').flags.clientId).toBe('x');
    expect(run('-c', 'CreateApiResource', '-n', 'x', '--description=').flags.description).toBe('');
  });
  it('multi-values are one comma-separated token: split, trimmed, empties dropped', () => {
    expect(run('-c', 'CreateApiResource', '-n', 'api', '-s', ' a, b ,,c,').flags.scopes).toEqual(['a', 'b', 'c']);
    expect(run('-c', 'CreateApiResource', '-n', 'api', '-s', ',').flags.scopes).toEqual([]);
  });
  it('a missing value names the flag', () => {
    expect(usageError('-c', 'GetClient', '-id')).toBe('--clientId (-id) needs a value');
  });
  it('presence flags take no value', () => {
    expect(run('-c', 'DeleteClient', '-id', 'x', '-y').flags).toEqual({ clientId: 'x', yes: true });
    expect(usageError('-c', 'DeleteClient', '-id', 'x', '-y', 'true')).toMatch(/'true' is an unknown parameter/);
    expect(usageError('-c', 'DeleteClient', '-id', 'x', '--yes=true')).toMatch(/takes no value/);
  });
  it('booleans are true/false, case-insensitive', () => {
    expect(run('-c', 'AddAdIdentityProvider', '-n', 'a', '-e', 'TRUE', '-h', 'h', '-p', '1').flags.enabled).toBe(true);
    expect(run('-c', 'AddAdIdentityProvider', '-n', 'a', '-e', 'False', '-h', 'h', '-p', '1').flags.enabled).toBe(false);
    expect(usageError('-c', 'AddAdIdentityProvider', '-n', 'a', '-e', 'yes', '-h', 'h', '-p', '1')).toBe("--enabled (-e) expects true or false, got 'yes'");
  });
  it('typed values are checked: ushort, int, oid, enum, date', () => {
    expect(usageError('-c', 'AddAdIdentityProvider', '-n', 'a', '-e', 'true', '-h', 'h', '-p', '70000')).toMatch(/--port \(-p\) expects a port number/);
    expect(usageError('-c', 'GetExternalTenantUserMappings', '-skip', 'ten')).toMatch(/--skip \(-skip\) expects a whole number/);
    expect(run('-c', 'UpdateGroup', '-id', '66000000000000000000000A', '-n', 'g').flags.identifier).toBe('66000000000000000000000a');
    expect(usageError('-c', 'UpdateGroup', '-id', 'nothex', '-n', 'g')).toMatch(/expects an object id of 24 hex digits/);
    expect(run('-c', 'AddOAuthIdentityProvider', '-t', 'Google').flags.type).toBe('google');
    expect(run('-c', 'AddOAuthIdentityProvider', '-t', '1').flags.type).toBe('microsoft');
    expect(usageError('-c', 'AddOAuthIdentityProvider', '-t', 'OpenLdap')).toMatch(/expects one of google, microsoft, facebook/);
    expect(run('-c', 'AddOAuthIdentityProvider', '-t', 'google', '-e', '2027-12-31').flags.expirationDate).toBe('2027-12-31');
    expect(usageError('-c', 'AddOAuthIdentityProvider', '-t', 'google', '-e', '31.12.2027')).toMatch(/expects an ISO date/);
    expect(convertValue({ long: 'x', type: 'date', description: '' }, '2027-12-31 10:00')).toBe('2027-12-31T10:00');
  });
  it('a repeated flag is a clear error (improvement)', () => {
    expect(usageError('-c', 'GetClient', '-id', 'a', '--clientId', 'b')).toBe('--clientId (-id) was given more than once');
  });
  it('missing required flags are listed in one line', () => {
    expect(usageError('-c', 'AddAuthorizationCodeClient', '-u', 'https://x/')).toBe('AddAuthorizationCodeClient: missing required flags --clientId (-id), --name (-n)');
  });
  it('positional tokens are unknown parameters', () => {
    expect(usageError('-c', 'GetClient', '-id', 'a', 'extra')).toMatch(/'extra' is an unknown parameter for GetClient/);
  });
});

describe('global options', () => {
  it('are accepted before and after -c', () => {
    const a = parseArgv(['--context', 'prod', '-c', 'GetClient', '-id', 'x'], ALL);
    const b = parseArgv(['-c', 'GetClient', '-id', 'x', '--context', 'local_meshtest', '--output', 'JSON', '--verbose', '--no-color', '--wide'], ALL);
    expect(a).toMatchObject({ kind: 'run', globals: { context: 'prod' } });
    expect(b).toMatchObject({ kind: 'run', globals: { context: 'local_meshtest', output: 'json', verbose: true, noColor: true, wide: true } });
  });
  it('-o is --output unless the command declares -o', () => {
    expect(parseArgv(['-o', 'json', '-c', 'GetClient', '-id', 'x'], ALL)).toMatchObject({ globals: { output: 'json' } });
    const withO = cmd('X', [{ long: 'overlay', short: 'o', type: 'string', description: '' }]);
    expect(parseArgv(['-c', 'X', '-o', 'json'], [withO])).toMatchObject({ flags: { overlay: 'json' }, globals: {} });
  });
  it("a command's own flags win over global ones", () => {
    const withContext = cmd('Y', [{ long: 'contextual', short: 'cx', type: 'string', description: '' }]);
    // --context is a prefix of the command's --contextual: the command wins, as in the original
    expect(parseArgv(['-c', 'Y', '--context', 'v'], [withContext])).toMatchObject({ flags: { contextual: 'v' } });
  });
  it('global long options match exactly (no prefix) and check their values', () => {
    expect(usageError('-c', 'GetClient', '-id', 'x', '--out', 'json')).toMatch(/unknown parameter/);
    expect(usageError('-c', 'GetClient', '-id', 'x', '--output', 'yaml')).toMatch(/--output \(-o\) expects one of table, json/);
    expect(usageError('-c', 'GetClient', '-id', 'x', '--context')).toMatch(/--context needs a value/);
  });
  it('help and version', () => {
    expect(parseArgv(['--help'], ALL)).toMatchObject({ kind: 'help' });
    expect(parseArgv(['-h', 'General'], ALL)).toMatchObject({ kind: 'help', topic: 'General' });
    expect(parseArgv(['-h', 'Identity Services'], ALL)).toMatchObject({ kind: 'help', topic: 'Identity Services' });
    expect(parseArgv(['--version'], ALL)).toMatchObject({ kind: 'version' });
    // help skips validation: missing required flags are fine
    expect(parseArgv(['-c', 'AddAuthorizationCodeClient', '--help'], ALL).kind).toBe('help');
  });
});

describe('secrets on the command line', () => {
  const WithSecret = cmd('ResetPassword', [
    { long: 'userName', short: 'un', type: 'string', required: true, description: '' },
    { long: 'password', short: 'p', type: 'string', secret: true, required: true, description: '' },
  ]);
  it('a stray word after a secret value is not echoed (it is likely the rest of an unquoted secret)', () => {
    try {
      parseArgv(['-c', 'ResetPassword', '-un', 'bob', '-p', 'my', 'SuperSecret'], [WithSecret]);
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).message).toBe('an unexpected extra value follows --password (-p) (quote a value that contains spaces, or use - to read it from stdin)');
      expect((err as UsageError).message).not.toContain('SuperSecret');
    }
  });
});

describe("a flag's own check", () => {
  const expires = flag.date('expirationDate', { short: 'e', check: futureDate });
  const scopes = flag.csv('scopes', { short: 's', check: identifier });
  const Checked = cmd('Checked', [flag.string('clientId', { short: 'id', required: true, check: identifier }), expires, scopes]);
  const parse = (...argv: string[]) => parseArgv(['-c', 'Checked', ...argv], [Checked], { now: () => Date.parse('2030-01-01T00:00:00Z') });
  const message = (...argv: string[]) => {
    try {
      parse(...argv);
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      return (err as UsageError).message;
    }
    throw new Error('expected a UsageError');
  };
  it('runs in the parser with the flag label', () => {
    expect(message('-id', 'a b')).toBe("--clientId (-id) must not contain whitespace, got 'a b'");
  });
  it("gets the clock from the parse options", () => {
    expect(message('-id', 'a', '-e', '2029-12-31')).toBe("--expirationDate (-e) must be in the future, got '2029-12-31'");
    expect(parse('-id', 'a', '-e', '2030-06-01')).toMatchObject({ flags: { expirationDate: '2030-06-01' } });
  });
  it('checks each element of a csv list', () => {
    expect(message('-id', 'a', '-s', 'x, y z')).toBe("--scopes (-s) must not contain whitespace, got 'y z'");
  });
  it('--help wins over a failing check, and a missing required flag is named first', () => {
    expect(parse('-id', 'a b', '--help').kind).toBe('help');
    expect(message('-s', 'y z')).toMatch(/missing required flag --clientId \(-id\)/);
  });
});
