/**
 * Issue 6 §3: crash safety. The built CLI is killed with SIGKILL at random points while it writes contexts.json
 * (AddContext) or credentials.json (LogInClientCredentials with the file token store against the local Identity
 * Service), 100 times in all. After every kill the files parse, each holds either the state before or the state
 * after the command (never a mix, never a torn write), and a lock the killed process left behind never blocks the
 * next command. The children run the built CLI (dist/, built once by test/global-setup.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FileStore } from '../../src/auth/stores/file.js';
import { decodeJwt } from '../../src/auth/jwt.js';
import type { StoredTokens } from '../../src/auth/types.js';
import type { RunningServer } from '../../src/server/index.js';
import { runCli, tempHome } from '../helpers/run.js';
import { deviceLogin, startTestServer } from '../helpers/server.js';
import { OURS, killInsideWrite, spawnCli, type ChildResult } from '../helpers/spawn.js';

const ROUNDS = 50;
/** Random delays seldom hit the few milliseconds of a write: every INSIDE_EVERY-th round kills inside it for sure (test/helpers/spawn.ts). */
const INSIDE_EVERY = 5;

/** Every temp file left is one of ours (recognisable, private), from a killed writer, and none is left by a completed one. */
function expectOnlyOurTemps(home: string, temps: string[], file: string): void {
  for (const n of temps) {
    // A lock's owner record before it is linked: the file's lock, or the per-context token lock (tokens-<context>.lock).
    const lockOwner = new RegExp(`^(?:${file.replace('.', '\\.')}|tokens-[\\w.-]+)\\.lock\\.\\d+\\.[0-9a-z]+$`);
    expect(OURS(file).test(n) || lockOwner.test(n), `a temp file that is not ours: ${n}`).toBe(true);
    expect(statSync(join(home, n)).mode & 0o777).toBe(0o600);
  }
}

