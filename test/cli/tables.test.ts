/**
 * Issue 15 §1: tables that keep the key. On a terminal (80 and 160 columns) the key column is never cut, shrinkable
 * columns give way first, lists keep whole entries and count the rest, CJK text is measured in display columns, and one
 * note says --wide shows all; piped, a table is tab-separated lines, never cut. GetApiSecrets* keep the hash whole.
 */
import { describe, expect, it } from 'vitest';
import { fitList, printTable, renderTable, tabSeparated, WIDE_NOTE, type Column } from '../../src/cli/output.js';
import { displayWidth, truncateToWidth } from '../../src/cli/text.js';
import type { IO } from '../../src/cli/io.js';
import { run } from '../commands/identity-helpers.js';
import { recordingFetch } from '../helpers/fake-fetch.js';
import { runCli } from '../helpers/run.js';
import { testHome, BASE } from '../commands/identity-helpers.js';

function terminal(columns?: number): IO & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    stdin: process.stdin,
    stdinIsTTY: false,
    stdoutIsTTY: columns !== undefined,
    stderrIsTTY: columns !== undefined,
    color: false,
    columns,
    out: () => out,
    err: () => err,
  };
}

interface Client {
  clientId: string;
  name: string;
  scopes: string[];
  uris: string[];
  enabled: boolean;
}
const rows: Client[] = [
  {
    clientId: 'octo-dashboard-production-eu-west-1',
    name: 'Dashboard of the production tenant in the EU',
    scopes: ['openid', 'profile', 'email', 'role', 'offline_access', 'octo_api'],
    uris: ['https://dashboard.prod.example.com/auth/callback', 'https://dashboard.prod.example.com/silent-callback'],
    enabled: true,
  },
  { clientId: '管理ダッシュボード', name: '本番テナントの管理画面', scopes: ['openid'], uris: [], enabled: false },
];
const columns: Column<Client>[] = [
  { header: 'Client id', value: (c) => c.clientId, key: true },
  { header: 'Name', value: (c) => c.name, shrink: true },
  { header: 'Scopes', value: (c) => c.scopes, shrink: true },
  { header: 'Redirect URIs', value: (c) => c.uris, shrink: true },
  { header: 'Enabled', value: (c) => c.enabled },
];

describe('display width', () => {
  it('counts East Asian Wide and Fullwidth characters as two columns, combining marks as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('名前')).toBe(4);
    expect(displayWidth('ＡＢ')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(truncateToWidth('管理ダッシュボード', 7)).toBe('管理ダ…');
    expect(displayWidth(truncateToWidth('管理ダッシュボード', 8))).toBeLessThanOrEqual(8);
  });
});

