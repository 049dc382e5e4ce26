/**
 * The argv layer's edges, as a user meets them: global options given twice or with a value they do not take, enum
 * indexes out of range, int32 and port bounds, ids of the wrong length, dot segments, empty context names, and the
 * exit code 255 with one line that a command line error gives.
 */
import { describe, expect, it } from 'vitest';
import { convertValue, checkPathSegment, findCommand, parseArgv } from '../../src/cli/argv.js';
import { flag, flagKey, flagLabel, type FlagSpec } from '../../src/cli/flags.js';
import * as checks from '../../src/cli/checks.js';
import type { CommandSpec } from '../../src/cli/spec.js';
import { UsageError } from '../../src/errors.js';
import { runCli, tempHome } from '../helpers/run.js';

const cmd = (name: string, flags: FlagSpec[]): CommandSpec => ({
  name,
  group: 'Identity Services',
  description: name,
  flags: Object.fromEntries(flags.map((f) => [flagKey(f), f])),
  run: async () => {},
});
const GetClient = cmd('GetClient', [{ long: 'clientId', short: 'id', type: 'string', required: true, description: '', pathSegment: true }]);
const Export = cmd('Export', [
  { long: 'out', short: 'o', type: 'string', description: '' },
  { long: 'file', short: 'f', type: 'string', repeatable: true, description: '' },
]);
const Typed = cmd('Typed', [
  { long: 'count', short: 'n', type: 'int', description: '' },
  { long: 'port', short: 'p', type: 'ushort', description: '' },
  { long: 'group', short: 'g', type: 'oid', description: '' },
  { long: 'kind', short: 'k', type: 'enum', values: ['Alpha', 'Beta', 'Gamma'], description: '' },
  { long: 'when', short: 'w', type: 'date', description: '' },
  { long: 'on', type: 'bool', description: '' },
  { long: 'list', short: 'l', type: 'csv', description: '' },
  { long: 'yes', short: 'y', type: 'presence', description: '' },
]);
const ALL = [GetClient, Export, Typed];

function usage(...argv: string[]): string {
  try {
    parseArgv(argv, ALL);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as UsageError).message;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}
const run = (...argv: string[]) => {
  const r = parseArgv(argv, ALL);
  if (r.kind !== 'run') throw new Error(`expected run, got ${r.kind}`);
  return r;
};

