/**
 * The session over its stores when something is wrong with one of them, without any network: a damaged keychain
 * entry is skipped with a warning, a store that cannot be read or written is an auth error naming it, sign-out
 * reports a store it could not clear, and which stores each OCTO_CLI_TOKEN_STORE mode reads, writes and clears.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSessionProvider, locate, removeEverywhere, saveTokens, withTokenLock, clientCredentialsFromEnv } from '../../src/auth/session.js';
import { TokenStores, tokenStores, storeMode } from '../../src/auth/stores/index.js';
import { FileStore } from '../../src/auth/stores/file.js';
import type { KeyringBackend } from '../../src/auth/stores/keychain.js';
import type { AuthContext } from '../../src/auth/context.js';
import type { TokenStore } from '../../src/auth/types.js';
import { createLogger } from '../../src/cli/log.js';
import { ContextRepository } from '../../src/config/contexts.js';
import { AuthError, ConfigError } from '../../src/errors.js';
import { tempHome } from '../helpers/run.js';
import { memoryKeyring as keyring, unreachableKeyring as unreachable } from './helpers.js';

const homes: Array<{ cleanup(): void }> = [];
afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));

function context(env: NodeJS.ProcessEnv = {}, ring: KeyringBackend = unreachable, contexts?: unknown): { ctx: AuthContext; stderr: () => string; home: string } {
  const h = tempHome();
  homes.push(h);
  if (contexts) writeFileSync(join(h.home, 'contexts.json'), JSON.stringify(contexts));
  let err = '';
  const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((err += s), true) } };
  const ctx: AuthContext = {
    env,
    now: () => Date.parse('2030-01-01T00:00:00Z'),
    home: h.home,
    contexts: new ContextRepository(h.home),
    log: createLogger(io as never, { verbose: true }),
    fetch: (async () => {
      throw new Error('no network expected');
    }) as typeof fetch,
    sleep: async () => {},
    signal: new AbortController().signal,
  };
  tokenStores(ctx, { keyring: ring });
  return { ctx, stderr: () => err, home: h.home };
}

const key = { contextName: 'Dev', identityUrl: 'https://id.example.com' };

describe('reading tokens', () => {
  it('a damaged keychain entry is skipped with a warning, and the file store is asked next', async () => {
    const { ctx, stderr, home } = context({}, keyring({ 'dev@id.example.com': 'not tokens' }));
    await new FileStore(home).set(key, { accessToken: 'from-file' });
    const found = await locate(ctx, key);
    expect(found?.tokens.accessToken).toBe('from-file');
    expect(found?.store?.kind).toBe('file');
    expect(stderr()).toContain("warning: the keychain entry 'dev@id.example.com' does not hold tokens; ignoring it (sign in again to replace it)");
  });

  it('a store that cannot be read is an auth error naming it, not "not signed in"', async () => {
    const { ctx, home } = context({ OCTO_CLI_TOKEN_STORE: 'file' });
    writeFileSync(join(home, 'credentials.json'), '{"tokens":', { mode: 0o600 });
    const err = (await locate(ctx, key).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toBe(`${join(home, 'credentials.json')} is damaged (not valid JSON)`);
    const broken: TokenStore = { kind: 'file', location: 'the test store', get: async () => Promise.reject(new Error('disk on fire')), set: async () => {}, delete: async () => false, deleteContext: async () => 0 };
    const stores = tokenStores(ctx);
    stores.readable = async () => [broken];
    const wrapped = (await locate(ctx, key).catch((e: unknown) => e)) as AuthError;
    expect(wrapped).toBeInstanceOf(AuthError);
    expect(wrapped.message).toBe('cannot read the tokens from the test store: disk on fire');
  });

  it('tokens found are masked in everything the CLI writes', async () => {
    const { ctx, stderr, home } = context({ OCTO_CLI_TOKEN_STORE: 'file' });
    await new FileStore(home).set(key, { accessToken: 'access-secret-1', refreshToken: 'refresh-secret-2', idToken: 'id-secret-3' });
    await locate(ctx, key);
    ctx.log.warn('leak access-secret-1 refresh-secret-2 id-secret-3');
    expect(stderr()).not.toMatch(/access-secret-1|refresh-secret-2|id-secret-3/);
  });

  it('nothing stored anywhere: undefined', async () => {
    const { ctx } = context({ OCTO_CLI_TOKEN_STORE: 'file' });
    expect(await locate(ctx, key)).toBeUndefined();
  });
});

describe('writing and clearing', () => {
  it('a store that refuses the tokens is an auth error naming it; a CLI error passes as it is', async () => {
    const { ctx } = context({ OCTO_CLI_TOKEN_STORE: 'file' });
    const failing = (err: Error): TokenStore => ({ kind: 'keychain', location: 'the test keychain', get: async () => undefined, set: async () => Promise.reject(err), delete: async () => false, deleteContext: async () => 0 });
    const e1 = (await saveTokens(ctx, failing(new Error('locked')), key, { accessToken: 'a' }).catch((e: unknown) => e)) as AuthError;
    expect(e1).toBeInstanceOf(AuthError);
    expect(e1.message).toBe('cannot store the tokens in the test keychain: locked');
    const own = new ConfigError('bad setting');
    expect(await saveTokens(ctx, failing(own), key, { accessToken: 'a' }).catch((e: unknown) => e)).toBe(own);
  });

  it('sign-out clears the keychain, file and memory stores (contexts.json only when asked), and reports failures', async () => {
    const ring = keyring();
    const { ctx, stderr, home } = context({}, ring, { ActiveContext: 'dev', Contexts: { dev: { Authentication: { AccessToken: 'legacy' } } } });
    const stores = tokenStores(ctx);
    await (await stores.keychain()).store!.set(key, { accessToken: 'k' });
    await new FileStore(home).set(key, { accessToken: 'f' });
    await stores.memory.set(key, { accessToken: 'm' });
    const { removedFrom, failed } = await removeEverywhere(ctx, 'DEV', { legacy: false });
    expect(removedFrom.map((s) => s.kind)).toEqual(['keychain', 'file', 'memory']);
    expect(failed).toEqual([]);
    expect(ring.entries.size).toBe(0);
    expect((await stores.legacy.get({ contextName: 'dev', identityUrl: '' }))?.accessToken).toBe('legacy');
    expect((await removeEverywhere(ctx, 'dev', { legacy: true })).removedFrom.map((s) => s.kind)).toEqual(['legacy']);

    // A store that fails: the others are still cleared and the failure is a warning.
    await new FileStore(home).set(key, { accessToken: 'f2' });
    (await stores.keychain()).store!.deleteContext = async () => Promise.reject(new Error('keychain locked'));
    await createSessionProvider().forget(ctx, 'dev');
    expect(await new FileStore(home).get(key)).toBeUndefined();
    expect(stderr()).toContain("warning: could not remove the tokens of context 'dev' from the OS keychain (service 'octo-cli'): keychain locked");
  });

  it('the token lock file of a context has a safe name in the octo-cli folder', async () => {
    const { ctx } = context();
    expect(await withTokenLock(ctx, '../Évil name', async () => 'ran')).toBe('ran');
  });
});

describe('environment credentials', () => {
  it('need both a client id (trimmed) and a secret', () => {
    expect(clientCredentialsFromEnv({ OCTO_CLI_CLIENT_ID: ' ci ', OCTO_CLI_CLIENT_SECRET: 's' })).toEqual({ clientId: 'ci', clientSecret: 's' });
    expect(clientCredentialsFromEnv({ OCTO_CLI_CLIENT_ID: ' ', OCTO_CLI_CLIENT_SECRET: 's' })).toBeUndefined();
    expect(clientCredentialsFromEnv({ OCTO_CLI_CLIENT_ID: 'ci' })).toBeUndefined();
    expect(clientCredentialsFromEnv({ OCTO_CLI_CLIENT_SECRET: 's' })).toBeUndefined();
  });
});

describe('the sign-in of a context for ListContexts', () => {
  it('found by the context name in any case, keyed by its identity URL', async () => {
    const { ctx, home } = context({ OCTO_CLI_TOKEN_STORE: 'file' }, unreachable, { Contexts: { Dev: { OctoToolOptions: { IdentityServiceUrl: 'https://id.example.com/' } } } });
    await new FileStore(home).set(key, { accessToken: 'a', accessTokenExpiresAt: '2031-01-01T00:00:00.000Z', refreshToken: 'r' });
    expect(await createSessionProvider().describe(ctx, 'DEV')).toEqual({ status: 'valid', accessTokenExpiresAt: '2031-01-01T00:00:00.000Z', hasRefreshToken: true, source: 'file' });
    await new FileStore(home).set(key, { accessToken: 'a', accessTokenExpiresAt: '2030-01-01T00:00:00.000Z' });
    expect(await createSessionProvider().describe(ctx, 'dev')).toEqual({ status: 'expired', accessTokenExpiresAt: '2030-01-01T00:00:00.000Z', hasRefreshToken: false, source: 'file' });
  });
});

describe('store selection', () => {
  const ctxWith = (env: NodeJS.ProcessEnv) => {
    const h = tempHome();
    homes.push(h);
    return { env, now: Date.now, home: h.home, contexts: new ContextRepository(h.home), log: createLogger({ stdout: { write: () => true }, stderr: { write: () => true } } as never, { verbose: false }) } as unknown as AuthContext;
  };

  it('modes: auto (unset, blank or "auto"), keychain, file, memory in any case; anything else is a configuration error', () => {
    for (const v of [undefined, '', ' ', 'AUTO']) expect(storeMode({ OCTO_CLI_TOKEN_STORE: v })).toBe('auto');
    expect(storeMode({ OCTO_CLI_TOKEN_STORE: ' Keychain ' })).toBe('keychain');
    expect(storeMode({ OCTO_CLI_TOKEN_STORE: 'MEMORY' })).toBe('memory');
    expect(() => storeMode({ OCTO_CLI_TOKEN_STORE: 'vault' })).toThrow(ConfigError);
    expect(() => storeMode({ OCTO_CLI_TOKEN_STORE: 'vault' })).toThrow("OCTO_CLI_TOKEN_STORE must be keychain, file or memory (or unset), got 'vault'");
  });

  it('what each mode reads and clears', async () => {
    const ring = keyring();
    expect((await new TokenStores(ctxWith({ OCTO_CLI_TOKEN_STORE: 'memory' }), { keyring: ring }).readable()).map((s) => s.kind)).toEqual(['memory', 'legacy']);
    expect((await new TokenStores(ctxWith({ OCTO_CLI_TOKEN_STORE: 'file' }), { keyring: ring }).readable()).map((s) => s.kind)).toEqual(['file', 'legacy']);
    expect((await new TokenStores(ctxWith({ OCTO_CLI_TOKEN_STORE: 'keychain' }), { keyring: ring }).readable()).map((s) => s.kind)).toEqual(['keychain', 'legacy']);
    expect((await new TokenStores(ctxWith({ OCTO_CLI_TOKEN_STORE: 'memory' }), { keyring: ring }).all({ legacy: false })).map((s) => s.kind)).toEqual(['memory']);
    expect((await new TokenStores(ctxWith({ OCTO_CLI_TOKEN_STORE: 'file' }), { keyring: ring }).all({ legacy: true })).map((s) => s.kind)).toEqual(['file', 'memory', 'legacy']);
    expect((await new TokenStores(ctxWith({ OCTO_CLI_TOKEN_STORE: 'keychain' }), { keyring: ring }).all({ legacy: false })).map((s) => s.kind)).toEqual(['keychain', 'file', 'memory']);
    expect((await new TokenStores(ctxWith({}), { keyring: unreachable }).all({ legacy: false })).map((s) => s.kind)).toEqual(['file', 'memory']);
    expect((await new TokenStores(ctxWith({ OCTO_CLI_TOKEN_STORE: 'keychain' }), { keyring: ring }).writable({ insecureAllowed: false })).kind).toBe('keychain');
  });

  it('the keychain service: OCTO_CLI_KEYCHAIN_SERVICE (trimmed) or octo-cli', async () => {
    expect(new TokenStores(ctxWith({ OCTO_CLI_KEYCHAIN_SERVICE: ' test-svc ' })).service).toBe('test-svc');
    expect(new TokenStores(ctxWith({ OCTO_CLI_KEYCHAIN_SERVICE: ' ' })).service).toBe('octo-cli');
    const s = new TokenStores(ctxWith({ OCTO_CLI_KEYCHAIN_SERVICE: 'test-svc' }), { keyring: keyring() });
    expect((await s.writable({ insecureAllowed: false })).location).toBe("the OS keychain (service 'test-svc')");
  });

  it('in auto mode a keychain write after the probing read goes to the keychain; with no keychain it is an error naming why', async () => {
    const ring = keyring();
    const auto = new TokenStores(ctxWith({}), { keyring: ring });
    const [probing] = await auto.readable();
    expect(probing!.kind).toBe('keychain');
    expect(probing!.location).toBe("the OS keychain (service 'octo-cli')");
    await probing!.set(key, { accessToken: 'k' });
    expect(await probing!.get(key)).toEqual({ accessToken: 'k' });
    expect(await probing!.deleteContext('dev')).toBe(1);
    const down = new TokenStores(ctxWith({}), { keyring: unreachable });
    const [probe] = await down.readable();
    const err = await probe!.set(key, { accessToken: 'k' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).message).toMatch(/no OS keychain is reachable.*Platform failure: no D-Bus session bus/);
    expect(await probe!.get(key)).toBeUndefined();
  });

  it('one set of stores per command run', () => {
    const ctx = ctxWith({});
    expect(tokenStores(ctx)).toBe(tokenStores(ctx));
    expect(tokenStores(ctxWith({}))).not.toBe(tokenStores(ctx));
  });
});
