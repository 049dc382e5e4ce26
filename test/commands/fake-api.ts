/**
 * A recording fake of the admin API for command tests (../helpers/fake-fetch.ts) at
 * `https://ids.test/octosystem/v1/`. Unrouted requests answer 599 so a test never passes by accident.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { recordingFetch, type RecordingFetch, type Route } from '../helpers/fake-fetch.js';
import { runCli, type RunResult } from '../helpers/run.js';

export const BASE = 'https://ids.test/octosystem/v1/';

export type { Reply } from '../helpers/fake-fetch.js';
export type FakeApi = RecordingFetch;

export function fakeApi(routes: Record<string, Route> = {}): FakeApi {
  return recordingFetch(BASE, routes, (key) => ({ status: 599, text: `no route for ${key}` }));
}

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

/** A temporary OCTO_CLI_HOME whose active context points at https://ids.test/ and tenant octosystem. */
export function testHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'octo-cli-cmd-'));
  homes.push(home);
  const file = {
    ActiveContext: 'test',
    Contexts: { test: { OctoToolOptions: { IdentityServiceUrl: 'https://ids.test/', TenantId: 'octosystem' } } },
  };
  writeFileSync(join(home, 'contexts.json'), JSON.stringify(file, null, 2));
  return home;
}

export interface CmdOptions {
  env?: Record<string, string>;
  /** Piped stdin (not a terminal). */
  stdin?: string;
  /** A terminal on stdin/stdout/stderr; `input` is what the user types. */
  tty?: boolean;
  input?: string;
  columns?: number;
  sleeps?: number[];
  now?: () => number;
}

/** Runs the CLI in-process against the fake API with OCTO_CLI_ACCESS_TOKEN=t. */
export async function cmd(api: FakeApi, argv: string[], opts: CmdOptions = {}): Promise<RunResult> {
  const home = testHome();
  const env = { OCTO_CLI_ACCESS_TOKEN: 't', OCTO_CLI_HOME: home, ...(opts.env ?? {}) };
  const sleep = async (ms: number) => {
    opts.sleeps?.push(ms);
  };
  const terminal = opts.tty && opts.stdin === undefined ? { tty: true, input: opts.input, columns: opts.columns ?? 200 } : {};
  return runCli(argv, { fetch: api.fetch, env, home, stdin: opts.stdin, sleep, ...terminal, ...(opts.now ? { now: opts.now } : {}) });
}