describe('global options', () => {
  it('each may be given once', () => {
    expect(usage('-c', 'GetClient', '-id', 'a', '--verbose', '--verbose')).toBe('--verbose was given more than once');
    expect(usage('-c', 'GetClient', '-id', 'a', '-o', 'json', '--output', 'table')).toBe('--output (-o) was given more than once');
    expect(usage('--context', 'a', '-c', 'GetClient', '-id', 'a', '--context', 'b')).toBe('--context was given more than once');
    expect(usage('-c', 'GetClient', '-id', 'a', '--wide', '--WIDE')).toBe('--wide was given more than once');
    expect(usage('-c', 'GetClient', '-id', 'a', '--no-color', '--no-color')).toBe('--no-color was given more than once');
  });

  it('the switches take no value', () => {
    expect(usage('-c', 'GetClient', '-id', 'a', '--verbose=x')).toBe('--verbose takes no value');
    expect(usage('-c', 'GetClient', '-id', 'a', '--wide=true')).toBe('--wide takes no value');
    expect(usage('-c', 'GetClient', '-id', 'a', '--no-color=1')).toBe('--no-color takes no value');
  });

  it('they are off unless given, and each sets its own', () => {
    expect(run('-c', 'GetClient', '-id', 'a').globals).toEqual({ verbose: false, noColor: false, wide: false });
    expect(run('-c', 'GetClient', '-id', 'a', '--verbose').globals).toEqual({ verbose: true, noColor: false, wide: false });
    expect(run('--no-color', '-c', 'GetClient', '-id', 'a').globals).toEqual({ verbose: false, noColor: true, wide: false });
    expect(run('-c', 'GetClient', '--wide', '-id', 'a').globals).toEqual({ verbose: false, noColor: false, wide: true });
  });

  it('--output: a name or its index; an index out of range or another word is refused', () => {
    expect(run('-c', 'GetClient', '-id', 'a', '-o', 'JSON').globals.output).toBe('json');
    expect(run('-c', 'GetClient', '-id', 'a', '-o', '0').globals.output).toBe('table');
    expect(run('-c', 'GetClient', '-id', 'a', '--output=1').globals.output).toBe('json');
    expect(usage('-c', 'GetClient', '-id', 'a', '-o', '2')).toBe("--output (-o) expects one of table, json, got '2'");
    expect(usage('-c', 'GetClient', '-id', 'a', '-o', '-1')).toBe("--output (-o) expects one of table, json, got '-1'");
    expect(usage('-c', 'GetClient', '-id', 'a', '-o', 'yaml')).toBe("--output (-o) expects one of table, json, got 'yaml'");
    expect(usage('-c', 'GetClient', '-id', 'a', '-o')).toBe('--output (-o) needs a value');
  });

  it("-o is the command's own flag where it declares one; --output stays global", () => {
    const r = run('-c', 'Export', '-o', 'out.yaml', '--output', 'json');
    expect(r.flags.out).toBe('out.yaml');
    expect(r.globals.output).toBe('json');
    expect(run('-o', 'json', '-c', 'Export').globals.output).toBe('json');
  });

  it('--context: a name, trimmed; empty or blank is refused', () => {
    expect(run('-c', 'GetClient', '-id', 'a', '--context', ' prod ').globals.context).toBe('prod');
    expect(run('-c', 'GetClient', '-id', 'a', '--context=dev').globals.context).toBe('dev');
    expect(usage('-c', 'GetClient', '-id', 'a', '--context', '')).toBe('--context needs a context name');
    expect(usage('-c', 'GetClient', '-id', 'a', '--context=  ')).toBe('--context needs a context name');
    expect(usage('-c', 'GetClient', '-id', 'a', '--context')).toBe('--context needs a value');
  });

  it('--version and --help are results, not runs', () => {
    expect(parseArgv(['--version'], ALL)).toMatchObject({ kind: 'version' });
    expect(parseArgv(['--help'], ALL)).toMatchObject({ kind: 'help' });
    expect(parseArgv(['-h', 'identity'], ALL)).toMatchObject({ kind: 'help', topic: 'identity' });
    expect(parseArgv(['--version', '-c', 'GetClient', '-id', 'a'], ALL)).toMatchObject({ kind: 'version' });
  });
});

