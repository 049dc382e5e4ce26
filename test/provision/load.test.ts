/**
 * Loading provisioning files: every class of validation problem, reported all at once as `file:line:col: path:
 * message` in the order of the file; substitution of ${env:} and ${file:}; merging of several files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileProblems, loadSources, type LoadDeps, type Source } from '../../src/provision/load.js';

const dir = mkdtempSync(join(tmpdir(), 'octo-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const deps = (env: Record<string, string> = {}): LoadDeps => ({ env, readFile: (p) => import('node:fs/promises').then((fs) => fs.readFile(p, 'utf8')) });
const src = (text: string, name = 'tenant.yaml'): Source => ({ name, text, dir });

async function problems(sources: Source[], env: Record<string, string> = {}): Promise<string[]> {
  try {
    await loadSources(sources, deps(env));
  } catch (err) {
    expect(err).toBeInstanceOf(FileProblems);
    return [...(err as FileProblems).problems];
  }
  throw new Error('expected problems');
}

describe('validation problems', () => {
  it('reports every problem of a file at once, in file order, with line, column and path', async () => {
    const text = [
      'tenant: octosystem', // 1
      'apiScopes:', // 2
      '  - name: myAPI.read', // 3
      '    displayNme: Read', // 4
      'clients:', // 5
      '  - clientId: my-dashboard', // 6
      '    redirectUris: [https://dashboard.example.com/*]', // 7
      '    allowedCorsOrigins: [https://dashboard.example.com/]', // 8
      '    isEnabled: yes please', // 9
      '  - clientName: no id', // 10
      'roles:', // 11
      '  - name: 5', // 12
      'group:', // 13
      '  - groupName: x', // 14
    ].join('\n');
    expect(await problems([src(text)])).toEqual([
      "tenant.yaml:4:5: apiScopes[0].displayNme: unknown key 'displayNme' (did you mean displayName?)",
      'tenant.yaml:7:20: clients[0].redirectUris[0]: expected an absolute http(s) URL without wildcards or user:password@',
      'tenant.yaml:8:26: clients[0].allowedCorsOrigins[0]: expected an origin (scheme://host[:port], no path and no trailing slash)',
      'tenant.yaml:9:16: clients[0].isEnabled: expected boolean, got string',
      'tenant.yaml:10:5: clients[1].clientId: required (string)',
      'tenant.yaml:12:11: roles[0].name: expected string, got number',
      "tenant.yaml:13:1: group: unknown key 'group' (did you mean groups?)",
    ]);
  });

  it('syntax errors, an empty file, a list where an object belongs, names with whitespace', async () => {
    expect((await problems([src('clients: [\n  - a: b\n')]))[0]).toMatch(/^tenant\.yaml:\d+:\d+: /);
    expect(await problems([src('')])).toEqual(['tenant.yaml:1:1: the file is empty (expected keys such as clients, apiScopes, roles)']);
    expect(await problems([src('- clients')])).toEqual(['tenant.yaml:1:1: expected object, got a list']);
    expect(await problems([src('roles:\n  - name: Data Analyst\n')])).toEqual(['tenant.yaml:2:11: roles[0].name: expected a name without whitespace']);
    expect(await problems([src('clients:\n  clientId: x\n')])).toEqual(['tenant.yaml:2:3: clients: expected a list, got object']);
  });

  it('duplicate YAML keys, the same object twice in a file and across files, tenants that differ', async () => {
    expect((await problems([src('roles: []\nroles: []\n')]))[0]).toMatch(/^tenant\.yaml:\d+:\d+: Map keys must be unique/);
    expect(await problems([src('roles:\n  - name: A\n  - name: a\n')])).toEqual(["tenant.yaml:3:11: roles[1].name: role 'a' is already described at tenant.yaml:2:5"]);
    const a = src('tenant: one\nclients:\n  - clientId: x\n', 'a.yaml');
    const b = src('tenant: two\nclients:\n  - clientId: x\n', 'b.yaml');
    expect(await problems([a, b])).toEqual([
      "b.yaml:1:9: tenant: 'two' differs from 'one' in a.yaml",
      "b.yaml:3:15: clients[0].clientId: client 'x' is already described at a.yaml:3:5",
    ]);
  });
});

describe('substitution', () => {
  it('${env:NAME} and ${file:PATH} (relative to the file, trailing newline dropped) in any string; $${ is a literal', async () => {
    writeFileSync(join(dir, 'secret.txt'), 'from-file\n');
    const desired = await loadSources(
      [src('clients:\n  - clientId: ${env:ID}\n    clientName: "cost $${x} ${env:ID}"\n    clientSecret: ${file:secret.txt}\n')],
      deps({ ID: 'worker' }),
    );
    expect(desired.objects.client[0]!.spec).toEqual({ clientId: 'worker', clientName: 'cost ${x} worker', clientSecret: 'from-file' });
    expect(desired.secrets).toEqual(['from-file']);
  });

  it('a missing variable or file, or an unknown substitution, is a problem (and not validated again)', async () => {
    expect(await problems([src('clients:\n  - clientId: a\n    clientSecret: ${env:NOPE}\n    clientName: ${file:missing.txt}\n    clientUri: ${vault:x}\n')])).toEqual([
      'tenant.yaml:3:19: clients[0].clientSecret: environment variable NOPE is not set (${env:NOPE})',
      'tenant.yaml:4:17: clients[0].clientName: cannot read missing.txt (${file:missing.txt}): no such file',
      'tenant.yaml:5:16: clients[0].clientUri: unknown substitution ${vault:x}: use ${env:NAME} or ${file:PATH} (write $${ for a literal ${)',
    ]);
  });
});

describe('merging', () => {
  it('merges the kinds of several files and remembers which kinds are listed', async () => {
    const desired = await loadSources([src('roles:\n  - name: A\n', 'a.yaml'), src('roles:\n  - name: B\nclients: []\n', 'b.yaml')], deps());
    expect(desired.objects.role.map((e) => e.name)).toEqual(['A', 'B']);
    expect([...desired.listed].sort()).toEqual(['client', 'role']);
    expect(desired.objects.role[1]!.where.at(['name'])).toBe('b.yaml:2:11: roles[0].name');
  });

  it('reads JSON as well', async () => {
    const desired = await loadSources([src('{"apiScopes": [{"name": "s", "isEnabled": false}]}', 'tenant.json')], deps());
    expect(desired.objects.apiScope[0]!.spec).toEqual({ name: 's', isEnabled: false });
    expect(await problems([src('{"apiScopes": [{"nam": "s"}]}', 'tenant.json')])).toEqual([
      "tenant.json:1:17: apiScopes[0].nam: unknown key 'nam' (did you mean name?)",
      'tenant.json:1:16: apiScopes[0].name: required (string)',
    ].sort((a, b) => a.localeCompare(b)));
  });
});
