/**
 * A recording fake `fetch` for command tests: routes keyed by "METHOD path" (path relative to the base URL, or the
 * full URL when outside it, still URL-encoded, with the query), every request recorded with its parsed JSON body.
 */

export interface RecordedRequest {
  method: string;
  /** Relative to the base URL (or the full URL when outside it), still URL-encoded, with the query. */
  path: string;
  /** Parsed JSON body. */
  body?: unknown;
  /** The body as sent. */
  raw?: string;
  headers: Record<string, string>;
}

export interface Reply {
  status?: number;
  /** JSON body (stringified). */
  json?: unknown;
  /** Raw body. */
  text?: string;
  headers?: Record<string, string>;
}

/** A reply, replies in order (the last one repeats), or a function of the request. */
export type Route = Reply | Reply[] | ((req: RecordedRequest) => Reply);

export interface RecordingFetch {
  fetch: typeof fetch;
  requests: RecordedRequest[];
  /** "METHOD path" of every request, in order. */
  calls(): string[];
}

/** `unrouted` answers a request no route names (its key is "METHOD path"). */
export function recordingFetch(base: string, routes: Record<string, Route>, unrouted: (key: string) => Reply): RecordingFetch {
  const requests: RecordedRequest[] = [];
  const queues = new Map<string, Reply[]>();
  const fetchImpl = async (input: unknown, init?: RequestInit): Promise<Response> => {
    const url = String(input instanceof URL ? input.href : input);
    const method = (init?.method ?? 'GET').toUpperCase();
    const raw = typeof init?.body === 'string' ? init.body : undefined;
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const req: RecordedRequest = { method, path: url.startsWith(base) ? url.slice(base.length) : url, headers };
    if (raw !== undefined) {
      req.raw = raw;
      req.body = JSON.parse(raw);
    }
    requests.push(req);
    const key = `${method} ${req.path}`;
    const route = routes[key];
    let reply: Reply;
    if (route === undefined) reply = unrouted(key);
    else if (typeof route === 'function') reply = route(req);
    else if (Array.isArray(route)) {
      if (!queues.has(key)) queues.set(key, [...route]);
      const queue = queues.get(key)!;
      reply = queue.length > 1 ? queue.shift()! : queue[0]!;
    } else reply = route;
    const body = reply.text ?? (reply.json !== undefined ? JSON.stringify(reply.json) : '');
    const contentType = reply.json !== undefined ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
    return new Response(body === '' ? null : body, {
      status: reply.status ?? 200,
      headers: { ...(body ? { 'content-type': contentType } : {}), ...(reply.headers ?? {}) },
    });
  };
  return { fetch: fetchImpl as typeof fetch, requests, calls: () => requests.map((r) => `${r.method} ${r.path}`) };
}
