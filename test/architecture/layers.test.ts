/**
 * The layers keep their direction: protocol and storage code (src/auth) and the HTTP layer (src/api/http.ts) import
 * nothing from the CLI (src/cli), so they never print, prompt or decide a format; and commands never decide between
 * table and JSON themselves: they return a result and the exporter (src/cli/output.ts) renders it.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SRC, importsOf, sourceFiles } from './source-graph.js';

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
