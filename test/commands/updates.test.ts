/**
 * Issue 15 §2: updates say what they change (field: old → new, lists as added/removed, the redirect-URI replacement
 * warned about), and --dry-run on every Update* and Delete* shows the change and sends no write request.
 */
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/commands/index.js';
import { flagList } from '../../src/cli/spec.js';
import { changesOf, changeText } from '../../src/commands/changes.js';
import { run } from './identity-helpers.js';

const client = {
  clientId: 'my-web-app',
  clientName: 'My App',
  clientUri: 'https://old.example.com/',
  redirectUris: ['https://old.example.com/', 'https://old.example.com/silent'],
  postLogoutRedirectUris: ['https://old.example.com/'],
  allowedCorsOrigins: ['https://old.example.com'],
  allowedScopes: ['openid'],
  allowedGrantTypes: ['authorization_code'],
  isEnabled: true,
};
const routes = { 'GET clients/my-web-app': { json: client } };
const writes = (calls: string[]) => calls.filter((c) => !c.startsWith('GET '));

describe('the change summary', () => {
  it('changesOf: values as old → new, lists as added and removed, unchanged and untouched fields left out', () => {
    const changes = changesOf<Record<string, unknown>>({ a: 1, b: ['x', 'y'], c: 'same', d: ['k'] }, { a: 2, b: ['y', 'z'], c: 'same', d: null }, ['a', 'b', 'c', 'd'], ['d']);
    expect(changes).toEqual([
      { field: 'a', old: 1, new: 2 },
      { field: 'b', added: ['z'], removed: ['x'] },
    ]);
    expect(changes.map(changeText)).toEqual(['a: 1 → 2', 'b: + z, - x']);
  });

  it('UpdateClient -n -u (the docs example) prints each change and warns that the old redirect URIs stop working', async () => {
    const r = await run(['-c', 'UpdateClient', '-id', 'my-web-app', '-n', 'Updated Name', '-u', 'https://new-url.com/'], { routes });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Changes to client 'my-web-app':");
    expect(r.stderr).toContain('  clientName: My App → Updated Name');
    expect(r.stderr).toContain('  clientUri: https://old.example.com/ → https://new-url.com/');
    expect(r.stderr).toContain('  redirectUris: + https://new-url.com/, - https://old.example.com/, - https://old.example.com/silent');
    expect(r.stderr).toMatch(/warning: the redirect URIs are replaced, not added to: https:\/\/old\.example\.com\/, https:\/\/old\.example\.com\/silent will no longer be accepted/);
    expect(writes(r.calls())).toEqual(['PUT clients/my-web-app']);
  });

  it('the warning is yellow on a colour terminal, plain when piped', async () => {
    const tty = await run(['-c', 'UpdateClient', '-id', 'my-web-app', '-ru', 'https://x.example.com/cb'], { routes, tty: true, env: { FORCE_COLOR: '1' } });
    expect(tty.stderr).toMatch(/\x1b\[33mwarning: the redirect URIs are replaced/);
    const piped = await run(['-c', 'UpdateClient', '-id', 'my-web-app', '-ru', 'https://x.example.com/cb'], { routes });
    expect(piped.stderr).not.toContain('\x1b[');
    // Only stdout piped (`… | jq` at a terminal): the warning on the terminal is still yellow; NO_COLOR turns it off.
    const toJq = await run(['-c', 'UpdateClient', '-id', 'my-web-app', '-ru', 'https://x.example.com/cb'], { routes, tty: 'stderr' });
    expect(toJq.stderr).toMatch(/\x1b\[33mwarning: the redirect URIs are replaced/);
    const noColor = await run(['-c', 'UpdateClient', '-id', 'my-web-app', '-ru', 'https://x.example.com/cb'], { routes, tty: 'stderr', env: { NO_COLOR: '1' } });
    expect(noColor.stderr).not.toContain('\x1b[');
  });

  it('only a name: no warning; the same value: "No change"; -o json carries the changes', async () => {
    const name = await run(['-c', 'UpdateClient', '-id', 'my-web-app', '-n', 'New'], { routes });
    expect(name.stderr).not.toContain('warning');
    const same = await run(['-c', 'UpdateClient', '-id', 'my-web-app', '-n', 'My App'], { routes });
    expect(same.stderr).toContain("No change to client 'my-web-app'");
    const json = await run(['-c', 'UpdateClient', '-id', 'my-web-app', '-n', 'New', '-o', 'json'], { routes });
    expect(JSON.parse(json.stdout)).toEqual({ clientId: 'my-web-app', updated: true, changes: [{ field: 'clientName', old: 'My App', new: 'New' }] });
    expect(json.stderr).not.toContain('Changes to');
  });

  it('UpdateApiScope, UpdateApiResource, UpdateUser, UpdateRole, UpdateGroup and UpdateGroupRoles print theirs', async () => {
    const GID = '660000000000000000000040';
    const R1 = '660000000000000000000001';
    const R2 = '660000000000000000000002';
    const cases: Array<[string[], Record<string, unknown>, string]> = [
      [['UpdateApiScope', '-n', 's1', '-dn', 'New'], { 'GET apiScopes/s1': { json: { name: 's1', displayName: 'Old', isEnabled: true } } }, 'displayName: Old → New'],
      [['UpdateApiResource', '-n', 'r1', '-s', 'a,c'], { 'GET apiResources/r1': { json: { name: 'r1', scopes: ['a', 'b'] } } }, 'scopes: + c, - b'],
      [['UpdateUser', '-un', 'john', '-e', 'new@example.com'], { 'GET users/john': { json: { name: 'john', email: 'old@example.com' } } }, 'email: old@example.com → new@example.com'],
      [['UpdateRole', '-n', 'Analyst', '-nn', 'Scientist'], {}, 'name: Analyst → Scientist'],
      [['UpdateGroup', '-id', GID, '-n', 'Owners'], { [`GET groups/${GID}`]: { json: { id: GID, groupName: 'TenantOwners', groupDescription: 'd' } } }, 'groupName: TenantOwners → Owners'],
      [['UpdateGroupRoles', '-id', GID, '-rids', R2], { [`GET groups/${GID}`]: { json: { id: GID, groupName: 'G', roleIds: [R1] } } }, `roleIds: + ${R2}, - ${R1}`],
    ];
    for (const [argv, caseRoutes, line] of cases) {
      const r = await run(['-c', ...argv], { routes: caseRoutes as never });
      expect(r.code, `${argv[0]}: ${r.stderr}`).toBe(0);
      expect(r.stderr, argv[0]).toContain(`  ${line}`);
    }
  });
});

describe('--dry-run', () => {
  it('is declared on every Update* and Delete* command, and on no other', () => {
    for (const command of allCommands()) {
      const has = flagList(command).some((f) => f.long === 'dry-run');
      expect(has, command.name).toBe(/^(Update|Delete)/.test(command.name));
    }
  });

  it('UpdateClient --dry-run: the reads run, the summary is shown, no write is sent', async () => {
    const r = await run(['-c', 'UpdateClient', '-id', 'my-web-app', '-n', 'Updated Name', '-u', 'https://new-url.com/', '--dry-run'], { routes });
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls()).toEqual(['GET clients/my-web-app']);
    expect(r.stderr).toContain('clientName: My App → Updated Name');
    expect(r.stderr).toContain('warning: the redirect URIs are replaced');
    expect(r.stderr).toMatch(/Dry run: would send PUT https:\/\/id\.test\/meshtest\/v1\/clients\/my-web-app/);
    expect(r.stderr).toContain('Dry run: nothing was sent, nothing changed.');
    expect(r.stderr).not.toContain("Client 'my-web-app' updated");
  });

  it('-o json: the changes and the requests it would send, nothing else on stdout', async () => {
    const r = await run(['-c', 'UpdateClient', '-id', 'my-web-app', '-n', 'X', '--dry-run', '-o', 'json'], { routes });
    expect(JSON.parse(r.stdout)).toEqual({
      dryRun: true,
      command: 'UpdateClient',
      changes: [{ what: "client 'my-web-app'", changes: [{ field: 'clientName', old: 'My App', new: 'X' }], warnings: [] }],
      requests: [{ method: 'PUT', url: 'https://id.test/meshtest/v1/clients/my-web-app' }],
    });
  });

  it('Delete* --dry-run asks nothing (no -y needed without a terminal) and deletes nothing', async () => {
    for (const argv of [
      ['DeleteClient', '-id', 'my-web-app'],
      ['DeleteApiScope', '-n', 's1'],
      ['DeleteUser', '-un', 'john'],
      ['DeleteGroup', '-id', '660000000000000000000040'],
      ['DeleteApiSecretClient', '-cid', 'svc', '-s', 'N9M6QcEr7JAojycxjiYatkMBGu1GlYFpFmHez/mjYG4='],
    ]) {
      const r = await run(['-c', ...argv, '--dry-run'], { routes });
      expect(r.code, `${argv[0]}: ${r.stderr}`).toBe(0);
      expect(writes(r.calls()), argv[0]).toEqual([]);
      expect(r.stderr, argv[0]).toMatch(/Dry run: would send DELETE https:\/\/id\.test\//);
    }
  });
});
