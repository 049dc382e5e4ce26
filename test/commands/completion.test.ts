import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { bashCompletion } from '../../src/commands/completion.js';
import { allCommands } from '../../src/commands/index.js';

/** Runs the generated bash function for a command line (the cursor on its last word) and returns COMPREPLY. */
function complete(line: string[]): string[] {
  const script = `${bashCompletion(allCommands())}
COMP_WORDS=(${line.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${line.length - 1}; _octo_cli; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('Completion', () => {
  it('completes command names after -c', () => {
    expect(complete(['octo-cli', '-c', 'GetCl'])).toEqual(['GetClients', 'GetClient', 'GetClientMirrors']);
  });
  it("completes a command's flags (any case of the command name) and the global options", () => {
    const flags = complete(['octo-cli', '-c', 'getclient', '-']);
    expect(flags).toEqual(expect.arrayContaining(['-id', '--clientId', '--output', '--context', '--verbose']));
    expect(complete(['octo-cli', '-c', 'AddAuthorizationCodeClient', '--re'])).toEqual(['--redirectUri']);
  });
  it('completes enum and boolean values', () => {
    expect(complete(['octo-cli', '-c', 'CreateApiScope', '-n', 'x', '-e', ''])).toEqual(['true', 'false']);
    expect(complete(['octo-cli', '-c', 'AddOAuthIdentityProvider', '--allowselfregistration', 't'])).toEqual(['true']);
    expect(complete(['octo-cli', '-c', 'GetClients', '-o', ''])).toEqual(['table', 'json']);
  });
  it('is printed by the command', async () => {
    const { runCli, tempHome } = await import('../helpers/run.js');
    const h = tempHome();
    try {
      const r = await runCli(['-c', 'Completion'], { home: h.home });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('complete -F _octo_cli octo-cli');
    } finally {
      h.cleanup();
    }
  });
});
