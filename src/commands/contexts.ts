/** Context Management: AddContext, UseContext, ListContexts, RemoveContext (octo-cli-commands.md §2.2). */
import { defineCommand, jsonArray, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag } from '../cli/flags.js';
import { notBlank } from '../cli/checks.js';
import type { RunContext } from '../cli/context.js';
import { ToolError } from '../errors.js';
import { findContextKey, type ContextsFile } from '../config/contexts.js';
import { listOf, type Column, type CommandResult } from '../cli/output.js';
import { peopleTime } from '../cli/time.js';
import type { AuthSummary } from '../auth/types.js';
import { SERVICE_FLAGS, activateIfAlone, contextJson, forgetIfRetargeted, optionsFromFlags, replaceOptions, warnIfPlainHttp } from './config.js';

const nameFlag = flag.string('name', { short: 'n', valueName: '<context>' });

function authText(a: AuthSummary, now: number): string {
  switch (a.status) {
    case 'none':
      return 'no token (run LogIn)';
    case 'unknown-expiry':
      return 'authenticated (no expiry recorded)';
    case 'valid':
    case 'expired':
      return `${a.status === 'valid' ? 'authenticated' : 'expired'}, expires ${peopleTime(a.accessTokenExpiresAt, now)}${a.hasRefreshToken ? ', refresh available' : ''}`;
  }
}

async function describeAll(ctx: RunContext, file: ContextsFile, only?: string) {
  const activeKey = findContextKey(file, file.ActiveContext);
  const names = only ? [only] : Object.keys(file.Contexts);
  return Promise.all(
    names.map(async (name) => {
      const entry = file.Contexts[name]!;
      const auth = await ctx.session.describe(ctx, name);
      return {
        ...contextJson(name, entry.OctoToolOptions, name === activeKey),
        authStatus: auth.status,
        accessTokenExpiresAt: auth.accessTokenExpiresAt ?? null,
        hasRefreshToken: auth.hasRefreshToken,
        auth,
      };
    }),
  );
}

type ContextRow = Awaited<ReturnType<typeof describeAll>>[number];

/** The columns of ListContexts (`now` for the token's validity). */
const contextColumns = (now: number): readonly Column<ContextRow>[] => [
  { header: ' ', value: (r) => (r.isActive ? '*' : '') },
  { header: 'Name', value: (r) => r.name, key: true },
  { header: 'Identity', value: (r) => r.services.identity ?? '(not set)', shrink: true },
  { header: 'Tenant', value: (r) => r.tenant ?? '(not set)' },
  { header: 'Auth', value: (r) => authText(r.auth, now), shrink: true },
];

/** The labels of ListContexts -n <name>, in order. */
const CONTEXT_ROWS = ['Context', 'Tenant', 'Identity Service', 'Asset Service', 'Bot Service', 'Communication Service', 'Reporting Service', 'AI Service', 'Auth'] as const;

/** The contexts (a table), or with `only` one of them (key/value); `asJson` is ListContexts -j. */
async function listContexts(ctx: RunContext, asJson: boolean, only?: string): Promise<CommandResult> {
  const file = await ctx.contexts.load();
  let key: string | undefined;
  if (only) {
    key = findContextKey(file, only);
    if (!key) throw new ToolError(`Context '${only}' does not exist.`, { hint: 'run `octo-cli -c ListContexts` to see the contexts' });
  }
  const rows = await describeAll(ctx, file, key);
  const json = rows.map(({ auth: _auth, ...row }) => row);
  const format = asJson ? 'json' : undefined;
  if (key) {
    const r = rows[0]!;
    return {
      view: [
        ['Context', `${r.name}${r.isActive ? ' (active)' : ''}`],
        ['Tenant', r.tenant ?? '(not set)'],
        ['Identity Service', r.services.identity ?? '(not set)'],
        ['Asset Service', r.services.asset ?? '(not set)'],
        ['Bot Service', r.services.bot ?? '(not set)'],
        ['Communication Service', r.services.communication ?? '(not set)'],
        ['Reporting Service', r.services.reporting ?? '(not set)'],
        ['AI Service', r.services.ai ?? '(not set)'],
        ['Auth', authText(r.auth, ctx.now())],
      ],
      json,
      format,
    };
  }
  return listOf(
    rows,
    contextColumns(ctx.now()),
    // For people only: `-o json` prints just `[]`.
    { note: rows.length === 0 ? "No contexts configured. Use 'AddContext' to create one." : undefined, json, format },
  );
}

