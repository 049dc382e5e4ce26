/**
 * CI is non-interactive (issue 10, item 17): a CI runner that allocates a terminal must never hang on a prompt.
 * With CI set (any value but "", "false" or "0") confirmations need --yes, a new client's secret is generated
 * without asking, and the device sign-in draws no spinner or QR code.
 */
import { describe, expect, it } from 'vitest';
import { cmd, fakeApi } from '../commands/fake-api.js';
import { isCI } from '../../src/cli/io.js';
import type { ClientDto } from '../../src/api/resources/clients.js';
import { runCli, tempHome } from '../helpers/run.js';
import { ISSUER, fakeOAuth, userTokens } from '../auth/fake-oauth.js';

describe('isCI', () => {
  it('is on for any non-empty value except "false" and "0"', () => {
    for (const value of ['true', '1', 'yes', 'TRUE', 'woodpecker']) expect(isCI({ CI: value })).toBe(true);
    for (const value of [undefined, '', 'false', 'FALSE', '0']) expect(isCI({ CI: value })).toBe(false);
  });
});

describe('CI on a terminal', () => {
  it('a confirmation is refused without --yes instead of asking (y/N), even when the user would type y', async () => {
    const api = fakeApi({ 'DELETE clients/app': {} });
    const r = await cmd(api, ['-c', 'DeleteClient', '-id', 'app'], { tty: true, input: 'y\n', env: { CI: 'true' } });
    expect(r.code).toBe(251);
    expect(r.stderr).not.toContain('(y/N)');
    expect(r.stderr).toContain('confirmation required but prompts are off (CI is set, or -o json) (pass --yes (-y) to confirm)');
    expect(api.requests).toEqual([]);
  });

  it('CI=false or CI=0 still asks', async () => {
    for (const value of ['false', '0']) {
      const api = fakeApi({ 'DELETE clients/app': {} });
      const r = await cmd(api, ['-c', 'DeleteClient', '-id', 'app'], { tty: true, input: 'y\n', env: { CI: value } });
      expect(r.stderr).toContain("Are you sure you want to delete client 'app'? (y/N): ");
      expect(r.code).toBe(0);
    }
  });

  it('a new client without a secret gets a generated one without the (Y/n) question', async () => {
    const api = fakeApi({ 'POST clients': {} });
    const r = await cmd(api, ['-c', 'AddClientCredentialsClient', '-id', 'svc', '-n', 'Service'], { tty: true, input: 'n\n', env: { CI: 'true' } });
    expect(r.stderr).not.toContain('(Y/n)');
    expect(r.code).toBe(0);
    expect((api.requests[0]!.body as ClientDto).clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('the device sign-in draws no spinner and no QR code, and says how often it checks', async () => {
    const h = tempHome();
    try {
      expect((await runCli(['-c', 'AddContext', '-n', 'dev', '-isu', ISSUER, '-tid', 'meshtest'], { home: h.home })).code).toBe(0);
      const NOW = Date.parse('2026-06-01T12:00:00Z');
      const oauth = fakeOAuth({ token: [{ status: 400, body: { error: 'authorization_pending' } }, userTokens(NOW)] });
      const env = { OCTO_CLI_TOKEN_STORE: 'memory', CI: 'true' };
      const r = await runCli(['-c', 'LogIn'], { home: h.home, env, tty: true, fetch: oauth.fetch, sleep: async () => {}, now: () => NOW });
      expect(r.code).toBe(0);
      expect(r.stderr).not.toContain('\r');
      expect(r.stderr).not.toContain('Scan the QR code');
      expect(r.stderr).toContain('Waiting for the sign-in to be approved (checking every 5 s)');
    } finally {
      h.cleanup();
    }
  });
});
