/**
 * Test helpers of the Identity commands (users, roles, groups, providers, rules, mappings, setup, client extras): a temporary home whose active context is
 * `https://id.test/` + tenant `meshtest`, a recording fake `fetch`, and table-driven parse and request checks.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { parseArgv } from '../../src/cli/argv.js';
import { allCommands } from '../../src/commands/index.js';
import { recordingFetch, type RecordedRequest, type Route } from '../helpers/fake-fetch.js';
import { runCli, tempHome, type RunResult } from '../helpers/run.js';

export const BASE = 'https://id.test/meshtest/v1/';

/** "METHOD path" → reply (or replies in order). Unrouted requests answer 200 with no body. */
export type Routes = Record<string, Route>;

export function recorder(routes: Routes = {}) {
  return recordingFetch(BASE, routes, () => ({}));
}

const homes: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of homes.splice(0)) cleanup();
});

/** A temporary OCTO_CLI_HOME with the contexts.json of the brief. */
export function testHome(): string {
  const { home, cleanup } = tempHome();
  homes.push(cleanup);
  const file = { ActiveContext: 't', Contexts: { t: { OctoToolOptions: { IdentityServiceUrl: 'https://id.test/', TenantId: 'meshtest' } } } };
  writeFileSync(join(home, 'contexts.json'), JSON.stringify(file));
  return home;
}

export interface RunOpts {
  routes?: Routes;
  /** Piped stdin (not a terminal). */
  stdin?: string;
  /** A terminal; `input` is what the user types. 'stderr': only stderr is a terminal (stdout piped). */
  tty?: boolean | 'stderr';
  input?: string;
  env?: Record<string, string>;
}

export type Run = RunResult & { requests: RecordedRequest[]; calls(): string[] };

/** Runs `octo-cli <argv>` in-process against the recorder with OCTO_CLI_ACCESS_TOKEN=t. */
export async function run(argv: string[], opts: RunOpts = {}): Promise<Run> {
  const api = recorder(opts.routes);
  const home = testHome();
  const env = { OCTO_CLI_ACCESS_TOKEN: 't', ...(opts.env ?? {}) };
  const stdin = opts.tty === 'stderr' ? { tty: 'stderr' as const, stdin: opts.stdin } : opts.tty ? { tty: true, input: opts.input, columns: 200 } : { stdin: opts.stdin };
  const result = await runCli(argv, { fetch: api.fetch, env, home, sleep: async () => {}, ...stdin });
  return { ...result, requests: api.requests, calls: api.calls };
}

/** The flags `parseArgv` produces for `-c <name> <argv…>`. */
export function parsedFlags(name: string, argv: string[]): Record<string, unknown> {
  const r = parseArgv(['-c', name, ...argv], allCommands());
  if (r.kind !== 'run') throw new Error(`expected a run, got ${r.kind}`);
  expect(r.command.name).toBe(name);
  // Every Update*/Delete* declares --dry-run (src/commands/changes.ts); when not given it is false, left out here.
  const { dryRun, ...rest } = r.flags;
  return dryRun ? r.flags : rest;
}

export interface Expected {
  method: string;
  path: string;
  body?: unknown;
}

/** One command: its argv (after `-c Name`), the flags it parses to, the replies, the exact requests it sends. */
export interface CommandCase {
  argv: string[];
  flags: Record<string, unknown>;
  routes?: Routes;
  requests: Expected[];
  /** Piped stdin (secrets given as `-`). */
  stdin?: string;
}

/** A parse test and a request test for every command of the table. */
export function commandTable(cases: Record<string, CommandCase>): void {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: parses ${c.argv.join(' ') || '(no flags)'}`, () => {
      expect(parsedFlags(name, c.argv)).toEqual(c.flags);
    });
    it(`${name}: sends ${c.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`, async () => {
      const r = await run(['-c', name, ...c.argv], { routes: c.routes, stdin: c.stdin });
      expect(r.stderr, r.stderr).not.toMatch(/^error:/m);
      expect(r.code).toBe(0);
      expect(r.requests.map((q) => ({ method: q.method, path: q.path, ...(q.body !== undefined ? { body: q.body } : {}) }))).toEqual(c.requests);
      for (const q of r.requests) expect(q.headers.authorization).toBe('Bearer t');
    });
  }
}

/** Every stdout is valid JSON and nothing else (for `--output json`). */
export function expectJsonOnly(stdout: string): unknown {
  expect(stdout.trim()).not.toBe('');
  return JSON.parse(stdout);
}

export const ID = '66000000000000000000000a';
export const ID2 = '660000000000000000000001';
