/**
 * What each token store keeps and gives back: the .NET tool's block in contexts.json (read, written back, cleared),
 * the 0600 credentials file (damaged, shared or foreign files refused), the per-home memory store, and the account
 * names that key them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LegacyStore } from '../../src/auth/stores/legacy.js';
import { FileStore } from '../../src/auth/stores/file.js';
import { MemoryStore } from '../../src/auth/stores/memory.js';
import { accountName, identityHost, parseStoredTokens } from '../../src/auth/stores/shared.js';
import { ContextRepository } from '../../src/config/contexts.js';
import { AuthError } from '../../src/errors.js';
import { tempHome } from '../helpers/run.js';

const homes: Array<{ cleanup(): void }> = [];
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));
function home(): string {
  const h = tempHome();
  homes.push(h);
  return h.home;
}
const key = (contextName = 'Dev') => ({ contextName, identityUrl: 'https://id.example.com:5003/' });

describe("the .NET tool's tokens in contexts.json", () => {
  function legacy(auth: unknown, extra: Record<string, unknown> = {}) {
    const dir = home();
    writeFileSync(join(dir, 'contexts.json'), JSON.stringify({ ActiveContext: 'dev', Contexts: { dev: { OctoToolOptions: { TenantId: 't' }, Authentication: auth, ...extra }, other: { Authentication: { AccessToken: 'other-token' } } } }));
    const contexts = new ContextRepository(dir);
    return { store: new LegacyStore(contexts), read: () => JSON.parse(readFileSync(contexts.path, 'utf8')), path: contexts.path };
  }

  it('reads the block of the context (any case), its expiry normalised; the refresh token when there is one', async () => {
    const { store } = legacy({ AccessToken: 'at', AccessTokenExpiresAt: '2099-07-02T15:04:05.1234567+02:00', RefreshToken: 'rt' });
    expect(await store.get(key('DEV'))).toEqual({ accessToken: 'at', accessTokenExpiresAt: '2099-07-02T13:04:05.123Z', refreshToken: 'rt', method: 'legacy' });
    expect(await store.get(key('nope'))).toBeUndefined();
  });

  it('no block, an empty or non-string access token: nothing; an unreadable expiry or empty refresh token: left out', async () => {
    for (const auth of [null, undefined, {}, { AccessToken: '' }, { AccessToken: 42 }]) {
      expect(await legacy(auth).store.get(key())).toBeUndefined();
    }
    expect(await legacy({ AccessToken: 'at', AccessTokenExpiresAt: 'someday', RefreshToken: '' }).store.get(key())).toEqual({ accessToken: 'at', accessTokenExpiresAt: undefined, refreshToken: undefined, method: 'legacy' });
    expect(await legacy({ AccessToken: 'at', AccessTokenExpiresAt: 5, RefreshToken: 7 }).store.get(key())).toEqual({ accessToken: 'at', accessTokenExpiresAt: undefined, refreshToken: undefined, method: 'legacy' });
  });

  it('writing back keeps the other fields of the block and of the file; missing values are removed', async () => {
    const { store, read } = legacy({ AccessToken: 'old', RefreshToken: 'old-rt', Scheme: 'Bearer' });
    await store.set(key(), { accessToken: 'new', accessTokenExpiresAt: '2099-01-01T00:00:00.000Z', refreshToken: 'new-rt' });
    expect(read().Contexts.dev.Authentication).toEqual({ AccessToken: 'new', AccessTokenExpiresAt: '2099-01-01T00:00:00.000Z', RefreshToken: 'new-rt', Scheme: 'Bearer' });
    await store.set(key(), { accessToken: 'newer' });
    expect(read().Contexts.dev.Authentication).toEqual({ AccessToken: 'newer', Scheme: 'Bearer' });
    expect(read().Contexts.other.Authentication).toEqual({ AccessToken: 'other-token' });
    // A context that is not in the file is not created.
    await store.set(key('ghost'), { accessToken: 'x' });
    expect(Object.keys(read().Contexts)).toEqual(['dev', 'other']);
  });

  it('a context without a block gets one', async () => {
    const { store, read } = legacy(undefined);
    await store.set(key(), { accessToken: 'first' });
    expect(read().Contexts.dev.Authentication).toEqual({ AccessToken: 'first' });
  });

  it('clearing removes the block of that context only, and says whether there was one', async () => {
    const { store, read, path } = legacy({ AccessToken: 'at', RefreshToken: 'rt' });
    expect(store.location).toBe(`${path} (tokens left by the .NET octo-cli)`);
    expect(await store.delete(key('DEV'))).toBe(true);
    expect(read().Contexts.dev.Authentication).toBeUndefined();
    expect(read().Contexts.dev.OctoToolOptions).toEqual({ TenantId: 't' });
    expect(read().Contexts.other.Authentication).toEqual({ AccessToken: 'other-token' });
    expect(await store.delete(key())).toBe(false);
    expect(await store.deleteContext('ghost')).toBe(0);
  });

  it('a block with only a refresh token counts as tokens to clear; an empty block does not', async () => {
    const refreshOnly = legacy({ RefreshToken: 'rt' });
    expect(await refreshOnly.store.deleteContext('dev')).toBe(1);
    const empty = legacy({ AccessToken: null, RefreshToken: '' });
    const before = readFileSync(empty.path, 'utf8');
    expect(await empty.store.deleteContext('dev')).toBe(0);
    expect(readFileSync(empty.path, 'utf8')).toBe(before);
  });
});

describe('the credentials file', () => {
  it('set, get, delete and deleteContext by account; the file is 0600', async () => {
    const dir = home();
    const store = new FileStore(dir);
    expect(store.location).toBe(`${join(dir, 'credentials.json')} (mode 0600)`);
    expect(await store.get(key())).toBeUndefined();
    expect(await store.delete(key())).toBe(false);
    expect(await store.deleteContext('dev')).toBe(0);
    expect(existsSync(store.path)).toBe(false);
    await store.set(key('Dev'), { accessToken: 'a1' });
    await store.set({ contextName: 'dev', identityUrl: 'https://other.example.com' }, { accessToken: 'a2' });
    await store.set({ contextName: 'devops', identityUrl: 'https://id.example.com:5003' }, { accessToken: 'a3' });
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual({
      version: 1,
      tokens: { 'dev@id.example.com:5003': { accessToken: 'a1' }, 'dev@other.example.com': { accessToken: 'a2' }, 'devops@id.example.com:5003': { accessToken: 'a3' } },
    });
    if (process.platform !== 'win32') expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(await store.get(key('DEV'))).toEqual({ accessToken: 'a1' });
    expect(await store.deleteContext('DEV')).toBe(2);
    expect(await store.get({ contextName: 'devops', identityUrl: 'https://id.example.com:5003' })).toEqual({ accessToken: 'a3' });
    expect(await store.delete({ contextName: 'devops', identityUrl: 'https://id.example.com:5003' })).toBe(true);
    expect(await store.delete({ contextName: 'devops', identityUrl: 'https://id.example.com:5003' })).toBe(false);
    expect(JSON.parse(readFileSync(store.path, 'utf8')).tokens).toEqual({});
  });

  it('a damaged file is an auth error that never quotes its content', async () => {
    const dir = home();
    const store = new FileStore(dir);
    for (const [text, reason] of [
      ['{"tokens": {"dev@h": "secret-token-part', 'not valid JSON'],
      ['{"version":1}', 'no "tokens" object'],
      ['{"tokens":null}', 'no "tokens" object'],
      ['null', 'no "tokens" object'],
      ['{"tokens":"x"}', 'no "tokens" object'],
    ] as const) {
      writeFileSync(store.path, text, { mode: 0o600 });
      const err = (await store.get(key()).catch((e: unknown) => e)) as AuthError;
      expect(err).toBeInstanceOf(AuthError);
      expect(err.message).toBe(`${store.path} is damaged (${reason})`);
      expect(err.message).not.toContain('secret-token-part');
      expect(err.hint).toBe(`remove it and sign in again: rm ${store.path} && octo-cli -c LogIn --insecure-storage`);
    }
  });

  it.skipIf(process.platform === 'win32')('a file others may read or write is refused, naming its mode', async () => {
    const dir = home();
    const store = new FileStore(dir);
    await store.set(key(), { accessToken: 'a' });
    for (const mode of [0o640, 0o604, 0o620, 0o602]) {
      chmodSync(store.path, mode);
      const err = (await store.get(key()).catch((e: unknown) => e)) as AuthError;
      expect(err).toBeInstanceOf(AuthError);
      expect(err.message).toBe(`refusing to read ${store.path}: its mode is 0${mode.toString(8)}, so other users may read the tokens in it`);
      expect(err.hint).toBe(`run \`chmod 600 ${store.path}\` if you trust its content, or remove it and sign in again`);
    }
    chmodSync(store.path, 0o400);
    expect(await store.get(key())).toEqual({ accessToken: 'a' });
  });
});

describe('the memory store', () => {
  it('is per home folder, gives copies, and deletes by context', async () => {
    const a = new MemoryStore(home());
    const b = new MemoryStore(home());
    const tokens = { accessToken: 'm1' };
    await a.set(key(), tokens);
    tokens.accessToken = 'changed';
    const got = (await a.get(key()))!;
    expect(got).toEqual({ accessToken: 'm1' });
    got.accessToken = 'changed too';
    expect(await a.get(key())).toEqual({ accessToken: 'm1' });
    expect(await b.get(key())).toBeUndefined();
    await a.set({ contextName: 'dev', identityUrl: 'https://x' }, { accessToken: 'm2' });
    await a.set({ contextName: 'devops', identityUrl: 'https://x' }, { accessToken: 'm3' });
    expect(await a.deleteContext('DEV')).toBe(2);
    expect(await a.get({ contextName: 'devops', identityUrl: 'https://x' })).toEqual({ accessToken: 'm3' });
    expect(await a.delete({ contextName: 'devops', identityUrl: 'https://x' })).toBe(true);
    expect(await a.delete({ contextName: 'devops', identityUrl: 'https://x' })).toBe(false);
    expect(a.location).toMatch(/^process memory/);
  });
});

describe('account names', () => {
  it('the context in lower case @ the identity host and path, without trailing slashes', () => {
    expect(accountName({ contextName: 'Prod', identityUrl: 'https://ID.Example.com:5003/' })).toBe('prod@id.example.com:5003');
    expect(identityHost('https://id.example.com/Tenant/Path//')).toBe('id.example.com/tenant/path');
    expect(identityHost('Not A URL')).toBe('not a url');
  });

  it('stored tokens: an object or its JSON text with an access token; anything else is nothing', () => {
    expect(parseStoredTokens({ accessToken: 'a', refreshToken: 'r' })).toEqual({ accessToken: 'a', refreshToken: 'r' });
    expect(parseStoredTokens('{"accessToken":"a"}')).toEqual({ accessToken: 'a' });
    for (const bad of ['{broken', 'null', null, undefined, [], ['a'], { accessToken: '' }, { accessToken: 1 }, { refreshToken: 'r' }, 5]) {
      expect(parseStoredTokens(bad)).toBeUndefined();
    }
  });
});
