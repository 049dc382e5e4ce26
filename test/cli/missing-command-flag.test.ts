/** Issue 15 §6: `octo-cli GetClients` (without -c) suggests `octo-cli -c GetClients`. */
import { expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/run.js';

it('a command name without -c is a usage error that suggests the -c form', async () => {
  const h = tempHome();
  try {
    const r = await runCli(['getclients'], { home: h.home });
    expect(r.code).toBe(255);
    expect(r.stderr).toContain("'getclients' is an unknown parameter (did you mean `octo-cli -c GetClients`?)");
    const other = await runCli(['nothing'], { home: h.home });
    expect(other.stderr).not.toContain('did you mean');
  } finally {
    h.cleanup();
  }
});
