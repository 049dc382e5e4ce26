/** Helpers for the sign-in tests: a context pointing at a local service, approvals, secret scanning. */
import { afterEach } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import type { KeyringBackend } from '../../src/auth/stores/keychain.js';
import { runCli, tempHome, type RunOptions, type RunResult } from '../helpers/run.js';
import { deviceLogin } from '../helpers/server.js';

export async function addContext(home: string, server: { url: string }, name = 'local', tenant = 'octosystem', env: NodeJS.ProcessEnv = {}): Promise<void> {
  const r = await runCli(['-c', 'AddContext', '-n', name, '-isu', server.url, '-tid', tenant], { home, env });
  if (r.code !== 0) throw new Error(`AddContext failed: ${r.stderr}`);
}

/** Tokens in a file under the temporary home, where a test can read and plant them. */
export const fileEnv = { OCTO_CLI_TOKEN_STORE: 'file' };

/**
 * Called once per test file: returns a maker of temporary homes whose context `local` points at the server (tenant
 * octosystem, file token store); the homes are removed after each test.
 */
export function localContextHomes(server: () => { url: string }): () => Promise<string> {
  const homes: Array<{ cleanup(): void }> = [];
  afterEach(() => homes.splice(0).forEach((h) => h.cleanup()));
  return async () => {
    const h = tempHome();
    homes.push(h);
    await addContext(h.home, server(), 'local', 'octosystem', fileEnv);
    return h.home;
  };
}

export async function decide(server: RunningServer, userCode: string, decision: 'approve' | 'deny', username = server.adminUser): Promise<void> {
  const res = await fetch(`${server.url}/_local/device/${decision}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userCode, username }),
  });
  if (!res.ok) throw new Error(`${decision} failed: ${res.status} ${await res.text()}`);
}

/** The user code from a verification_uri_complete (`…?userCode=123`) or the JSON prompt line. */
export function userCodeOf(url: string): string {
  const code = new URL(url).searchParams.get('userCode') ?? new URL(url).searchParams.get('user_code');
  if (!code) throw new Error(`no user code in ${url}`);
  return code;
}

/**
 * LogIn in-process with `-i`: the injected browser opener approves (or denies) the code it is given, as a user
 * would in the browser.
 */
export function logInApproving(server: RunningServer, home: string, opts: RunOptions & { decision?: 'approve' | 'deny'; args?: string[] } = {}): Promise<RunResult> {
  const { decision = 'approve', args = [], ...rest } = opts;
  return runCli(['-c', 'LogIn', '-i', ...args], {
    home,
    ...rest,
    openUrl: async (url) => {
      const code = userCodeOf(url);
      setTimeout(() => void decide(server, code, decision).catch(() => {}), 50);
    },
  });
}

/** Every value that must never appear in output. */
export function assertNoSecrets(outputs: string[], secrets: Array<string | undefined>): void {
  for (const secret of secrets) {
    if (!secret || secret.length < 8) continue;
    for (const out of outputs) {
      if (out.includes(secret)) throw new Error(`a secret (${secret.slice(0, 6)}…) appears in the output:\n${out}`);
    }
  }
}

/** A client_credentials client created through the admin API with a device-flow token (as the original's AddClientCredentialsClient does). */
export async function createClientCredentialsClient(server: RunningServer, clientId: string, secret: string, tenant = 'octosystem'): Promise<void> {
  const { access_token } = await deviceLogin(server, tenant);
  const res = await fetch(`${server.url}/${tenant}/v1/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      isEnabled: true,
      clientId,
      clientName: clientId,
      clientSecret: secret,
      requireClientSecret: true,
      allowedGrantTypes: ['client_credentials'],
      allowedScopes: ['octo_api'],
      isOfflineAccessEnabled: true,
    }),
  });
  if (!res.ok) throw new Error(`creating the client failed: ${res.status} ${await res.text()}`);
}

/** A keyring in memory (the OS keychain as the token stores see it), optionally with entries. */
export function memoryKeyring(initial: Record<string, string> = {}): KeyringBackend & { entries: Map<string, string> } {
  const entries = new Map(Object.entries(initial));
  return {
    entries,
    get: async (a) => entries.get(a) ?? null,
    set: async (a, v) => void entries.set(a, v),
    delete: async (a) => entries.delete(a),
    list: async () => [...entries.keys()],
  };
}

/** A keyring that cannot be reached, as on a headless Linux box without a Secret Service. */
export const unreachableKeyring: KeyringBackend = {
  get: async () => {
    throw new Error('Platform failure: no D-Bus session bus');
  },
  set: async () => {
    throw new Error('Platform failure: no D-Bus session bus');
  },
  delete: async () => false,
  list: async () => [],
};

/** A fetch that records `METHOD /path` of every request it passes on. */
export function pathSpy(): { paths: string[]; fetch: typeof fetch } {
  const paths: string[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    paths.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
    return fetch(input, init);
  }) as typeof fetch;
  return { paths, fetch: fetchImpl };
}
