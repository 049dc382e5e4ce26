/** The token stores behind one interface: keychain chunking (fake backend), the 0600 file, memory, selection. */
import { afterEach, describe, expect, test } from 'vitest';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeychainStore, KeychainCorruptError, WINDOWS_MAX_ENTRY_CHARS, DEFAULT_MAX_ENTRY_CHARS, type KeyringBackend } from '../../src/auth/stores/keychain.js';
import { FileStore } from '../../src/auth/stores/file.js';
import { MemoryStore } from '../../src/auth/stores/memory.js';
import { TokenStores, storeMode } from '../../src/auth/stores/index.js';
import { accountName } from '../../src/auth/stores/shared.js';
import type { StoredTokens } from '../../src/auth/types.js';
import type { RunContext } from '../../src/cli/context.js';
import { createLogger } from '../../src/cli/log.js';
import { ContextRepository } from '../../src/config/contexts.js';
import { AuthError } from '../../src/errors.js';
import { tempHome } from '../helpers/run.js';

/** Like Windows Credential Manager: a blob holds at most 2,560 bytes, and keyring stores passwords as UTF-16. */
function fakeWindowsKeyring(): KeyringBackend & { entries: Map<string, string>; writes: string[] } {
  const entries = new Map<string, string>();
  const writes: string[] = [];
  return {
    entries,
    writes,
    async get(account) {
      return entries.get(account) ?? null;
    },
    async set(account, value) {
      if (Buffer.byteLength(value, 'utf16le') > 2560) throw new Error(`CRED_MAX_CREDENTIAL_BLOB_SIZE exceeded for ${account}`);
      writes.push(account);
      entries.set(account, value);
    },
    async delete(account) {
      return entries.delete(account);
    },
    async list() {
      return [...entries.keys()];
    },
  };
}

const key = { contextName: 'Prod', identityUrl: 'https://identity.example.com:5003/' };
const big = (n: number): StoredTokens => ({ accessToken: 'a'.repeat(n), refreshToken: 'r'.repeat(600), accessTokenExpiresAt: '2030-01-01T00:00:00.000Z', method: 'device_code' });

describe('KeychainStore', () => {
  test('account is the context name lowercased + identity host', () => {
    expect(accountName(key)).toBe('prod@identity.example.com:5003');
    expect(accountName({ contextName: 'x', identityUrl: 'https://h/idp/' })).toBe('x@h/idp');
  });

  test('entries are split only where the platform needs it (Windows)', () => {
    expect(DEFAULT_MAX_ENTRY_CHARS).toBe(process.platform === 'win32' ? WINDOWS_MAX_ENTRY_CHARS : 64_000);
  });

  test('small tokens are one entry', async () => {
    const backend = fakeWindowsKeyring();
    const store = new KeychainStore(backend, 'octo-cli');
    const tokens = big(300);
    await store.set(key, tokens);
    expect([...backend.entries.keys()]).toEqual(['prod@identity.example.com:5003']);
    expect(await store.get(key)).toEqual(tokens);
  });

  test('large tokens are split into chunks that fit the Windows limit, and read back whole', async () => {
    const backend = fakeWindowsKeyring();
    const store = new KeychainStore(backend, 'octo-cli', { maxEntryChars: WINDOWS_MAX_ENTRY_CHARS });
    const tokens = big(6000);
    await store.set(key, tokens);
    const accounts = [...backend.entries.keys()].sort();
    expect(accounts.length).toBeGreaterThan(5);
    expect(accounts).toContain('prod@identity.example.com:5003#chunk1');
    expect(backend.entries.get('prod@identity.example.com:5003')).toMatch(/^octo-cli-chunks:v1:\d+:/);
    // The header is written after its chunks.
    expect(backend.writes.at(-1)).toBe('prod@identity.example.com:5003');
    expect(await store.get(key)).toEqual(tokens);
  });

  test('shrinking a value removes the chunks it no longer needs; delete removes all', async () => {
    const backend = fakeWindowsKeyring();
    const store = new KeychainStore(backend, 'octo-cli', { maxEntryChars: WINDOWS_MAX_ENTRY_CHARS });
    await store.set(key, big(6000));
    await store.set(key, big(2000));
    const chunks = [...backend.entries.keys()].filter((a) => a.includes('#chunk'));
    expect(chunks.length).toBe(Math.ceil(JSON.stringify(big(2000)).length / 1200));
    await store.set(key, big(100));
    expect([...backend.entries.keys()]).toEqual(['prod@identity.example.com:5003']);
    await store.set(key, big(6000));
    expect(await store.delete(key)).toBe(true);
    expect(backend.entries.size).toBe(0);
    expect(await store.delete(key)).toBe(false);
  });

  test('a torn or damaged chunked entry is detected, not misread', async () => {
    const backend = fakeWindowsKeyring();
    const store = new KeychainStore(backend, 'octo-cli', { maxEntryChars: WINDOWS_MAX_ENTRY_CHARS });
    await store.set(key, big(6000));
    backend.entries.set('prod@identity.example.com:5003#chunk2', 'x'.repeat(1200));
    await expect(store.get(key)).rejects.toBeInstanceOf(KeychainCorruptError);
    backend.entries.delete('prod@identity.example.com:5003#chunk2');
    await expect(store.get(key)).rejects.toThrow(/chunk 2 .* is missing/);
  });

  test('deleteContext removes the context at every identity host, and nothing else', async () => {
    const backend = fakeWindowsKeyring();
    const store = new KeychainStore(backend, 'octo-cli', { maxEntryChars: WINDOWS_MAX_ENTRY_CHARS });
    await store.set({ contextName: 'prod', identityUrl: 'https://a' }, big(10));
    await store.set({ contextName: 'PROD', identityUrl: 'https://b' }, big(5000));
    await store.set({ contextName: 'production', identityUrl: 'https://a' }, big(10));
    expect(await store.deleteContext('Prod')).toBe(2);
    expect([...backend.entries.keys()]).toEqual(['production@a']);
  });
});

