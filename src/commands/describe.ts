/**
 * `Describe` (new, issue 15 §5): every command (or one) as JSON for scripts and AI agents, read from the same
 * registry and flag tables that drive parsing, help, completion and the README, so it cannot disagree with them.
 * `--help` stays for people. The JSON's shape is describe-schema.ts (`Describe --schema` prints it).
 */
import { defineCommand, flagEntries, type CommandOutput, type CommandSpec, type FlagSpec, type JsonShape } from '../cli/spec.js';
import { flag, flagKey } from '../cli/flags.js';
import { GLOBAL_FLAGS, findCommand } from '../cli/argv.js';
import { EXIT_CODES, valueLabel } from '../cli/help.js';
import { UsageError } from '../errors.js';
import { takesDryRun } from './changes.js';

/** A declared JSON shape as a JSON Schema fragment: the type's name as title, its top-level fields as properties. */
function jsonSchemaOf(shape: JsonShape): Record<string, unknown> {
  const names = shape.fields.map((f) => f.replace(/\?$/, ''));
  const object = {
    title: shape.type,
    type: 'object',
    properties: Object.fromEntries(names.map((n) => [n, {}])),
    required: shape.fields.filter((f) => !f.endsWith('?')),
    additionalProperties: false,
  };
  return shape.array ? { type: 'array', items: object } : object;
}

/** The JSON of --dry-run (changes.ts), the same for every Update* and Delete*. */
const DRY_RUN_JSON: JsonShape = { type: 'DryRun', fields: ['dryRun', 'command', 'changes', 'requests'] };

/** What a command prints, from its declaration: table headers as printed, key/value labels, the JSON's shape. */
export function declaredOutput(command: CommandSpec<any>) {
  const output: CommandOutput | undefined = command.output;
  if (!output) throw new Error(`${command.name} declares no output`);
  const columns = output.headers ?? output.columns?.map((c) => c.header.toUpperCase());
  const forPeople = [
    columns ? 'a table (tab-separated when stdout is not a terminal)' : undefined,
    output.rows ? 'key/value lines' : undefined,
    output.text,
  ].filter((s) => s !== undefined);
  return {
    stdout: forPeople.length > 0 ? forPeople.join('; ') : 'nothing (progress and the outcome go to stderr)',
    ...(columns ? { columns: [...columns] } : {}),
    ...(output.rows ? { rows: output.rows.map((r) => ({ label: r.replace(/\?$/, ''), optional: r.endsWith('?') })) } : {}),
    json: output.json ? jsonSchemaOf(output.json) : null,
    ...(takesDryRun(command) ? { dryRunJson: jsonSchemaOf(DRY_RUN_JSON) } : {}),
    errors: 'with -o json an error is one JSON object {"error":{…}} on stderr; stdout stays empty',
  };
}

function describeFlag(key: string, f: FlagSpec) {
  return {
    long: f.long,
    ...(f.short ? { short: f.short } : {}),
    key,
    type: f.type,
    required: f.required === true,
    ...(f.values ? { values: [...f.values] } : {}),
    ...(f.type === 'presence' ? { default: false } : {}),
    ...(valueLabel(f) ? { valueName: valueLabel(f) } : {}),
    repeatable: f.repeatable === true,
    secret: f.secret === true,
    description: f.description,
  };
}

/** One command as Describe prints it. */
export function describeCommand(command: CommandSpec<any>) {
  const entries = flagEntries(command).filter(([, f]) => !f.hidden);
  const confirmFlag = entries.find(([key]) => key === 'yes')?.[1];
  const effect = command.effect;
  if (!effect) throw new Error(`${command.name} declares no effect`);
  const network = effect !== 'local';
  const required = entries.filter(([, f]) => f.required).map(([, f]) => `${f.short ? `-${f.short}` : `--${f.long}`}${f.type === 'presence' ? '' : ` ${valueLabel(f) || '<value>'}`}`);
  return {
    name: command.name,
    group: command.group,
    description: command.description,
    ours: command.ours === true,
    usage: ['octo-cli -c', command.name, ...required].join(' '),
    flags: entries.map(([key, f]) => describeFlag(key, f)),
    examples: (command.examples ?? []).map((e) => ({ command: e.command, description: e.description })),
    notes: [...(command.notes ?? [])],
    effects: {
      effect,
      network,
      writes: effect === 'write' || effect === 'delete' || effect === 'write+delete',
      deletes: effect === 'delete' || effect === 'write+delete',
      confirms: confirmFlag !== undefined,
      ...(confirmFlag ? { confirmFlag: `--${confirmFlag.long}` } : {}),
      dryRun: takesDryRun(command),
    },
    output: declaredOutput(command),
    exitCodes: EXIT_CODES.map(([code, name, meaning]) => ({ code, name, meaning })),
  };
}

declare const OCTO_CLI_VERSION: string;
const VERSION = typeof OCTO_CLI_VERSION === 'string' ? OCTO_CLI_VERSION : '0.0.0-dev';

/** The Describe command; `all` lists every command (the registry passes it in, as for Completion). */
export function describeCommands(all: () => readonly CommandSpec<any>[]): CommandSpec<any>[] {
  return [
    defineCommand({
      name: 'Describe',
      effect: 'local',
          output: { text: 'JSON whatever -o says: every command, or one (-n), or the JSON Schema of this output (--schema)', json: null },
      group: 'General',
      ours: true,
      description: 'Prints every command (or one) as JSON for scripts and AI agents: flags, examples, effects, output and exit codes.',
      flags: {
        name: flag.string('name', { short: 'n', valueName: '<Command>', description: 'Only this command (case-insensitive).' }),
        schema: flag.presence('schema', { description: 'Print the JSON Schema of the output instead.' }),
      },
      examples: [
        { command: 'octo-cli -c Describe', description: 'All commands, as one JSON document.' },
        { command: 'octo-cli -c Describe -n UpdateClient', description: 'One command.' },
        { command: "octo-cli -c Describe | jq -r '.commands[] | select(.effects.effect == \"read\") | .name'", description: 'The commands that only read.' },
        { command: "octo-cli -c Describe -n GetUsers | jq '.output.columns, .output.json'", description: 'The table columns and the JSON shape of one command.' },
      ],
      notes: ['Always JSON (whatever -o says). Nothing ever prompts under CI, with a non-terminal stdin or -o json: a command that needs confirmation then fails with exit 251 and names its confirm flag (effects.confirmFlag).'],
      async run(ctx, flags) {
        if (flags.schema) return { json: (await import('./describe-schema.js')).describeJsonSchema(), format: 'json' };
        if (flags.name !== undefined) {
          const command = findCommand(flags.name.trim(), all());
          if (!command) throw new UsageError(`'${flags.name}' is not a command`, { hint: 'run `octo-cli -c Describe` for all of them' });
          return { json: describeCommand(command), format: 'json' };
        }
        return {
          json: { version: VERSION, globalFlags: GLOBAL_FLAGS.map((f) => describeFlag(flagKey(f), f)), commands: all().map(describeCommand) },
          format: 'json',
        };
      },
    }),
  ];
}