describe('values', () => {
  it('int is a 32-bit whole number, decimal or hex', () => {
    expect(run('-c', 'Typed', '-n', '2147483647').flags.count).toBe(2147483647);
    expect(run('-c', 'Typed', '-n', '-2147483648').flags.count).toBe(-2147483648);
    expect(run('-c', 'Typed', '-n', '+5').flags.count).toBe(5);
    expect(run('-c', 'Typed', '-n', '0x7FFFFFFF').flags.count).toBe(2147483647);
    expect(run('-c', 'Typed', '-n', ' 12 ').flags.count).toBe(12);
    for (const bad of ['2147483648', '-2147483649', '0x80000000', '1.5', '1e3', 'ten', '', '0x', '99999999999999999999']) {
      expect(usage('-c', 'Typed', '-n', bad)).toBe(`--count (-n) expects a whole number, got '${bad}'`);
    }
  });

  it('ushort is a port 0–65535, decimal or hex', () => {
    expect(run('-c', 'Typed', '-p', '0').flags.port).toBe(0);
    expect(run('-c', 'Typed', '-p', '65535').flags.port).toBe(65535);
    expect(run('-c', 'Typed', '-p', '0xFFFF').flags.port).toBe(65535);
    expect(run('-c', 'Typed', '-p', ' 389 ').flags.port).toBe(389);
    for (const bad of ['65536', '-1', '0x10000', '80.0', 'http', '']) {
      expect(usage('-c', 'Typed', '-p', bad)).toBe(`--port (-p) expects a port number 0-65535, got '${bad}'`);
    }
  });

  it('oid is exactly 24 hex digits, lower-cased; longer, shorter or other letters are refused', () => {
    expect(run('-c', 'Typed', '-g', ' 65A1B2C3D4E5F60718293A4B ').flags.group).toBe('65a1b2c3d4e5f60718293a4b');
    for (const bad of ['65a1b2c3d4e5f60718293a4b0', '65a1b2c3d4e5f60718293a4', '65a1b2c3d4e5f60718293a4g', 'x65a1b2c3d4e5f60718293a4b']) {
      expect(usage('-c', 'Typed', '-g', bad)).toBe(`--group (-g) expects an object id of 24 hex digits, got '${bad}'`);
    }
  });

  it('enum: a declared name in any case (given back as declared) or an index below the count', () => {
    expect(run('-c', 'Typed', '-k', 'beta').flags.kind).toBe('Beta');
    expect(run('-c', 'Typed', '-k', '2').flags.kind).toBe('Gamma');
    expect(run('-c', 'Typed', '-k', '0').flags.kind).toBe('Alpha');
    expect(usage('-c', 'Typed', '-k', '3')).toBe("--kind (-k) expects one of Alpha, Beta, Gamma, got '3'");
    expect(usage('-c', 'Typed', '-k', 'Delta')).toBe("--kind (-k) expects one of Alpha, Beta, Gamma, got 'Delta'");
    expect(() => convertValue({ long: 'x', type: 'enum', description: '' }, '0')).toThrow("--x expects one of , got '0'");
  });

  it('date: an ISO date or date-time, a space becoming T; other formats and impossible dates are refused', () => {
    expect(run('-c', 'Typed', '-w', '2027-12-31').flags.when).toBe('2027-12-31');
    expect(run('-c', 'Typed', '-w', '2027-12-31 23:59').flags.when).toBe('2027-12-31T23:59');
    expect(run('-c', 'Typed', '-w', '2027-12-31T23:59:59.5+02:00').flags.when).toBe('2027-12-31T23:59:59.5+02:00');
    expect(run('-c', 'Typed', '-w', '2027-12-31T23:59:59Z').flags.when).toBe('2027-12-31T23:59:59Z');
    for (const bad of ['31.12.2027', '2027-13-45', '2027-12-31T25:00', 'tomorrow', '2027-12-31X']) {
      expect(usage('-c', 'Typed', '-w', bad)).toBe(`--when (-w) expects an ISO date like 2027-12-31 or 2027-12-31T23:59:59Z, got '${bad}'`);
    }
  });

  it('bool is true or false only', () => {
    expect(run('-c', 'Typed', '--on', ' TRUE ').flags.on).toBe(true);
    expect(run('-c', 'Typed', '--on', 'False').flags.on).toBe(false);
    expect(usage('-c', 'Typed', '--on', 'yes')).toBe("--on expects true or false, got 'yes'");
    expect(usage('-c', 'Typed', '--on', '1')).toBe("--on expects true or false, got '1'");
  });

  it('csv: split at commas, trimmed, empties dropped; presence flags are false unless given', () => {
    expect(run('-c', 'Typed', '-l', ' a, ,b ,,c').flags).toEqual({ list: ['a', 'b', 'c'], yes: false });
    expect(run('-c', 'Typed', '-y').flags).toEqual({ yes: true });
    expect(usage('-c', 'Typed', '-y=true')).toBe('--yes (-y) takes no value');
    expect(usage('-c', 'Typed', '-y', '-y')).toBe('--yes (-y) was given more than once');
  });

  it('a repeatable flag keeps every value in order', () => {
    expect(run('-c', 'Export', '-f', 'a.yaml', '--file', 'b.yaml', '-f=c.yaml').flags.file).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
  });

  it('a value that is a URL path segment may not be blank, . or ..', () => {
    expect(usage('-c', 'GetClient', '-id', '..')).toBe("--clientId (-id) cannot be '..': the value is a segment of the request URL, where '..' would address another resource");
    expect(usage('-c', 'GetClient', '-id', ' . ')).toBe("--clientId (-id) cannot be '.': the value is a segment of the request URL, where '.' would address another resource");
    expect(usage('-c', 'GetClient', '-id', '  ')).toBe('--clientId (-id) must not be empty');
    expect(run('-c', 'GetClient', '-id', '...').flags.clientId).toBe('...');
    expect(() => checkPathSegment('x', 'a.b')).not.toThrow();
  });

  it('--help wins over a path-segment value that would be refused, as over every other flag check', () => {
    const parsed = parseArgv(['-c', 'GetClient', '-id', '..', '--help'], ALL);
    expect(parsed.kind).toBe('help');
    expect(parsed.kind === 'help' && parsed.command?.name).toBe('GetClient');
  });

  it('unknown words and flags name the command and suggest a close flag', () => {
    expect(usage('-c', 'Typed', 'stray')).toBe("'stray' is an unknown parameter for Typed");
    expect(usage('-c', 'Typed', '--prot', '1')).toBe('--prot is an unknown parameter for Typed (did you mean --port?)');
    expect(usage('-c', 'Typed', '--zzzzzz', '1')).toBe('--zzzzzz is an unknown parameter for Typed');
    expect(usage('stray')).toBe("'stray' is an unknown parameter");
    expect(usage('--bogus')).toBe('--bogus is an unknown parameter');
    expect(usage('-c', 'Typo')).toBe("'Typo' is not a command (did you mean Typed?)");
    expect(usage('-c', 'Completely')).toBe("'Completely' is not a command");
    expect(findCommand('typed', ALL)?.name).toBe('Typed');
    expect(findCommand('nope', ALL)).toBeUndefined();
  });

  it('a missing value and missing required flags', () => {
    expect(usage('-c', 'Typed', '-n')).toBe('--count (-n) needs a value');
    expect(usage('-c')).toBe('--command (-c) needs a value');
    expect(usage('-c', 'GetClient')).toBe('GetClient: missing required flag --clientId (-id)');
    const Two = cmd('Two', [
      { long: 'a', short: 'a', type: 'string', required: true, description: '' },
      { long: 'b', type: 'string', required: true, description: '' },
    ]);
    expect(() => parseArgv(['-c', 'Two'], [Two])).toThrow('Two: missing required flags --a (-a), --b');
  });
});

