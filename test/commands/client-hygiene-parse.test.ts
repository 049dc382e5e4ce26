/** Parse tests (argv → flags) for the client-hygiene commands (issue 14), and the refusals that need no request. */
import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/cli/argv.js';
import type { CommandSpec } from '../../src/cli/spec.js';
import { commands as rotation } from '../../src/commands/secret-rotation.js';
import { commands as hygiene } from '../../src/commands/hygiene.js';
import { commands as dynamic } from '../../src/commands/dynamic-clients.js';
import { commands as testCredentials } from '../../src/commands/client-credentials-test.js';
import { commands as clients } from '../../src/commands/clients.js';

const all: CommandSpec<any>[] = [...rotation, ...hygiene, ...dynamic, ...testCredentials, ...clients];
const now = () => Date.parse('2026-06-01T00:00:00Z');

function parse(...argv: string[]) {
  const r = parseArgv(argv, all, { now });
  if (r.kind !== 'run') throw new Error(`expected a run, got ${r.kind}`);
  return r.flags;
}

describe('parsing', () => {
  it.each([
    [['-c', 'RotateApiSecretClient', '-cid', 'svc'], { owner: 'svc', yes: false }],
    [['-c', 'RotateApiSecretClient', '--clientId', 'svc', '--overlap', '36h', '-e', '2027-12-31', '-d', 'q3', '--secret-file', 'new.txt', '-y'],
      { owner: 'svc', overlap: '36h', expirationDate: '2027-12-31', description: 'q3', secretFile: 'new.txt', yes: true }],
    [['-c', 'RotateApiSecretApiResource', '-n', 'myAPI', '--overlap', '0'], { owner: 'myAPI', overlap: '0', yes: false }],
    [['-c', 'GetExpiringSecrets'], { includeExpired: false, detailedExitcode: false }],
    [['-c', 'GetExpiringSecrets', '--within', '14d', '--include-expired', '--detailed-exitcode', '--parallel', '4'], { within: '14d', includeExpired: true, detailedExitcode: true, parallel: 4 }],
    [['-c', 'DeleteDynamicClients', '--expired', '--filter-name', 'MCP', '--filter-redirect-uri', ':6274', '--filter-grant-type', 'authorization', '--dry-run', '-y'],
      { expired: true, filterName: 'MCP', filterRedirectUri: ':6274', filterGrantType: 'authorization', dryRun: true, yes: true }],
    [['-c', 'TestClientCredentials', '-id', 'svc', '-s', '-', '--scope', 'octo_api, reports.read'], { clientId: 'svc', secret: '-', scope: ['octo_api', 'reports.read'] }],
    [['-c', 'GetClients', '--filter-dynamic'], { filterDynamic: true }],
  ] as Array<[string[], Record<string, unknown>]>)('%j', (argv, flags) => {
    expect(parse(...argv)).toEqual(flags);
  });

  it.each([
    [['-c', 'RotateApiSecretClient', '-cid', 'svc', '--overlap', '7'], "--overlap expects a duration like 30s, 90m, 36h or 7d, got '7'"],
    [['-c', 'RotateApiSecretClient', '-cid', 'svc', '-e', '2020-01-01'], '--expirationDate (-e) must be in the future'],
    [['-c', 'RotateApiSecretClient', '-cid', '..'], '--clientId (-cid)'],
    [['-c', 'GetExpiringSecrets', '--within', 'soon'], "--within expects a duration like 30s, 90m, 36h or 7d, got 'soon'"],
    [['-c', 'GetExpiringSecrets', '--parallel', '0'], '--parallel must be 1 to 64, got 0'],
    [['-c', 'GetExpiringSecrets', '--parallel', '65'], '--parallel must be 1 to 64, got 65'],
    [['-c', 'TestClientCredentials', '-id', 'svc'], '--secret (-s)'],
  ])('refuses %j', (argv, message) => {
    expect(() => parse(...argv)).toThrow(message);
  });
});
