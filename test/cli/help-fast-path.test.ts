/**
 * Help without the commands (issue 16): bin/octo-cli.js sends help and --version lines to dist/help.cjs, which
 * answers them from the build's help manifest (src/cli/help-entry.ts). These tests prove that it can never drift from
 * the full CLI: for every command and every help form, at every width, the fast path prints byte for byte what main()
 * prints, from the sources (in-process) and from the built bundles; and every line it does not answer is left to the
 * full CLI untouched.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/commands/index.js';
import { COMMAND_GROUPS, flagList } from '../../src/cli/spec.js';
import { parseArgv } from '../../src/cli/argv.js';
import { serveHelp } from '../../src/cli/help-entry.js';
import { helpManifest, manifestCommands } from '../../src/cli/help-manifest.js';
import type { IO } from '../../src/cli/io.js';
import { runCli, tempHome } from '../helpers/run.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const commands = allCommands();
const fromManifest = manifestCommands(helpManifest(commands));

/** Every help and version line worth asking: the top level, each group, and each command in each form. */
function helpLines(): string[][] {
  const lines: string[][] = [[], ['--help'], ['-h'], ['-?'], ['/?'], ['--HELP'], ['--version'], ['/version'], ['--help', '--no-color', '--wide'], ['--output', 'json', '--help']];
  for (const g of COMMAND_GROUPS) lines.push(['-h', g], ['--help', g.split(' ')[0]!.toLowerCase()], ['-h', g.slice(0, 3).toUpperCase()]);
  for (const c of commands) {
    lines.push(['-c', c.name, '--help'], ['--help', '-c', c.name.toUpperCase()], ['-h', c.name.toLowerCase()], ['-c', c.name, '/?']);
    if (!flagList(c).some((f) => f.short?.toLowerCase() === 'h')) lines.push(['-c', c.name.toLowerCase(), '-h']);
  }
  return lines;
}

function captured(columns?: number): { io: IO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const io: IO = {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    stdin: Readable.from([]),
    stdinIsTTY: false,
    stdoutIsTTY: columns !== undefined,
    stderrIsTTY: false,
    color: false,
    columns,
  };
  return { io, out: () => out, err: () => err };
}

describe('help from the manifest', () => {
  it('is byte-identical to the full CLI for every command and the top level, at every width', async () => {
    const h = tempHome();
    try {
      const lines = helpLines();
      expect(lines.length).toBeGreaterThan(4 * commands.length);
      for (const columns of [undefined, 60, 80, 100, 133, 200]) {
        for (const argv of lines) {
          const full = await runCli(argv, { home: h.home, tty: columns !== undefined, columns });
          const fast = captured(columns);
          const code = serveHelp(argv, fromManifest, fast.io);
          expect({ argv, columns, code, stdout: fast.out(), stderr: fast.err() }).toEqual({ argv, columns, code: full.code, stdout: full.stdout, stderr: full.stderr });
          expect(full.code).toBe(0);
        }
      }
    } finally {
      h.cleanup();
    }
  });

  it('leaves every other line to the full CLI and writes nothing for it', () => {
    const ldap = commands.find((c) => flagList(c).some((f) => f.short === 'h'));
    expect(ldap).toBeDefined();
    const others = [
      ['-c', 'GetClients'],
      ['-c', 'GetClients', '--output', 'json'],
      ['-h', 'nonsense'],
      ['-c', 'NoSuchCommand', '--help'],
      ['--help', '--output', 'yaml'],
      ['--version', '--version'],
      ['--frobnicate', '--help'],
      ['-c', ldap!.name, '-h', 'ldap.example.com'],
    ];
    for (const argv of others) {
      const fast = captured();
      expect({ argv, code: serveHelp(argv, fromManifest, fast.io) }).toEqual({ argv, code: undefined });
      expect(fast.out() + fast.err()).toBe('');
    }
  });

  it.each(['bin/octo-cli.js', 'scripts/sea/entry.mjs'])('%s sends exactly the lines with a help or version word of the parser to help', (file) => {
    const source = readFileSync(join(root, file), 'utf8');
    const m = /const HELP_WORD = \/(.+)\/i;/.exec(source);
    expect(m).not.toBeNull();
    const helpWord = new RegExp(m![1]!, 'i');
    const words = ['-', '--', '/'].flatMap((d) => ['h', 'H', 'help', 'Help', '?', 'version', 'VERSION', 'he', 'hel', 'vers', 'v'].map((n) => d + n));
    for (const word of [...words, 'help', 'version', '-help=x', '-c', 'h', '/?x']) {
      let kind: string;
      try {
        kind = parseArgv([word], commands).kind;
      } catch {
        kind = 'error';
      }
      expect({ word, routed: helpWord.test(word) }).toEqual({ word, routed: kind === 'help' || kind === 'version' });
    }
  });
});

describe('the built help bundle (dist/help.cjs)', () => {
  const require = createRequire(import.meta.url);
  const help = require(join(root, 'dist/help.cjs')) as { help(argv: string[], io?: IO): number | undefined };
  const cli = require(join(root, 'dist/cli.cjs')) as { main(argv: string[], deps: object): Promise<number> };

  it('prints what the built CLI prints, for every command and the top level', async () => {
    const h = tempHome();
    try {
      for (const columns of [undefined, 80, 120]) {
        for (const argv of helpLines()) {
          const full = captured(columns);
          const code = await cli.main(argv, { io: full.io, env: { OCTO_CLI_HOME: h.home }, signal: new AbortController().signal });
          const fast = captured(columns);
          expect({ argv, code: help.help(argv, fast.io), stdout: fast.out() }).toEqual({ argv, code, stdout: full.out() });
        }
      }
    } finally {
      h.cleanup();
    }
  });

  it('holds no command implementation: it is a fraction of the CLI bundle', () => {
    const text = readFileSync(join(root, 'dist/help.cjs'), 'utf8');
    expect(text.length).toBeLessThan(readFileSync(join(root, 'dist/cli.cjs'), 'utf8').length / 2);
    for (const word of ['openid-client', 'chalk', 'createSessionProvider', 'ContextRepository']) expect(text).not.toContain(word);
  });

  it('`octo-cli --help` and `-c <Command> --help` run without loading dist/cli.cjs, with the same output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'octo-help-'));
    try {
      const preload = join(dir, 'loaded.cjs');
      const list = join(dir, 'loaded.json');
      // A plain require of the bundles (no code cache): each one loaded shows in require.cache.
      writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));`);
      for (const argv of [['--help'], ['-c', 'GetClients', '--help'], ['--version']]) {
        const r = spawnSync(process.execPath, ['-r', preload, join(root, 'bin/octo-cli.js'), ...argv], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1', NODE_DISABLE_COMPILE_CACHE: '1' } });
        const loaded = JSON.parse(readFileSync(list, 'utf8')) as string[];
        expect(loaded.some((f) => f.endsWith('help.cjs'))).toBe(true);
        expect(loaded.some((f) => f.endsWith('cli.cjs'))).toBe(false);
        const full = await runCli(argv, { home: dir });
        expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: full.stdout, stderr: '' });
      }
      const r = spawnSync(process.execPath, ['-r', preload, join(root, 'bin/octo-cli.js'), '-h', 'nonsense'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1', NODE_DISABLE_COMPILE_CACHE: '1' } });
      expect(r.status).toBe(255);
      expect(r.stderr).toContain("'nonsense' is neither a command nor a group");
      expect((JSON.parse(readFileSync(list, 'utf8')) as string[]).some((f) => f.endsWith('cli.cjs'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
