/**
 * Flags are typed from their declaration: renaming a flag's long name in its declaration alone must fail the
 * compiler (the record key would no longer be the flag's key), and the parsed values have the declared types.
 * Type-checks clients.ts with the TypeScript compiler API (one program, in process), as it is and with flags renamed
 * in in-memory copies.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/commands/index.js';
import { flagEntries, flagKey, flagList } from '../../src/cli/spec.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const clientsFile = `${root}src/commands/clients.ts`;
const clients = readFileSync(clientsFile, 'utf8');

/** In-memory variants of clients.ts, beside it so that its relative imports resolve. */
const variant = (name: string) => `${root}src/commands/__flag-types-${name}__.ts`;
const renamed = {
  // A shared flag's long name renamed in its declaration alone.
  shared: clients.replace("flag.string('redirectUri',", "flag.string('redirectUrl',"),
  // A flag declared inside the record.
  inline: clients.replace("flag.presence('autoProvision',", "flag.presence('autoProvisioning',"),
  // The record key renamed with the flag, but not the uses of the value.
  keyToo: clients.replace("flag.string('redirectUri',", "flag.string('redirectUrl',").replaceAll('    redirectUri: redirectUriFlag', '    redirectUrl: redirectUriFlag'),
};

const probe = `
  import { defineCommand } from '../cli/spec.js';
  import { flag } from '../cli/flags.js';
  export const command = defineCommand({
    name: 'Probe',
    group: 'General',
    description: 'probe',
    effect: 'local',
    output: { json: null },
    flags: {
      name: flag.string('name', { short: 'n', required: true }),
      enabled: flag.bool('enabled', { short: 'e' }),
      scopes: flag.csv('scopes'),
      yes: flag.presence('yes'),
      port: flag.ushort('port'),
      kind: flag.enum('kind', ['a', 'b'], { required: true }),
      ifNotExists: flag.presence('if-not-exists'),
      owner: flag.string('clientId', { key: 'owner' }),
      later: flag.string('later').with({ required: true }),
    },
    async run(_ctx, flags) {
      const name: string = flags.name;
      const enabled: boolean | undefined = flags.enabled;
      const scopes: string[] | undefined = flags.scopes;
      const yes: boolean = flags.yes;
      const port: number | undefined = flags.port;
      const kind: 'a' | 'b' = flags.kind;
      const ifNotExists: boolean = flags.ifNotExists;
      const owner: string | undefined = flags.owner;
      const later: string = flags.later;
      // @ts-expect-error an optional flag may be undefined
      const notThere: boolean = flags.enabled;
      // @ts-expect-error an enum holds only its values
      const other: 'c' = flags.kind;
      void [name, enabled, scopes, yes, port, kind, ifNotExists, owner, later, notThere, other];
    },
  });
`;

const overrides: Record<string, string> = {
  [variant('shared')]: renamed.shared,
  [variant('inline')]: renamed.inline,
  [variant('key-too')]: renamed.keyToo,
  [variant('probe')]: probe,
};

let program: ts.Program | undefined;

/** Type errors of one file, from one program (tsconfig.json's options) over clients.ts and the in-memory files. */
function typeErrors(file: string): string {
  if (!program) {
    const config = ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile);
    const options = ts.parseJsonConfigFileContent(config.config, ts.sys, root).options;
    const host = ts.createCompilerHost(options, true);
    const { readFile, fileExists, getSourceFile } = host;
    host.readFile = (name) => overrides[name] ?? readFile.call(host, name);
    host.fileExists = (name) => name in overrides || fileExists.call(host, name);
    host.getSourceFile = (name, language, onError, create) =>
      name in overrides ? ts.createSourceFile(name, overrides[name]!, language, true) : getSourceFile.call(host, name, language, onError, create);
    program = ts.createProgram({ rootNames: [clientsFile, ...Object.keys(overrides)], options, host });
  }
  const source = program.getSourceFile(file)!;
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n');
}

describe('flags typed from their declaration', () => {
  it('clients.ts compiles as it is', () => {
    for (const text of Object.values(renamed)) expect(text).not.toBe(clients);
    expect(typeErrors(clientsFile)).toBe('');
  }, 60_000);

  it("renaming a shared flag's long name alone (redirectUri → redirectUrl) fails to compile", () => {
    expect(typeErrors(variant('shared'))).toContain("flag key 'redirectUrl' must be the record key 'redirectUri'");
  });

  it('renaming a flag declared in the record (autoProvision → autoProvisioning) fails to compile', () => {
    expect(typeErrors(variant('inline'))).toContain("flag key 'autoProvisioning' must be the record key 'autoProvision'");
  });

  it('renaming the record key with the flag but not the uses of its value fails to compile too', () => {
    expect(typeErrors(variant('key-too'))).toMatch(/Property 'redirectUri' does not exist/);
  });

  it('parsed values have the types their declarations imply', () => {
    expect(typeErrors(variant('probe'))).toBe('');
  });
});

describe('flag records', () => {
  it("every command's record key is its flag's key, and every listed flag has a description", () => {
    for (const command of allCommands()) {
      for (const [key, f] of flagEntries(command)) expect(flagKey(f), `${command.name} --${f.long}`).toBe(key);
      for (const f of flagList(command).filter((x) => !x.hidden)) expect(f.description.trim(), `${command.name} --${f.long}`).not.toBe('');
    }
  });
});
