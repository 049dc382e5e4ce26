/**
 * `identityProviders` (identity-api.md §2.9, §4.8): external identity providers, stored and returned (no external
 * login happens here). The DTO is polymorphic on the integer `$type`. Client secrets are stored as given (they would be
 * needed in clear to talk to the provider) but never returned: responses carry `clientSecret: null`.
 */
import { sendJson, sendProblem, sendString, sendValidationProblem } from '../http.js';
import { newRtId } from '../ids.js';
import type { IdentityProviderRecord } from '../types.js';
import { HANDLED, readJson } from './body.js';
import { isRtId, removeByRtIdRoute, routeRtId } from './common.js';
import type { AdminRequest, Route } from './types.js';

type Field = { name: string; type: 'string' | 'int' | 'bool'; required?: boolean; fallback?: string | number | boolean | null };

const OAUTH: Field[] = [
  { name: 'clientId', type: 'string', required: true },
  { name: 'clientSecret', type: 'string' },
];

/** `$type` → the kind's own properties (identity-api.md §4.8). */
const KINDS: Record<number, { name: string; fields: Field[]; secret: boolean }> = {
  0: { name: 'Google', fields: OAUTH, secret: true },
  1: { name: 'Microsoft', fields: OAUTH, secret: true },
  2: {
    name: 'MicrosoftAzureAd',
    fields: [{ name: 'tenantId', type: 'string', required: true }, { name: 'authority', type: 'string' }, ...OAUTH],
    secret: true,
  },
  3: {
    name: 'MicrosoftActiveDirectory',
    fields: [
      { name: 'host', type: 'string', required: true },
      { name: 'port', type: 'int', fallback: 636 },
      { name: 'useTls', type: 'bool', fallback: false },
    ],
    secret: false,
  },
  4: {
    name: 'OpenLdap',
    fields: [
      { name: 'host', type: 'string', required: true },
      { name: 'port', type: 'int', fallback: 636 },
      { name: 'userBaseDn', type: 'string', required: true },
      { name: 'userNameAttribute', type: 'string', fallback: 'uid' },
      { name: 'useTls', type: 'bool', fallback: true },
    ],
    secret: false,
  },
  5: { name: 'Facebook', fields: OAUTH, secret: true },
  6: { name: 'OctoTenant', fields: [{ name: 'parentTenantId', type: 'string', required: true }], secret: false },
};

const PROVIDER_NAME = /^[A-Za-z0-9._-]+$/;

const pascal = (name: string) => name[0]!.toUpperCase() + name.slice(1);

function providerToDto(p: IdentityProviderRecord) {
  const kind = KINDS[p.type];
  const specific: Record<string, unknown> = {};
  for (const field of kind?.fields ?? []) {
    specific[field.name] = field.name === 'clientSecret' ? null : (p.settings[field.name] ?? field.fallback ?? null);
  }
  return {
    $type: p.type,
    isEnabled: p.isEnabled,
    rtId: p.rtId,
    name: p.name,
    description: p.description,
    allowSelfRegistration: p.allowSelfRegistration,
    defaultGroupRtId: p.defaultGroupRtId,
    ...specific,
  };
}

type Bound = Omit<IdentityProviderRecord, 'rtId'>;

/**
 * Binds and validates a body the way [ApiController] model validation would; sends 400 ValidationProblemDetails and
 * returns undefined on failure. `creating`: OAuth kinds then need a client secret.
 */
