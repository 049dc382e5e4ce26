/**
 * `Describe` (new, issue 15 §5): every command (or one) as JSON for scripts and AI agents, read from the same
 * registry and flag tables that drive parsing, help, completion and the README, so it cannot disagree with them.
 * `--help` stays for people. The JSON's shape is describe-schema.ts (`Describe --schema` prints it).
 */
import { defineCommand, flagEntries, type CommandSpec, type FlagSpec } from '../cli/spec.js';
import { flag, flagKey } from '../cli/flags.js';
import { GLOBAL_FLAGS, findCommand } from '../cli/argv.js';
import { EXIT_CODES, valueLabel } from '../cli/help.js';
import { ExitCode, UsageError } from '../errors.js';
import { takesDryRun } from './changes.js';

/** Commands that work on local files only (contexts, configuration, help): they need no network. */
const LOCAL = /^(AddContext|RemoveContext|UseContext|ListContexts|RenameContext|Config|Completion|Describe|GetApplySchema|ShowConfig|SetConfig|GetConfig)/;
const WRITES = /^(Add|Create|Update|Delete|Remove|Apply|Rotate|Provision|Set|Setup|Import|LogIn|LogOut|Use|Rename|Revoke|Enable|Disable|Reset)/;
const DELETES = /^(Delete|Remove|Revoke)/;

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
  const network = !LOCAL.test(command.name);
  const writes = WRITES.test(command.name) && !/^Get/.test(command.name);
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
      network,
      writes,
      deletes: DELETES.test(command.name),
      confirms: confirmFlag !== undefined,
      ...(confirmFlag ? { confirmFlag: `--${confirmFlag.long}` } : {}),
      dryRun: takesDryRun(command),
    },
    output: {
      stdout: writes ? 'nothing for people (progress on stderr); with -o json a small JSON object of the change' : 'a table or key/value lines for people (tab-separated when piped); with -o json the wire JSON',
      json: '-o json prints the JSON result only on stdout, and errors as one JSON object {"error":{…}} on stderr',
    },
    exitCodes: EXIT_CODES.filter(([code]) => code !== ExitCode.config || network || LOCAL.test(command.name)).map(([code, name, meaning]) => ({ code, name, meaning })),
  };
}

declare const OCTO_CLI_VERSION: string;
const VERSION = typeof OCTO_CLI_VERSION === 'string' ? OCTO_CLI_VERSION : '0.0.0-dev';

/** The Describe command; `all` lists every command (the registry passes it in, as for Completion). */
export function describeCommands(all: () => readonly CommandSpec<any>[]): CommandSpec<any>[] {
  return [
    defineCommand({
      name: 'Describe',
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
        { command: "octo-cli -c Describe | jq -r '.commands[] | select(.effects.writes | not) | .name'", description: 'The commands that only read.' },
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
