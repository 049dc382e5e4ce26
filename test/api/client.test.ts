import { describe, expect, it } from 'vitest';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { AdminApi, path, parseRetryAfter, tenantBaseUrl } from '../../src/api/client.js';
import { describeHttpError, extractServerMessage } from '../../src/api/errors.js';
import { createFetch, describeNetworkError, redactUrl } from '../../src/api/http.js';
import { createLogger } from '../../src/cli/log.js';
import { HttpError, ExitCode } from '../../src/errors.js';

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

function fakeFetch(responses: Array<Response | (() => Response) | Error>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ method: init?.method ?? 'GET', url: String(input), headers: { ...(init?.headers as Record<string, string>) }, body: init?.body as string | undefined });
    const next = responses.shift();
    if (!next) throw new Error('unexpected request');
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next() : next;
  }) as typeof fetch;
  return { fetch: fetchImpl, calls };
}

const sleeps: number[] = [];
function api(fetchImpl: typeof fetch, tokens: Array<string | undefined> = ['t1']) {
  let i = 0;
  return new AdminApi({
    identityUrl: 'https://id.example.com//',
    tenant: 'meshtest',
    fetch: fetchImpl,
    getToken: async (o) => (o?.forceRefresh ? tokens[++i] : tokens[i]),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

describe('URLs', () => {
  it('collapses trailing slashes and encodes each segment', () => {
    expect(tenantBaseUrl('https://localhost:5003/', 'meshtest')).toBe('https://localhost:5003/meshtest/v1');
    expect(path`clients/${'my app/ä?#'}`).toBe('clients/my%20app%2F%C3%A4%3F%23');
    expect(api(fakeFetch([]).fetch).url(path`apiScopes/${'a b'}`, { skip: 0, take: undefined })).toBe('https://id.example.com/meshtest/v1/apiScopes/a%20b?skip=0');
  });
});

describe('requests', () => {
  it('sends JSON with a bearer token and parses JSON answers; empty bodies are fine', async () => {
    const { fetch, calls } = fakeFetch([new Response('[{"clientId":"a"}]', { status: 200 }), new Response(null, { status: 200 })]);
    const a = api(fetch);
    expect((await a.get('clients')).data).toEqual([{ clientId: 'a' }]);
    expect((await a.post('clients', { body: { clientId: 'x', clientSecret: null } })).data).toBeUndefined();
    expect(calls[0]).toMatchObject({ method: 'GET', url: 'https://id.example.com/meshtest/v1/clients', headers: { authorization: 'Bearer t1', accept: 'application/json' } });
    expect(calls[1]).toMatchObject({ method: 'POST', body: '{"clientId":"x","clientSecret":null}', headers: { 'content-type': 'application/json' } });
    expect(a.requestCount).toBe(2);
  });

  it('without a token the request goes out without Authorization', async () => {
    const { fetch, calls } = fakeFetch([new Response('[]')]);
    await api(fetch, [undefined]).get('clients');
    expect(calls[0]!.headers.authorization).toBeUndefined();
  });

  it('on 401 refreshes once and retries with the new token', async () => {
    const { fetch, calls } = fakeFetch([new Response(null, { status: 401 }), new Response('[]')]);
    await api(fetch, ['old', 'new']).get('clients');
    expect(calls.map((c) => c.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  it('a 401 that stays a 401 is one clear line (exit 253)', async () => {
    const { fetch } = fakeFetch([new Response(null, { status: 401 })]);
    const err = await api(fetch, ['same', 'same']).get('clients').catch((e) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err.exitCode).toBe(ExitCode.http);
    expect(err.message).toBe('not signed in or token expired: run `octo-cli -c LogIn` (or LogInClientCredentials)');
  });

  it('retries 429 and 503 honouring Retry-After, at most 3 tries', async () => {
    sleeps.length = 0;
    const { fetch, calls } = fakeFetch([
      new Response('slow down', { status: 429, headers: { 'retry-after': '2' } }),
      new Response(null, { status: 503 }),
      new Response('[]'),
    ]);
    await api(fetch).get('clients');
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([2000, 2000]);
    const third = fakeFetch([429, 429, 429].map((s) => new Response('busy', { status: s, headers: { 'retry-after': '1' } })));
    const err = await api(third.fetch).get('clients').catch((e) => e);
    expect(third.calls).toHaveLength(3);
    expect(err.message).toBe('429 Too Many Requests: busy');
  });

  it('does not wait longer than 30 s in total', async () => {
    sleeps.length = 0;
    const { fetch, calls } = fakeFetch([new Response(null, { status: 503, headers: { 'retry-after': '45' } })]);
    const err = await api(fetch).put('clients/x', { body: {} }).catch((e) => e);
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(err.message).toBe('server error 503 Service Unavailable; try again later');
  });

  it('a 200 with a body that is not JSON is an error, not a crash', async () => {
    const { fetch } = fakeFetch([new Response('{"trunc', { status: 200 })]);
    const err = await api(fetch).get('clients').catch((e) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err.message).toMatch(/not valid JSON/);
  });

  it('transport failures become one line with status 0', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const { fetch } = fakeFetch([refused]);
    const err = await api(fetch).get('clients').catch((e) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err.status).toBe(0);
    expect(err.message).toBe('cannot connect to https://id.example.com: connection refused (is the service running?)');
  });
});

describe('error bodies (identity-api.md §5) → one line', () => {
  const line = (status: number, body: string, contentType = 'application/json', entity?: string) =>
    describeHttpError({ status, body, contentType, method: 'GET', entity, write: false });

  it('ProblemDetails 404 names the entity', () => {
    expect(line(404, '{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404,"traceId":"00-abc"}', 'application/problem+json', "client 'x'")).toBe("client 'x' was not found (404)");
  });
  it('NotFoundErrorDto uses the server message', () => {
    expect(line(404, '{"statusCode":404,"statusDescription":"NotFound","message":"Client with id \'x\' does not exist.","details":null}')).toBe("Client with id 'x' does not exist.");
  });
  it('ValidationProblemDetails lists the field errors', () => {
    expect(line(400, '{"type":"…","title":"One or more validation errors occurred.","status":400,"errors":{"ValueEncrypted":["The ValueEncrypted field is required."]},"traceId":"x"}')).toBe(
      '400 Bad Request: The ValueEncrypted field is required.',
    );
  });
  it('OperationFailedErrorDto shows the details', () => {
    expect(line(400, '{"statusCode":400,"statusDescription":"BadRequest","message":"Creation of user failed","details":[{"code":"PasswordTooShort","description":"Passwords must be at least 6 characters."}]}')).toBe(
      '400 Bad Request: Creation of user failed: Passwords must be at least 6 characters.',
    );
  });
  it('InternalServerErrorDto sent with 400 or 500', () => {
    expect(line(400, '{"statusCode":500,"statusDescription":"InternalServerError","message":"store failed","details":null}')).toBe('400 Bad Request: store failed');
    expect(line(500, '{"statusCode":500,"statusDescription":"InternalServerError","message":"store failed","details":null}')).toBe('server error 500 Internal Server Error: store failed; try again later');
  });
  it('409 plain string and JSON string literal', () => {
    expect(line(409, "Client with id 'x' already exists.", 'text/plain')).toBe("Client with id 'x' already exists.");
    expect(line(409, '"Client with id \'x\' already exists."')).toBe("Client with id 'x' already exists.");
  });
  it('empty object, empty body, HTML', () => {
    expect(line(400, '{}')).toBe('400 Bad Request');
    expect(line(403, '')).toMatch(/^forbidden: the token lacks the scope octo_api or octo_api.read_only/);
    expect(describeHttpError({ status: 403, body: '', method: 'POST', write: true })).toMatch(/octo_api, which changes need/);
    expect(line(502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', 'text/html')).toBe(
      'server error 502 Bad Gateway: HTML error page: 502 Bad Gateway; try again later',
    );
  });
  it('truncated JSON is reported as such', () => {
    expect(extractServerMessage('{"message":"x', 'application/json')).toBe('unreadable JSON answer: {"message":"x');
  });
  it('Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});

describe('HTTP layer', () => {
  it('network error texts', () => {
    const e = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });
    expect(describeNetworkError(e('ENOTFOUND'), 'https://nope.invalid/x')).toBe('cannot resolve the host of https://nope.invalid (DNS lookup failed)');
    expect(describeNetworkError(e('DEPTH_ZERO_SELF_SIGNED_CERT'), 'https://h/x')).toMatch(/not trusted .*OCTO_CLI_CA_FILE/);
    expect(describeNetworkError(Object.assign(new Error('t'), { name: 'TimeoutError' }), 'https://h/x')).toBe('no answer from https://h in time (timed out)');
  });
  it('redacts secrets in URLs', () => {
    expect(redactUrl('https://h/t/v1/users/resetPassword?userName=bob&password=S3cret!')).toBe('https://h/t/v1/users/resetPassword?userName=bob&password=***');
  });

  it('goes through HTTP_PROXY when set, and traces requests with --verbose without secrets', async () => {
    const target: Server = createServer((req, res) => res.end(JSON.stringify({ path: req.url })));
    const seen: string[] = [];
    const proxy: Server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const url = new URL(req.url!);
      const upstream = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      req.pipe(upstream);
    });
    // undici tunnels through the proxy with CONNECT (also for http:// targets)
    proxy.on('connect', (req, socket, head) => {
      seen.push(`CONNECT ${req.url}`);
      const [host, port] = req.url!.split(':');
      const upstream = connect(Number(port), host!, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      let err = '';
      const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((err += s), true) } } as never;
      const log = createLogger(io, { verbose: true });
      const f = await createFetch({ HTTP_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` }, log);
      const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/octosystem/v1/clients`;
      const res = await f(url, { method: 'POST', body: 'grant_type=client_credentials&client_secret=TopSecret1', headers: { authorization: 'Bearer abc' } });
      expect(await res.json()).toEqual({ path: '/octosystem/v1/clients' });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(new RegExp(`^(POST ${url}|CONNECT 127\\.0\\.0\\.1:${(target.address() as AddressInfo).port})$`));
      expect(err).toMatch(/\[debug\] > POST http:\/\/127\.0\.0\.1:\d+\/octosystem\/v1\/clients/);
      expect(err).toContain('client_secret=***');
      expect(err).not.toContain('TopSecret1');
    } finally {
      target.close();
      proxy.close();
    }
  });
});
