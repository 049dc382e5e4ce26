/**
 * Declarative provisioning: Plan, Apply and Export a tenant's API scopes, API resources, roles, clients and groups as
 * a YAML/JSON file, and GetApplySchema for editors and CI. The work is in src/provision (loaded on first use).
 */
import { defineCommand, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag } from '../cli/flags.js';
import { notBlank } from '../cli/checks.js';
import { DEFAULT_PARALLEL } from '../shared/pool.js';
import { GROUP, parallelFlag as sharedParallelFlag, yesFlag } from './shared.js';

const filesFlag = flag.strings('file', {
  short: 'f',
  required: true,
  valueName: '<file>',
  check: notBlank,
  description: 'The provisioning file (YAML or JSON); `-` reads stdin. May be repeated: the files are merged (an object described twice is an error).',
});
const pruneFlag = flag.presence('prune', {
  description: 'Also delete objects of the kinds the file lists (its key is present) that the file does not describe. Never: seeded defaults, dynamically registered clients, the signed-in client.',
});
const parallelFlag = sharedParallelFlag.with({ description: `Requests in flight at once (default ${DEFAULT_PARALLEL}, 1 to 64); reading the tenant goes twice as wide.` });

const load = () => import('../provision/run.js');

/** The plan table's header line as src/provision/render.ts prints it (test/commands/declarations.test.ts compares them). */
const PLAN_HEADERS = ['ACTION', 'KIND', 'NAME', 'CHANGE'] as const;
const PLAN_JSON = jsonObject('Plan', ['changes', 'notInFile', 'summary']);

const FILE_NOTES = [
  'Keys: tenant, apiScopes, apiResources, roles, clients, groups; fields as the admin API\'s DTOs print them with -o json; references by name. A field absent from the file is not managed; [] clears a list. `octo-cli -c GetApplySchema` prints the JSON Schema.',
  '${env:NAME} and ${file:PATH} (relative to the file) may stand in any string value; a missing variable or file is an error before any request.',
  'clientSecret is compared by its hash and never printed: the plan says (set) or (changes). Setting it replaces all of the client\'s secrets.',
  'Problems are reported all at once as file:line:column: path: message, before any request.',
];

const planCommand = defineCommand({
  name: 'Plan',
  effect: 'read',
  output: { headers: PLAN_HEADERS, text: 'the plan as a table (or "No changes."), then a summary line', json: PLAN_JSON },
  group: GROUP,
  ours: true,
  description: 'Shows what Apply would change to make the tenant as the file describes it; changes nothing (GET requests only).',
  flags: {
    file: filesFlag,
    prune: pruneFlag.with({ description: 'Plan the deletes that Apply --prune would make.' }),
    detailedExitcode: flag.presence('detailed-exitcode', { description: 'Exit 0 when nothing would change and 2 when something would (errors keep their codes), for drift checks in CI.' }),
    parallel: parallelFlag,
  },
  examples: [
    { command: 'octo-cli -c Plan -f tenant.yaml', description: 'What would change.' },
    { command: 'octo-cli -c Plan -f tenant.yaml --detailed-exitcode', description: 'Exit code 2 when the tenant differs from the file.' },
    { command: 'octo-cli -c Plan -f base.yaml -f prod.yaml -o json', description: 'Two files merged; the plan as JSON.' },
  ],
  notes: [
    'A table: action (create/update/delete), kind, name, and each changed field as field: old → new (lists as +added -removed); "No changes." when there are none. Objects on the server that the file does not list are "not in file (kept)".',
    ...FILE_NOTES,
  ],
  async run(ctx, flags) {
    return (await load()).runPlan(ctx, flags);
  },
});

const applyCommand = defineCommand({
  name: 'Apply',
  effect: 'write+delete',
  output: { headers: PLAN_HEADERS, text: 'the plan as a table (or "No changes."), then the plan and apply summary lines', json: PLAN_JSON },
  group: GROUP,
  ours: true,
  description: 'Makes the tenant as the file describes it: prints the plan, then creates, updates and (with --prune) deletes.',
  flags: { file: filesFlag, prune: pruneFlag, yes: yesFlag.with({ description: 'Do not ask before deleting (needed for --prune when stdin is not a terminal, and under CI).' }), parallel: parallelFlag },
  examples: [
    { command: 'octo-cli -c Apply -f tenant.yaml', description: 'Create and update; delete nothing.' },
    { command: 'BILLING_WORKER_SECRET=… octo-cli -c Apply -f tenant.yaml --prune -y', description: 'Also delete what the file no longer lists, without asking.' },
  ],
  notes: [
    'An object that is already as described causes no write request: a second Apply of the same file changes nothing.',
    'Order: scopes → resources → roles → clients → groups and members; deletes in reverse. Within a level up to --parallel requests at once.',
    'A failed change is reported with the server\'s message; the changes that depend on it are skipped, the others go on; the exit code is then 253. Running Apply again converges.',
    'With --prune, deletes are confirmed on a terminal (y/N); otherwise, and under CI, -y is required.',
    ...FILE_NOTES,
  ],
  async run(ctx, flags) {
    return (await load()).runApply(ctx, flags);
  },
});

const exportCommand = defineCommand({
  name: 'Export',
  effect: 'read',
  output: { text: 'the provisioning file as YAML on stdout, or nothing with -f (written to the file)', json: jsonObject('ProvisioningFile', ['tenant', 'apiScopes?', 'apiResources?', 'roles?', 'clients?', 'groups?']) },
  group: GROUP,
  ours: true,
  description: 'Writes the tenant\'s API scopes, API resources, roles, clients and groups as a provisioning file (no secret values).',
  flags: {
    file: flag.string('file', { short: 'f', valueName: '<file>', check: notBlank, description: 'Write to this file (JSON when it ends in .json, else YAML) instead of stdout.' }),
    includeDefaults: flag.presence('include-defaults', { description: 'Also the seeded default objects (default clients, octo_api scopes, octoAPI, default roles, TenantOwners) and fields at their default value.' }),
    parallel: parallelFlag,
  },
  examples: [
    { command: 'octo-cli -c Export -f tenant.yaml', description: 'Export to a file.' },
    { command: 'octo-cli -c Export -o json > tenant.json', description: 'As JSON on stdout.' },
  ],
  notes: [
    'Stable order, names instead of ids, read-only fields and default values left out. Secrets are never exported: add clientSecret: ${env:NAME} yourself.',
    'Plan of the exported file against the same tenant says "No changes."; Apply to an empty tenant recreates the objects. Dynamically registered clients and clients mirrored from a parent tenant are left out.',
  ],
  async run(ctx, flags) {
    return (await load()).runExport(ctx, flags);
  },
});

const getApplySchema = defineCommand({
  name: 'GetApplySchema',
  effect: 'local',
  output: { text: 'the JSON Schema of the provisioning file, whatever -o says', json: null },
  group: GROUP,
  ours: true,
  description: 'Prints the JSON Schema of the provisioning file (for editors and CI validation).',
  flags: {},
  examples: [{ command: 'octo-cli -c GetApplySchema > octo-tenant.schema.json', description: 'Then put `$schema: ./octo-tenant.schema.json` (or a yaml-language-server comment) in the file.' }],
  async run(ctx) {
    return (await load()).runGetApplySchema(ctx);
  },
});

export const commands: CommandSpec<any>[] = [planCommand, applyCommand, exportCommand, getApplySchema];
