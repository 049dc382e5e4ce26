/**
 * The layers keep their direction: protocol and storage code (src/auth) and the HTTP layer (src/api/http.ts) import
 * nothing from the CLI (src/cli), so they never print, prompt or decide a format; and commands never decide between
 * table and JSON themselves: they return a result and the exporter (src/cli/output.ts) renders it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

// Relative imports (`import`, `import type`, `export … from`), as in imports.test.ts.
const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;

function importsOf(file: string, text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => resolve(dirname(file), m[1]!).replace(/\.js$/, '.ts'));
}

/** `file → import` for every import of `files` that lands under src/cli. */
function cliImports(files: string[]): string[] {
  return files.flatMap((file) =>
    importsOf(file, readFileSync(file, 'utf8'))
      .filter((target) => target.startsWith(join(SRC, 'cli') + '/'))
      .map((target) => `${relative(ROOT, file)} → ${relative(ROOT, target)}`),
  );
}

describe('layers', () => {
  it('src/auth imports nothing from src/cli (it returns data; the CLI shows it)', () => {
    expect(cliImports(sourceFiles(join(SRC, 'auth')))).toEqual([]);
  });

  it('src/api/http.ts imports nothing from src/cli (the logger is injected)', () => {
    expect(cliImports([join(SRC, 'api', 'http.ts')])).toEqual([]);
  });

  it('commands do not decide the output format: no ctx.output check, no direct JSON or table printing', () => {
    const offenders = sourceFiles(join(SRC, 'commands')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(ROOT, file)}:${i + 1}` }))
        .filter(({ line }) => /\.output\s*[!=]==|\b(printJson|printTable|printKeyValue|renderTable)\b/.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