async function readProvider(r: AdminRequest, creating: boolean): Promise<Bound | undefined> {
  const value = await readJson(r.req, r.res, 'dto');
  if (value === HANDLED) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    sendValidationProblem(r.res, { $: ['The JSON value could not be converted to IdentityProviderDto. Path: $.'] });
    return undefined;
  }
  const props = new Map(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v] as const));
  const rawType = props.get('$type');
  const type = typeof rawType === 'number' ? rawType : typeof rawType === 'string' && /^\d$/.test(rawType) ? Number(rawType) : NaN;
  const kind = KINDS[type];
  if (!kind) {
    sendValidationProblem(r.res, {
      $: [`The JSON payload must carry the '$type' discriminator of IdentityProviderDto (0..6), got ${JSON.stringify(rawType ?? null)}.`],
      dto: ['The dto field is required.'],
    });
    return undefined;
  }
  const errors: Record<string, string[]> = {};
  const add = (key: string, message: string) => (errors[key] ??= []).push(message);
  const read = (field: Field): string | number | boolean | null | undefined => {
    const v = props.get(field.name.toLowerCase());
    if (v === undefined || v === null) {
      if (v === null && field.type !== 'string') add(`$.${field.name}`, `The JSON value could not be converted to ${field.type === 'int' ? 'System.Int32' : 'System.Boolean'}. Path: $.${field.name}.`);
      return undefined;
    }
    if (field.type === 'string' && typeof v === 'string') return v;
    if (field.type === 'bool' && typeof v === 'boolean') return v;
    if (field.type === 'int' && typeof v === 'number' && Number.isInteger(v)) return v;
    const net = field.type === 'int' ? 'System.Int32' : field.type === 'bool' ? 'System.Boolean' : 'System.String';
    add(`$.${field.name}`, `The JSON value could not be converted to ${net}. Path: $.${field.name}.`);
    return undefined;
  };

  const name = read({ name: 'name', type: 'string' }) as string | undefined;
  const isEnabled = read({ name: 'isEnabled', type: 'bool' }) as boolean | undefined;
  const description = read({ name: 'description', type: 'string' }) as string | undefined;
  const allowSelfRegistration = read({ name: 'allowSelfRegistration', type: 'bool' }) as boolean | undefined;
  const defaultGroupRtId = read({ name: 'defaultGroupRtId', type: 'string' }) as string | undefined;
  if (name === undefined || name.trim() === '') add('Name', 'The Name field is required.');
  else {
    if (name.length < 3 || name.length > 100) add('Name', 'The field Name must be a string with a minimum length of 3 and a maximum length of 100.');
    if (!PROVIDER_NAME.test(name)) add('Name', "The field Name must match the regular expression '^[A-Za-z0-9._-]+$'.");
  }
  if (description && description.length > 5000) add('Description', 'The field Description must be a string with a maximum length of 5000.');
  if (defaultGroupRtId && !isRtId(defaultGroupRtId)) add('DefaultGroupRtId', `The value '${defaultGroupRtId}' is not valid.`);

  const settings: IdentityProviderRecord['settings'] = {};
  for (const field of kind.fields) {
    const v = read(field);
    if (field.required && (v === undefined || (typeof v === 'string' && v.trim() === ''))) {
      add(pascal(field.name), `The ${pascal(field.name)} field is required.`);
    }
    if (field.name === 'port' && typeof v === 'number' && (v < 1 || v > 65535)) add('Port', 'The field Port must be between 1 and 65535.');
    if (field.name === 'clientSecret' && (v === undefined || v === '')) {
      if (creating) add('ClientSecret', `The ClientSecret field is required for ${kind.name} identity providers.`);
      continue;
    }
    settings[field.name] = v ?? field.fallback ?? null;
  }
  if (Object.keys(errors).length) {
    sendValidationProblem(r.res, errors);
    return undefined;
  }
  return {
    type,
    name: name!,
    isEnabled: isEnabled ?? false,
    description: description ?? null,
    allowSelfRegistration: allowSelfRegistration ?? true,
    defaultGroupRtId: defaultGroupRtId ? defaultGroupRtId.toLowerCase() : null,
    settings,
  };
}

const nameTaken = (r: AdminRequest, name: string, selfId?: string) =>
  r.tenant.identityProviders.some((p) => p.rtId !== selfId && p.name.toLowerCase() === name.toLowerCase());
const conflict = (r: AdminRequest, name: string) => sendString(r.req, r.res, 409, `An identity provider with name '${name}' already exists.`);

async function createProvider(r: AdminRequest): Promise<void> {
  const bound = await readProvider(r, true);
  if (!bound) return;
  if (nameTaken(r, bound.name)) return conflict(r, bound.name);
  const record: IdentityProviderRecord = { rtId: newRtId(), ...bound };
  r.tenant.identityProviders.push(record);
  await r.commit();
  sendJson(r.res, 200, providerToDto(record));
}

/** Replaces the provider (its kind may change); an omitted or empty client secret keeps the stored one. */
async function updateProvider(r: AdminRequest): Promise<void> {
  const rtId = routeRtId(r, 'rtId');
  if (rtId === undefined) return void r.req.resume();
  const bound = await readProvider(r, false);
  if (!bound) return;
  const existing = r.tenant.identityProviders.find((p) => p.rtId === rtId);
  if (!existing) return sendProblem(r.res, 404);
  if (nameTaken(r, bound.name, rtId)) return conflict(r, bound.name);
  const secret = existing.settings.clientSecret;
  if (KINDS[bound.type]!.secret && bound.settings.clientSecret === undefined && typeof secret === 'string') {
    bound.settings.clientSecret = secret;
  }
  Object.assign(existing, bound);
  await r.commit();
  sendJson(r.res, 200, providerToDto(existing));
}

export const identityProviderRoutes: Route[] = [
  {
    method: 'GET',
    path: 'identityProviders',
    policy: 'read',
    handler: (r) => sendJson(r.res, 200, { identityProviders: r.tenant.identityProviders.map(providerToDto) }),
  },
  {
    method: 'GET',
    path: 'identityProviders/:rtId',
    policy: 'read',
    handler: (r) => {
      const rtId = routeRtId(r, 'rtId');
      if (rtId === undefined) return;
      const provider = r.tenant.identityProviders.find((p) => p.rtId === rtId);
      if (!provider) return sendProblem(r.res, 404);
      sendJson(r.res, 200, { identityProviders: [providerToDto(provider)] });
    },
  },
  { method: 'POST', path: 'identityProviders', policy: 'write', storeErrorStatus: 500, handler: createProvider },
  { method: 'PUT', path: 'identityProviders/:rtId', policy: 'write', storeErrorStatus: 500, handler: updateProvider },
  removeByRtIdRoute('identityProviders', 'identityProviders'),
];
