/**
 * The octo-cli folder check (ContextRepository.checkHome) runs once per repository, i.e. once per command: load,
 * update and write each ask for it, and a command that changes contexts.json asked three times. Only a folder that
 * passed is remembered; a refused or missing one is checked again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ContextRepository } from '../../src/config/contexts.js';
import { tempHome } from '../helpers/run.js';

let h: ReturnType<typeof tempHome> | undefined;
afterEach(() => {
  try {
    if (h) chmodSync(join(h.home, 'home'), 0o700);
  } catch {
    // not created
  }
  h?.cleanup();
  h = undefined;
});

describe.skipIf(process.platform === 'win32')('checkHome, once per repository', () => {
  it('a folder that passed is not checked again by the same repository (a new one checks it)', async () => {
    h = tempHome();
    const home = join(h.home, 'home');
    mkdirSync(home, { mode: 0o700 });
    const repo = new ContextRepository(home);
    await repo.load();
    chmodSync(home, 0o777);
    await expect(repo.update((f) => void (f.ActiveContext = null))).resolves.toBeUndefined();
    await expect(new ContextRepository(home).load()).rejects.toThrow(`refusing to use the octo-cli folder ${home}: other users can write to it (mode 0777)`);
  });

  it('a refused folder is checked again (same error each time), and passes once fixed', async () => {
    h = tempHome();
    const home = join(h.home, 'home');
    mkdirSync(home, { mode: 0o700 });
    chmodSync(home, 0o770);
    const repo = new ContextRepository(home);
    const refusal = `refusing to use the octo-cli folder ${home}: other users can write to it (mode 0770)`;
    await expect(repo.load()).rejects.toThrow(refusal);
    await expect(repo.update(() => undefined)).rejects.toThrow(refusal);
    chmodSync(home, 0o700);
    await expect(repo.update(() => undefined)).resolves.toBeUndefined();
  });

  it('a missing folder is checked again once the first write created it', async () => {
    h = tempHome();
    const home = join(h.home, 'home');
    const repo = new ContextRepository(home);
    expect(await repo.checkHome()).toBe(false);
    await repo.update(() => undefined);
    expect(await repo.checkHome()).toBe(true);
  });
});