describe('FileStore (credentials.json)', () => {
  const homes: Array<{ cleanup(): void }> = [];
  afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));
  const newHome = () => {
    const h = tempHome();
    homes.push(h);
    return h.home;
  };

  test('writes mode 0600 and reads back', async () => {
    const home = newHome();
    const store = new FileStore(home);
    await store.set(key, big(50));
    expect(statSync(join(home, 'credentials.json')).mode & 0o777).toBe(0o600);
    expect(await store.get(key)).toEqual(big(50));
    expect(await store.get({ ...key, identityUrl: 'https://other' })).toBeUndefined();
  });

  test('refuses to read a file others can read (POSIX modes)', async () => {
    const home = newHome();
    const store = new FileStore(home);
    await store.set(key, big(50));
    chmodSync(join(home, 'credentials.json'), 0o644);
    if (process.platform === 'win32') {
      expect(await store.get(key)).toEqual(big(50)); // no POSIX modes on Windows: the ACL of the profile folder protects it
      return;
    }
    const err = await store.get(key).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/refusing to read .*credentials\.json: its mode is 0644/);
    expect(err.hint).toContain('chmod 600');
    await expect(store.set(key, big(10))).rejects.toThrow(/refusing to read/);
  });

  test('a damaged file is an error with a way out', async () => {
    const home = newHome();
    writeFileSync(join(home, 'credentials.json'), '{not json', { mode: 0o600 });
    await expect(new FileStore(home).get(key)).rejects.toThrow(/credentials\.json is damaged/);
    // A torn token must not be quoted back by the JSON parser's message.
    writeFileSync(join(home, 'credentials.json'), '{"tokens":{"x":{"accessToken":"eyJSECRETPART', { mode: 0o600 });
    const err = await new FileStore(home).get(key).catch((e) => e);
    expect(err.message).toMatch(/credentials\.json is damaged \(not valid JSON\)/);
    expect(err.message).not.toContain('SECRETPART');
  });

  test('deleteContext removes every host of the context; a missing file is nothing to remove', async () => {
    const home = newHome();
    const store = new FileStore(home);
    expect(await store.deleteContext('prod')).toBe(0);
    await store.set({ contextName: 'prod', identityUrl: 'https://a' }, big(5));
    await store.set({ contextName: 'prod', identityUrl: 'https://b' }, big(5));
    await store.set({ contextName: 'dev', identityUrl: 'https://a' }, big(5));
    expect(await store.deleteContext('PROD')).toBe(2);
    expect(Object.keys(JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')).tokens)).toEqual(['dev@a']);
  });
});

test('MemoryStore is per home folder', async () => {
  const a = new MemoryStore('/a');
  const b = new MemoryStore('/b');
  await a.set(key, big(5));
  expect(await new MemoryStore('/a').get(key)).toEqual(big(5));
  expect(await b.get(key)).toBeUndefined();
  expect(await a.deleteContext('prod')).toBe(1);
});

