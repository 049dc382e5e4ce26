/**
 * Fuzzes the argument layer with generated argv lists against every command's flag table: no exception escapes,
 * every usage failure is one line with exit 255 and sends nothing over the network.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgv, GLOBAL_FLAGS } from '../../src/cli/argv.js';
import { flagList } from '../../src/cli/spec.js';
import { allCommands } from '../../src/commands/index.js';
import { UsageError } from '../../src/errors.js';
import { runCli, tempHome } from '../helpers/run.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(SEED);
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const recase = (s: string) => [...s].map((c) => (rand() < 0.3 ? (rand() < 0.5 ? c.toUpperCase() : c.toLowerCase()) : c)).join('');

const VALUES = ['', '-', '--', '-x', '--y', '=', 'a=b', ',', 'a,b,,c', ' , ', '"quoted"', "'single'", 'ünïcødé ✓', '日本語', '\u0000', 'true', 'FALSE', '0x1F', '65536', '-1', '2027-12-31', '2020-01-01T00:00:00Z', '66000000000000000000000a', 'https://example.com/', 'http://[::1]:5003/', '/command', '/?', '-c', '--help', 'json', 'table', ' ', 'a b', '%2F', '\\', '$(rm -rf /)', 'x'.repeat(300)];

function genArgv(): string[] {
  const commands = allCommands();
  const argv: string[] = [];
  const command = rand() < 0.95 ? pick(commands) : undefined;
  if (rand() < 0.2) argv.push(pick(['--verbose', '--no-color', '--wide', '-o', '--output', '--context']));
  if (command) {
    argv.push(pick(['-c', '--command', '/command', '-C', '--Command']), rand() < 0.9 ? recase(command.name) : command.name + pick(['x', '', ' ']));
  }
  const n = Math.floor(rand() * 6);
  const flags = [...(command ? flagList(command) : []), ...GLOBAL_FLAGS];
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.6 && flags.length) {
      const f = pick(flags);
      const form = rand();
      let term: string;
      if (form < 0.35 && f.short) term = `-${recase(f.short)}`;
      else if (form < 0.7) term = `--${recase(f.long.slice(0, Math.max(1, Math.ceil(rand() * f.long.length))))}`;
      else if (form < 0.85) term = `/${recase(f.long)}`;
      else term = `--${f.long}=${pick(VALUES)}`;
      argv.push(term);
      if (f.type !== 'presence' && rand() < 0.85) argv.push(pick(VALUES));
    } else if (r < 0.8) argv.push(pick(VALUES));
    else argv.push(pick(['-h', '--help', '-?', '/?', '--version', '-y', '--yes', '-j']));
  }
  return argv;
}

describe(`argv fuzzing (seed ${SEED})`, () => {
  const h = tempHome();
  afterAll(() => h.cleanup());

  it('10,000 generated argv lists: only UsageErrors, each one line', () => {
    const commands = allCommands();
    let failures = 0;
    for (let i = 0; i < 10_000; i++) {
      const argv = genArgv();
      try {
        parseArgv(argv, commands);
      } catch (err) {
        failures++;
        if (!(err instanceof UsageError)) throw new Error(`argv ${JSON.stringify(argv)} threw ${String(err)}`);
        expect(err.exitCode).toBe(255);
        const line = err.hint ? `${err.message} (${err.hint})` : err.message;
        expect(line.includes('\n') && !argv.some((a) => a.includes('\n')), JSON.stringify(argv)).toBe(false);
      }
    }
    expect(failures).toBeGreaterThan(1000); // the generator reaches the error paths
  });

  it('2,000 of them through main(): exit codes are documented ones; usage failures print one line and call no network', async () => {
    let calls = 0;
    const guardFetch: typeof fetch = async () => {
      calls++;
      return new Response(null, { status: 503 });
    };
    const documented = new Set([0, 251, 252, 253, 254, 255]);
    for (let i = 0; i < 2_000; i++) {
      const argv = genArgv();
      const before = calls;
      const r = await runCli(argv, { home: h.home, fetch: guardFetch, sleep: async () => {}, env: { OCTO_CLI_TOKEN_STORE: 'memory' } });
      expect(documented.has(r.code), `${JSON.stringify(argv)} → ${r.code}: ${r.stderr}`).toBe(true);
      if (r.code === 255) {
        expect(calls, JSON.stringify(argv)).toBe(before);
        expect(r.stdout, JSON.stringify(argv)).toBe('');
        expect(r.stderr.trimEnd().split('\n'), JSON.stringify(argv)).toHaveLength(1);
      }
      expect(r.stderr).not.toMatch(/\n\s+at .*\(/); // no stack traces
    }
  }, 120_000);
});
