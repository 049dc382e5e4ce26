/** `apiResources` (identity-api.md §2.3, §3.4). Store failures answer a real HTTP 500 here. */
import { sendEmpty, sendJson, sendNotFoundDto, sendString } from '../http.js';
import { newRtId } from '../ids.js';
import type { ApiResourceRecord } from '../types.js';
import { HANDLED, readDto, type Dto } from './body.js';
import { readRoutes, removeRoute } from './common.js';
import type { AdminRequest, Route } from './types.js';

const RESOURCE_SCHEMA = {
  isEnabled: 'bool',
  name: 'string',
  displayName: 'string',
  description: 'string',
  showInDiscoveryDocument: 'bool',
  userClaims: 'string[]',
  requireResourceIndicator: 'bool',
  scopes: 'string[]',
  allowedAccessTokenSigningAlgorithms: 'string[]',
} as const;

type ResourceDto = Dto<typeof RESOURCE_SCHEMA>;

function resourceToDto(r: ApiResourceRecord) {
  return {
    isEnabled: r.isEnabled,
    name: r.name,
    displayName: r.displayName,
    description: r.description,
    showInDiscoveryDocument: r.showInDiscoveryDocument,
    userClaims: r.userClaims,
    requireResourceIndicator: r.requireResourceIndicator,
    scopes: r.scopes,
    allowedAccessTokenSigningAlgorithms: r.allowedAccessTokenSigningAlgorithms,
  };
}

/** Booleans and strings are copied (omitted → false/null); lists only when given, except the algorithm list. */
function copyFields(res: ApiResourceRecord, dto: ResourceDto): void {
  res.isEnabled = dto.isEnabled;
  res.displayName = dto.displayName ?? null;
  res.description = dto.description ?? null;
  res.showInDiscoveryDocument = dto.showInDiscoveryDocument;
  res.requireResourceIndicator = dto.requireResourceIndicator;
  if (dto.userClaims) res.userClaims = [...dto.userClaims];
  if (dto.scopes) res.scopes = [...dto.scopes];
  res.allowedAccessTokenSigningAlgorithms = [...(dto.allowedAccessTokenSigningAlgorithms ?? [])];
}

const find = (r: AdminRequest, name: string) => r.tenant.apiResources.find((x) => x.name === name);

/** The resource named in the path, or undefined once a 404 NotFoundErrorDto is sent. */
function routeResource(r: AdminRequest): ApiResourceRecord | undefined {
  const resource = find(r, r.params.name!);
  if (!resource) sendNotFoundDto(r.res, `API resource with name '${r.params.name}' does not exist.`);
  return resource;
}

async function create(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, RESOURCE_SCHEMA, 'ApiResourceDto');
  if (dto === HANDLED) return;
  if (!dto.name) return sendJson(r.res, 400, {});
  if (find(r, dto.name)) return sendString(r.req, r.res, 409, `API resource with name '${dto.name}' already exists.`);
  const resource: ApiResourceRecord = {
    rtId: newRtId(),
    name: dto.name,
    displayName: null,
    description: null,
    isEnabled: false,
    showInDiscoveryDocument: false,
    userClaims: [],
    requireResourceIndicator: false,
    scopes: [],
    allowedAccessTokenSigningAlgorithms: [],
    secrets: [],
  };
  copyFields(resource, dto);
  r.tenant.apiResources.push(resource);
  await r.commit();
  sendEmpty(r.res, 200);
}

/** The resource is the one named in the path; the body name must be present (renaming is not supported). */
async function update(r: AdminRequest): Promise<void> {
  const dto = await readDto(r.req, r.res, RESOURCE_SCHEMA, 'ApiResourceDto');
  if (dto === HANDLED) return;
  if (!dto.name) return sendJson(r.res, 400, {});
  const resource = routeResource(r);
  if (!resource) return;
  copyFields(resource, dto);
  await r.commit();
  sendEmpty(r.res, 200);
}

export const resourceRoutes: Route[] = [
  ...readRoutes('apiResources', 'name', (r) => r.tenant.apiResources, find, resourceToDto),
  { method: 'POST', path: 'apiResources', policy: 'write', storeErrorStatus: 500, handler: create },
  { method: 'PUT', path: 'apiResources/:name', policy: 'write', storeErrorStatus: 500, handler: update },
  removeRoute('apiResources/:name', 500, 'apiResources', routeResource),
];
