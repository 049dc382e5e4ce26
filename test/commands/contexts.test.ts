import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, statSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/run.js';

// The shape the .NET octo-cli writes (octo-cli-commands.md §2.1), with fields we do not know about.
const ORIGINAL = {
  ActiveContext: 'dev',
  Contexts: {
    dev: {
      OctoToolOptions: {
        BotServiceUrl: 'https://localhost:5009/',
        AssetServiceUrl: 'https://localhost:5001/',
        IdentityServiceUrl: 'https://localhost:5003/',
        CommunicationServiceUrl: 'https://localhost:5015/',
        ReportingServiceUrl: 'https://localhost:5007/',
        AiServiceUrl: 'https://localhost:5020/',
        TenantId: 'meshtest',
        FutureOption: 42,
      },
      Authentication: {
        AccessToken: 'eyJhbGciOiJub25lIn0.eyJleHAiOjQxMDI0NDQ4MDB9.',
        AccessTokenExpiresAt: '2099-12-31T15:04:05.1234567+02:00',
        RefreshToken: 'legacy-refresh-token-value',
      },
      Extra: { keep: true },
    },
    Prod: { OctoToolOptions: { IdentityServiceUrl: 'https://identity.example.com/', TenantId: 'octosystem' } },
  },
  SomethingNew: ['kept'],
};

const noNetwork: typeof fetch = async () => {
  throw new Error('no network call expected');
};

let h: ReturnType<typeof tempHome>;
const file = () => join(h.home, 'contexts.json');
const read = () => JSON.parse(readFileSync(file(), 'utf8'));
const cli = (...argv: string[]) => runCli(argv, { home: h.home, fetch: noNetwork });

beforeEach(() => {
  h = tempHome();
});
afterEach(() => h.cleanup());

