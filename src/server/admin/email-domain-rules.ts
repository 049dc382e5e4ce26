/**
 * `emailDomainGroupRules` (identity-api.md §2.10, §4.9): "users whose e-mail matches this domain pattern join this
 * group". Stored and returned; this local service has no external self-registration, so the rules are not applied.
 */
import { sendJson, sendProblem, sendString, sendValidationProblem } from '../http.js';
import { newRtId } from '../ids.js';
import type { EmailDomainGroupRuleRecord } from '../types.js';
import { HANDLED, readDto, type Dto } from './body.js';
import { isRtId, removeByRtIdRoute, routeRtId } from './common.js';
import type { AdminRequest, Route } from './types.js';

const RULE_SCHEMA = { rtId: 'string', emailDomainPattern: 'string', targetGroupRtId: 'string', description: 'string' } as const;

const ruleToDto = (x: EmailDomainGroupRuleRecord) => ({
  rtId: x.rtId,
  emailDomainPattern: x.emailDomainPattern,
  targetGroupRtId: x.targetGroupRtId,
  description: x.description,
});

/** [Required] and [StringLength(100)] on both; the target must be an RtId. Sends the 400 itself. */
async function readRule(r: AdminRequest): Promise<Dto<typeof RULE_SCHEMA> | undefined> {
  const dto = await readDto(r.req, r.res, RULE_SCHEMA, 'EmailDomainGroupRuleDto');
  if (dto === HANDLED) return undefined;
  const errors: Record<string, string[]> = {};
  const check = (key: 'emailDomainPattern' | 'targetGroupRtId', label: string) => {
    const v = dto[key];
    if (!v || !v.trim()) errors[label] = [`The ${label} field is required.`];
    else if (v.length > 100) errors[label] = [`The field ${label} must be a string with a maximum length of 100.`];
  };
  check('emailDomainPattern', 'EmailDomainPattern');
  check('targetGroupRtId', 'TargetGroupRtId');
  if (!errors.TargetGroupRtId && !isRtId(dto.targetGroupRtId)) errors.TargetGroupRtId = [`The value '${dto.targetGroupRtId}' is not valid.`];
  if (Object.keys(errors).length) {
    sendValidationProblem(r.res, errors);
    return undefined;
  }
  return dto;
}

const patternTaken = (r: AdminRequest, pattern: string, selfId?: string) =>
  r.tenant.emailDomainGroupRules.some((x) => x.rtId !== selfId && x.emailDomainPattern.toLowerCase() === pattern.toLowerCase());
const conflict = (r: AdminRequest, pattern: string) =>
  sendString(r.req, r.res, 409, `An email domain group rule for pattern '${pattern}' already exists.`);

async function createRule(r: AdminRequest): Promise<void> {
  const dto = await readRule(r);
  if (!dto) return;
  if (patternTaken(r, dto.emailDomainPattern!)) return conflict(r, dto.emailDomainPattern!);
  const rule: EmailDomainGroupRuleRecord = {
    rtId: newRtId(),
    emailDomainPattern: dto.emailDomainPattern!,
    targetGroupRtId: dto.targetGroupRtId!.toLowerCase(),
    description: dto.description ?? null,
  };
  r.tenant.emailDomainGroupRules.push(rule);
  await r.commit();
  const path = new URL(r.req.url ?? '/', 'http://x').pathname.replace(/\/$/, '');
  r.res.setHeader('location', `${path}/${rule.rtId}`);
  sendJson(r.res, 201, ruleToDto(rule));
}

async function updateRule(r: AdminRequest): Promise<void> {
  const rtId = routeRtId(r, 'rtId');
  if (rtId === undefined) return void r.req.resume();
  const dto = await readRule(r);
  if (!dto) return;
  const rule = r.tenant.emailDomainGroupRules.find((x) => x.rtId === rtId);
  if (!rule) return sendProblem(r.res, 404);
  if (patternTaken(r, dto.emailDomainPattern!, rtId)) return conflict(r, dto.emailDomainPattern!);
  rule.emailDomainPattern = dto.emailDomainPattern!;
  rule.targetGroupRtId = dto.targetGroupRtId!.toLowerCase();
  rule.description = dto.description ?? null;
  await r.commit();
  sendJson(r.res, 200, ruleToDto(rule));
}

export const emailDomainRuleRoutes: Route[] = [
  {
    method: 'GET',
    path: 'emailDomainGroupRules',
    policy: 'read',
    handler: (r) => sendJson(r.res, 200, { emailDomainGroupRules: r.tenant.emailDomainGroupRules.map(ruleToDto) }),
  },
  {
    method: 'GET',
    path: 'emailDomainGroupRules/:rtId',
    policy: 'read',
    handler: (r) => {
      const rtId = routeRtId(r, 'rtId');
      if (rtId === undefined) return;
      const rule = r.tenant.emailDomainGroupRules.find((x) => x.rtId === rtId);
      if (!rule) return sendProblem(r.res, 404);
      sendJson(r.res, 200, ruleToDto(rule));
    },
  },
  { method: 'POST', path: 'emailDomainGroupRules', policy: 'write', storeErrorStatus: 500, handler: createRule },
  { method: 'PUT', path: 'emailDomainGroupRules/:rtId', policy: 'write', storeErrorStatus: 500, handler: updateRule },
  removeByRtIdRoute('emailDomainGroupRules', 'emailDomainGroupRules'),
];