describe('checks', () => {
  const env = { now: () => Date.parse('2026-01-01T00:00:00Z') };
  const fails = (check: (v: never, l: string, e: typeof env) => void, value: unknown) => {
    try {
      check(value as never, '--x', env);
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      return (err as Error).message;
    }
    return undefined;
  };

  it('identifier and notBlank', () => {
    expect(fails(checks.identifier, 'my app')).toBe("--x must not contain whitespace, got 'my app'");
    expect(fails(checks.identifier, ' ')).toBe('--x must not be empty');
    expect(fails(checks.identifier, 'app')).toBeUndefined();
    expect(fails(checks.notBlank, 'a b')).toBeUndefined();
  });

  it('httpUrl: absolute, http(s), with a host, without credentials (never printed)', () => {
    expect(fails(checks.httpUrl, 'https://id.example.com/')).toBeUndefined();
    expect(fails(checks.httpUrl, 'id.example.com')).toBe("--x expects an absolute http(s) URL, got 'id.example.com'");
    expect(fails(checks.httpUrl, 'ftp://h/')).toBe("--x expects an http:// or https:// URL, got 'ftp://h/'");
    expect(fails(checks.httpUrl, 'https://bob:pw@h/')).toBe("--x must not contain a user name or password (user:password@host), got 'https://***@h/'");
    expect(fails(checks.httpUrl, 'https://bob@h/')).toBe("--x must not contain a user name or password (user:password@host), got 'https://***@h/'");
    expect(checks.withoutUserinfo('not a url@x')).toBe('not a url@x');
  });

  it('exactHttpUrl and origin', () => {
    expect(fails(checks.exactHttpUrl, 'https://*.example.com/cb')).toBe("--x must be an exact URI without wildcards, got 'https://*.example.com/cb' (redirect URIs are matched exactly)");
    expect(fails(checks.origin, 'http://localhost:4200/')).toBeUndefined();
    expect(fails(checks.origin, 'http://localhost:4200/app')).toBe("--x expects origins like http://localhost:4200 (scheme, host and port, no path), got 'http://localhost:4200/app'");
    expect(checks.normalizeOrigin('http://localhost:4200/')).toBe('http://localhost:4200');
    expect(checks.normalizeOrigin('http://localhost:4200?x')).toBeUndefined();
    expect(checks.normalizeOrigin('nope')).toBeUndefined();
  });

  it('futureDate by the injected clock; a date without a zone is local time', () => {
    expect(fails(checks.futureDate, '2025-12-31')).toBe("--x must be in the future, got '2025-12-31'");
    expect(fails(checks.futureDate, '2026-01-01T00:00:00Z')).toBe("--x must be in the future, got '2026-01-01T00:00:00Z'");
    expect(fails(checks.futureDate, '2026-01-01T00:00:01Z')).toBeUndefined();
    expect(fails(checks.futureDate, 'never')).toBe("--x expects an ISO date like 2027-12-31, got 'never'");
    expect(checks.dateMillis('2026-03-04')).toBe(new Date(2026, 2, 4).getTime());
  });

  it('email, roleId, safeName, maxLength, atLeast, trimmed, all', () => {
    expect(fails(checks.email, 'bob@example.com')).toBeUndefined();
    expect(fails(checks.email, 'bob')).toBe("--x expects an e-mail address, got 'bob'");
    expect(fails(checks.email, 'bob @x')).toBe("--x expects an e-mail address, got 'bob @x'");
    expect(fails(checks.roleId, '65a1b2c3d4e5f60718293a4b')).toBeUndefined();
    expect(fails(checks.roleId, '65a1b2c3d4e5f60718293a4b1')).toBe("--x expects role ids of 24 hex digits (see GetRoles), got '65a1b2c3d4e5f60718293a4b1'");
    expect(checks.isObjectId(' 65a1b2c3d4e5f60718293a4b ')).toBe(true);
    const name = checks.safeName('provider name', 3, 5);
    expect(fails(name, 'ab')).toBe('--x: the provider name must be 3 to 5 characters long, got 2');
    expect(fails(name, 'abcdef')).toBe('--x: the provider name must be 3 to 5 characters long, got 6');
    expect(fails(name, 'abc')).toBeUndefined();
    expect(fails(name, 'abcde')).toBeUndefined();
    expect(fails(name, 'a b')).toBe("--x: the provider name may contain only letters, digits, '.', '_' and '-' (no spaces), got 'a b'");
    expect(fails(checks.safeName('name'), 'x'.repeat(500))).toBeUndefined();
    expect(fails(checks.maxLength(3), 'abcd')).toBe('--x must be at most 3 characters long, got 4');
    expect(fails(checks.maxLength(3), 'abc')).toBeUndefined();
    expect(fails(checks.atLeast(0), -1)).toBe('--x must not be negative, got -1');
    expect(fails(checks.atLeast(1), 0)).toBe('--x must be at least 1, got 0');
    expect(fails(checks.atLeast(1), 1)).toBeUndefined();
    expect(fails(checks.trimmed(checks.identifier), ' app ')).toBeUndefined();
    expect(fails(checks.all(checks.notBlank, checks.maxLength(2)), 'abc')).toBe('--x must be at most 2 characters long, got 3');
  });

  it('durations', () => {
    const c = checks as unknown as { durationMillis?: (v: string) => number };
    if (!c.durationMillis) return;
    expect(c.durationMillis('30s')).toBe(30_000);
    expect(c.durationMillis('90M')).toBe(5_400_000);
    expect(c.durationMillis('36h')).toBe(129_600_000);
    expect(c.durationMillis('7d')).toBe(604_800_000);
    expect(c.durationMillis(' 0 ')).toBe(0);
    expect(c.durationMillis('5w')).toBeNaN();
  });
});

