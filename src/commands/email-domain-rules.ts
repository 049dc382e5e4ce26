/**
 * Identity Services: e-mail domain group rules (octo-cli-commands.md §5.9; identity-api.md §2.10, §4.9): users whose
 * e-mail matches a pattern join a group. Fixes: docs/differences-identity-commands.md.
 */
import { defineCommand, jsonArray, jsonObject, type CommandSpec } from '../cli/spec.js';
import { flag } from '../cli/flags.js';
import { all, identifier, maxLength } from '../cli/checks.js';
import { listOf } from '../cli/output.js';
import { adminApi } from '../api/index.js';
import * as rules from '../api/resources/emailDomainRules.js';
import type { RuleDto } from '../api/resources/emailDomainRules.js';
import { GROUP, identifierFlag } from './shared.js';

const patternFlag = flag.string('emailDomainPattern', {
  short: 'edp',
  required: true,
  valueName: '<pattern>',
  check: all(identifier, maxLength(100)),
  description: 'E-mail domain pattern, e.g. example.com (at most 100 characters).',
});
const targetFlag = flag.oid('targetGroupRtId', { short: 'tgid', required: true, valueName: '<group-rtId>', description: 'RtId of the group matching users join (24 hex digits, see GetGroups).' });
const descriptionFlag = flag.string('description', { short: 'd', valueName: '<text>' });

const COLUMNS = [
  { header: 'Id', value: (r: RuleDto) => r.rtId },
  { header: 'E-mail domain pattern', value: (r: RuleDto) => r.emailDomainPattern },
  { header: 'Target group', value: (r: RuleDto) => r.targetGroupRtId },
  { header: 'Description', value: (r: RuleDto) => r.description, shrink: true },
];

const getEmailDomainGroupRules = defineCommand({
  name: 'GetEmailDomainGroupRules',
  effect: 'read',
  output: { columns: COLUMNS, json: jsonArray('RuleDto', ['rtId', 'emailDomainPattern', 'targetGroupRtId', 'description']) },
  group: GROUP,
  description: 'Gets all email domain group rules.',
  flags: {},
  examples: [{ command: 'octo-cli -c GetEmailDomainGroupRules', description: 'A table: id, pattern, target group, description.' }],
  notes: ['With --output json the list is printed as a JSON array (the server wraps it in {emailDomainGroupRules:[…]}).'],
  async run(ctx) {
    const api = await adminApi(ctx);
    return listOf(await rules.list(api), COLUMNS, { empty: 'No email domain group rules found' });
  },
});

const getEmailDomainGroupRule = defineCommand({
  name: 'GetEmailDomainGroupRule',
  effect: 'read',
  output: { rows: ['Id', 'E-mail domain pattern', 'Target group', 'Description'], json: jsonObject('RuleDto', ['rtId', 'emailDomainPattern', 'targetGroupRtId', 'description']) },
  group: GROUP,
  description: 'Gets an email domain group rule by ID.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the rule.' }) },
  examples: [{ command: 'octo-cli -c GetEmailDomainGroupRule -id 6670000000000000000000b1', description: '' }],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const rule = await rules.get(api, flags.identifier);
    return {
      view: [
        ['Id', rule.rtId],
        ['E-mail domain pattern', rule.emailDomainPattern],
        ['Target group', rule.targetGroupRtId],
        ['Description', rule.description],
      ],
      json: rule,
    };
  },
});

const createEmailDomainGroupRule = defineCommand({
  name: 'CreateEmailDomainGroupRule',
  effect: 'write',
  output: { json: jsonObject('RuleCreated', ['id', 'emailDomainPattern', 'created']) },
  group: GROUP,
  description: 'Creates an email domain group rule.',
  flags: { emailDomainPattern: patternFlag, targetGroupRtId: targetFlag, description: descriptionFlag.with({ description: 'Description of the rule.' }) },
  examples: [{ command: 'octo-cli -c CreateEmailDomainGroupRule -edp "example.com" -tgid 660000000000000000000040 -d "Employees are tenant owners"', description: '' }],
  notes: [
    'The server may answer 500 after storing the rule (its CreatedAtAction names a route that does not exist). Then the rules are read back: if the rule is there, the command succeeds with a warning.',
  ],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    const body = rules.ruleDto({ emailDomainPattern: flags.emailDomainPattern, targetGroupRtId: flags.targetGroupRtId, description: flags.description ?? null });
    ctx.log.info(`Creating email domain group rule '${flags.emailDomainPattern}' at '${api.baseUrl}'`);
    const { id, recoveredFrom } = await rules.create(api, body);
    if (recoveredFrom !== undefined) ctx.log.warn(`the server answered ${recoveredFrom} but stored the rule (a known server bug)`);
    ctx.log.info(`Email domain group rule '${flags.emailDomainPattern}' created${id ? ` (id ${id})` : ''}`);
    return { json: { id: id ?? null, emailDomainPattern: flags.emailDomainPattern, created: true } };
  },
});

const updateEmailDomainGroupRule = defineCommand({
  name: 'UpdateEmailDomainGroupRule',
  effect: 'write',
  output: { json: jsonObject('RuleUpdated', ['id', 'updated']) },
  group: GROUP,
  description: 'Updates an email domain group rule.',
  flags: {
    identifier: identifierFlag.with({ description: 'RtId of the rule.' }),
    emailDomainPattern: patternFlag,
    targetGroupRtId: targetFlag,
    description: descriptionFlag.with({ description: 'New description; `-d ""` clears it. Without -d the description is kept.' }),
  },
  examples: [{ command: 'octo-cli -c UpdateEmailDomainGroupRule -id 6670000000000000000000b1 -edp "example.com" -tgid 6600000000000000000000aa', description: '' }],
  notes: ['Without -d the rule is read first and its description kept (the original cleared it).'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Updating email domain group rule '${flags.identifier}' at '${api.baseUrl}'`);
    const description = flags.description !== undefined ? flags.description : (await rules.get(api, flags.identifier)).description;
    await rules.update(api, flags.identifier, rules.ruleDto({ emailDomainPattern: flags.emailDomainPattern, targetGroupRtId: flags.targetGroupRtId, description: description || null }));
    ctx.log.info(`Email domain group rule '${flags.identifier}' updated`);
    return { json: { id: flags.identifier, updated: true } };
  },
});

const deleteEmailDomainGroupRule = defineCommand({
  name: 'DeleteEmailDomainGroupRule',
  effect: 'delete',
  output: { json: jsonObject('RuleDeleted', ['id', 'deleted']) },
  group: GROUP,
  description: 'Deletes an email domain group rule.',
  flags: { identifier: identifierFlag.with({ description: 'RtId of the rule to delete.' }) },
  examples: [{ command: 'octo-cli -c DeleteEmailDomainGroupRule -id 6670000000000000000000b1', description: '' }],
  notes: ['No confirmation (as the original).'],
  async run(ctx, flags) {
    const api = await adminApi(ctx);
    ctx.log.info(`Deleting email domain group rule '${flags.identifier}' from '${api.baseUrl}'`);
    await rules.remove(api, flags.identifier);
    ctx.log.info(`Email domain group rule '${flags.identifier}' deleted`);
    return { json: { id: flags.identifier, deleted: true } };
  },
});

export const commands: CommandSpec<any>[] = [
  getEmailDomainGroupRules,
  getEmailDomainGroupRule,
  createEmailDomainGroupRule,
  updateEmailDomainGroupRule,
  deleteEmailDomainGroupRule,
];
