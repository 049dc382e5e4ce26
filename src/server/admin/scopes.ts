/** `apiScopes` (identity-api.md §2.2, §3.3): POST/PUT copy every field; PUT may rename. */
import { sendEmpty, sendJson, sendNotFoundDto, sendString } from '../http.js';
import { newRtId } from '../ids.js';
import type { ApiScopeRecord } from '../types.js';
import { HANDLED, readDto, type Dto } from './body.js';
import { readRoutes, removeRoute } from './common.js';
import type { AdminRequest, Route } from './types.js';

const SCOPE_SCHEMA = {
  isEnabled: 'bool',
  name: 'string',
  displayName: 'string',
  description: 'string',
  showInDiscoveryDocument: 'bool',
  userClaims: 'string[]',
  isRequired: 'bool',
  isEmphasize: 'bool',
  requireResourceIndicator: 'bool',
  apiSecrets: 'bool',
} as const;

type ScopeDto = Dto<typeof SCOPE_SCHEMA>;

function scopeToDto(s: ApiScopeRecord) {
  return {
    isEnabled: s.isEnabled,
    name: s.name,
    displayName: s.displayName,
    description: s.description,
    showInDiscoveryDocument: s.showInDiscoveryDocument,
    userClaims: s.userClaims,
    isRequired: s.isRequired,
    isEmphasize: s.isEmphasize,
    requireResourceIndicator: false,
    apiSecrets: false,
  };
}

function copyFields(s: ApiScopeRecord, dto: ScopeDto & { name: string }): void {
  s.name = dto.name;
  s.isEnabled = dto.isEnabled;
  s.displayName = dto.displayName ?? null;
  s.description = dto.description ?? null;
  s.showInDiscoveryDocument = dto.showInDiscoveryDocument;
  s.isRequired = dto.isRequired;
  s.isEmphasize = dto.isEmphasize;
  if (dto.userClaims) s.userClaims = [...dto.userClaims];
}

const find = (r: AdminRequest, name: string) => r.tenant.apiScopes.find((s) => s.name === name);
const conflict = (r: AdminRequest, name: string) => sendString(r.req, r.res, 409, `Scope with name '${name}' already exists.`);

/** The scope named in the path, or undefined once a 404 NotFoundErrorDto is sent. */
function routeScope(r: AdminRequest): ApiScopeRecord | undefined {
  const scope = find(r, r.params.name!);
  if (!scope) sendNotFoundDto(r.res, `Scope with name '${r.params.name}' does not exist.`);
  return scope;
}

async function create(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, SCOPE_SCHEMA, 'ApiScopeDto');
  if (dto === HANDLED) return;
  const name = dto.name;
  if (!name) return sendJson(r.res, 400, {});
  if (find(r, name)) return conflict(r, name);
  const scope: ApiScopeRecord = {
    rtId: newRtId(),
    name,
    displayName: null,
    description: null,
    isEnabled: false,
    showInDiscoveryDocument: false,
    userClaims: [],
    isRequired: false,
    isEmphasize: false,
  };
  copyFields(scope, { ...dto, name });
  r.tenant.apiScopes.push(scope);
  await r.commit();
  sendEmpty(r.res, 200);
}

async function update(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, SCOPE_SCHEMA, 'ApiScopeDto');
  if (dto === HANDLED) return;
  const scope = routeScope(r);
  if (!scope) return;
  const name = dto.name;
  // The real service throws on a blank name (likely 400/500 InternalServerErrorDto); we answer like POST does.
  if (!name) return sendJson(r.res, 400, {});
  if (name !== scope.name && find(r, name)) return conflict(r, name);
  copyFields(scope, { ...dto, name });
  await r.commit();
  sendEmpty(r.res, 200);
}

export const scopeRoutes: Route[] = [
  ...readRoutes('apiScopes', 'name', (r) => r.tenant.apiScopes, find, scopeToDto),
  { method: 'POST', path: 'apiScopes', policy: 'write', storeErrorStatus: 400, handler: create },
  { method: 'PUT', path: 'apiScopes/:name', policy: 'write', storeErrorStatus: 400, handler: update },
  removeRoute('apiScopes/:name', 400, 'apiScopes', routeScope),
];
