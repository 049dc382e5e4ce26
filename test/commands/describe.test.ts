/**
 * Issue 15 §5: Describe prints every command as JSON, read from the registry, and every command's description is
 * valid against the schema (describe-schema.ts); its flags agree with the flag tables. Nothing prompts under -o json.
 */
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/commands/index.js';
import { flagList } from '../../src/cli/spec.js';
import { commandDescriptionSchema, describeOutputSchema } from '../../src/commands/describe-schema.js';
import { run } from './identity-helpers.js';

describe('Describe', () => {
  it('all commands: one JSON document valid against the schema, one entry per registered command', async () => {
    const r = await run(['-c', 'Describe']);
    expect(r.code, r.stderr).toBe(0);
    const doc = describeOutputSchema.parse(JSON.parse(r.stdout));
    expect(doc.commands.map((c) => c.name)).toEqual(allCommands().map((c) => c.name));
    for (const command of allCommands()) {
      const described = doc.commands.find((c) => c.name === command.name)!;
      expect(described.flags.map((f) => f.long), command.name).toEqual(flagList(command).filter((f) => !f.hidden).map((f) => f.long));
      expect(described.effects.dryRun, command.name).toBe(/^(Update|Delete)/.test(command.name));
    }
    expect(doc.globalFlags.map((f) => f.long)).toContain('output');
  });

  it('one command, case-insensitive; its effects, confirm flag, enum values and required flags', async () => {
    const r = await run(['-c', 'Describe', '-n', 'deleteclient']);
    const d = commandDescriptionSchema.parse(JSON.parse(r.stdout));
    expect(d.name).toBe('DeleteClient');
    expect(d.effects).toEqual({ effect: 'delete', network: true, writes: true, deletes: true, confirms: true, confirmFlag: '--yes', dryRun: true });
    expect(d.output.json).toMatchObject({ title: 'ClientDeleted', required: ['clientId', 'deleted'] });
    expect(d.output.dryRunJson).toMatchObject({ title: 'DryRun' });
    expect(d.usage).toBe('octo-cli -c DeleteClient -id <client-id>');
    const get = commandDescriptionSchema.parse(JSON.parse((await run(['-c', 'Describe', '-n', 'GetClients'])).stdout));
    expect(get.effects).toMatchObject({ effect: 'read', writes: false, deletes: false });
    // The columns as printed (upper-case), from the same column array GetClients prints; the wire JSON's shape.
    expect(get.output.columns).toEqual(['CLIENT ID', 'NAME', 'GRANT TYPES', 'SCOPES', 'REDIRECT URIS', 'ENABLED', 'REGISTRATION']);
    expect(get.output.json).toMatchObject({ type: 'array', items: { title: 'ClientDto', type: 'object' } });
    const rotate = commandDescriptionSchema.parse(JSON.parse((await run(['-c', 'Describe', '-n', 'RotateApiSecretClient'])).stdout));
    expect(rotate.effects).toMatchObject({ effect: 'write+delete', writes: true, deletes: true, confirms: true });
    expect(rotate.output.rows).toContainEqual({ label: 'Secret file', optional: true });
    const completion = commandDescriptionSchema.parse(JSON.parse((await run(['-c', 'Describe', '-n', 'Completion'])).stdout));
    expect(completion.flags[0]).toMatchObject({ long: 'shell', type: 'enum', required: false });
    expect(completion.flags[0]!.values).toContain('fish');
    expect(completion.effects.network).toBe(false);
  });

  it('always JSON (also with -o table); an unknown name is a usage error; --schema prints a JSON Schema', async () => {
    const table = await run(['-c', 'Describe', '-n', 'GetRoles', '-o', 'table']);
    expect(() => JSON.parse(table.stdout)).not.toThrow();
    const bad = await run(['-c', 'Describe', '-n', 'Nope']);
    expect(bad.code).toBe(255);
    const schema = JSON.parse((await run(['-c', 'Describe', '--schema'])).stdout);
    expect(schema.$schema).toMatch(/json-schema/);
  });

  it('-o json never prompts: a delete on a terminal without -y fails with 251 and names the flag', async () => {
    const r = await run(['-c', 'DeleteClient', '-id', 'x', '-o', 'json'], { tty: true, input: 'y\n' });
    expect(r.code).toBe(251);
    expect(JSON.parse(r.stderr).error.message).toMatch(/confirmation required/);
    expect(r.stderr).toContain('--yes');
    expect(r.requests.filter((q) => q.method === 'DELETE')).toEqual([]);
  });
});
