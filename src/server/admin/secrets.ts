/**
 * `apiSecrets` for clients and API resources (identity-api.md §2.4, §3.5). The server generates every secret (a GUID),
 * stores only base64(SHA-256) and returns the clear text once. One secret is addressed by the hash in PUT bodies and by
 * base64(hash) in paths.
 */
import { randomUUID } from 'node:crypto';
import { hashSecret } from '../../shared/secrets.js';
import { sendEmpty, sendJson, sendNotFoundDto, sendProblem, sendValidationProblem } from '../http.js';
import { findClient } from '../principals.js';
import type { SecretRecord } from '../types.js';
import { HANDLED, readDto } from './body.js';
import type { AdminRequest, Route } from './types.js';

const SECRET_SCHEMA = {
  valueEncrypted: 'string',
  valueClearText: 'string',
  expirationDate: 'date',
  description: 'string',
} as const;

function secretToDto(s: SecretRecord, clearText: string | null = null) {
  return { valueEncrypted: s.value, valueClearText: clearText, expirationDate: s.expiration, description: s.description };
}

interface Owner {
  secrets: SecretRecord[];
}

interface OwnerKind {
  /** Path segment after `apiSecrets/`. */
  segment: 'client' | 'apiResource';
  find(r: AdminRequest): Owner | undefined;
  /** NotFoundErrorDto message when the owner is missing on GET-one / DELETE. */
  missing(r: AdminRequest): string;
}

const clientOwner: OwnerKind = {
  segment: 'client',
  find: (r) => findClient(r.tenant, r.params.owner!),
  missing: (r) => `Client '${r.params.owner}' not found`,
};

const resourceOwner: OwnerKind = {
  segment: 'apiResource',
  find: (r) => r.tenant.apiResources.find((x) => x.name === r.params.owner),
  missing: (r) => `API resource '${r.params.owner}' not found`,
};

/** The path id is base64 of the UTF-8 bytes of the hash string. */
function hashFromPath(segment: string): string {
  return Buffer.from(segment, 'base64').toString('utf8');
}

function routesFor(kind: OwnerKind): Route[] {
  const base = `apiSecrets/${kind.segment}/:owner`;
  return [
    {
      method: 'GET',
      path: base,
      policy: 'read',
      handler: (r) => {
        const owner = kind.find(r);
        if (!owner) return sendProblem(r.res, 404);
        sendJson(r.res, 200, owner.secrets.map((s) => secretToDto(s)));
      },
    },
    {
      method: 'GET',
      path: `${base}/:secret`,
      policy: 'read',
      handler: (r) => {
        const owner = kind.find(r);
        if (!owner) return sendNotFoundDto(r.res, kind.missing(r));
        const hash = hashFromPath(r.params.secret!);
        const secret = owner.secrets.find((s) => s.value === hash);
        if (!secret) return sendNotFoundDto(r.res, `API secret '${hash}' not found`);
        sendJson(r.res, 200, secretToDto(secret));
      },
    },
    {
      method: 'POST',
      path: base,
      policy: 'write',
      storeErrorStatus: kind.segment === 'client' ? 400 : 500,
      handler: async (r) => {
        // valueEncrypted may be null (what the SDK sends) or any placeholder: it is overwritten.
        const dto = await readDto(r.req, r.res, SECRET_SCHEMA, 'ApiSecretDto');
        if (dto === HANDLED) return;
        const owner = kind.find(r);
        if (!owner) return sendProblem(r.res, 404);
        const clearText = randomUUID();
        const secret: SecretRecord = {
          value: hashSecret(clearText),
          description: dto.description ?? null,
          expiration: dto.expirationDate ?? null,
          type: 'SharedSecret',
          created: new Date().toISOString(),
        };
        owner.secrets.push(secret);
        await r.commit();
        sendJson(r.res, 200, secretToDto(secret, clearText));
      },
    },
    {
      method: 'PUT',
      path: base,
      policy: 'write',
      storeErrorStatus: kind.segment === 'client' ? 400 : 500,
      handler: async (r) => {
        const dto = await readDto(r.req, r.res, SECRET_SCHEMA, 'ApiSecretDto');
        if (dto === HANDLED) return;
        if (!dto.valueEncrypted) {
          return sendValidationProblem(r.res, { ValueEncrypted: ['The ValueEncrypted field is required.'] });
        }
        const owner = kind.find(r);
        if (!owner) return sendProblem(r.res, 404);
        const hash = dto.valueEncrypted;
        const matching = owner.secrets.filter((s) => s.value === hash);
        if (matching.length === 0) return sendNotFoundDto(r.res, `Secret with value '${hash}' does not exist.`);
        for (const secret of matching) {
          secret.description = dto.description ?? null;
          secret.expiration = dto.expirationDate ?? null;
        }
        await r.commit();
        sendEmpty(r.res, 200);
      },
    },
    {
      method: 'DELETE',
      path: `${base}/:secret`,
      policy: 'write',
      storeErrorStatus: kind.segment === 'client' ? 400 : 500,
      handler: async (r) => {
        const owner = kind.find(r);
        if (!owner) return kind.segment === 'client' ? sendNotFoundDto(r.res, kind.missing(r)) : sendProblem(r.res, 404);
        const hash = hashFromPath(r.params.secret!);
        if (!owner.secrets.some((s) => s.value === hash)) return sendNotFoundDto(r.res, `API secret '${hash}' not found`);
        owner.secrets = owner.secrets.filter((s) => s.value !== hash);
        await r.commit();
        sendEmpty(r.res, 200);
      },
    },
  ];
}

export const secretRoutes: Route[] = [...routesFor(clientOwner), ...routesFor(resourceOwner)];
