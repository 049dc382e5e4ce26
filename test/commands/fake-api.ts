/**
 * A recording fake of the admin API for command tests: routes keyed by "METHOD path" (path relative to
 * `https://ids.test/octosystem/v1/`, still URL-encoded), every request recorded with its parsed JSON body.
 * Unrouted requests answer 599 so a test never passes by accident.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { IO } from '../../src/cli/io.js';
import { runCli, type RunResult } from '../helpers/run.js';

export const BASE = 'https://ids.test/octosystem/v1/';

export interface RecordedRequest {
  method: string;
  /** Relative to BASE, encoded, with the query string. */
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

export interface Reply {
  status?: number;
  /** JSON body (stringified). */
  json?: unknown;
  /** Raw body. */
  text?: string;
  headers?: Record<string, string>;
}

type Route = Reply | Reply[] | ((req: RecordedRequest) => Reply);

export interface FakeApi {
  fetch: typeof fetch;
  requests: RecordedRequest[];
  /** "METHOD path" of every request, in order. */
  calls(): string[];
}

export function fakeApi(routes: Record<string, Route> = {}): FakeApi {
  const requests: RecordedRequest[] = [];
  const queues = new Map<string, Reply[]>();
  const fetchImpl = async (input: unknown, init?: RequestInit): Promise<Response> => {
    const url = String(input instanceof URL ? input.href : input);
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const raw = typeof init?.body === 'string' ? init.body : undefined;
    const req: RecordedRequest = {
      method,
      path: url.startsWith(BASE) ? url.slice(BASE.length) : url,
      body: raw === undefined ? undefined : JSON.parse(raw),
      headers,
    };
    requests.push(req);
    const key = `${method} ${req.path}`;
    const route = routes[key];
    let reply: Reply;
    if (route === undefined) reply = { status: 599, text: `no route for ${key}` };
    else if (typeof route === 'function') reply = route(req);
    else if (Array.isArray(route)) {
      if (!queues.has(key)) queues.set(key, [...route]);
      const queue = queues.get(key)!;
      reply = queue.length > 1 ? queue.shift()! : queue[0]!;
    } else reply = route;
    const body = reply.text ?? (reply.json !== undefined ? JSON.stringify(reply.json) : '');
    const contentType = reply.json !== undefined ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
    return new Response(body === '' ? null : body, {
      status: reply.status ?? 200,
      headers: { ...(body ? { 'content-type': contentType } : {}), ...(reply.headers ?? {}) },
    });
  };
  return { fetch: fetchImpl as typeof fetch, requests, calls: () => requests.map((r) => `${r.method} ${r.path}`) };
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
  if (!opts.tty || opts.stdin !== undefined) {
    return runCli(argv, { fetch: api.fetch, env, home, stdin: opts.stdin, sleep, ...(opts.now ? { now: opts.now } : {}) });
  }
  // A terminal with typed input (runCli only offers a terminal without input).
  let stdout = '';
  let stderr = '';
  const io: IO = {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
    stdin: Readable.from(opts.input !== undefined ? [opts.input] : []),
    stdinIsTTY: true,
    stdoutIsTTY: true,
    stderrIsTTY: true,
    color: false,
    columns: opts.columns ?? 200,
  };
  const code = await main(argv, { io, env, fetch: api.fetch, sleep, signal: new AbortController().signal, ...(opts.now ? { now: opts.now } : {}) });
  return { code, stdout, stderr };
}
