/** Small HTTP helpers for the custom routes: bounded body reading and the response shapes of the real service. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
  }
}

/** Reads the whole body, refusing more than `limit` bytes (the rest is drained so the connection stays usable). */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new BodyTooLargeError();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) tooLarge = true;
    if (!tooLarge) chunks.push(chunk);
  }
  if (tooLarge) throw new BodyTooLargeError();
  return Buffer.concat(chunks);
}

/**
 * Whether a host is this machine: `localhost`, 127.0.0.0/8 or ::1. Takes a URL hostname (`[::1]`) as well as a socket
 * address (`::1`, or IPv4-mapped `::ffff:127.0.0.1`). IPv4 must be a full dotted quad, so a name such as
 * `127.0.0.1.nip.io` is not loopback.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/^::ffff:/, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

const JSON_MEDIA_TYPE = /^\s*application\/json\s*(;|$)/i;
/** What ASP.NET's JSON input formatter accepts: application/json, application/*+json and text/json. */
const ASP_NET_JSON_MEDIA_TYPE = /^\s*(application\/([\w.+-]*\+)?json|text\/json)\s*(;|$)/i;

/**
 * Whether a Content-Type header names JSON (parameters such as `charset` allowed): `application/json` only, or with
 * `'aspnet'` also the other JSON media types that model binding of the admin API accepts.
 */
export function isJsonContentType(contentType: string | undefined, accept: 'strict' | 'aspnet' = 'strict'): boolean {
  if (!contentType) return false;
  return (accept === 'aspnet' ? ASP_NET_JSON_MEDIA_TYPE : JSON_MEDIA_TYPE).test(contentType);
}

/** W3C trace id in ASP.NET's `traceId` format. */
export function traceId(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-length': '0' });
  res.end();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json; charset=utf-8'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(html)),
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}

/** ProblemDetails for a bare `NotFound()` (or another status) under [ApiController]. */
export function sendProblem(res: ServerResponse, status: number): void {
  const titles: Record<number, [string, string]> = {
    400: ['Bad Request', '15.5.1'],
    404: ['Not Found', '15.5.5'],
    406: ['Not Acceptable', '15.5.7'],
    409: ['Conflict', '15.5.10'],
    503: ['Service Unavailable', '15.6.4'],
    415: ['Unsupported Media Type', '15.5.16'],
  };
  const [title, section] = titles[status] ?? ['Error', '15.6.1'];
  sendJson(
    res,
    status,
    { type: `https://tools.ietf.org/html/rfc9110#section-${section}`, title, status, traceId: traceId() },
    'application/problem+json; charset=utf-8',
  );
}

/** 400 ValidationProblemDetails, as model binding produces it. */
export function sendValidationProblem(res: ServerResponse, errors: Record<string, string[]>): void {
  sendJson(
    res,
    400,
    {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors,
      traceId: traceId(),
    },
    'application/problem+json; charset=utf-8',
  );
}

/** NotFoundErrorDto, returned by PUT/DELETE actions. */
export function sendNotFoundDto(res: ServerResponse, message: string): void {
  sendJson(res, 404, { statusCode: 404, statusDescription: 'NotFound', message, details: null });
}

/** OperationFailedErrorDto: identity (user/role) failures, merge, mirror-not-flagged (identity-api.md §5.1). */
export function sendOperationFailed(
  res: ServerResponse,
  message: string,
  details: Array<{ code: string; description: string }> | null = null,
): void {
  sendJson(res, 400, { statusCode: 400, statusDescription: 'BadRequest', message, details });
}

/** InternalServerErrorDto; some controllers send it with HTTP 400 (identity-api.md §5.1). */
export function sendInternalErrorDto(res: ServerResponse, httpStatus: 400 | 500, message: string): void {
  sendJson(res, httpStatus, { statusCode: 500, statusDescription: 'InternalServerError', message, details: null });
}

/** Whether ASP.NET's content negotiation would pick JSON over text/plain for a string result. */
function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept
    .split(',')
    .map((part, index) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.type && !(r.q <= 0))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { type } of ranges) {
    if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) return true;
    if (type === 'text/plain' || type === 'text/*' || type === '*/*' || type === '*') return false;
  }
  return false;
}

/** A plain-string result (`Conflict("…")`): a JSON string literal when JSON is preferred, text/plain otherwise. */
export function sendString(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  if (prefersJson(req.headers.accept)) {
    sendJson(res, status, message);
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(message)) });
  res.end(message);
}

/** Cookie header → map. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    try {
      out[name] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      /* ignore malformed cookies */
    }
  }
  return out;
}
