import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { allCommands } from '../../src/commands/index.js';
import { markdownReference } from '../../src/cli/help.js';

describe('README.md', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  it('holds the command reference generated from the flag tables (run `npm run docs` when this fails)', () => {
    const start = readme.indexOf('<!-- commands:start -->');
    const end = readme.indexOf('<!-- commands:end -->');
    expect(start).toBeGreaterThan(0);
    const current = readme.slice(start + '<!-- commands:start -->'.length, end).trim();
    expect(current).toBe(markdownReference(allCommands()).trim());
  });
  it('shows the install and test commands', () => {
    expect(readme).toContain('npm ci');
    expect(readme).toContain('npm test');
  });
});
