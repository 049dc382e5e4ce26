import { describe, expect, it } from 'vitest';
import { cellText, renderTable, printKeyValue, printJson } from '../../src/cli/output.js';
import { colorWanted } from '../../src/cli/io.js';
import type { IO } from '../../src/cli/io.js';

function io(columns?: number, color = false): IO & { out: () => string } {
  let out = '';
  return {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: () => true },
    stdin: process.stdin,
    stdinIsTTY: false,
    stdoutIsTTY: columns !== undefined,
    stderrIsTTY: false,
    color,
    columns,
    out: () => out,
  };
}

const rows = [
  { id: 'my-dashboard', scopes: ['openid', 'profile', 'email', 'role', 'octo_api'], uris: ['https://dashboard.example.com/auth/callback'], enabled: true },
  { id: 'svc', scopes: [], uris: null, enabled: false },
];
const columns = [
  { header: 'Client ID', value: (r: (typeof rows)[number]) => r.id },
  { header: 'Scopes', value: (r: (typeof rows)[number]) => r.scopes, shrink: true },
  { header: 'Redirect URIs', value: (r: (typeof rows)[number]) => r.uris, shrink: true },
  { header: 'Enabled', value: (r: (typeof rows)[number]) => r.enabled },
];

describe('tables', () => {
  it('aligns columns, joins lists, shows booleans as yes/no and empty as -', async () => {
    const text = await renderTable({ io: io(), wide: false }, columns, rows);
    expect(text.split('\n')).toEqual([
      'CLIENT ID     SCOPES                                  REDIRECT URIS                                ENABLED',
      'my-dashboard  openid, profile, email, role, octo_api  https://dashboard.example.com/auth/callback  yes',
      'svc           -                                       -                                            no',
      '',
    ]);
  });
  it('truncates shrinkable cells to the terminal width, unless --wide', async () => {
    const narrow = await renderTable({ io: io(60), wide: false }, columns, rows);
    for (const line of narrow.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(60);
    expect(narrow).toContain('…');
    expect(narrow).toContain('my-dashboard');
    const wide = await renderTable({ io: io(60), wide: true }, columns, rows);
    expect(wide).toContain('https://dashboard.example.com/auth/callback');
  });
  it('key/value view', async () => {
    const o = io();
    await printKeyValue({ io: o, wide: false }, [['Client ID', 'x'], ['Allowed scopes', ['a', 'b']]]);
    expect(o.out()).toBe('Client ID       x\nAllowed scopes  a, b\n');
  });
  it('cell text of nested values', () => {
    expect(cellText({ a: 1 })).toBe('{"a":1}');
    expect(cellText('two\nlines')).toBe('two lines');
  });
  it('JSON output is the value and a newline', () => {
    const o = io();
    printJson({ io: o }, [{ clientId: 'a', clientSecret: null }]);
    expect(JSON.parse(o.out())).toEqual([{ clientId: 'a', clientSecret: null }]);
  });
});

describe('colour', () => {
  it('follows the terminal, NO_COLOR, FORCE_COLOR and --no-color', () => {
    expect(colorWanted({}, true, false)).toBe(true);
    expect(colorWanted({}, false, false)).toBe(false);
    expect(colorWanted({ NO_COLOR: '1' }, true, false)).toBe(false);
    expect(colorWanted({ FORCE_COLOR: '1' }, false, false)).toBe(true);
    expect(colorWanted({ FORCE_COLOR: '0' }, true, false)).toBe(false);
    expect(colorWanted({ FORCE_COLOR: '1' }, true, true)).toBe(false);
    expect(colorWanted({ TERM: 'dumb' }, true, false)).toBe(false);
  });
});
