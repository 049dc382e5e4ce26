/**
 * Issue 10, item 15: the octo-cli folder (OCTO_CLI_HOME or ~/.octo-cli). A new folder is created 0700; an existing
 * folder's mode is never changed; a folder other users can write to is refused (they could plant contexts.json,
 * pointing the CLI and its tokens at their server, or pre-create its files).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/run.js';

const noNetwork: typeof fetch = async () => {
  throw new Error('no network call expected');
};

let h: ReturnType<typeof tempHome> | undefined;
afterEach(() => h?.cleanup());

const mode = (p: string) => statSync(p).mode & 0o7777;
const add = (home: string) => runCli(['-c', 'AddContext', '-n', 'dev', '-isu', 'https://ids.example/', '-tid', 't'], { home, fetch: noNetwork });

describe.skipIf(process.platform === 'win32')('the octo-cli folder', () => {
  it('creates a new folder (and missing parents) with mode 0700', async () => {
    h = tempHome();
    const home = join(h.home, 'a', 'b', '.octo-cli');
    const r = await add(home);
    expect(r.code, r.stderr).toBe(0);
    expect(mode(home)).toBe(0o700);
    expect(mode(join(home, 'contexts.json'))).toBe(0o600);
  });

  it.each([0o750, 0o700, 0o711, 0o755].map((m) => [m.toString(8), m] as const))('keeps the mode %s of an existing private folder', async (_label, m) => {
    h = tempHome();
    const home = join(h.home, 'home');
    mkdirSync(home);
    chmodSync(home, m);
    const r = await add(home);
    expect(r.code, r.stderr).toBe(0);
    expect(mode(home)).toBe(m);
  });

  it.each([0o1777, 0o777, 0o770, 0o1770, 0o722].map((m) => [m.toString(8), m] as const))('refuses a folder others can write to (mode %s) and leaves it as it is', async (_label, m) => {
    h = tempHome();
    const home = join(h.home, 'shared');
    mkdirSync(home);
    writeFileSync(join(home, 'contexts.json'), JSON.stringify({ ActiveContext: 'x', Contexts: { x: { OctoToolOptions: { IdentityServiceUrl: 'https://planted.example/', TenantId: 't' } } } }));
    chmodSync(home, m);
    const before = readFileSync(join(home, 'contexts.json'), 'utf8');
    for (const argv of [['-c', 'AddContext', '-n', 'dev', '-isu', 'https://ids.example/', '-tid', 't'], ['-c', 'ListContexts'], ['-c', 'GetClients']]) {
      const r = await runCli(argv, { home, fetch: noNetwork, env: { OCTO_CLI_ACCESS_TOKEN: 't' } });
      expect(r.code, argv.join(' ')).toBe(254);
      expect(r.stderr).toContain(`refusing to use the octo-cli folder ${home}: other users can write to it (mode ${m.toString(8).padStart(4, '0')})`);
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2); // one line and a hint, no stack
    }
    expect(mode(home)).toBe(m);
    expect(readFileSync(join(home, 'contexts.json'), 'utf8')).toBe(before);
    expect(existsSync(join(home, 'contexts.json.lock'))).toBe(false);
  });
});
