/**
 * A small fetch on node:http/node:https, for the requests the CLI makes without a proxy. Node's built-in fetch
 * instantiates undici's WebAssembly HTTP parser on the first request, which costs about 30 MB of memory and tens
 * of milliseconds per run; node:http parses with the native llhttp. It supports what the CLI and openid-client
 * use: method, headers, a string/URLSearchParams body, an AbortSignal, no redirects followed, and answers as a
 * standard `Response` with the whole body read (bodies here are small JSON documents; one above `maxBodyBytes` is
 * abandoned as soon as it passes the limit, so memory stays bounded).
 */
import type { IncomingMessage } from 'node:http';

export interface NodeFetchOptions {
  /** Extra CA certificates (PEM), added to Node's defaults. */
  ca?: string[];
  /** Abort an answer whose body is larger than this (by its Content-Length, or while it streams). */
  maxBodyBytes?: number;
}

/** An answer above the size limit (code OCTO_RESPONSE_TOO_LARGE; http.ts words it). */
export class ResponseTooLargeError extends Error {
  readonly code = 'OCTO_RESPONSE_TOO_LARGE';
  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

export function createNodeFetch(options: NodeFetchOptions = {}): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const headers: Record<string, string> = {};
    new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined)).forEach((value, key) => (headers[key] = value));
    let body: string | Buffer | undefined;
    if (typeof init.body === 'string') body = init.body;
    else if (init.body instanceof URLSearchParams) {
      body = init.body.toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    } else if (init.body instanceof Uint8Array) body = Buffer.from(init.body);
    else if (init.body != null) throw new TypeError('unsupported request body type');
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();

    const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    const tls = url.protocol === 'https:' && options.ca ? { ca: options.ca } : {};

    return new Promise<Response>((resolve, reject) => {
      const req = request(url, { method, headers, ...tls }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        const limit = options.maxBodyBytes ?? Infinity;
        if (Number(res.headers['content-length']) > limit) return fail(new ResponseTooLargeError(limit));
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > limit) {
            chunks.length = 0;
            return fail(new ResponseTooLargeError(limit));
          }
          chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('aborted', () => fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
        res.on('end', () => {
          if (!res.complete) return fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
          signal?.removeEventListener('abort', onAbort);
          const responseHeaders = new Headers();
          for (const [key, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) value.forEach((v) => responseHeaders.append(key, v));
            else if (value !== undefined) responseHeaders.set(key, value);
          }
          const status = res.statusCode ?? 0;
          resolve(
            new Response(NULL_BODY_STATUS.has(status) || method === 'HEAD' ? null : Buffer.concat(chunks), {
              status,
              statusText: res.statusMessage ?? '',
              headers: responseHeaders,
            }),
          );
        });
      });
      function fail(err: unknown): void {
        signal?.removeEventListener('abort', onAbort);
        req.destroy();
        reject(err);
      }
      function onAbort(): void {
        fail(signal!.reason ?? Object.assign(new Error('aborted'), { name: 'AbortError' }));
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', fail);
      req.end(body);
    });
  }) as typeof fetch;
}
