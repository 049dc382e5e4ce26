import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import type { IO } from '../../src/cli/io.js';
import { CLEAR_LINE, spinner, statusLine } from '../../src/cli/status.js';

function io(opts: { tty: boolean; neverPrompt?: boolean }): IO & { err: () => string } {
  let err = '';
  return {
    stdout: { write: () => true },
    stderr: { write: (s: string) => ((err += s), true) },
    stdin: new PassThrough(),
    stdinIsTTY: opts.tty,
    stdoutIsTTY: opts.tty,
    stderrIsTTY: opts.tty,
    color: false,
    neverPrompt: opts.neverPrompt,
    err: () => err,
  };
}

describe('statusLine', () => {
  it('redraws one line on a terminal, at most once per interval unless forced, and erases it', () => {
    const t = io({ tty: true });
    let now = 1000;
    const line = statusLine(t, 50, () => now)!;
    line.show('a');
    now += 10;
    line.show('b');
    line.show('c', true);
    now += 60;
    line.show('d');
    line.clear();
    expect(t.err()).toBe(`${CLEAR_LINE}a${CLEAR_LINE}c${CLEAR_LINE}d${CLEAR_LINE}`);
  });

  it('is absent when stderr is not a terminal or under CI, and a spinner then writes nothing', () => {
    expect(statusLine(io({ tty: false }))).toBeUndefined();
    expect(statusLine(io({ tty: true, neverPrompt: true }))).toBeUndefined();
    const piped = io({ tty: false });
    spinner(piped, (f) => `${f} waiting`).stop();
    expect(piped.err()).toBe('');
  });

  it('a spinner draws its first frame at once and erases itself on stop', () => {
    const t = io({ tty: true });
    const s = spinner(t, (f) => `${f} waiting`, 10_000);
    s.stop();
    expect(t.err()).toBe(`${CLEAR_LINE}⠋ waiting${CLEAR_LINE}`);
  });
});