const addContext = defineCommand({
  name: 'AddContext',
  effect: 'local',
  output: { json: jsonObject('Context', ['name', 'isActive', 'tenant', 'services']) },
  group: 'Context Management',
  description: 'Adds or updates a named context.',
  flags: { name: nameFlag.with({ required: true, check: notBlank, description: 'Name of the context (case is kept; look-ups are case-insensitive).' }), ...SERVICE_FLAGS },
  examples: [
    { command: 'octo-cli -c AddContext -n local_meshtest -isu "https://localhost:5003/" -tid "meshtest"', description: 'Add a context for a local tenant.' },
    { command: 'octo-cli -c AddContext -n prod -isu "https://identity.example.com/" -tid "octosystem"', description: '' },
  ],
  notes: [
    'Re-adding an existing name replaces its settings. Unlike the original, its sign-in is kept when the identity URL and tenant stay the same.',
    'The context becomes active when there is no active context or it is the only one.',
  ],
  async run(ctx, flags) {
    const name = String(flags.name).trim();
    const options = optionsFromFlags(flags);
    await warnIfPlainHttp(ctx, options);
    const result = await ctx.contexts.update(async (file) => {
      const key = findContextKey(file, name) ?? name;
      const existing = file.Contexts[key];
      const entry = { ...(existing ?? {}) };
      entry.OctoToolOptions = replaceOptions(existing?.OctoToolOptions, options);
      if (await forgetIfRetargeted(ctx, key, existing?.OctoToolOptions, entry.OctoToolOptions)) entry.Authentication = null;
      file.Contexts[key] = entry;
      activateIfAlone(file, key);
      return { key, entry, active: findContextKey(file, file.ActiveContext) === key, activeName: file.ActiveContext ?? null };
    });
    ctx.log.info(`Context '${result.key}' added. Active context: '${result.activeName ?? '(none)'}'`);
    return { json: contextJson(result.key, result.entry.OctoToolOptions, result.active) };
  },
});

const useContext = defineCommand({
  name: 'UseContext',
  effect: 'local',
  output: { columns: contextColumns(0), text: 'without -n the contexts table (as ListContexts); with -n nothing', json: jsonObject('ActiveContext', ['activeContext']) },
  group: 'Context Management',
  description: 'Switches the active context.',
  flags: { name: nameFlag.with({ description: 'Context to make active. Without it, the contexts are listed.' }) },
  examples: [{ command: 'octo-cli -c UseContext -n prod', description: '' }],
  async run(ctx, flags) {
    if (typeof flags.name !== 'string') return listContexts(ctx, false);
    const typed = flags.name;
    const key = await ctx.contexts.update((file) => {
      const found = findContextKey(file, typed);
      if (!found) throw new ToolError(`Context '${typed}' does not exist.`, { hint: 'run `octo-cli -c ListContexts` to see the contexts' });
      file.ActiveContext = found;
      return found;
    });
    ctx.log.info(`Switched to context '${key}'`);
    return { json: { activeContext: key } };
  },
});

const listContextsCommand = defineCommand({
  name: 'ListContexts',
  effect: 'local',
  output: { columns: contextColumns(0), rows: CONTEXT_ROWS, text: 'the contexts table; with -n one context as key/value lines', json: jsonArray('Context', ['name', 'isActive', 'tenant', 'services', 'authStatus', 'accessTokenExpiresAt?', 'hasRefreshToken']) },
  group: 'Context Management',
  description: 'Lists all configured contexts. Pass -n to show details for a single context.',
  flags: {
    name: nameFlag.with({ description: 'Show the details of this context.' }),
    json: flag.presence('json', { short: 'j', description: 'Print JSON (same as --output json). Tokens are never printed.' }),
  },
  examples: [
    { command: 'octo-cli -c ListContexts', description: '' },
    { command: 'octo-cli -c ListContexts -j | jq -r ".[] | select(.isActive) | .name"', description: 'The active context, for scripts.' },
  ],
  notes: ['An unknown -n name is an error (exit 251); the original printed an error and exited 0.'],
  run: (ctx, flags) => listContexts(ctx, flags.json === true, typeof flags.name === 'string' ? flags.name : undefined),
});

const removeContext = defineCommand({
  name: 'RemoveContext',
  effect: 'local',
  output: { json: jsonObject('RemovedContext', ['removed', 'activeContext']) },
  group: 'Context Management',
  description: 'Removes a named context.',
  flags: { name: nameFlag.with({ required: true, description: 'Context to remove (case-insensitive).' }) },
  examples: [{ command: 'octo-cli -c RemoveContext -n old', description: '' }],
  notes: [
    'When the active context is removed, the first remaining one becomes active (the original compared names case-sensitively and could leave a dangling active context).',
    "The context's stored tokens are removed as well.",
  ],
  async run(ctx, flags) {
    const typed = String(flags.name);
    const result = await ctx.contexts.update((file) => {
      const key = findContextKey(file, typed);
      if (!key) throw new ToolError(`Context '${typed}' does not exist.`, { hint: 'run `octo-cli -c ListContexts` to see the contexts' });
      const wasActive = findContextKey(file, file.ActiveContext) === key;
      delete file.Contexts[key];
      if (wasActive) file.ActiveContext = Object.keys(file.Contexts)[0] ?? null;
      return { key, active: file.ActiveContext ?? null };
    });
    await ctx.session.forget(ctx, result.key);
    ctx.log.info(`Context '${result.key}' removed. ${result.active ? `Active context: '${result.active}'` : 'No active context.'}`);
    return { json: { removed: result.key, activeContext: result.active } };
  },
});

export const commands: CommandSpec<any>[] = [addContext, useContext, listContextsCommand, removeContext];
