/**
 * Plan, Apply, Export and GetApplySchema as commands: their flags (parsing), Plan's GET-only reading and
 * --detailed-exitcode, problems reported before any request (missing variables, a file for another tenant), several
 * files and stdin, JSON output and errors, and the JSON Schema. Against the local Identity Service over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/cli/argv.js';
import { allCommands } from '../../src/commands/index.js';
import { useService } from '../provision/live.js';

const live = useService();

const parse = (argv: string[]) => {
  const r = parseArgv(argv, allCommands());
  if (r.kind !== 'run') throw new Error(`not a run: ${r.kind}`);
  return r.flags;
};

describe('parsing', () => {
  it('-f may be repeated; presence flags are false when not given', () => {
    expect(parse(['-c', 'Plan', '-f', 'a.yaml', '-f', 'b.yaml', '--detailed-exitcode'])).toEqual({ file: ['a.yaml', 'b.yaml'], detailedExitcode: true, prune: false });
    expect(parse(['-c', 'Apply', '-f', 't.yaml', '--prune', '-y', '--parallel', '16'])).toEqual({ file: ['t.yaml'], prune: true, yes: true, parallel: 16 });
    expect(parse(['-c', 'Export', '--include-defaults'])).toEqual({ includeDefaults: true });
    expect(() => parse(['-c', 'Apply', '-f', 't.yaml', '--parallel', '0'])).toThrow(/--parallel must be 1 to 64/);
    expect(() => parse(['-c', 'Plan'])).toThrow(/missing required flag --file \(-f\)/);
    expect(() => parse(['-c', 'Export', '-f', 'a', '-f', 'b'])).toThrow(/given more than once/);
  });
});

const FILE = 'tenant: octosystem\napiScopes:\n  - name: cmd.read\nclients:\n  - clientId: cmd-worker\n    allowedGrantTypes: [client_credentials]\n    clientSecret: ${env:CMD_SECRET}\n';

describe('Plan', () => {
  it('reads with GET requests only; --detailed-exitcode is 2 with changes and 0 without', async () => {
    const f = live.file('plan.yaml', FILE);
    const env = { CMD_SECRET: 'plan-secret-1' };
    const before = live.requests();
    let r = await live.octo(['-c', 'Plan', '-f', f, '--detailed-exitcode'], { env });
    expect(r.code, r.stderr).toBe(2);
    expect(live.writes()).toBe(0);
    expect(live.requests()).toBeGreaterThan(before);
    expect(r.stdout).toMatch(/^create\s+apiScope\s+cmd\.read/m);
    expect(r.stdout).toMatch(/^create\s+client\s+cmd-worker\s+clientSecret: \(set\)$/m);
    r = await live.octo(['-c', 'Plan', '-f', f], { env });
    expect(r.code).toBe(0);

    expect((await live.octo(['-c', 'Apply', '-f', f], { env })).code).toBe(0);
    r = await live.octo(['-c', 'Plan', '-f', f, '--detailed-exitcode'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('No changes. 2 unchanged.\n');
    r = await live.octo(['-c', 'Plan', '-f', f, '--detailed-exitcode'], { env: { CMD_SECRET: 'plan-secret-2' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("clientSecret: (changes) (replaces all of the client's secrets)");
    expect(r.stdout + r.stderr).not.toContain('plan-secret');
  });

  it('-o json: changes with their fields and the summary', async () => {
    const f = live.file('json.yaml', 'clients:\n  - clientId: cmd-worker\n    clientName: Worker\n');
    const r = await live.octo(['-c', 'Plan', '-f', f, '-o', 'json']);
    const json = JSON.parse(r.stdout);
    expect(json.changes).toEqual([{ action: 'update', kind: 'client', name: 'cmd-worker', fields: [{ path: 'clientName', from: null, to: 'Worker' }] }]);
    expect(json.summary).toEqual({ create: 0, update: 1, delete: 0, unchanged: 0 });
    expect(r.stderr).toBe('');
  });

  it('several files are merged; -f - reads stdin', async () => {
    const a = live.file('a.yaml', 'roles:\n  - name: FromA\n');
    const r = await live.octo(['-c', 'Plan', '-f', a, '-f', '-', '-o', 'json'], { stdin: 'roles:\n  - name: FromStdin\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).changes.map((c: { name: string }) => c.name)).toEqual(['FromA', 'FromStdin']);
  });
});

describe('refused before any request', () => {
  it('a missing variable, every problem of the file, a file for another tenant', async () => {
    const f = live.file('bad.yaml', 'clients:\n  - clientId: x\n    clientSecret: ${env:NOT_SET}\n    redirectUris: [https://x.example/*]\n');
    const before = live.requests();
    let r = await live.octo(['-c', 'Apply', '-f', f]);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain(`${f}:3:19: clients[0].clientSecret: environment variable NOT_SET is not set`);
    expect(r.stderr).toContain(`${f}:4:20: clients[0].redirectUris[0]: expected an absolute http(s) URL without wildcards`);
    expect(r.stderr).toContain('error: the provisioning files have 2 problems; nothing was sent');

    r = await live.octo(['-c', 'Apply', '-f', f, '-o', 'json']);
    expect(r.stdout).toBe('');
    const error = JSON.parse(r.stderr).error;
    expect(error.details.problems).toHaveLength(2);

    const other = live.file('other.yaml', 'tenant: meshtest\nroles: []\n');
    r = await live.octo(['-c', 'Apply', '-f', other]);
    expect(r.code).toBe(251);
    expect(r.stderr).toContain("the file describes tenant 'meshtest' but the context targets tenant 'octosystem'");
    expect(live.requests()).toBe(before);

    r = await live.octo(['-c', 'Plan', '-f', live.file('none.yaml', 'roles: []\n').replace('none', 'missing')]);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('no such file');
  });
});

describe('GetApplySchema', () => {
  it('prints the JSON Schema of the file, from the schema the tool validates with', async () => {
    const r = await live.octo(['-c', 'GetApplySchema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(Object.keys(schema.properties)).toEqual(['$schema', 'tenant', 'apiScopes', 'apiResources', 'roles', 'clients', 'groups']);
    expect(schema.additionalProperties).toBe(false);
    const client = schema.properties.clients.items;
    expect(client.required).toEqual(['clientId']);
    expect(client.additionalProperties).toBe(false);
    expect(client.properties.clientSecret.description).toMatch(/never printed/);
  });
});