describe('contexts.json of the original', () => {
  beforeEach(() => writeFileSync(file(), JSON.stringify(ORIGINAL, null, 2)));

  it('is listed with auth status from the legacy tokens, without printing them', async () => {
    const r = await cli('-c', 'ListContexts');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\*\s+dev\s+https:\/\/localhost:5003\/\s+meshtest\s+authenticated, expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \(in \d+ d\), refresh available/);
    expect(r.stdout).toMatch(/Prod\s+https:\/\/identity\.example\.com\/\s+octosystem\s+no token/);
    expect(r.stdout + r.stderr).not.toContain('legacy-refresh-token-value');
    expect(r.stdout + r.stderr).not.toContain('eyJ');
  });

  it('ListContexts -j and --output json print only JSON', async () => {
    for (const argv of [['-c', 'ListContexts', '-j'], ['-c', 'ListContexts', '--output', 'json'], ['--output', 'json', '-c', 'ListContexts', '-n', 'PROD']]) {
      const r = await cli(...argv);
      expect(r.code).toBe(0);
      const data = JSON.parse(r.stdout);
      expect(Array.isArray(data)).toBe(true);
      expect(r.stdout).not.toContain('legacy-refresh-token-value');
    }
    const all = JSON.parse((await cli('-c', 'ListContexts', '-j')).stdout);
    expect(all[0]).toEqual({
      name: 'dev',
      isActive: true,
      tenant: 'meshtest',
      services: {
        identity: 'https://localhost:5003/',
        asset: 'https://localhost:5001/',
        bot: 'https://localhost:5009/',
        communication: 'https://localhost:5015/',
        reporting: 'https://localhost:5007/',
        ai: 'https://localhost:5020/',
      },
      authStatus: 'valid',
      accessTokenExpiresAt: '2099-12-31T13:04:05.123Z',
      hasRefreshToken: true,
    });
    expect(JSON.parse((await cli('-c', 'ListContexts', '-j', '-n', 'prod')).stdout)).toHaveLength(1);
  });

  it('UseContext is case-insensitive and stores the stored key', async () => {
    const r = await cli('-c', 'usecontext', '-n', 'PROD');
    expect(r.code).toBe(0);
    expect(read().ActiveContext).toBe('Prod');
  });

  it('updates keep unknown fields and the legacy tokens', async () => {
    const r = await cli('-c', 'AddContext', '-n', 'DEV', '-isu', 'https://LOCALHOST:5003/', '-tid', 'MeshTest', '-asu', 'https://localhost:5001/');
    expect(r.code).toBe(0);
    const data = read();
    expect(Object.keys(data.Contexts)).toEqual(['dev', 'Prod']); // the stored key keeps its case
    expect(data.SomethingNew).toEqual(['kept']);
    expect(data.Contexts.dev.Extra).toEqual({ keep: true });
    expect(data.Contexts.dev.OctoToolOptions).toEqual({ FutureOption: 42, IdentityServiceUrl: 'https://localhost:5003/', TenantId: 'meshtest', AssetServiceUrl: 'https://localhost:5001/' });
    expect(data.Contexts.dev.Authentication.RefreshToken).toBe('legacy-refresh-token-value');
  });

  it('AddContext with another identity URL drops the old tokens', async () => {
    await cli('-c', 'AddContext', '-n', 'dev', '-isu', 'https://other:5003/', '-tid', 'meshtest');
    expect(read().Contexts.dev.Authentication).toBeUndefined();
  });

  it('Config replaces the options block of the active context (as the original) and lowercases values', async () => {
    const r = await cli('-c', 'Config', '-isu', 'https://New-Host:5003/', '-tid', 'TenantB');
    expect(r.code).toBe(0);
    expect(read().Contexts.dev.OctoToolOptions).toEqual({ FutureOption: 42, IdentityServiceUrl: 'https://new-host:5003/', TenantId: 'tenantb' });
  });

  it('RemoveContext of the active context under another casing moves the active context (original bug fixed)', async () => {
    const r = await cli('-c', 'RemoveContext', '-n', 'DEV');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Context 'dev' removed\. Active context: 'Prod'/);
    expect(read().ActiveContext).toBe('Prod');
    expect(Object.keys(read().Contexts)).toEqual(['Prod']);
  });

  it('unknown context names are errors with exit 251', async () => {
    for (const argv of [['-c', 'UseContext', '-n', 'nope'], ['-c', 'RemoveContext', '-n', 'nope'], ['-c', 'ListContexts', '-n', 'nope']]) {
      const r = await cli(...argv);
      expect(r.code).toBe(251);
      expect(r.stderr).toMatch(/^error: Context 'nope' does not exist\./);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('--context selects a context for one call only', async () => {
    const r = await cli('--context', 'prod', '-c', 'ListContexts');
    expect(r.code).toBe(0);
    expect(read().ActiveContext).toBe('dev');
    expect((await cli('-c', 'ListContexts', '--context', 'missing')).code).toBe(0); // ListContexts does not use it
  });
});

describe('new and broken files', () => {
  it('creates the folder 0700 and the file 0600, activating the first context', async () => {
    const r = await cli('-c', 'AddContext', '-n', 'Local', '-isu', 'http://127.0.0.1:5003/', '-tid', 'octosystem');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(statSync(h.home).mode & 0o777).toBe(0o700);
    expect(read()).toEqual({ ActiveContext: 'Local', Contexts: { Local: { OctoToolOptions: { IdentityServiceUrl: 'http://127.0.0.1:5003/', TenantId: 'octosystem' } } } });
    await cli('-c', 'AddContext', '-n', 'second', '-isu', 'http://127.0.0.1:5004/');
    expect(read().ActiveContext).toBe('Local');
  });

  it('Config without an active context creates "default"', async () => {
    const r = await cli('-c', 'Config', '-isu', 'http://localhost:5003/', '-tid', 't1');
    expect(r.code).toBe(0);
    expect(read()).toMatchObject({ ActiveContext: 'default', Contexts: { default: { OctoToolOptions: { TenantId: 't1' } } } });
  });

  it('migrates a legacy settings.json into the context "default"', async () => {
    writeFileSync(join(h.home, 'settings.json'), JSON.stringify({ OctoToolOptions: { IdentityServiceUrl: 'https://old/', TenantId: 'legacy' }, Authentication: { AccessToken: 'x.y.z' } }));
    const r = await cli('-c', 'ListContexts', '-j');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ name: 'default', isActive: true, tenant: 'legacy' });
    expect(r.stderr).toMatch(/Migrating settings\.json to contexts\.json/);
    expect(read().Contexts.default.Authentication.AccessToken).toBe('x.y.z');
    expect(existsSync(join(h.home, 'settings.json'))).toBe(true);
  });

  it('an unparsable contexts.json is a clear configuration error (254), not a crash, and is left alone', async () => {
    writeFileSync(file(), '{ "ActiveContext": "dev", ');
    const r = await cli('-c', 'ListContexts');
    expect(r.code).toBe(254);
    expect(r.stderr).toMatch(/^error: .*contexts\.json is not valid JSON/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect((await cli('-c', 'AddContext', '-n', 'x', '-isu', 'http://a/')).code).toBe(254);
    expect(readFileSync(file(), 'utf8')).toBe('{ "ActiveContext": "dev", ');
  });

  it('a malformed identity URL does not break context commands (original bug fixed)', async () => {
    writeFileSync(file(), JSON.stringify({ ActiveContext: 'bad', Contexts: { bad: { OctoToolOptions: { IdentityServiceUrl: 'ht!tp:/broken', TenantId: 't' } } } }));
    expect((await cli('-c', 'ListContexts')).code).toBe(0);
    const fixed = await cli('-c', 'Config', '-isu', 'https://fixed:5003/', '-tid', 't');
    expect(fixed.code).toBe(0);
    expect(read().Contexts.bad.OctoToolOptions.IdentityServiceUrl).toBe('https://fixed:5003/');
  });

  it('bad flag values are refused before anything is written', async () => {
    const r = await cli('-c', 'AddContext', '-n', 'x', '-isu', 'not a url');
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/--identityServicesUri \(-isu\) expects an absolute http\(s\) URL/);
    expect(existsSync(file())).toBe(false);
    expect((await cli('-c', 'AddContext', '-n', 'x', '-isu', 'http://a/', '-tid', 'a b')).stderr).toMatch(/--tenantId \(-tid\) must not contain whitespace/);
    expect(existsSync(file())).toBe(false);
  });

  it('writes from concurrent processes are serialised (no lost update)', async () => {
    mkdirSync(h.home, { recursive: true });
    await Promise.all(Array.from({ length: 12 }, (_, i) => cli('-c', 'AddContext', '-n', `c${i}`, '-isu', `http://h${i}/`)));
    expect(Object.keys(read().Contexts).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `c${i}`).sort());
  });
});

