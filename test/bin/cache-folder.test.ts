/**
 * The user's cache folder of octo-cli (bin/cache-folder.cjs): one rule for the CLI's code cache (bin/octo-cli.js) and
 * the executable's keychain addon (scripts/sea/keyring.cjs).
 */
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const { cacheFolder } = createRequire(import.meta.url)('../../bin/cache-folder.cjs') as { cacheFolder(sub: string, env?: NodeJS.ProcessEnv): string | undefined };

describe.skipIf(process.platform === 'win32')('cacheFolder', () => {
  it('is $XDG_CACHE_HOME/octo-cli/<sub> when XDG_CACHE_HOME is absolute', () => {
    expect(cacheFolder('compile-cache', { XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/octo-cli/compile-cache');
  });
  it('ignores a relative or empty XDG_CACHE_HOME (the XDG rule) and uses ~/.cache', () => {
    for (const XDG_CACHE_HOME of ['cache', './x', '', undefined]) {
      expect(cacheFolder('native', { XDG_CACHE_HOME })).toBe(join(homedir(), '.cache', 'octo-cli', 'native'));
    }
  });
  it('both users of the rule name it', async () => {
    const { readFileSync } = await import('node:fs');
    for (const file of ['bin/octo-cli.js', 'scripts/sea/keyring.cjs']) expect(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')).toMatch(/cache-folder\.cjs'\)/);
  });
});
