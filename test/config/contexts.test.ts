/**
 * src/config/contexts.ts: every shape contexts.json may have on disk, what a command does with it (exit code and the
 * one line it prints), the checks of the target a command sends requests to, and what is written back.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContextRepository, findContextKey, parseContextsFile, requireTarget, resolveHome, contextMap } from '../../src/config/contexts.js';
import { storedIdentityUrl } from '../../src/config/target.js';
import { ConfigError, ToolError } from '../../src/errors.js';
import { runCli, tempHome } from '../helpers/run.js';

const noNetwork: typeof fetch = async () => {
  throw new Error('no network call expected');
};

let h: ReturnType<typeof tempHome>;
const file = () => join(h.home, 'contexts.json');
const cli = (...argv: string[]) => runCli(argv, { home: h.home, fetch: noNetwork });
beforeEach(() => {
  h = tempHome();
});
afterEach(() => h.cleanup());

/** The error of parsing `text` as contexts.json (its message and hint). */
function parseError(text: string): ConfigError {
  try {
    parseContextsFile(text, '/h/contexts.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('shapes of contexts.json', () => {
  it('an empty or blank file has no contexts', () => {
    for (const text of ['', '  \n']) {
      const f = parseContextsFile(text, '/h/contexts.json');
      expect(Object.keys(f.Contexts)).toEqual([]);
      expect(f.ActiveContext).toBeUndefined();
    }
  });

  it('a file with a byte-order mark (as Windows editors save it) is read', () => {
    const f = parseContextsFile('\uFEFF{"ActiveContext":"a","Contexts":{"a":{}}}', '/h/contexts.json');
    expect(f.ActiveContext).toBe('a');
    expect(Object.keys(f.Contexts)).toEqual(['a']);
  });

  it('no "Contexts" or "Contexts": null is no contexts', () => {
    expect(Object.keys(parseContextsFile('{"ActiveContext":"x"}', 'p').Contexts)).toEqual([]);
    expect(Object.keys(parseContextsFile('{"Contexts":null}', 'p').Contexts)).toEqual([]);
  });

  it('a top level that is not an object ([], 42, null, "text") is refused with a hint', () => {
    for (const text of ['[]', '42', 'null', '"text"', 'true']) {
      const err = parseError(text);
      expect(err.message).toBe('/h/contexts.json does not hold a JSON object');
      expect(err.hint).toBe('fix the file, or move it away and run `octo-cli -c AddContext` again');
    }
  });

  it('"Contexts" that is not an object of contexts ([] or a string) is refused', () => {
    for (const text of ['{"Contexts":[]}', '{"Contexts":"dev"}', '{"Contexts":7}']) {
      expect(parseError(text).message).toBe('/h/contexts.json: "Contexts" must be an object of named contexts');
    }
  });

  it('a context that is null, a list or a value is refused by name', () => {
    expect(parseError('{"Contexts":{"dev":null}}').message).toBe("/h/contexts.json: context 'dev' must be an object");
    expect(parseError('{"Contexts":{"ok":{},"list":[]}}').message).toBe("/h/contexts.json: context 'list' must be an object");
    expect(parseError('{"Contexts":{"n":5}}').message).toBe("/h/contexts.json: context 'n' must be an object");
  });

  it('broken JSON: the position only, never the text around it (it may hold a token)', () => {
    const err = parseError('{"Contexts":{"a":{"Authentication":{"AccessToken":"secret-token-value"');
    expect(err.message).toMatch(/^\/h\/contexts\.json is not valid JSON \(at position \d+/);
    expect(err.message).not.toContain('secret-token-value');
    expect(err.hint).toBe('fix the file, or move it away and run `octo-cli -c AddContext` again');
  });

  it('a command on a file of the wrong shape exits 254 with one line, and the file is left as it was', async () => {
    for (const text of ['[]', '42', '{"Contexts":[]}', '{"Contexts":{"dev":null}}']) {
      writeFileSync(file(), text);
      const r = await cli('-c', 'ListContexts');
      expect(r.code).toBe(254);
      expect(r.stderr).toMatch(/^error: .*contexts\.json/);
      expect(r.stdout).toBe('');
      expect(readFileSync(file(), 'utf8')).toBe(text);
    }
  });

  it('an empty file lists no contexts, and AddContext writes a proper file over it', async () => {
    writeFileSync(file(), '');
    const list = await cli('-c', 'ListContexts', '-o', 'json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
    expect((await cli('-c', 'AddContext', '-n', 'dev', '-isu', 'http://localhost:5003/', '-tid', 't')).code).toBe(0);
    const written = JSON.parse(readFileSync(file(), 'utf8'));
    expect(written).toMatchObject({ ActiveContext: 'dev', Contexts: { dev: { OctoToolOptions: { TenantId: 't' } } } });
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('an unreadable file is a configuration error, not "no contexts"', async () => {
    writeFileSync(file(), '{"Contexts":{"dev":{}}}');
    chmodSync(file(), 0o000);
    const r = await cli('-c', 'ListContexts');
    expect(r.code).toBe(254);
    expect(r.stderr).toMatch(/^error: cannot read .*contexts\.json/);
  });

  it('a folder where the file should be is a configuration error, not "no contexts"', async () => {
    mkdirSync(file());
    const r = await cli('-c', 'ListContexts');
    expect(r.code).toBe(254);
    expect(r.stderr).toMatch(/^error: cannot read .*contexts\.json: /);
    await expect(new ContextRepository(h.home).load()).rejects.toThrow(ConfigError);
  });
});

describe('the target of a command', () => {
  const entry = (o: Record<string, unknown>) => ({ OctoToolOptions: o });

  it('no entry: no active context, with how to add one', () => {
    try {
      requireTarget(undefined, undefined);
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).message).toBe('no active context: Identity services URI is missing.');
      expect((err as ConfigError).hint).toMatch(/AddContext -n <name> -isu <url> -tid <tenant>/);
    }
  });

  it('a missing or blank URL names the context', () => {
    expect(() => requireTarget('dev', {})).toThrow("Identity services URI is missing in context 'dev'.");
    expect(() => requireTarget('dev', entry({ IdentityServiceUrl: '   ', TenantId: 't' }))).toThrow("Identity services URI is missing in context 'dev'.");
    expect(() => requireTarget('dev', entry({ IdentityServiceUrl: 5, TenantId: 't' }))).toThrow("Identity services URI is missing in context 'dev'.");
    expect(() => requireTarget(undefined, entry({ TenantId: 't' }))).toThrow(/^Identity services URI is missing\.$/);
  });

  it('a URL that is not one, or not http(s)', () => {
    expect(() => requireTarget('dev', entry({ IdentityServiceUrl: 'localhost:5003x', TenantId: 't' }))).toThrow(/must be http:\/\/ or https:\/\//);
    expect(() => requireTarget('dev', entry({ IdentityServiceUrl: 'not a url', TenantId: 't' }))).toThrow("the identity services URI 'not a url' in context 'dev' is not a valid URL");
    for (const url of ['ftp://id.example.com/', 'file:///etc/passwd', 'ws://id.example.com']) {
      expect(() => requireTarget('dev', entry({ IdentityServiceUrl: url, TenantId: 't' }))).toThrow(`the identity services URI '${url}' in context 'dev' must be http:// or https://`);
    }
  });

  it('a URL with a user name or password is refused without printing the password', () => {
    for (const url of ['https://bob:hunter22@id.example.com/', 'https://bob@id.example.com/']) {
      let message = '';
      try {
        requireTarget('dev', entry({ IdentityServiceUrl: url, TenantId: 't' }));
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toBe("the identity services URI in context 'dev' contains a user name or password ('https://***@id.example.com/')");
      expect(message).not.toContain('hunter22');
    }
  });

  it('a missing, blank or dot-segment tenant', () => {
    for (const tenant of [undefined, '', '  ', 42]) {
      expect(() => requireTarget('dev', entry({ IdentityServiceUrl: 'https://id.example.com', TenantId: tenant }))).toThrow("Identity services tenant ID is missing in context 'dev'.");
    }
    for (const tenant of ['.', '..']) {
      expect(() => requireTarget('dev', entry({ IdentityServiceUrl: 'https://id.example.com', TenantId: tenant }))).toThrow(`the tenant ID '${tenant}' in context 'dev' cannot be used: it is a segment of every request URL`);
    }
  });

  it('each problem comes with how to fix it', () => {
    const hint = (entryValue: Record<string, unknown>) => {
      try {
        requireTarget('dev', entry(entryValue));
      } catch (err) {
        return (err as ConfigError).hint;
      }
      return undefined;
    };
    expect(hint({ TenantId: 't' })).toBe('set it with `octo-cli -c Config -isu <url>`');
    expect(hint({ IdentityServiceUrl: 'not a url', TenantId: 't' })).toBe('fix it with `octo-cli -c Config -isu https://host:port/`');
    expect(hint({ IdentityServiceUrl: 'https://a:b@h/', TenantId: 't' })).toBe('set it without them with `octo-cli -c Config -isu https://host:port/`; sign in with LogIn or LogInClientCredentials');
    expect(hint({ IdentityServiceUrl: 'https://h/' })).toBe('set it with `octo-cli -c Config -isu <url> -tid <tenant>`');
    expect(hint({ IdentityServiceUrl: 'https://h/', TenantId: '..' })).toBe('set it with `octo-cli -c Config -isu <url> -tid <tenant>`');
  });

  it('the URL that keys stored tokens: trimmed, without trailing slashes, empty when there is none', () => {
    expect(storedIdentityUrl({})).toBe('');
    expect(storedIdentityUrl({ OctoToolOptions: { IdentityServiceUrl: ' https://h/base// ' } })).toBe('https://h/base');
  });

  it('a good target: the URL normalised without trailing slashes, the tenant trimmed', () => {
    expect(requireTarget('dev', entry({ IdentityServiceUrl: ' HTTPS://ID.Example.com:443/base// ', TenantId: ' mesh ' }))).toEqual({ identityUrl: 'https://id.example.com/base', tenant: 'mesh' });
    expect(requireTarget('dev', entry({ IdentityServiceUrl: 'http://localhost:5003', TenantId: 'x' }))).toEqual({ identityUrl: 'http://localhost:5003', tenant: 'x' });
  });

  it('an admin command without a usable target exits 254 before any request', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ Contexts: {} }, /^error: no active context: Identity services URI is missing\./],
      [{ ActiveContext: 'dev', Contexts: { dev: { OctoToolOptions: { TenantId: 't' } } } }, /^error: Identity services URI is missing in context 'dev'\./],
      [{ ActiveContext: 'dev', Contexts: { dev: { OctoToolOptions: { IdentityServiceUrl: 'ftp://x/', TenantId: 't' } } } }, /must be http:\/\/ or https:\/\//],
      [{ ActiveContext: 'dev', Contexts: { dev: { OctoToolOptions: { IdentityServiceUrl: 'http://localhost:5003/' } } } }, /^error: Identity services tenant ID is missing in context 'dev'\./],
    ];
    for (const [contents, message] of cases) {
      writeFileSync(file(), JSON.stringify(contents));
      const r = await cli('-c', 'GetClients');
      expect(r.code).toBe(254);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('names and the active context', () => {
  const FILE = () => parseContextsFile(JSON.stringify({ ActiveContext: 'PROD', Contexts: { prod: {}, Dev: {}, dev: {} } }), 'p');

  it('names are found case-insensitively; when two differ only in case the last wins', () => {
    expect(findContextKey(FILE(), 'Prod')).toBe('prod');
    expect(findContextKey(FILE(), 'DEV')).toBe('dev');
    expect(findContextKey(FILE(), 'nope')).toBeUndefined();
    expect(findContextKey(FILE(), '')).toBeUndefined();
    expect(findContextKey(FILE(), null)).toBeUndefined();
  });

  it('--context must exist; it is active only when it is the active one', () => {
    const repo = new ContextRepository(h.home);
    expect(repo.resolve(FILE(), 'dev')).toMatchObject({ name: 'dev', active: false });
    expect(repo.resolve(FILE(), 'prod')).toMatchObject({ name: 'prod', active: true });
    expect(repo.resolve(FILE())).toMatchObject({ name: 'prod', active: true });
    try {
      repo.resolve(FILE(), 'staging');
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(ToolError);
      expect((err as ToolError).message).toBe("Context 'staging' does not exist.");
      expect((err as ToolError).hint).toBe('run `octo-cli -c ListContexts` to see the contexts');
    }
    // An active context that names no entry is no active context.
    expect(repo.resolve(parseContextsFile('{"ActiveContext":"gone","Contexts":{"a":{}}}', 'p'))).toBeUndefined();
  });

  it('a context named like an Object property is an own entry', () => {
    const map = contextMap({ constructor: {}, toString: { x: 1 } as never });
    expect(Object.keys(map)).toEqual(['constructor', 'toString']);
    expect(map.hasOwnProperty).toBeUndefined();
  });

  it('the folder: OCTO_CLI_HOME (trimmed) or ~/.octo-cli', () => {
    expect(resolveHome({ OCTO_CLI_HOME: ' /tmp/x ' })).toBe('/tmp/x');
    expect(resolveHome({ OCTO_CLI_HOME: '  ' })).toMatch(/[/\\]\.octo-cli$/);
    expect(resolveHome({})).toMatch(/[/\\]\.octo-cli$/);
  });
});

describe('writing', () => {
  it('null properties and a null active context are left out; unknown fields stay', async () => {
    const repo = new ContextRepository(h.home);
    await repo.write({ ActiveContext: null, Contexts: contextMap({ a: { OctoToolOptions: { TenantId: 't', AssetServiceUrl: null }, Authentication: null, Extra: [1, null] } }), Other: 'kept' });
    const written = readFileSync(file(), 'utf8');
    expect(JSON.parse(written)).toEqual({ Contexts: { a: { OctoToolOptions: { TenantId: 't' }, Extra: [1, null] } }, Other: 'kept' });
    expect(written.endsWith('}\n')).toBe(true);
    expect(written).toContain('\n  "Contexts"');
    if (process.platform !== 'win32') expect(statSync(file()).mode & 0o777).toBe(0o600);
  });

  it('update reads, changes and writes under the lock, and returns what the change returned', async () => {
    const repo = new ContextRepository(h.home);
    const result = await repo.update((f) => {
      f.Contexts.x = { OctoToolOptions: { TenantId: 'x' } };
      f.ActiveContext = 'x';
      return 'done';
    });
    expect(result).toBe('done');
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({ ActiveContext: 'x', Contexts: { x: { OctoToolOptions: { TenantId: 'x' } } } });
  });

  it('a missing folder is created 0700 by the first write, not by a read', async () => {
    const home = join(h.home, 'nested', 'octo');
    const repo = new ContextRepository(home);
    expect(Object.keys((await repo.load()).Contexts)).toEqual([]);
    expect(existsSync(home)).toBe(false);
    await repo.update(() => undefined);
    if (process.platform !== 'win32') expect(statSync(home).mode & 0o777).toBe(0o700);
  });

  it('settings.json of the old tool becomes the context "default", with a note; a broken one is skipped with a warning', async () => {
    const notes: string[] = [];
    writeFileSync(join(h.home, 'settings.json'), JSON.stringify({ OctoToolOptions: { IdentityServiceUrl: 'https://id/', TenantId: 't' } }));
    const f = await new ContextRepository(h.home, (m) => notes.push(m)).load();
    expect(f.ActiveContext).toBe('default');
    expect(f.Contexts.default).toEqual({ OctoToolOptions: { IdentityServiceUrl: 'https://id/', TenantId: 't' }, Authentication: null });
    expect(notes).toEqual(['Migrating settings.json to contexts.json', "Migration complete. Settings imported as 'default' context."]);
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({ ActiveContext: 'default', Contexts: { default: { OctoToolOptions: { IdentityServiceUrl: 'https://id/', TenantId: 't' } } } });

    const other = tempHome();
    try {
      const warned: string[] = [];
      writeFileSync(join(other.home, 'settings.json'), '{broken');
      const g = await new ContextRepository(other.home, (m) => warned.push(m)).load();
      expect(Object.keys(g.Contexts)).toEqual([]);
      expect(g.ActiveContext).toBeNull();
      expect(warned[1]).toMatch(/^warning: could not migrate .*settings\.json \(.*\); starting with no contexts$/);
      expect(existsSync(join(other.home, 'contexts.json'))).toBe(false);
    } finally {
      other.cleanup();
    }
  });

  it('an empty settings.json object gives a "default" context with empty options', async () => {
    writeFileSync(join(h.home, 'settings.json'), '{}');
    const f = await new ContextRepository(h.home).load();
    expect(f.Contexts.default).toEqual({ OctoToolOptions: {}, Authentication: null });
  });
});

describe('the folder', () => {
  it.skipIf(process.platform === 'win32')('a folder others can write to is refused with its mode and a hint', async () => {
    chmodSync(h.home, 0o777);
    try {
      await new ContextRepository(h.home).load();
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).message).toBe(`refusing to use the octo-cli folder ${h.home}: other users can write to it (mode 0777)`);
      expect((err as ConfigError).hint).toBe(`use a folder only you can write to: \`chmod go-w ${h.home}\`, or set OCTO_CLI_HOME to another folder`);
    } finally {
      chmodSync(h.home, 0o700);
    }
    chmodSync(h.home, 0o720);
    await expect(new ContextRepository(h.home).load()).rejects.toThrow('(mode 0720)');
    chmodSync(h.home, 0o702);
    await expect(new ContextRepository(h.home).load()).rejects.toThrow('(mode 0702)');
    chmodSync(h.home, 0o755);
    await expect(new ContextRepository(h.home).load()).resolves.toBeDefined();
  });

  it('a file where the folder should be is refused', async () => {
    const notAFolder = join(h.home, 'file');
    writeFileSync(notAFolder, 'x');
    const err = (await new ContextRepository(notAFolder).load().catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`the octo-cli folder ${notAFolder} is not a folder`);
    expect(err.hint).toBe('set OCTO_CLI_HOME to a folder');
  });

  it('a folder that cannot be looked at is a configuration error naming it', async () => {
    const inside = join(h.home, 'file', 'below');
    writeFileSync(join(h.home, 'file'), 'x');
    await expect(new ContextRepository(inside).load()).rejects.toThrow(`cannot use the octo-cli folder ${inside}: `);
  });
});
