/**
 * Issue 10 item 11: one classification of transport failures for every request the tool makes. Sign-in, discovery
 * and token refresh fail with the same line and exit code (253) as an admin call meeting the same fault.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/run.js';
import { expectFailure, freePort, pointAt } from '../hardening/helpers.js';

let home: { home: string; cleanup(): void };
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

const memory = { OCTO_CLI_TOKEN_STORE: 'memory' };

describe('a stopped service', () => {
  let url: string;
  beforeEach(async () => {
    url = `http://127.0.0.1:${await freePort()}`;
    pointAt(home.home, `${url}/`);
  });
  const refused = () => `cannot connect to ${url}: connection refused (is the service running?)`;

  it('GetClients (the admin call the others must match)', async () => {
    expectFailure(await runCli(['-c', 'GetClients'], { home: home.home, env: { OCTO_CLI_ACCESS_TOKEN: 't' } }), 253, refused());
  });

  it('LogInClientCredentials', async () => {
    const r = await runCli(['-c', 'LogInClientCredentials', '-id', 'ci', '-s', '-'], { home: home.home, stdin: 'secret', env: memory });
    expectFailure(r, 253, refused(), [`Client-credentials log-in at '${url}' for tenant 'octosystem' as client 'ci'...`]);
  });

  it('LogIn (device flow)', async () => {
    // The memory store's own warning comes first (the tokens would be discarded), then the one error line.
    expectFailure(await runCli(['-c', 'LogIn'], { home: home.home, env: memory }), 253, refused(), [
      'warning: OCTO_CLI_TOKEN_STORE=memory: the tokens of this sign-in are discarded when octo-cli exits; later commands will not be signed in (unset it to keep them in the OS keychain)',
    ]);
  });

  it('GetClients whose expired token needs a refresh (legacy tokens from contexts.json)', async () => {
    writeFileSync(
      join(home.home, 'contexts.json'),
      JSON.stringify({
        ActiveContext: 'f',
        Contexts: { f: { OctoToolOptions: { IdentityServiceUrl: `${url}/`, TenantId: 'octosystem' }, Authentication: { AccessToken: 'old', AccessTokenExpiresAt: '2000-01-01T00:00:00Z', RefreshToken: 'refresh-secret' } } },
      }),
    );
    const r = await runCli(['-c', 'GetClients'], { home: home.home, env: memory });
    expectFailure(r, 253, refused());
    expect(r.stderr).not.toContain('refresh-secret');
  });
});

describe('a host that does not resolve', () => {
  it('LogInClientCredentials names the DNS failure (253), as an admin call does', async () => {
    pointAt(home.home, 'https://nothing.invalid/');
    const r = await runCli(['-c', 'LogInClientCredentials', '-id', 'ci', '-s', '-'], { home: home.home, stdin: 'secret', env: memory });
    expect(r.code, r.stderr).toBe(253);
    expect(r.stderr.split('\n').at(-2)).toBe('error: cannot resolve the host of https://nothing.invalid (DNS lookup failed)');
  });
});