// Issue 10, item 14: names that are also keys of Object.prototype are stored like any other name.
describe('context names that are object keys', () => {
  it.each(['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'])('%s is added, listed, used and removed', async (name) => {
    let r = await cli('-c', 'AddContext', '-n', name, '-isu', 'https://ids.example/', '-tid', 'meshtest');
    expect(r.code, r.stderr).toBe(0);
    const stored = read();
    expect(Object.keys(stored.Contexts)).toEqual([name]);
    expect(stored.Contexts[name].OctoToolOptions).toEqual({ IdentityServiceUrl: 'https://ids.example/', TenantId: 'meshtest' });
    expect(stored.ActiveContext).toBe(name);
    r = await cli('-c', 'AddContext', '-n', 'other', '-isu', 'https://other.example/', '-tid', 'x');
    expect(r.code, r.stderr).toBe(0);
    r = await cli('-c', 'ListContexts', '-o', 'json');
    expect(JSON.parse(r.stdout).map((c: { name: string; isActive: boolean }) => [c.name, c.isActive])).toEqual([[name, true], ['other', false]]);
    r = await cli('-c', 'ListContexts', '-n', name, '-o', 'json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)[0].services.identity).toBe('https://ids.example/');
    expect((await cli('-c', 'UseContext', '-n', 'other')).code).toBe(0);
    expect((await cli('-c', 'UseContext', '-n', name)).code).toBe(0);
    expect(read().ActiveContext).toBe(name);
    r = await cli('-c', 'RemoveContext', '-n', name);
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(read().Contexts)).toEqual(['other']);
  });

  it('a file written by another tool with a "__proto__" context is read as a context', async () => {
    writeFileSync(file(), '{"ActiveContext":"__proto__","Contexts":{"__proto__":{"OctoToolOptions":{"IdentityServiceUrl":"https://ids.example/","TenantId":"t"}}}}');
    const r = await cli('-c', 'ListContexts', '-o', 'json');
    expect(JSON.parse(r.stdout).map((c: { name: string }) => c.name)).toEqual(['__proto__']);
    expect((await cli('-c', 'Config', '-isu', 'https://new.example/', '-tid', 't')).code).toBe(0);
    expect(read().Contexts.__proto__.OctoToolOptions.IdentityServiceUrl).toBe('https://new.example/');
  });
});

