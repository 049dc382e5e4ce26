/** The shapes shared by the admin router and its controllers: a route and the request a handler gets. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWTPayload } from 'jose';
import type { ServiceContext } from '../context.js';
import type { TenantData } from '../types.js';
import type { Policy } from './auth.js';

export interface AdminRequest {
  svc: ServiceContext;
  req: IncomingMessage;
  res: ServerResponse;
  tenant: TenantData;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The verified access token. */
  claims: JWTPayload;
  /** Persists the store; a failure becomes the route's InternalServerErrorDto answer. */
  commit(): Promise<void>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Relative to `/{tenant}/v1/`, e.g. `clients/:id/roles`. Literal segments match case-insensitively. */
  path: string;
  policy: Policy;
  /** HTTP status for store failures: the clients, apiScopes and apiSecrets controllers send 400, the others 500. */
  storeErrorStatus?: 400 | 500;
  handler(r: AdminRequest): Promise<void> | void;
}
