/**
 * Completion (issue 15 §3). complete() answers from the flag tables (in-process, fast): command names any case, no
 * flag in a value position, enum/bool values, context names. The generated scripts are exercised in bash, zsh and
 * fish where installed, against a stub `octo-cli` on PATH that records the words it was handed.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bashCompletion, complete, fishCompletion } from '../../src/commands/completion.js';
import { allCommands } from '../../src/commands/index.js';
import { runCli, tempHome } from '../helpers/run.js';

const contexts = async () => ['local', 'Production', 'staging'];
const words = (line: string) => complete(line.split(' '), allCommands(), contexts);

describe('complete(): the candidates', () => {
  it('command names after -c, case-insensitively', async () => {
    expect(await words('-c GetCl')).toEqual(['GetClients', 'GetClient', 'GetClientMirrors']);
    expect(await words('-c addclientcred')).toEqual(['AddClientCredentialsClient']);
    expect(await words('--command getcl')).toContain('GetClients');
    // The parser's other spellings of -c (prefixes of --command): completion knows them too.
    expect(await words('--co GetCl')).toEqual(['GetClients', 'GetClient', 'GetClientMirrors']);
    expect(await words('--comm getclient -i')).toEqual(['-id']);
    // Once the command is known, a word that is also its own flag is that flag (as the parser reads it): a value.
    expect(await words('-c AddAuthorizationCodeClient --c ')).toEqual([]); // --clientUri
    expect(await words('-c AddClientCredentialsClient --c ')).toContain('GetClients'); // no flag of its own: -c again
  });

  it("a command's flags (any case of the command name) and the global options, without those already given", async () => {
    const flags = await words('-c getclient -');
    expect(flags).toEqual(expect.arrayContaining(['-id', '--clientId', '--output', '--context', '--verbose']));
    expect(await words('-c AddAuthorizationCodeClient --re')).toEqual(['--redirectUri']);
    expect(await words('-c GetClient -id x -')).not.toContain('-id');
  });

  it('value positions never offer a flag: nothing for free text, values for enums and bools', async () => {
    expect(await words('-c GetClient -id ')).toEqual([]);
    expect(await words('-c CreateApiScope -n ')).toEqual([]);
    expect(await words('-c CreateApiScope -n x -e ')).toEqual(['true', 'false']);
    expect(await words('-c GetClients -o ')).toEqual(['table', 'json']);
    expect(await words('-c GetClients -o J')).toEqual(['json']);
    expect(await words('-c Completion -s ')).toEqual(['bash', 'zsh', 'fish']);
  });

  it('context names for --context, UseContext -n and RemoveContext -n (not for AddContext -n)', async () => {
    expect(await words('-c GetClients --context ')).toEqual(['local', 'Production', 'staging']);
    expect(await words('-c UseContext -n pro')).toEqual(['Production']);
    expect(await words('-c RemoveContext -n ')).toHaveLength(3);
    expect(await words('-c AddContext -n ')).toEqual([]);
  });

  it('before a command: -c', async () => {
    expect(await words('')).toContain('-c');
  });

  it('the command answers --complete from the real contexts file', async () => {
    const h = tempHome();
    try {
      writeFileSync(join(h.home, 'contexts.json'), JSON.stringify({ ActiveContext: 'dev', Contexts: { dev: { OctoToolOptions: {} }, prod: { OctoToolOptions: {} } } }));
      const r = await runCli(['-c', 'Completion', '--complete', '--word', '-c', '--word', 'UseContext', '--word', '-n', '--word', ''], { home: h.home });
      expect(r.stdout).toBe('dev\nprod\n');
      const script = await runCli(['-c', 'Completion'], { home: h.home });
      expect(script.stdout).toContain('complete -F _octo_cli octo-cli');
      expect(script.stdout).toContain('mkdir -p ~/.local/share/bash-completion/completions');
      expect((await runCli(['-c', 'Completion', '-s', 'fish'], { home: h.home })).stdout).toContain("complete -c octo-cli -f -a '(__octo_cli_complete)'");
    } finally {
      h.cleanup();
    }
  });
});

/** A folder with a stub octo-cli that records its arguments and answers one candidate. */
const stubDir = mkdtempSync(join(tmpdir(), 'octo-cli-completion-'));
afterAll(() => rmSync(stubDir, { recursive: true, force: true }));
const LOG = join(stubDir, 'args');
writeFileSync(join(stubDir, 'octo-cli'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${LOG}'\necho AddClientCredentialsClient\necho 'with space'\n`);
chmodSync(join(stubDir, 'octo-cli'), 0o755);
const env = { ...process.env, PATH: `${stubDir}:${process.env.PATH}` };
const has = (shell: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${shell}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const handed = () => readFileSync(LOG, 'utf8').split('\n').slice(0, -1);
const EXPECTED_ARGS = ['-c', 'Completion', '--complete', '--word', '-c', '--word', 'addcl'];

describe('the scripts in real shells', () => {
  writeFileSync(join(stubDir, 'bash.sh'), bashCompletion());
  writeFileSync(join(stubDir, 'fish.fish'), fishCompletion());

  it.runIf(has('bash'))('bash: the words go to octo-cli, each line is one candidate', () => {
    const out = execFileSync('bash', ['-c', `source '${stubDir}/bash.sh'; COMP_WORDS=(octo-cli -c addcl); COMP_CWORD=2; _octo_cli; printf '[%s]\\n' "\${COMPREPLY[@]}"`], { env, encoding: 'utf8' });
    expect(out).toBe('[AddClientCredentialsClient]\n[with space]\n');
    expect(handed()).toEqual(EXPECTED_ARGS);
  });

  it.runIf(has('zsh'))('zsh (bashcompinit): the same function works', () => {
    const script = `autoload -U +X compinit && compinit -u -D; source '${stubDir}/bash.sh'; f() { emulate -L sh; COMP_WORDS=(octo-cli -c addcl); COMP_CWORD=2; _octo_cli; printf '[%s]\\n' "\${COMPREPLY[@]}"; }; f`;
    const out = execFileSync('zsh', ['-f', '-c', script], { env, encoding: 'utf8' });
    expect(out).toBe('[AddClientCredentialsClient]\n[with space]\n');
    expect(handed()).toEqual(EXPECTED_ARGS);
  });

  it.runIf(has('fish'))('fish: complete -C lists the candidates', () => {
    const out = execFileSync('fish', ['--no-config', '-c', `source '${stubDir}/fish.fish'; complete -C 'octo-cli -c addcl'`], { env, encoding: 'utf8' });
    expect(out.split('\n')).toContain('AddClientCredentialsClient');
    expect(handed()).toEqual(EXPECTED_ARGS);
  });
});
