/**
 * Walks every command of the registry (issue 10, items 1 and 2) against a recording fake API that answers every
 * request with a generic success, so each command gets as far as it can:
 * - no command reads OCTO_CLI_CLIENT_SECRET (the sign-in credential) unless it signs in;
 * - every flag whose value lands in a URL path segment refuses `.`, `..` and blanks before any request, naming the
 *   flag, and no other flag can change a request's path.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { allCommands } from '../../src/commands/index.js';
import { commands as provisioningCommands } from '../../src/commands/provisioning.js';
import { flagLabel } from '../../src/cli/argv.js';
import { flagList, type CommandSpec, type FlagSpec } from '../../src/cli/spec.js';
import { main } from '../../src/cli/main.js';
import { recordingFetch, type RecordedRequest } from '../helpers/fake-fetch.js';
import { runCli } from '../helpers/run.js';

const BASE = 'https://ids.test/octosystem/v1/';
const OID = (n: number) => `66000000000000000000${String(n).padStart(4, '0')}`;
/** A generic answer every command can read: an object with the ids look-ups want, lists that are empty. */
const ANSWER = { rtId: OID(9001), userId: OID(9002), id: OID(9003), clientId: 'answered', name: 'answered', allowedScopes: [], setupRequired: true, success: true };

const homes: string[] = [];
afterAll(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));

function home(tenant = 'octosystem'): string {
  const dir = mkdtempSync(join(tmpdir(), 'octo-cli-walk-'));
  homes.push(dir);
  const file = { ActiveContext: 'test', Contexts: { test: { OctoToolOptions: { IdentityServiceUrl: 'https://ids.test/', TenantId: tenant } } } };
  writeFileSync(join(dir, 'contexts.json'), JSON.stringify(file));
  return dir;
}

/** A value each flag accepts; string flags get a unique marker so we can see where it lands. */
function valueFor(flag: FlagSpec, marker: string): string | undefined {
  const name = flag.valueName ?? '';
  switch (flag.type) {
    case 'presence':
      return flag.long === 'yes' ? '' : undefined;
    case 'bool':
      return 'true';
    case 'int':
      return '1';
    case 'ushort':
      return '389';
    case 'date':
      return '2099-01-01';
    case 'oid':
      return OID(Number.parseInt(marker.slice(2), 10));
    case 'enum':
      return flag.values![0];
    case 'csv':
      if (name.includes('rtId')) return OID(1);
      if (name.includes('uri') || name.includes('origin')) return 'https://app.example';
      return marker;
    case 'string':
      if (name.includes('uri') || name.includes('url')) return `https://${marker}.example/`;
      if (name.includes('e-mail')) return `${marker}@example.com`;
      if (name.includes('duration')) return '7d';
      if (name === '<path>') return join(tmpdir(), `octo-cli-walk-${marker}-${process.pid}`); // a file to be created: never in the repository
      return marker;
  }
}

interface Run {
  code: number;
  stderr: string;
  requests: RecordedRequest[];
  envReads: Set<string>;
}