describe('flag builders', () => {
  it('keys are the long name in camelCase unless given; labels show the short name', () => {
    const f = flag.string('if-not-exists', { short: 'ine' });
    expect(f).toMatchObject({ long: 'if-not-exists', key: 'ifNotExists', type: 'string', description: '' });
    expect(flagLabel(f)).toBe('--if-not-exists (-ine)');
    expect(flagLabel({ long: 'x' })).toBe('--x');
    expect(flag.presence('no-color', { key: 'noColor' }).key).toBe('noColor');
    expect(flag.enum('kind', ['a', 'b'])).toMatchObject({ type: 'enum', values: ['a', 'b'] });
    expect(flag.strings('file')).toMatchObject({ type: 'string', repeatable: true });
    expect(flag.int('n').with({ required: true, description: 'How many.' })).toMatchObject({ long: 'n', type: 'int', required: true, description: 'How many.' });
    expect(Object.keys(flag.csv('s'))).not.toContain('with');
  });
});

describe('in the CLI', () => {
  it('a command line error exits 255 with one error line and nothing on stdout', async () => {
    const h = tempHome();
    try {
      for (const argv of [
        ['-c', 'GetClients', '-o', '2'],
        ['-c', 'GetClients', '--verbose=x'],
        ['-c', 'GetClients', '--verbose', '--verbose'],
        ['-c', 'GetClients', '--context', ''],
        ['-c', 'GetGroup', '-id', '65a1b2c3d4e5f60718293a4b00'],
      ]) {
        const r = await runCli(argv, { home: h.home });
        expect(r.code, argv.join(' ')).toBe(255);
        expect(r.stdout).toBe('');
        expect(r.stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
      }
    } finally {
      h.cleanup();
    }
  });
});
