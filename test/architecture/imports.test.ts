/**
 * No import cycles under src/, counting `import type` too: a cycle, even a type-only one, means two modules each need
 * the other, and one shared module should hold what they share.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SRC, importsOf, sourceFiles } from './source-graph.js';

/** Every elementary cycle found by a depth-first search, each reported once, starting at its smallest file name. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'active');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'active') {
        const cycle = stack.slice(stack.indexOf(next));
        const start = cycle.indexOf([...cycle].sort()[0]!);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set(rotated.join(' → '), rotated);
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return [...cycles.values()];
}

describe('imports under src/', () => {
  it('finds an import cycle when there is one (the checker itself)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c']]);
    expect(importsOf('/s/x/y.ts', "import type { A } from './a.js';\nimport {\n  B,\n} from '../b.js';\nexport * from './c.js';\nimport 'node:fs';")).toEqual([
      '/s/x/a.ts',
      '/s/b.ts',
      '/s/x/c.ts',
    ]);
  });

  it('have no cycles, type-only imports included', () => {
    const graph = new Map<string, string[]>();
    for (const file of sourceFiles(SRC)) graph.set(file, importsOf(file, readFileSync(file, 'utf8')));
    const cycles = findCycles(graph).map((cycle) => [...cycle, cycle[0]!].map((f) => relative(ROOT, f)).join(' → '));
    expect(cycles).toEqual([]);
  });
});
