/**
 * JSON request bodies the way ASP.NET model binding treats them: case-insensitive property names, type errors and
 * malformed JSON answered with 400 ValidationProblemDetails before any action runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, isJsonContentType, readBody, sendEmpty, sendProblem, sendValidationProblem } from '../http.js';

/** `bool` is a non-nullable value type (absent → false, null → error); the others are nullable. */
export type FieldType = 'bool' | 'bool?' | 'int' | 'string' | 'string[]' | 'date';
export type Schema = Record<string, FieldType>;
export type FieldValue = boolean | number | string | string[] | null | undefined;
export type Dto<S extends Schema> = {
  [K in keyof S]: S[K] extends 'bool'
    ? boolean
    : S[K] extends 'bool?'
      ? boolean | null | undefined
      : S[K] extends 'int'
        ? number
        : S[K] extends 'string[]'
          ? string[] | null | undefined
          : string | null | undefined;
};

/** Marker: the response was already sent. */
export const HANDLED = Symbol('handled');

const NET_TYPES: Record<FieldType, string> = {
  bool: 'System.Boolean',
  'bool?': 'System.Nullable`1[System.Boolean]',
  int: 'System.Int32',
  string: 'System.String',
  'string[]': 'System.Collections.Generic.List`1[System.String]',
  date: 'System.Nullable`1[System.DateTime]',
};

function conversionError(path: string, type: string): string {
  return `The JSON value could not be converted to ${type}. Path: ${path}.`;
}

/** Reads and parses a JSON body; sends 413 / 415 / 400 and returns HANDLED when that is not possible. */
export async function readJson(req: IncomingMessage, res: ServerResponse, dtoName: string): Promise<unknown> {
  const contentType = req.headers['content-type'];
  if (contentType && !isJsonContentType(contentType, 'aspnet')) {
    req.resume();
    sendProblem(res, 415);
    return HANDLED;
  }
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      sendEmpty(res, 413, { connection: 'close' });
      return HANDLED;
    }
    throw err;
  }
  const text = raw.toString('utf8');
  if (text.trim() === '') {
    sendValidationProblem(res, { '': ['A non-empty request body is required.'], [dtoName]: [`The ${dtoName} field is required.`] });
    return HANDLED;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    sendValidationProblem(res, {
      $: [`The JSON value is malformed: ${(err as Error).message}`],
      [dtoName]: [`The ${dtoName} field is required.`],
    });
    return HANDLED;
  }
}

/** Binds a parsed JSON object to a schema; unknown properties are ignored. */
function bind<S extends Schema>(
  value: unknown,
  schema: S,
  typeName: string,
): { ok: true; dto: Dto<S> } | { ok: false; errors: Record<string, string[]> } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: { $: [conversionError('$', typeName)] } };
  }
  const byLowerName = new Map(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v] as const));
  const errors: Record<string, string[]> = {};
  const dto: Record<string, FieldValue> = {};
  for (const [name, type] of Object.entries(schema)) {
    const path = `$.${name}`;
    const v = byLowerName.get(name.toLowerCase());
    if (v === undefined) {
      dto[name] = type === 'bool' ? false : type === 'int' ? 0 : undefined;
      continue;
    }
    const fail = () => {
      errors[path] = [conversionError(path, NET_TYPES[type])];
    };
    if (v === null) {
      if (type === 'bool' || type === 'int') fail();
      else dto[name] = null;
      continue;
    }
    switch (type) {
      case 'bool':
      case 'bool?':
        if (typeof v === 'boolean') dto[name] = v;
        else fail();
        break;
      case 'int':
        if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2147483647) dto[name] = v;
        else fail();
        break;
      case 'string':
        if (typeof v === 'string') dto[name] = v;
        else fail();
        break;
      case 'string[]':
        if (Array.isArray(v) && v.every((e) => typeof e === 'string' || e === null)) {
          dto[name] = v.filter((e): e is string => typeof e === 'string');
        } else fail();
        break;
      case 'date': {
        const ms = typeof v === 'string' ? Date.parse(v) : NaN;
        if (Number.isNaN(ms)) fail();
        else dto[name] = toIsoDate(ms);
        break;
      }
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, dto: dto as Dto<S> };
}

/** ISO-8601 in UTC, without milliseconds when they are zero (System.Text.Json style). */
function toIsoDate(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Read + bind in one go; sends the 400 itself. */
export async function readDto<S extends Schema>(
  req: IncomingMessage,
  res: ServerResponse,
  schema: S,
  typeName: string,
  dtoName = 'dto',
): Promise<Dto<S> | typeof HANDLED> {
  const value = await readJson(req, res, dtoName);
  if (value === HANDLED) return HANDLED;
  const bound = bind(value, schema, typeName);
  if (!bound.ok) {
    sendValidationProblem(res, { ...bound.errors, [dtoName]: [`The ${dtoName} field is required.`] });
    return HANDLED;
  }
  return bound.dto;
}

/** A JSON array of strings (e.g. role RtIds). */
export async function readStringArray(req: IncomingMessage, res: ServerResponse, dtoName: string): Promise<string[] | typeof HANDLED> {
  const value = await readJson(req, res, dtoName);
  if (value === HANDLED) return HANDLED;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    sendValidationProblem(res, {
      $: [conversionError('$', 'System.Collections.Generic.List`1[System.String]')],
      [dtoName]: [`The ${dtoName} field is required.`],
    });
    return HANDLED;
  }
  return value as string[];
}

/** `skip`/`take` query parameters with the service's defaults (0 and 100). */
export function pageParams(query: URLSearchParams): { skip: number; take: number } | { error: Record<string, string[]> } {
  const parse = (name: string, fallback: number): number | undefined => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    return /^\d+$/.test(raw) ? Number(raw) : undefined;
  };
  const skip = parse('skip', 0);
  const take = parse('take', 100);
  const errors: Record<string, string[]> = {};
  if (skip === undefined) errors.skip = [`The value '${query.get('skip')}' is not valid for skip.`];
  if (take === undefined) errors.take = [`The value '${query.get('take')}' is not valid for take.`];
  if (skip === undefined || take === undefined) return { error: errors };
  return { skip, take };
}