/** The file's JSON, or undefined when there is no file. Throws (fails the test) when it does not parse. */
function readJson(path: string): any {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} does not parse after a kill: ${(err as Error).message}\n${text}`);
  }
}

/** What is left in the folder besides the files we expect: locks (and whether one is empty) and temp files of killed writes. */
function leftovers(home: string, expected: string[]): { locks: string[]; emptyLock: boolean; temps: string[] } {
  const names = readdirSync(home).filter((n) => !expected.includes(n));
  const locks = names.filter((n) => n.endsWith('.lock'));
  const emptyLock = locks.some((n) => {
    try {
      return readFileSync(join(home, n), 'utf8') === '';
    } catch {
      return false;
    }
  });
  return { locks, emptyLock, temps: names.filter((n) => !n.endsWith('.lock')) };
}

/**
 * A kill delay: uniform from 10 ms (node is still starting) to a little more than a whole run takes (measured on
 * this machine at the start: ~80 ms for AddContext, ~450 ms for LogInClientCredentials on 2 cores), so kills land
 * before, while and after the command holds the lock and writes.
 */
function killDelay(fullRunMs: number): number {
  return 10 + Math.floor(Math.random() * Math.max(50, fullRunMs * 1.15 - 10));
}

interface Tally {
  killed: number;
  completed: number;
  /** Killed, but the new state was already written. */
  killedAfterWrite: number;
  /** Killed rounds that left a lock file behind (the next command had to take it over). */
  lockLeft: number;
  /** Of those, locks left empty (killed between creating the lock file and writing its pid into it). */
  emptyLockLeft: number;
  tempLeft: number;
  /** Kills sent while the child was inside the write (every INSIDE_EVERY-th round kills there on purpose). */
  killedInWrite: number;
  slowestNextMs: number;
  fullRunMs: number;
  elapsedMs: number;
}

function report(what: string, t: Tally): void {
  console.log(
    `crash ${what}: ${ROUNDS} rounds in ${(t.elapsedMs / 1000).toFixed(1)} s (a full run ${t.fullRunMs} ms): ${t.killed} killed (${t.killedAfterWrite} after the write, ` +
      `${t.lockLeft} left a lock (${t.emptyLockLeft} empty), ${t.tempLeft} left a temp file, ${t.killedInWrite} inside the write), ${t.completed} completed; the next command after a left lock took at most ${t.slowestNextMs} ms`,
  );
}

/** Median wall time of a few complete runs (also warms up the file system cache). */
async function measure(run: () => Promise<ChildResult>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = Date.now();
    const r = await run();
    expect(r.code, r.stderr).toBe(0);
    times.push(Date.now() - started);
  }
  return times.sort((a, b) => a - b)[1]!;
}

describe('kill -9 while AddContext writes contexts.json', () => {
  const h = tempHome();
  afterAll(() => h.cleanup());
  const path = join(h.home, 'contexts.json');
  const env = { OCTO_CLI_HOME: h.home, OCTO_CLI_TOKEN_STORE: 'file' };
  const addContext = (name: string, url: string, tenant: string, killAfterMs?: number) =>
    spawnCli(['-c', 'AddContext', '-n', name, '-isu', url, '-tid', tenant], { env, killAfterMs, timeoutMs: 30_000 });

  /** contexts.json after a complete AddContext: the entry replaced, active when there is no active context or it is alone. */
  function added(before: any, name: string, url: string, tenant: string): any {
    const file = structuredClone(before ?? { Contexts: {} });
    file.Contexts[name] = { OctoToolOptions: { IdentityServiceUrl: url, TenantId: tenant } };
    const activeExists = file.ActiveContext && Object.keys(file.Contexts).some((k) => k.toLowerCase() === String(file.ActiveContext).toLowerCase());
    if (!activeExists || Object.keys(file.Contexts).length === 1) file.ActiveContext = name;
    return file;
  }

  it(`${ROUNDS} kills: the file is always the previous or the new state, and a left lock never blocks`, async () => {
    const started = Date.now();
    const t: Tally = { killed: 0, completed: 0, killedAfterWrite: 0, lockLeft: 0, emptyLockLeft: 0, tempLeft: 0, killedInWrite: 0, slowestNextMs: 0, fullRunMs: 0, elapsedMs: 0 };
    t.fullRunMs = await measure(() => addContext('warm-up', 'http://warm-up.example/', 'w'));
    let state = readJson(path);
    let temps = 0;
    for (let i = 0; i < ROUNDS; i++) {
      // Eight names: new contexts at first, then updates of existing ones (the whole file is rewritten each time).
      const name = `ctx${i % 8}`;
      const url = `http://host${i}.example/`;
      const tenant = `t${i}`;
      const next = added(state, name, url, tenant);
      let r: ChildResult;
      if (i % INSIDE_EVERY === 0) {
        const k = await killInsideWrite(['-c', 'AddContext', '-n', name, '-isu', url, '-tid', tenant], env, h.home, 'contexts.json');
        t.killedInWrite++;
        r = { code: null, signal: k.signal, stdout: '', stderr: '' };
      } else r = await addContext(name, url, tenant, killDelay(t.fullRunMs));
      const after = readJson(path);
      const left = leftovers(h.home, ['contexts.json']);
      if (r.signal === 'SIGKILL') {
        t.killed++;
        expect([state, next], `round ${i}: killed, the file is neither the old nor the new state`).toContainEqual(after);
        if (JSON.stringify(after) === JSON.stringify(next)) t.killedAfterWrite++;
        if (left.temps.length > temps) t.tempLeft++;
        expectOnlyOurTemps(h.home, left.temps, 'contexts.json');
        if (left.locks.length > 0) {
          t.lockLeft++;
          if (left.emptyLock) t.emptyLockLeft++;
          // The next command takes over the lock of the dead process at once (it does not wait for the 30 s stale age).
          const again = Date.now();
          const retry = await addContext(name, url, tenant);
          t.slowestNextMs = Math.max(t.slowestNextMs, Date.now() - again);
          expect(retry.code, retry.stderr).toBe(0);
          expect(Date.now() - again).toBeLessThan(5_000);
          expect(readJson(path)).toEqual(next);
          expect(leftovers(h.home, ['contexts.json'])).toEqual({ locks: [], emptyLock: false, temps: [] }); // the write removed the dead writer's temp file
          state = next;
        } else state = after;
      } else {
        t.completed++;
        expect(r.code, r.stderr).toBe(0);
        expect(after).toEqual(next);
        expect(left.locks).toEqual([]);
        expect(left.temps, `round ${i}: a completed write left temp files`).toEqual([]);
        state = next;
      }
      temps = left.temps.length;
    }
    // And after all that, a write that is not killed works and removes what the last killed rounds left (a temp file, a
    // lock's owner record), and a read sees every context.
    const final = await addContext('final', 'http://final.example/', 'f');
    expect(final.code, final.stderr).toBe(0);
    state = added(state, 'final', 'http://final.example/', 'f');
    const last = await runCli(['-c', 'ListContexts', '-j'], { home: h.home, env: { OCTO_CLI_TOKEN_STORE: 'file' } });
    expect(last.code, last.stderr).toBe(0);
    expect(JSON.parse(last.stdout).map((c: { name: string }) => c.name).sort()).toEqual(Object.keys(state.Contexts).sort());
    t.elapsedMs = Date.now() - started;
    report('contexts.json', t);
    expect(t.killed + t.completed).toBe(ROUNDS);
    expect(t.killedInWrite).toBeGreaterThanOrEqual(ROUNDS / INSIDE_EVERY);
    expect(leftovers(h.home, ['contexts.json']).temps).toEqual([]);
    expect(t.killed).toBeGreaterThan(ROUNDS / 4); // the delays are meant to kill most runs
  }, 90_000);
});

