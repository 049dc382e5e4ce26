import { describe, expect, it } from 'vitest';
import { cellText, emit, forPeople, listOf, renderTable, printKeyValue, tabSeparated, type CommandResult } from '../../src/cli/output.js';
import { palette } from '../../src/cli/color.js';
import type { Logger } from '../../src/cli/log.js';
import { Redactor } from '../../src/shared/redact.js';
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
});

/** Runs the exporter on a result in one format; returns stdout and the notes logged. */
async function exported(result: CommandResult, output: 'table' | 'json', columns?: number): Promise<{ stdout: string; notes: string[] }> {
  const o = io(columns);
  const notes: string[] = [];
  const log: Logger = { info: (m) => notes.push(m), warn: (m) => notes.push(`warning: ${m}`), debug: () => {}, verbose: false, redact: new Redactor() };
  await emit({ io: o, wide: false, output, log }, result);
  return { stdout: o.out(), notes };
}

describe('the exporter (emit): one place decides table, key/value or JSON', () => {
  it('a list: a table for people, the rows as JSON', async () => {
    const list: CommandResult = { list: rows, columns, empty: 'No clients found' };
    // Piped (io() is not a terminal): tab-separated lines (test/cli/tables.test.ts).
    expect((await exported(list, 'table')).stdout).toBe(tabSeparated(columns, rows));
    expect(JSON.parse((await exported(list, 'json')).stdout)).toEqual(rows);
    expect(JSON.parse((await exported({ ...list, json: { wrapped: true } }, 'json')).stdout)).toEqual({ wrapped: true });
  });
  it('an empty list: the note on stderr in both formats, `[]` with JSON, no table', async () => {
    const empty: CommandResult = { list: [], columns, empty: 'No clients found' };
    expect(await exported(empty, 'table')).toEqual({ stdout: '', notes: ['No clients found'] });
    expect(await exported(empty, 'json')).toEqual({ stdout: '[]\n', notes: ['No clients found'] });
    expect(await exported({ list: [], columns }, 'table')).toEqual({ stdout: '', notes: [] });
  });
  it('one object: key/value lines, or its JSON; `full` never truncates (a secret shown once)', async () => {
    const view: CommandResult = { view: [['Client ID', 'x'], ['Allowed scopes', ['a', 'b']]], json: { clientId: 'x' } };
    expect((await exported(view, 'table')).stdout).toBe('Client ID       x\nAllowed scopes  a, b\n');
    expect(JSON.parse((await exported(view, 'json')).stdout)).toEqual({ clientId: 'x' });
    const secret = 's'.repeat(100);
    expect((await exported({ view: [['Secret', secret]], json: null }, 'table', 40)).stdout).toContain('…');
    expect((await exported({ view: [['Secret', secret]], json: null, full: true }, 'table', 40)).stdout).toBe(`Secret  ${secret}\n`);
  });
  it('a small result of a change: nothing on stdout for people, the JSON for scripts (null when there is none)', async () => {
    expect(await exported({ json: { clientId: 'x', created: true } }, 'table')).toEqual({ stdout: '', notes: [] });
    expect((await exported({ json: { clientId: 'x', created: true } }, 'json')).stdout).toBe('{\n  "clientId": "x",\n  "created": true\n}\n');
    expect((await exported({ json: undefined }, 'json')).stdout).toBe('null\n');
  });
  it('a document: sections (key/value, titled tables) for people, one JSON value', async () => {
    const doc: CommandResult = {
      sections: [{ view: [['Issuer', 'https://id']] }, { title: 'CLAIMS', table: [['sub', '1']], columns: [{ header: 'Type', value: (r: string[]) => r[0] }, { header: 'Value', value: (r: string[]) => r[1] }] }],
      json: { issuer: 'https://id' },
    };
    expect((await exported(doc, 'table')).stdout).toBe('Issuer  https://id\n\nCLAIMS\nTYPE\tVALUE\nsub\t1\n');
    expect(JSON.parse((await exported(doc, 'json')).stdout)).toEqual({ issuer: 'https://id' });
  });
  it('a note is for people only: on stderr after the result, left out of JSON', async () => {
    const shownOnce: CommandResult = { view: [['Secret', 's3cret']], json: { secret: 's3cret' }, full: true, note: 'Store the secret now.' };
    expect(await exported(shownOnce, 'table')).toEqual({ stdout: 'Secret  s3cret\n', notes: ['Store the secret now.'] });
    expect(await exported(shownOnce, 'json')).toEqual({ stdout: '{\n  "secret": "s3cret"\n}\n', notes: [] });
    expect(await exported({ json: { hash: 'h' }, note: 'Secret hash: h' }, 'table')).toEqual({ stdout: '', notes: ['Secret hash: h'] });
  });
  it('a preview is for people only (what a confirmation is about); JSON shows nothing of it', async () => {
    const preview: CommandResult = { ...listOf([{ id: 'a' }], [{ header: 'Id', value: (r) => r.id }]), preview: true };
    expect((await exported(preview, 'table')).stdout).toBe('ID\na\n');
    expect(await exported(preview, 'json')).toEqual({ stdout: '', notes: [] });
  });
  it('forPeople: the one test for stderr reports only people want', () => {
    expect(forPeople({ output: 'table' })).toBe(true);
    expect(forPeople({ output: 'json' })).toBe(false);
  });
  it('listOf: a list result whose columns are typed by its rows', async () => {
    const result = listOf([{ id: 'a' }], [{ header: 'Id', value: (r) => r.id }], { empty: 'none' });
    expect(result).toMatchObject({ list: [{ id: 'a' }], empty: 'none' });
    expect((await exported(result, 'table')).stdout).toBe('ID\na\n');
  });
  it("a command's own JSON switch (ListContexts -j) wins over --output", async () => {
    expect(JSON.parse((await exported({ list: rows, columns, format: 'json' }, 'table')).stdout)).toEqual(rows);
  });
  it('JSON keeps exact values; C1 and bidi controls become \\u escapes (same value, safe on a terminal)', async () => {
    const { stdout } = await exported({ json: { name: 'a\u009b31m\u202eb\x1b' } }, 'json');
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(stdout)).toEqual({ name: 'a\u009b31m\u202eb\x1b' });
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
  it('is made in one place, at the level io.color decides (not what chalk guesses from process.stdout)', async () => {
    expect((await palette(false)).bold('x')).toBe('x');
    expect((await palette(true)).bold('x')).toBe('\x1b[1mx\x1b[22m');
    expect((await palette(true)).red('error:')).toBe('\x1b[31merror:\x1b[39m');
    const o = io(undefined, true);
    await printKeyValue({ io: o, wide: false }, [['Key', 'v']]);
    expect(o.out()).toBe('\x1b[1mKey\x1b[22m  v\n');
  });
});