async function run(command: CommandSpec, values: Map<FlagSpec, string>, opts: { tenant?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const argv = ['-c', command.name];
  for (const [flag, value] of values) argv.push(`--${flag.long}`, ...(flag.type === 'presence' ? [] : [value]));
  const api = recordingFetch(BASE, {}, () => ({ json: ANSWER }));
  const envReads = new Set<string>();
  const plain: Record<string, string> = { OCTO_CLI_HOME: home(opts.tenant), OCTO_CLI_ACCESS_TOKEN: 't', OCTO_CLI_TOKEN_STORE: 'memory', ...opts.env };
  const env = new Proxy(plain, {
    get(target, key) {
      if (typeof key === 'string') envReads.add(key);
      return Reflect.get(target, key);
    },
  });
  let stderr = '';
  const io = {
    stdout: { write: () => true },
    stderr: { write: (s: string) => ((stderr += s), true) },
    stdin: Readable.from([]),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    color: false,
    columns: undefined,
  };
  const code = await main(argv, { io, env, fetch: api.fetch, sleep: async () => {}, signal: new AbortController().signal });
  return { code, stderr, requests: api.requests, envReads };
}

/** The request URL as it reaches the wire (fetch parses it with WHATWG URL, which resolves dot segments, %2e too). */
const wirePath = (r: RecordedRequest) => `${r.method} ${new URL(r.path, BASE).pathname}`;

// Plan, Apply, Export and GetApplySchema take files, not ids (test/commands/provisioning.test.ts and test/provision cover them).
const identity = allCommands().filter((c) => c.group === 'Identity Services' && !provisioningCommands.includes(c));

function baselineValues(command: CommandSpec): Map<FlagSpec, string> {
  const values = new Map<FlagSpec, string>();
  flagList(command).forEach((flag, i) => {
    if (flag.hidden) return;
    const value = valueFor(flag, `zq${100 + i}`);
    if (value !== undefined) values.set(flag, value);
  });
  return values;
}

describe('issue 10, item 1: admin commands never read the sign-in secret', () => {
  it.each(identity.map((c) => [c.name, c] as const))('%s does not read OCTO_CLI_CLIENT_SECRET', async (_name, command) => {
    const canary = 'sign-in-secret-canary';
    const values = baselineValues(command);
    for (const flag of values.keys()) if (flag.secret && !flag.required) values.delete(flag); // where a fallback would be looked for
    const r = await run(command, values, { env: { OCTO_CLI_CLIENT_ID: 'ci', OCTO_CLI_CLIENT_SECRET: canary } });
    expect(r.requests.length, r.stderr).toBeGreaterThan(0);
    expect(r.envReads.has('OCTO_CLI_CLIENT_SECRET')).toBe(false);
    for (const req of r.requests) expect(`${req.path} ${req.raw ?? ''}`).not.toContain(canary);
  });
});

describe('issue 10, item 2: values never leave their URL path segment', () => {
  const cases: Array<[string, CommandSpec, FlagSpec]> = [];
  for (const command of identity) for (const flag of flagList(command)) if ((flag.type === 'string' || flag.type === 'csv') && !flag.hidden) cases.push([`${command.name} ${flagLabel(flag)}`, command, flag]);

  // Every path flag found must be refused; make sure the walk found the ones we know of, so it cannot pass empty.
  const found = new Set<string>();
  afterAll(() => {
    for (const known of ['RemoveClientFromRole --clientId (-id)', 'RemoveClientFromRole --role (-r)', 'DeleteClient --clientId (-id)', 'UnprovisionClientFromTenant --child-tenant-id (-ctid)', 'GetAdminProvisioningMappings --targetTenantId (-ttid)', 'Setup --systemTenant', 'RemoveUserFromGroup --userId (-uid)']) {
      expect(found, `the walk should find ${known} as a path flag`).toContain(known);
    }
    expect(found.size).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', async (_title, command, flag) => {
    const values = baselineValues(command);
    const marker = values.get(flag)!;
    const baseline = await run(command, values);
    expect(baseline.requests.length, `the baseline run of ${command.name} sends requests: ${baseline.stderr}`).toBeGreaterThan(0);
    const inPath = baseline.requests.some((r) => new URL(r.path, BASE).pathname.split('/').some((s) => decodeURIComponent(s).includes(marker)));
    if (inPath) found.add(_title);
    const allowed = new Set(baseline.requests.map(wirePath));
    for (const dots of ['..', '.', ' ']) {
      values.set(flag, flag.type === 'csv' ? `${dots},${marker}` : dots);
      const r = await run(command, values);
      if (inPath) {
        // Refused before any request, with the flag named.
        expect(r.requests.map(wirePath), `${dots}`).toEqual([]);
        expect(r.code).toBe(255);
        expect(r.stderr).toContain(flagLabel(flag));
        expect(r.stderr).not.toMatch(/\n\s+at /);
      } else {
        // Not a path value as given (it may be transformed, e.g. a secret hashed into the path): every request
        // keeps the shape of a baseline request, differing in at most one segment, never by a dot segment.
        for (const req of r.requests) {
          const sent = wirePath(req).split('/');
          const sameShape = [...allowed].some((a) => {
            const base = a.split('/');
            return base.length === sent.length && base.filter((seg, k) => seg !== sent[k]).length <= 1;
          });
          expect(sameShape, `${dots}: ${wirePath(req)} is not one of ${[...allowed].join(', ')}`).toBe(true);
        }
      }
    }
  });
});

describe('issue 10, item 2: tenant ids are path segments too', () => {
  const sending = identity.filter((c) => c.name !== 'Setup'); // Setup addresses --systemTenant, not the context's tenant

  it.each(['..', '.'])("a context tenant of '%s' (hand-edited contexts.json) sends nothing, for every command", async (tenant) => {
    for (const command of sending) {
      const r = await run(command, baselineValues(command), { tenant });
      expect(r.requests.map(wirePath), command.name).toEqual([]);
      expect(r.code, `${command.name}: ${r.stderr}`).toBe(254);
      expect(r.stderr).toContain(`the tenant ID '${tenant}' in context 'test' cannot be used`);
    }
  });

  it.each([
    ['AddContext', ['-n', 'x', '-isu', 'https://ids.test/', '-tid']],
    ['Config', ['-isu', 'https://ids.test/', '-tid']],
  ])("%s refuses -tid '..' and '.' before writing anything", async (command, args) => {
    for (const tenant of ['..', '.']) {
      const dir = home();
      const before = readFileSync(join(dir, 'contexts.json'), 'utf8');
      const r = await runCli(['-c', command, ...args, tenant], { home: dir });
      expect(r.code).toBe(255);
      expect(r.stderr).toContain(`--tenantId (-tid) cannot be '${tenant}'`);
      expect(readFileSync(join(dir, 'contexts.json'), 'utf8')).toBe(before);
    }
  });
});

describe('issue 10, item 2: ids from a server answer', () => {
  it("an rtId of '..' in a look-up answer is not put into the next request's path", async () => {
    const api = recordingFetch(BASE, { 'GET clients/svc': { json: { rtId: '..' } } }, () => ({ status: 200, json: {} }));
    const r = await runCli(['-c', 'AddClientToGroup', '-id', OID(40), '-cid', 'svc'], { home: home(), fetch: api.fetch, env: { OCTO_CLI_ACCESS_TOKEN: 't' } });
    expect(api.calls()).toEqual(['GET clients/svc']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("'..' cannot be used as an id in a request URL");
  });
});