describe('a table on a terminal', () => {
  for (const width of [80, 160]) {
    it(`at ${width} columns: every line fits, the key column is whole, lists count what they leave out`, async () => {
      const text = await renderTable({ io: terminal(width), wide: false }, columns, rows);
      const lines = text.trimEnd().split('\n');
      for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
      expect(lines[1]!.startsWith('octo-dashboard-production-eu-west-1  ')).toBe(true);
      expect(lines[2]!.startsWith('管理ダッシュボード')).toBe(true);
      // Columns start at the same display column in every row (CJK padded by display width, not code points).
      const at = (line: string, text: string) => displayWidth(line.slice(0, line.indexOf(text)));
      expect(at(lines[1]!, 'openid')).toBe(at(lines[0]!, 'SCOPES'));
      expect(at(lines[2]!, 'openid')).toBe(at(lines[0]!, 'SCOPES'));
      // A list keeps whole entries and counts the rest; wider terminals show more of it.
      expect(lines[1]).toMatch(/openid, [^…]*\+\d/);
      if (width === 160) expect(lines[1]).toContain('openid, profile, email, role');
    });
  }

  it('the key column stays whole even when it alone is wider than the terminal', async () => {
    const text = await renderTable({ io: terminal(30), wide: false }, columns, rows);
    expect(text).toContain('octo-dashboard-production-eu-west-1');
  });

  it('without a column marked key, the first column is the key', async () => {
    const unmarked = columns.map(({ key: _k, ...c }) => c);
    const text = await renderTable({ io: terminal(50), wide: false }, unmarked, rows);
    expect(text).toContain('octo-dashboard-production-eu-west-1');
  });

  it('one note on stderr says --wide shows all when something was cut; none with --wide or when it fits', async () => {
    const cut = terminal(80);
    await printTable({ io: cut, wide: false }, columns, rows);
    expect(cut.err()).toBe(WIDE_NOTE + '\n');
    const wide = terminal(80);
    await printTable({ io: wide, wide: true }, columns, rows);
    expect(wide.err()).toBe('');
    expect(wide.out()).toContain('https://dashboard.prod.example.com/silent-callback');
    const fits = terminal(400);
    await printTable({ io: fits, wide: false }, columns, rows);
    expect(fits.err()).toBe('');
  });

  it('fitList keeps whole entries and counts the rest', () => {
    const scopes = ['openid', 'profile', 'email', 'role', 'offline_access', 'octo_api'];
    expect(fitList(scopes, 100)).toBe(scopes.join(', '));
    expect(fitList(scopes, 20)).toBe('openid, profile, +4');
    expect(fitList(scopes, 12)).toBe('openid, +5');
    expect(displayWidth(fitList(scopes, 6))).toBeLessThanOrEqual(6);
  });
});

describe('a table when stdout is piped', () => {
  it('tab-separated lines: the header, then one line per row, nothing cut or padded', async () => {
    const piped = terminal();
    await printTable({ io: piped, wide: false }, columns, rows);
    expect(piped.out()).toBe(tabSeparated(columns, rows));
    const lines = piped.out().trimEnd().split('\n');
    expect(lines[0]).toBe('CLIENT ID\tNAME\tSCOPES\tREDIRECT URIS\tENABLED');
    expect(lines[1]!.split('\t')).toEqual([
      rows[0]!.clientId,
      rows[0]!.name,
      rows[0]!.scopes.join(', '),
      rows[0]!.uris.join(', '),
      'yes',
    ]);
    expect(lines[2]!.split('\t')[3]).toBe('-');
    expect(piped.err()).toBe('');
  });

  it('GetScopes piped through the CLI: cut -f1 would give the names', async () => {
    const scopes = [{ name: 'octo_api', displayName: 'x'.repeat(300), isEnabled: true, userClaims: [] }];
    const r = await run(['-c', 'GetApiScopes'], { routes: { 'GET apiScopes': { json: scopes } } });
    expect(r.stdout.split('\n')[1]!.split('\t')[0]).toBe('octo_api');
    expect(r.stdout).toContain('x'.repeat(300));
  });
});

describe('GetApiSecretsClient and GetApiSecretsApiResource show the hash in full', () => {
  const HASH = 'N9M6QcEr7JAojycxjiYatkMBGu1GlYFpFmHez/mjYG4=';
  const secrets = [{ valueEncrypted: HASH, description: 'A very long description of what this secret is used for in production'.repeat(2), expirationDate: '2027-12-31T00:00:00' }];
  for (const [name, flagArgs, path] of [
    ['GetApiSecretsClient', ['-cid', 'svc'], 'GET apiSecrets/client/svc'],
    ['GetApiSecretsApiResource', ['-n', 'myAPI'], 'GET apiSecrets/apiResource/myAPI'],
  ] as const) {
    it(`${name} on an 80-column terminal`, async () => {
      const api = recordingFetch(BASE, { [path]: { json: secrets } }, () => ({}));
      const r = await runCli(['-c', name, ...flagArgs, '--no-color'], { fetch: api.fetch, env: { OCTO_CLI_ACCESS_TOKEN: 't' }, home: testHome(), tty: true, columns: 80 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(HASH);
      for (const line of r.stdout.trimEnd().split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(80);
      expect(r.stderr).toContain(WIDE_NOTE);
    });
  }
});