// Issue 10, item 13: a password in an identity URL was printed and stored lower-cased.
describe('credentials and case in URLs', () => {
  const SECRET = 'PassWord-Secret9';
  it.each([
    ['AddContext', '-n', 'x', '-isu', `http://alice:${SECRET}@ids.example/`],
    ['AddContext', '-n', 'x', '-isu', 'https://ids.example/', '-asu', `https://alice:${SECRET}@assets.example/`],
    ['Config', '-isu', `https://alice:${SECRET}@ids.example/`],
    ['Config', '-isu', `https://:${SECRET}@ids.example/`],
    ['Config', '-isu', `http://alice:${SECRET}@`], // not even a valid URL: still not echoed
    ['AddAuthorizationCodeClient', '-id', 'web', '-n', 'Web', '-u', `https://alice:${SECRET}@app.example/`],
  ])('%s refuses a user name or password in a URL, without echoing it', async (command, ...args) => {
    writeFileSync(file(), JSON.stringify(ORIGINAL));
    const before = readFileSync(file(), 'utf8');
    const r = await cli('-c', command, ...args);
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/--\w+ \(-\w+\) (must not contain a user name or password|expects)/);
    expect(r.stderr + r.stdout).not.toContain(SECRET);
    expect(r.stderr + r.stdout).not.toContain(SECRET.toLowerCase());
    expect(readFileSync(file(), 'utf8')).toBe(before);
  });

  it('keeps the case of a URL path; only scheme and host are lower-cased', async () => {
    const r = await cli('-c', 'AddContext', '-n', 'x', '-isu', 'HTTPS://IDS.Example.COM:8443/Identity/MeshTest/', '-tid', 'MeshTest', '-asu', 'https://Assets.Example/Repo/A');
    expect(r.code, r.stderr).toBe(0);
    expect(read().Contexts.x.OctoToolOptions).toEqual({ IdentityServiceUrl: 'https://ids.example.com:8443/Identity/MeshTest/', AssetServiceUrl: 'https://assets.example/Repo/A', TenantId: 'meshtest' });
  });

  it('a stored URL with a password (hand-edited) is refused by commands and hidden from ListContexts', async () => {
    writeFileSync(file(), JSON.stringify({ ActiveContext: 'x', Contexts: { x: { OctoToolOptions: { IdentityServiceUrl: `https://alice:${SECRET}@ids.example/`, TenantId: 't' } } } }));
    let r = await cli('-c', 'GetClients');
    expect(r.code).toBe(254);
    expect(r.stderr).toContain("the identity services URI in context 'x' contains a user name or password");
    expect(r.stderr).not.toContain(SECRET);
    for (const argv of [['-c', 'ListContexts'], ['-c', 'ListContexts', '-o', 'json'], ['-c', 'ListContexts', '-n', 'x'], ['-c', 'UseContext']]) {
      r = await cli(...argv);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr, argv.join(' ')).not.toContain(SECRET);
      expect(r.stdout + r.stderr).toContain('ids.example');
    }
  });
});
