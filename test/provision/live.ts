/**
 * The local Identity Service for the provisioning tests: started per test file on a free port, the admin signed in
 * with the device flow; `octo()` runs the CLI in-process against it over real HTTP (OCTO_CLI_ACCESS_TOKEN), and
 * `writes()` counts the admin API's write requests (the service's per-method counter).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { runCli, type RunResult } from '../helpers/run.js';
import { deviceLogin, startTestServer } from '../helpers/server.js';

export interface LiveService {
  server: RunningServer;
  token: string;
  /** A temporary folder: the CLI's home and the place for provisioning files. */
  dir: string;
  /** Writes a file into `dir`; returns its path. */
  file(name: string, text: string): string;
  /** Runs `octo-cli <argv>` in-process (no terminal unless `tty`). */
  octo(argv: string[], opts?: { env?: Record<string, string>; stdin?: string; tty?: boolean; input?: string; fetch?: typeof fetch }): Promise<RunResult>;
  /** Admin API requests so far that were not GET. */
  writes(): number;
  /** Admin API requests so far. */
  requests(): number;
}

/** A fresh service for the file (or for one test, when called inside it with `start()`). */
export function useService(tenant = 'octosystem'): LiveService {
  const live = {} as LiveService;
  beforeAll(async () => Object.assign(live, await startService(tenant)));
  afterAll(async () => {
    await live.server?.close();
    if (live.dir) rmSync(live.dir, { recursive: true, force: true });
  });
  return live;
}

export async function startService(tenant = 'octosystem'): Promise<LiveService> {
  const server = await startTestServer({ tenants: [tenant] });
  const { access_token: token } = await deviceLogin(server, tenant);
  const dir = mkdtempSync(join(tmpdir(), 'octo-provision-'));
  writeFileSync(
    join(dir, 'contexts.json'),
    JSON.stringify({ ActiveContext: 'local', Contexts: { local: { OctoToolOptions: { IdentityServiceUrl: server.url, TenantId: tenant } } } }),
  );
  const stats = server.stats.adminRequestsByMethod;
  return {
    server,
    token,
    dir,
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    octo(argv, opts = {}) {
      return runCli(argv, {
        env: { OCTO_CLI_ACCESS_TOKEN: token, ...(opts.env ?? {}) },
        home: dir,
        stdin: opts.stdin,
        tty: opts.tty,
        input: opts.input,
        fetch: opts.fetch ?? fetch,
      });
    },
    writes: () => Object.entries(stats).reduce((n, [method, count]) => (method === 'GET' ? n : n + count), 0),
    requests: () => Object.values(stats).reduce((n, c) => n + c, 0),
  };
}
