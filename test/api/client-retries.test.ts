/**
 * What the admin API client sends and how often: the bearer token, one refresh after a 401 and never a second,
 * bounded retries of 429/503 with their waits and notices, timeouts and cancellation, and the request's URL.
 */
import { describe, expect, it } from 'vitest';
import { AdminApi, path, pathSegment, parseRetryAfter, tenantBaseUrl } from '../../src/api/client.js';
import { CliError, ConfigError, HttpError, UsageError } from '../../src/errors.js';

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** A fetch that answers from a script and records what was sent; an unscripted request fails the test. */
function scripted(answers: Array<Response | Error>) {
  const sent: Sent[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    sent.push({ method: init?.method ?? 'GET', url: String(input), headers: { ...(init?.headers as Record<string, string>) }, body: init?.body as string | undefined, signal: init?.signal ?? undefined });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${init?.method} ${String(input)}`);
    if (next instanceof Error) throw next;
    return next;
  }) as typeof fetch;
  return { fetch: fetchImpl, sent };
}

/** A session whose tokens are handed out in order: the first on a plain call, the next on each forced refresh. */
function session(tokens: Array<string | undefined>) {
  const calls: Array<{ forceRefresh?: boolean }> = [];
  let i = 0;
  return {
    calls,
    getToken: async (o?: { forceRefresh?: boolean }) => {
      calls.push({ ...o });
      return o?.forceRefresh ? tokens[++i] : tokens[i];
    },
  };
}

function client(fetchImpl: typeof fetch, tokens: Array<string | undefined> = ['t1'], extra: Partial<ConstructorParameters<typeof AdminApi>[0]> = {}) {
  const s = session(tokens);
  const sleeps: number[] = [];
  const notices: string[] = [];
  let clock = 1_000_000;
  const api = new AdminApi({
    identityUrl: 'https://id.example.com//',
    tenant: 'meshtest',
    fetch: fetchImpl,
    getToken: s.getToken,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    notice: (m) => notices.push(m),
    ...extra,
  });
  return { api, sleeps, notices, tokenCalls: s.calls };
}

const ok = (body = '[]') => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
const status = (code: number, headers: Record<string, string> = {}, body: string | null = null) => new Response(body, { status: code, headers });

describe('the token', () => {
  it('a successful answer asks the session once and never for a refresh', async () => {
    const { fetch, sent } = scripted([ok()]);
    const c = client(fetch, ['t1', 't2']);
    await c.api.get('clients');
    expect(c.tokenCalls).toEqual([{}]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.authorization).toBe('Bearer t1');
  });

  it('a 401 after the refresh is final: the session is asked to refresh once, two requests in all', async () => {
    const { fetch, sent } = scripted([status(401), status(401)]);
    const c = client(fetch, ['old', 'new', 'newer']);
    const err = await c.api.get('clients').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(401);
    expect(c.tokenCalls).toEqual([{}, { forceRefresh: true }]);
    expect(sent.map((s) => s.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  it('no new token after a 401 (none, or the same one): no retry, the 401 is reported', async () => {
    for (const tokens of [['old', undefined], ['old', 'old']]) {
      const { fetch, sent } = scripted([status(401)]);
      const c = client(fetch, tokens);
      const err = await c.api.delete('clients/x').catch((e: unknown) => e);
      expect((err as HttpError).message).toMatch(/^not signed in or token expired/);
      expect(sent).toHaveLength(1);
    }
  });

  it('a 401 and then a 429: the refreshed request is retried for the rate limit, without another refresh', async () => {
    const { fetch, sent } = scripted([status(401), status(429, { 'retry-after': '1' }), ok('{"a":1}')]);
    const c = client(fetch, ['old', 'new', 'newer']);
    expect((await c.api.get<{ a: number }>('x')).data).toEqual({ a: 1 });
    expect(sent.map((s) => s.headers.authorization)).toEqual(['Bearer old', 'Bearer new', 'Bearer new']);
    expect(c.tokenCalls).toHaveLength(2);
  });

  it('headers: JSON accepted always, a content type only with a body', async () => {
    const { fetch, sent } = scripted([ok(), ok()]);
    const c = client(fetch, [undefined]);
    await c.api.get('clients');
    await c.api.patch('clients/x', { body: { a: 1 } });
    expect(sent[0]!.headers).toEqual({ accept: 'application/json' });
    expect(sent[0]!.body).toBeUndefined();
    expect(sent[1]!.headers).toEqual({ accept: 'application/json', 'content-type': 'application/json' });
    expect(sent[1]!).toMatchObject({ method: 'PATCH', body: '{"a":1}' });
  });
});

describe('retries of 429 and 503', () => {
  it('without Retry-After the waits grow (1 s, then 2 s), and the user is told each time', async () => {
    const { fetch, sent } = scripted([status(503), status(429), ok()]);
    const c = client(fetch);
    await c.api.get('clients');
    expect(sent).toHaveLength(3);
    expect(c.sleeps).toEqual([1000, 2000]);
    expect(c.notices).toEqual([
      'service unavailable (503); retrying in 1 s (try 2 of 3)',
      'rate limited (429); retrying in 2 s (try 3 of 3)',
    ]);
  });

  it('a Retry-After of a fraction of a second is shown rounded up; a date in the past means no wait', async () => {
    const { fetch } = scripted([status(429, { 'retry-after': new Date(0).toUTCString() }), ok()]);
    const c = client(fetch);
    await c.api.get('clients');
    expect(c.sleeps).toEqual([0]);
    expect(c.notices).toEqual(['rate limited (429); retrying in 0 s (try 2 of 3)']);
  });

  it('the total wait stays within 30 s: a wait that would exceed it is not made', async () => {
    const { fetch, sent } = scripted([status(429, { 'retry-after': '20' }), status(429, { 'retry-after': '10' }), ok()]);
    const c = client(fetch);
    await c.api.get('clients');
    expect(c.sleeps).toEqual([20_000, 10_000]);
    expect(sent).toHaveLength(3);
    const over = scripted([status(429, { 'retry-after': '20' }), status(429, { 'retry-after': '11' }, 'still busy')]);
    const c2 = client(over.fetch);
    const err = await c2.api.get('clients').catch((e: unknown) => e);
    expect(c2.sleeps).toEqual([20_000]);
    expect(over.sent).toHaveLength(2);
    expect((err as HttpError).message).toBe('429 Too Many Requests: still busy');
  });

  it('other failures are not retried', async () => {
    for (const code of [500, 502, 504, 400, 404]) {
      const { fetch, sent } = scripted([status(code)]);
      const c = client(fetch);
      const err = await c.api.get('clients').catch((e: unknown) => e);
      expect((err as HttpError).status).toBe(code);
      expect(sent).toHaveLength(1);
      expect(c.sleeps).toEqual([]);
    }
  });

  it('the body of the failure is kept on the error', async () => {
    const { fetch } = scripted([status(400, { 'content-type': 'application/json' }, '{"message":"bad"}')]);
    const err = (await client(fetch).api.post('clients', { body: {}, entity: "client 'x'" }).catch((e: unknown) => e)) as HttpError;
    expect(err.message).toBe('400 Bad Request: bad');
    expect(err.body).toBe('{"message":"bad"}');
  });

  it('a 404 names the entity the command was about', async () => {
    const { fetch } = scripted([status(404)]);
    const err = (await client(fetch).api.get('clients/x', { entity: "client 'x'" }).catch((e: unknown) => e)) as HttpError;
    expect(err.message).toBe("client 'x' was not found (404)");
  });

  it('a write that is forbidden says that changes need octo_api', async () => {
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const { fetch } = scripted([status(403)]);
      const err = (await client(fetch).api[method]('clients').catch((e: unknown) => e)) as HttpError;
      expect(err.message).toMatch(/which changes need/);
    }
    const { fetch } = scripted([status(403)]);
    expect(((await client(fetch).api.get('clients').catch((e: unknown) => e)) as HttpError).message).toMatch(/which reads need/);
  });
});

describe('answers', () => {
  it('a blank body is no data; a JSON body is parsed', async () => {
    const { fetch } = scripted([new Response('  \n', { status: 200 }), ok('{"x":true}')]);
    const c = client(fetch);
    expect((await c.api.put('a')).data).toBeUndefined();
    const r = await c.api.get('b');
    expect(r).toMatchObject({ status: 200, data: { x: true } });
  });

  it('an answer that is not JSON: the status and that the body is not JSON', async () => {
    const { fetch } = scripted([new Response('<html>', { status: 201 })]);
    const err = (await client(fetch).api.post('a').catch((e: unknown) => e)) as HttpError;
    expect(err.message).toBe('the server answered 201 with a body that is not valid JSON');
    expect(err.status).toBe(201);
    expect(err.body).toBe('<html>');
  });

  it('a body that breaks off while being read is a network error with the status', async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('[{"a"'));
        controller.error(Object.assign(new TypeError('terminated'), { cause: { code: 'ECONNRESET' } }));
      },
    });
    const { fetch } = scripted([new Response(body, { status: 200 })]);
    const err = (await client(fetch).api.get('a').catch((e: unknown) => e)) as HttpError;
    expect(err).toBeInstanceOf(HttpError);
    expect(err.status).toBe(200);
  });

  it("a configuration error of the transport (a bad proxy or CA setting) is passed on as it is", async () => {
    const { fetch } = scripted([new ConfigError('OCTO_CLI_CA_FILE cannot be read')]);
    const err = await client(fetch).api.get('a').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toBeInstanceOf(CliError);
    expect((err as Error).message).toBe('OCTO_CLI_CA_FILE cannot be read');
  });

  it('each request carries a signal that ends it after the timeout, and the caller can cancel', async () => {
    const { fetch, sent } = scripted([ok()]);
    const controller = new AbortController();
    await client(fetch, ['t'], { timeoutMs: 5, signal: controller.signal }).api.get('a');
    const signal = sent[0]!.signal!;
    expect(signal.aborted).toBe(false);
    controller.abort();
    expect(signal.aborted).toBe(true);
    const timed = scripted([ok()]);
    await client(timed.fetch, ['t'], { timeoutMs: 5 }).api.get('a');
    await new Promise((r) => setTimeout(r, 30));
    expect(timed.sent[0]!.signal!.aborted).toBe(true);
  });

  it('counts every request it sends, retries included', async () => {
    const { fetch } = scripted([status(503), ok()]);
    const c = client(fetch);
    await c.api.get('a');
    expect(c.api.requestCount).toBe(2);
  });
});

describe('URLs', () => {
  it('the base is {identity URL}/{tenant}/v1 unless given; leading slashes of a path are dropped', async () => {
    const { fetch, sent } = scripted([ok(), ok()]);
    const c = client(fetch);
    expect(c.api.baseUrl).toBe('https://id.example.com/meshtest/v1');
    expect(c.api.identityUrl).toBe('https://id.example.com');
    expect(c.api.tenant).toBe('meshtest');
    await c.api.get('//clients', { query: { skip: 0, take: 10, filter: null, x: undefined, flag: false } });
    expect(sent[0]!.url).toBe('https://id.example.com/meshtest/v1/clients?skip=0&take=10&flag=false');
    const setup = client(fetch, ['t'], { baseUrl: 'https://id.example.com/octosystem/api/setup' });
    await setup.api.post('tenants');
    expect(sent[1]!.url).toBe('https://id.example.com/octosystem/api/setup/tenants');
  });

  it('a tenant or id that would change the path is refused before any request', () => {
    for (const bad of ['', '.', '..']) {
      expect(() => pathSegment(bad)).toThrow(UsageError);
      expect(() => pathSegment(bad)).toThrow(`'${bad}' cannot be used as an id in a request URL: it would address another resource`);
      expect(() => tenantBaseUrl('https://h', bad)).toThrow(UsageError);
    }
    expect(pathSegment('...')).toBe('...');
    expect(pathSegment(42)).toBe('42');
    expect(path`a/${'x/y'}/b/${7}`).toBe('a/x%2Fy/b/7');
    expect(path`plain`).toBe('plain');
  });

  it('Retry-After: seconds (with spaces), an HTTP date, or nothing usable', () => {
    expect(parseRetryAfter(' 7 ', 0)).toBe(7000);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter('', 0)).toBeUndefined();
    expect(parseRetryAfter(new Date(5000).toUTCString(), 9000)).toBe(0);
  });
});