describe('kill -9 while LogInClientCredentials writes credentials.json', () => {
  const h = tempHome();
  let server: RunningServer;
  const CLIENT_ID = 'crash-bot';
  const SECRET = 'Crash-Test-Secret-1';
  beforeAll(async () => {
    server = await startTestServer();
    const admin = await deviceLogin(server);
    const created = await fetch(`${server.url}/octosystem/v1/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        isEnabled: true,
        clientId: CLIENT_ID,
        clientName: 'Crash test bot',
        clientSecret: SECRET,
        requireClientSecret: true,
        allowedGrantTypes: ['client_credentials'],
        allowedScopes: ['octo_api'],
      }),
    });
    expect(created.status, await created.text()).toBeLessThan(300);
    const add = await runCli(['-c', 'AddContext', '-n', 'local', '-isu', server.url, '-tid', 'octosystem'], { home: h.home, env: { OCTO_CLI_TOKEN_STORE: 'file' } });
    expect(add.code, add.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    h.cleanup();
  });

  const path = join(h.home, 'credentials.json');
  const env = () => ({ OCTO_CLI_HOME: h.home, OCTO_CLI_TOKEN_STORE: 'file', OCTO_CLI_CLIENT_ID: CLIENT_ID, OCTO_CLI_CLIENT_SECRET: SECRET });
  const logIn = (killAfterMs?: number) => spawnCli(['-c', 'LogInClientCredentials', '-o', 'json'], { env: env(), killAfterMs, timeoutMs: 30_000 });

  /** A complete record from a client-credentials sign-in of our client, issued by the local service. */
  function expectIssued(tokens: StoredTokens | undefined, round: number): void {
    expect(tokens, `round ${round}`).toMatchObject({ method: 'client_credentials', clientId: CLIENT_ID, tenant: 'octosystem', issuer: server.issuer });
    expect(Date.parse(tokens!.accessTokenExpiresAt!)).toBeGreaterThan(Date.now());
    expect(decodeJwt(tokens!.accessToken)?.payload).toMatchObject({ client_id: CLIENT_ID });
  }

  it(`${ROUNDS} kills: credentials.json always parses, keeps the other contexts' tokens, and holds the old or the new token`, async () => {
    const started = Date.now();
    const t: Tally = { killed: 0, completed: 0, killedAfterWrite: 0, lockLeft: 0, emptyLockLeft: 0, tempLeft: 0, killedInWrite: 0, slowestNextMs: 0, fullRunMs: 0, elapsedMs: 0 };
    // Tokens of another context that every write must carry over untouched.
    const bystanderKey = { contextName: 'prod', identityUrl: 'https://identity.example.com' };
    const bystander: StoredTokens = { accessToken: 'bystander-access', refreshToken: 'bystander-refresh', accessTokenExpiresAt: '2031-01-01T00:00:00.000Z', method: 'device_code' };
    await new FileStore(h.home).set(bystanderKey, bystander);
    const account = `local@${new URL(server.url).host}`;

    t.fullRunMs = await measure(() => logIn());
    let previous: StoredTokens = readJson(path).tokens[account];
    expectIssued(previous, -1);
    let temps = 0;
    for (let i = 0; i < ROUNDS; i++) {
      let r: ChildResult;
      if (i % INSIDE_EVERY === 0) {
        const k = await killInsideWrite(['-c', 'LogInClientCredentials', '-o', 'json'], env(), h.home, 'credentials.json');
        t.killedInWrite++;
        r = { code: null, signal: k.signal, stdout: '', stderr: '' };
      } else r = await logIn(killDelay(t.fullRunMs));
      const file = readJson(path);
      expect(file, `round ${i}: credentials.json is gone`).toBeDefined();
      expect(file.tokens['prod@identity.example.com']).toEqual(bystander);
      expect(Object.keys(file.tokens).sort()).toEqual([account, 'prod@identity.example.com'].sort());
      const current: StoredTokens = file.tokens[account];
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const left = leftovers(h.home, ['contexts.json', 'credentials.json']);
      if (r.signal === 'SIGKILL') {
        t.killed++;
        if (current.accessToken !== previous.accessToken) {
          t.killedAfterWrite++;
          expectIssued(current, i);
        } else expect(current).toEqual(previous);
        if (left.temps.length > temps) t.tempLeft++;
        expectOnlyOurTemps(h.home, left.temps, 'credentials.json');
        if (left.locks.length > 0) {
          t.lockLeft++;
          if (left.emptyLock) t.emptyLockLeft++;
          const again = Date.now();
          const retry = await logIn();
          t.slowestNextMs = Math.max(t.slowestNextMs, Date.now() - again);
          expect(retry.code, retry.stderr).toBe(0);
          expect(Date.now() - again).toBeLessThan(5_000);
          expect(leftovers(h.home, ['contexts.json', 'credentials.json'])).toEqual({ locks: [], emptyLock: false, temps: [] }); // no token copy is left
          const renewed: StoredTokens = readJson(path).tokens[account];
          expectIssued(renewed, i);
          expect(renewed.accessTokenExpiresAt).toBe(JSON.parse(retry.stdout).expiresAt);
          previous = renewed;
        } else previous = current;
      } else {
        t.completed++;
        expect(r.code, r.stderr).toBe(0);
        expect(left.locks).toEqual([]);
        expect(left.temps, `round ${i}: a completed write left temp files`).toEqual([]);
        expectIssued(current, i);
        expect(current.accessToken).not.toBe(previous.accessToken);
        expect(current.accessTokenExpiresAt).toBe(JSON.parse(r.stdout).expiresAt);
        previous = current;
      }
      temps = left.temps.length;
    }
    // A sign-in that is not killed works and removes what the last killed rounds left (a temp file, a lock's owner record).
    const final = await logIn();
    expect(final.code, final.stderr).toBe(0);
    // The stored token is the one admin commands now use (no OCTO_CLI_ACCESS_TOKEN): the state is usable, not just parseable.
    const use = await runCli(['-c', 'GetClients', '--filter-name', CLIENT_ID, '-o', 'json'], { home: h.home, env: { OCTO_CLI_TOKEN_STORE: 'file' } });
    expect(use.code, use.stderr).toBe(0);
    expect(JSON.parse(use.stdout).map((c: { clientId: string }) => c.clientId)).toEqual([CLIENT_ID]);
    t.elapsedMs = Date.now() - started;
    report('credentials.json', t);
    expect(t.killed + t.completed).toBe(ROUNDS);
    expect(t.killedInWrite).toBeGreaterThanOrEqual(ROUNDS / INSIDE_EVERY);
    expect(leftovers(h.home, ['contexts.json', 'credentials.json']).temps).toEqual([]);
    expect(t.killed).toBeGreaterThan(ROUNDS / 4);
  }, 120_000);
});
