/**
 * kill -9 inside a write (issue 10, items 16 and 18). Random kill delays rarely land inside the few milliseconds a
 * write takes (an earlier version of this test reported "30 killed, 0 completed" and proved nothing), so the built
 * CLI runs with the test hook OCTO_CLI_TEST_PAUSE_IN_WRITE_MS, which pauses after the new content is in the temp file
 * and before the rename; the test kills the child the moment that temp file holds the complete new content. Every kill therefore lands
 * inside the write window, and the test counts and asserts that. Then: the file is the previous state, the temp
 * file left behind is recognisable, and the next write (or LogOut, for token copies) removes it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { killInsideWrite, spawnCli } from '../helpers/spawn.js';
import { tempHome } from '../helpers/run.js';

const temps = (home: string) => readdirSync(home).filter((n) => n.endsWith('.tmp') || /\.json\.\d+$/.test(n));

describe('kill -9 inside a contexts.json write', () => {
  const h = tempHome();
  afterAll(() => h.cleanup());
  const path = join(h.home, 'contexts.json');
  const env = { OCTO_CLI_HOME: h.home };
  const ROUNDS = 5;

  it(`${ROUNDS} kills land inside the write: the file keeps the previous state, the temp file is removed by the next write`, async () => {
    const first = await spawnCli(['-c', 'AddContext', '-n', 'base', '-isu', 'https://base.example/', '-tid', 't'], { env });
    expect(first.code, first.stderr).toBe(0);
    let killedInWrite = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const before = readFileSync(path, 'utf8');
      const k = await killInsideWrite(['-c', 'AddContext', '-n', `ctx${i}`, '-isu', `https://host${i}.example/`, '-tid', 't'], env, h.home, 'contexts.json');
      expect(k.signal).toBe('SIGKILL');
      killedInWrite++;
      expect(readFileSync(path, 'utf8'), `round ${i}: a kill inside the write changed the file`).toBe(before);
      // The leftover is ours, private, and holds the complete new state (the kill came after the content, before the rename).
      expect(temps(h.home)).toEqual([k.temp]);
      expect(statSync(join(h.home, k.temp)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(join(h.home, k.temp), 'utf8')).Contexts[`ctx${i}`]).toBeDefined();
      // The next write (not killed) takes over the dead process's lock at once and removes its temp file.
      const started = Date.now();
      const next = await spawnCli(['-c', 'AddContext', '-n', `ctx${i}`, '-isu', `https://host${i}.example/`, '-tid', 't'], { env });
      expect(next.code, next.stderr).toBe(0);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(temps(h.home), `round ${i}: the stale temp file was not removed`).toEqual([]);
      expect(existsSync(`${path}.lock`)).toBe(false);
      expect(JSON.parse(readFileSync(path, 'utf8')).Contexts[`ctx${i}`].OctoToolOptions.IdentityServiceUrl).toBe(`https://host${i}.example/`);
    }
    console.log(`crash test (contexts.json): ${killedInWrite} of ${ROUNDS} kills landed inside the write`);
    expect(killedInWrite).toBe(ROUNDS);
  }, 60_000);
});

describe('kill -9 inside a credentials.json write leaves a token copy that LogOut removes', () => {
  const h = tempHome();
  afterAll(() => h.cleanup());
  const env = { OCTO_CLI_HOME: h.home, OCTO_CLI_TOKEN_STORE: 'file' };
  const creds = join(h.home, 'credentials.json');
  const token = (who: string) => ({ accessToken: `${who}-access-token`, accessTokenExpiresAt: '2099-01-01T00:00:00.000Z', method: 'client_credentials', clientId: who });

  it('a killed LogOut leaves .credentials.json.<pid>.<rand>.tmp; the next LogOut removes it (and an older <file>.<n> copy)', async () => {
    writeFileSync(
      join(h.home, 'contexts.json'),
      JSON.stringify({ ActiveContext: 'a', Contexts: { a: { OctoToolOptions: { IdentityServiceUrl: 'https://a.example/', TenantId: 't' } }, b: { OctoToolOptions: { IdentityServiceUrl: 'https://b.example/', TenantId: 't' } }, c: { OctoToolOptions: { IdentityServiceUrl: 'https://c.example/', TenantId: 't' } } } }),
      { mode: 0o600 },
    );
    writeFileSync(creds, JSON.stringify({ version: 1, tokens: { 'a@a.example': token('a'), 'b@b.example': token('b') } }), { mode: 0o600 });
    // LogOut of a rewrites credentials.json without a's tokens (no refresh token: no network): killed inside that write.
    const k = await killInsideWrite(['-c', 'LogOut'], env, h.home, 'credentials.json');
    expect(k.signal).toBe('SIGKILL');
    const copy = readFileSync(join(h.home, k.temp), 'utf8');
    expect(copy).toContain('b-access-token'); // a full copy of the other context's tokens
    expect(temps(h.home)).toEqual([k.temp]);
    // A write-file-atomic leftover of an older version (credentials.json.<n>) is a token copy too.
    writeFileSync(`${creds}.2746153826`, copy, { mode: 0o600 });
    // LogOut of c (no tokens stored, so it writes nothing) removes both copies.
    const out = await spawnCli(['-c', 'LogOut', '--context', 'c'], { env });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain('Removed 2 temp file(s) that interrupted writes had left');
    expect(temps(h.home)).toEqual([]);
    const copies = readdirSync(h.home).filter((n) => n !== 'credentials.json' && readFileSync(join(h.home, n), 'utf8').includes('b-access-token'));
    expect(copies).toEqual([]);
  }, 30_000);
});

describe('which temp files count as stale', () => {
  const h = tempHome();
  afterAll(() => h.cleanup());

  it("removes ours whose writer is gone, keeps a live writer's and anything that is not ours", async () => {
    const { removeStaleTemps } = await import('../../src/shared/fs.js');
    const { spawnSync } = await import('node:child_process');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      const names = [
        `.credentials.json.${dead}.k3j2.tmp`, // ours, writer gone: removed
        `.credentials.json.${live.pid}.a1b2.tmp`, // ours, writer alive (mid-write): kept
        'credentials.json.123456', // write-file-atomic's, fresh: kept by a write, removed with { legacy: true }
        `.contexts.json.${dead}.zz.tmp`, // another file's
        'credentials.json.lock',
        'credentials.json.bak',
        `.credentials.json.${dead}.tmp.extra`,
        `credentials.json.lock.${dead}.q9`, // the lock's owner record of a killed process: removed
      ];
      for (const n of names) writeFileSync(join(h.home, n), 'x', { mode: 0o600 });
      const path = join(h.home, 'credentials.json');
      expect(await removeStaleTemps(path)).toBe(2);
      expect(readdirSync(h.home).sort()).toEqual(names.slice(1, -1).sort());
      expect(await removeStaleTemps(path, { legacy: true })).toBe(1);
      expect(readdirSync(h.home).sort()).toEqual([names[1], ...names.slice(3, -1)].sort());
    } finally {
      live.kill('SIGKILL');
    }
  });
});
