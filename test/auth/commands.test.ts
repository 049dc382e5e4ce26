/** Parsing of the sign-in commands: argv → flags, with the original's short and long terms. */
import { describe, expect, test } from 'vitest';
import { parseArgv } from '../../src/cli/argv.js';
import { allCommands } from '../../src/commands/index.js';

const parse = (...argv: string[]) => {
  const r = parseArgv(argv, allCommands());
  if (r.kind !== 'run') throw new Error(`expected a command, got ${r.kind}`);
  return { name: r.command.name, group: r.command.group, flags: r.flags, output: r.globals.output };
};

describe('argv → flags', () => {
  test.each([
    [['-c', 'LogIn'], { name: 'LogIn', flags: {} }],
    [['-c', 'login', '-i'], { name: 'LogIn', flags: { interactive: true } }],
    [['-c', 'LogIn', '-in'], { name: 'LogIn', flags: { ifNeeded: true } }],
    // The original's prefix rule: --in selects --interactive (declared first), --if selects --if-needed.
    [['-c', 'LogIn', '--in'], { name: 'LogIn', flags: { interactive: true } }],
    [['-c', 'LogIn', '--if'], { name: 'LogIn', flags: { ifNeeded: true } }],
    [['-c', 'LogIn', '/if-needed', '-i', '--insecure-storage'], { name: 'LogIn', flags: { ifNeeded: true, interactive: true, insecureStorage: true } }],
    [['-c', 'LogInClientCredentials', '-id', 'bot', '-s', '-'], { name: 'LogInClientCredentials', flags: { clientId: 'bot', secret: '-' } }],
    [['-c', 'LogInClientCredentials', '--clientid', 'bot', '--secret', '-starts-with-dash'], { name: 'LogInClientCredentials', flags: { clientId: 'bot', secret: '-starts-with-dash' } }],
    [['-c', 'LogInClientCredentials', '--ins'], { name: 'LogInClientCredentials', flags: { insecureStorage: true } }],
    [['-c', 'AuthStatus'], { name: 'AuthStatus', flags: {} }],
    [['-c', 'logout'], { name: 'LogOut', flags: {} }],
  ])('%j', (argv, expected) => {
    expect(parse(...argv)).toMatchObject(expected);
  });

  test('all four are in the General group; LogOut is ours', () => {
    const auth = allCommands().filter((c) => ['LogIn', 'LogInClientCredentials', 'AuthStatus', 'LogOut'].includes(c.name));
    expect(auth.map((c) => c.group)).toEqual(['General', 'General', 'General', 'General']);
    expect(auth.find((c) => c.name === 'LogOut')!.ours).toBe(true);
  });

  test('--output json is global', () => {
    expect(parse('-c', 'AuthStatus', '-o', 'json').output).toBe('json');
    expect(parse('-c', 'LogIn', '--output', 'json', '-i').flags).toEqual({ interactive: true, ifNeeded: false, insecureStorage: false });
  });

  test('presence flags take no value', () => {
    expect(() => parse('-c', 'LogIn', '-i', 'true')).toThrow(/'true' is an unknown parameter for LogIn/);
  });
});
