// Regenerates the command reference in README.md from the flag tables (`npm run docs`).
// test/cli/readme.test.ts fails when README.md is stale.
import { readFileSync, writeFileSync } from 'node:fs';

const { allCommands, markdownReference } = (await import('../dist/cli.cjs')).default;
const readmeUrl = new URL('../README.md', import.meta.url);
const readme = readFileSync(readmeUrl, 'utf8');
const start = '<!-- commands:start -->';
const end = '<!-- commands:end -->';
const i = readme.indexOf(start);
const j = readme.indexOf(end);
if (i < 0 || j < 0) throw new Error('README.md has no commands markers');
const next = readme.slice(0, i + start.length) + '\n' + markdownReference(allCommands()) + '\n' + readme.slice(j);
writeFileSync(readmeUrl, next);
console.log(next === readme ? 'README.md is up to date' : 'README.md updated');