describe('store selection', () => {
  const homes: Array<{ cleanup(): void }> = [];
  afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));

  function fakeCtx(env: NodeJS.ProcessEnv): { ctx: RunContext; stderr: () => string } {
    const h = tempHome();
    homes.push(h);
    let err = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((err += s), true) } } as unknown as RunContext['io'];
    const log = createLogger(io, { verbose: false });
    const ctx = { io, env, home: h.home, log, contexts: new ContextRepository(h.home) } as unknown as RunContext;
    return { ctx, stderr: () => err };
  }
  const unreachable: KeyringBackend = {
    get: async () => {
      throw new Error('Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead');
    },
    set: async () => {},
    delete: async () => false,
    list: async () => [],
  };

  test('OCTO_CLI_TOKEN_STORE parsing', () => {
    expect(storeMode({})).toBe('auto');
    expect(storeMode({ OCTO_CLI_TOKEN_STORE: 'File' })).toBe('file');
    expect(() => storeMode({ OCTO_CLI_TOKEN_STORE: 'vault' })).toThrow(/must be keychain, file or memory/);
  });

  test('auto: the first keychain read doubles as the probe (one round trip per admin command)', async () => {
    const backend = fakeWindowsKeyring();
    const { ctx } = fakeCtx({});
    await new KeychainStore(backend, 'octo-cli').set(key, big(100));
    let gets = 0;
    const counting: KeyringBackend = { ...backend, get: (a) => (gets++, backend.get(a)) };
    const stores = new TokenStores(ctx, { keyring: counting });
    const [first] = await stores.readable();
    expect(await first!.get(key)).toEqual(big(100));
    expect(gets).toBe(1);
    // Unreachable: reads as empty, then the file store is asked.
    const down = new TokenStores(fakeCtx({}).ctx, { keyring: unreachable });
    const [probing, next] = await down.readable();
    expect(await probing!.get(key)).toBeUndefined();
    expect(next!.kind).toBe('file');
    expect((await down.readable()).map((s) => s.kind)).toEqual(['file', 'legacy']);
  });

  test('auto with a reachable keychain writes to the keychain', async () => {
    const { ctx } = fakeCtx({});
    const stores = new TokenStores(ctx, { keyring: fakeWindowsKeyring() });
    expect((await stores.writable({ insecureAllowed: false })).kind).toBe('keychain');
    expect((await stores.readable()).map((s) => s.kind)).toEqual(['keychain', 'file', 'legacy']);
  });

  test('auto without a keychain refuses to store unless allowed, and then says so once', async () => {
    const { ctx, stderr } = fakeCtx({});
    const stores = new TokenStores(ctx, { keyring: unreachable });
    const err = await stores.writable({ insecureAllowed: false }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.exitCode).toBe(252);
    // One sentence, no parentheses inside parentheses (issue 15 §6).
    expect(err.message).toBe('no OS keychain is reachable to store the tokens: there is no D-Bus session bus and so no Secret Service, as on a headless Linux box');
    expect(`error: ${err.message} (${err.hint})`).not.toMatch(/\([^)]*\(/);
    expect(err.hint).toMatch(/pass --insecure-storage or set OCTO_CLI_TOKEN_STORE=file/);
    expect(stderr()).toBe('');
    expect((await stores.writable({ insecureAllowed: true })).kind).toBe('file');
    await stores.writable({ insecureAllowed: true });
    expect(stderr().match(/warning: no OS keychain is reachable/g)).toHaveLength(1);
    expect((await stores.readable()).map((s) => s.kind)).toEqual(['file', 'legacy']);
  });

  test('explicit modes', async () => {
    expect((await new TokenStores(fakeCtx({ OCTO_CLI_TOKEN_STORE: 'file' }).ctx, { keyring: unreachable }).writable({ insecureAllowed: false })).kind).toBe('file');
    expect((await new TokenStores(fakeCtx({ OCTO_CLI_TOKEN_STORE: 'memory' }).ctx, { keyring: unreachable }).writable({ insecureAllowed: false })).kind).toBe('memory');
    const keychainOnly = new TokenStores(fakeCtx({ OCTO_CLI_TOKEN_STORE: 'keychain' }).ctx, { keyring: unreachable });
    await expect(keychainOnly.writable({ insecureAllowed: true })).rejects.toThrow(/OCTO_CLI_TOKEN_STORE=keychain, but no OS keychain is reachable/);
    await expect(keychainOnly.readable()).rejects.toThrow(AuthError);
  });
});
