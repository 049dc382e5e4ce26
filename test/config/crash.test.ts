import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnCli } from '../helpers/spawn.js';
import { tempHome } from '../helpers/run.js';

describe('contexts.json survives kill -9 during writes', () => {
  const h = tempHome();
  afterAll(() => h.cleanup());

  it('always parses and keeps every completed update', async () => {
    const env = { OCTO_CLI_HOME: h.home };
    const completed: string[] = [];
    let killed = 0;
    for (let i = 0; i < 30; i++) {
      const name = `ctx${i}`;
      const r = await spawnCli(['-c', 'AddContext', '-n', name, '-isu', `http://host${i}.example/`, '-tid', 't'], {
        env,
        killAfterMs: 20 + Math.floor(Math.random() * 120),
      });
      if (r.signal === 'SIGKILL') killed++;
      else {
        expect(r.code, r.stderr).toBe(0);
        completed.push(name);
      }
      const path = join(h.home, 'contexts.json');
      if (!existsSync(path)) {
        expect(completed).toEqual([]);
        continue;
      }
      const data = JSON.parse(readFileSync(path, 'utf8')); // never torn
      for (const c of completed) expect(data.Contexts[c]?.OctoToolOptions?.IdentityServiceUrl).toBe(`http://host${c.slice(3)}.example/`);
    }
    // A lock left behind by a killed process never blocks the next command.
    const last = await spawnCli(['-c', 'AddContext', '-n', 'final', '-isu', 'http://final.example/'], { env });
    expect(last.code, last.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(h.home, 'contexts.json'), 'utf8')).Contexts.final).toBeDefined();
    expect(killed + completed.length).toBe(30);
    console.log(`crash test: ${killed} killed, ${completed.length} completed`);
  }, 120_000);
});
