/**
 * A small fetch on node:http/node:https, for the requests the CLI makes without a proxy. Node's built-in fetch
 * instantiates undici's WebAssembly HTTP parser on the first request, which costs about 30 MB of memory and tens
 * of milliseconds per run; node:http parses with the native llhttp. It supports what the CLI and openid-client
 * use: method, headers, a string/URLSearchParams body, an AbortSignal, no redirects followed, and answers with the
 * whole body read (bodies here are small JSON documents; one above `maxBodyBytes` is abandoned as soon as it passes
 * the limit, so memory stays bounded).
 *
 * The answer is a NodeResponse, not a WHATWG `Response`: on Node 20 merely touching `Headers`, `Request` or
 * `Response` loads Node's bundled undici (~50 ms and several MB per process; see bench/RESULTS.md), which is most of
 * an admin command's start-up. NodeResponse has the members the CLI and openid-client use (status, ok, headers.get,
 * text(), json(), clone(), body?.cancel(), bodyUsed) and calls itself a Response (Symbol.toStringTag), which is what
 * oauth4webapi checks; its `body` stream is made only when someone asks for it.
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

/** The headers of a NodeResponse: the read-only part of WHATWG `Headers`, names lower-case, repeated values joined. */
export class NodeHeaders {
  readonly #map = new Map<string, string>();
  readonly #cookies: string[] = [];
  constructor(raw: IncomingMessage['headers'] = {}) {
    for (const [key, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      if (key === 'set-cookie') this.#cookies.push(...(Array.isArray(value) ? value : [value]));
      this.#map.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
  }
  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }
  getSetCookie(): string[] {
    return [...this.#cookies];
  }
  forEach(callback: (value: string, key: string, parent: NodeHeaders) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
  *entries(): IterableIterator<[string, string]> {
    yield* [...this.#map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }
  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
  get [Symbol.toStringTag](): string {
    return 'Headers';
  }
}

/** A complete answer of createNodeFetch (see the top of this file). */
export class NodeResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: NodeHeaders;
  readonly url: string;
  readonly redirected = false;
  readonly type = 'basic';
  #bytes: Buffer | null;
  #used = false;
  #stream: ReadableStream<Uint8Array> | null | undefined;

  constructor(bytes: Buffer | null, init: { status: number; statusText: string; headers: NodeHeaders; url: string }) {
    this.#bytes = bytes;
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.url = init.url;
  }
  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }
  get bodyUsed(): boolean {
    return this.#used;
  }
  /** A stream over the body, made on first use (node:stream/web), or null for an answer without one. */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.#stream !== undefined) return this.#stream;
    if (this.#bytes === null) return (this.#stream = null);
    const bytes = this.#bytes;
    const { ReadableStream: Stream } = process.getBuiltinModule('node:stream/web') as typeof import('node:stream/web');
    this.#stream = new Stream<Uint8Array>({
      start(controller) {
        if (bytes.length > 0) controller.enqueue(new Uint8Array(bytes));
        controller.close();
      },
    }) as unknown as ReadableStream<Uint8Array>;
    return this.#stream;
  }
  #consume(): Buffer {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#bytes ?? Buffer.alloc(0);
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.#consume();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(this.#consume());
  }
  async text(): Promise<string> {
    return this.#consume().toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
  clone(): NodeResponse {
    if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new NodeResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers, url: this.url });
  }
  get [Symbol.toStringTag](): string {
    return 'Response';
  }
}

/** Request headers as a plain record with lower-case names, from a record, pairs or a Headers-like object. */
function headerRecord(init: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (init == null) return out;
  if (typeof (init as { forEach?: unknown }).forEach === 'function' && !Array.isArray(init)) {
    (init as { forEach(cb: (value: string, key: string) => void): void }).forEach((value, key) => (out[key.toLowerCase()] = String(value)));
  } else if (Array.isArray(init)) {
    for (const [key, value] of init as Array<[string, string]>) {
      const k = String(key).toLowerCase();
      out[k] = k in out ? `${out[k]}, ${value}` : String(value);
    }
  } else for (const [key, value] of Object.entries(init as Record<string, string>)) if (value !== undefined) out[key.toLowerCase()] = String(value);
  return out;
}

export function createNodeFetch(options: NodeFetchOptions = {}): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<Response> => {
    // No `instanceof Request` here: it would load undici (see the top). A string or URL, else a Request-like object.
    const request = typeof input === 'string' || input instanceof URL ? undefined : (input as { url: string; method?: string; headers?: unknown });
    const url = new URL(request ? request.url : String(input));
    const method = (init.method ?? request?.method ?? 'GET').toUpperCase();
    const headers = headerRecord(init.headers ?? request?.headers);
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

    // getBuiltinModule, not import(): in the CommonJS bundle an import() starts Node's ES module loader (~10 ms).
    const { request: send } = url.protocol === 'https:' ? process.getBuiltinModule('node:https') : process.getBuiltinModule('node:http');
    const tls = url.protocol === 'https:' && options.ca ? { ca: options.ca } : {};

    return new Promise<Response>((resolve, reject) => {
      const req = send(url, { method, headers, ...tls }, (res: IncomingMessage) => {
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
          const status = res.statusCode ?? 0;
          const answer = new NodeResponse(NULL_BODY_STATUS.has(status) || method === 'HEAD' ? null : Buffer.concat(chunks), {
            status,
            statusText: res.statusMessage ?? '',
            headers: new NodeHeaders(res.headers),
            url: url.href,
          });
          resolve(answer as unknown as Response);
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
