/** Every error body of identity-api.md §5, through real commands: one readable line on stderr, exit 253. */
import { describe, expect, it } from 'vitest';
import { cmd, fakeApi, type Reply } from './fake-api.js';

/** Runs one command against a single failing route and returns the stderr lines. */
async function failing(method: string, route: string, argv: string[], reply: Reply) {
  const api = fakeApi({ [`${method} ${route}`]: reply });
  const r = await cmd(api, argv);
  const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
  return { ...r, errorLines, api };
}

describe('server errors → one line', () => {
  it.each<[string, string, string, string[], Reply, string]>([
    ['ProblemDetails 404 (GET)', 'GET', 'clients/x', ['-c', 'GetClient', '-id', 'x'],
      { status: 404, json: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5', title: 'Not Found', status: 404, traceId: '00-abc-01' }, headers: { 'content-type': 'application/problem+json' } },
      "client 'x' was not found (404)"],
    ['ValidationProblemDetails 400', 'POST', 'apiSecrets/client/x', ['-c', 'CreateApiSecretClient', '-cid', 'x'],
      { status: 400, json: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors: { ValueEncrypted: ['The ValueEncrypted field is required.'] }, traceId: '00-1' } },
      '400 Bad Request: The ValueEncrypted field is required.'],
    ['NotFoundErrorDto 404 (DELETE)', 'DELETE', 'clients/x', ['-c', 'DeleteClient', '-id', 'x', '-y'],
      { status: 404, json: { statusCode: 404, statusDescription: 'NotFound', message: "Client with id 'x' does not exist.", details: null } },
      "Client with id 'x' does not exist."],
    ['OperationFailedErrorDto 400 with details', 'POST', 'apiScopes', ['-c', 'CreateApiScope', '-n', 's'],
      { status: 400, json: { statusCode: 400, statusDescription: 'BadRequest', message: 'Creation of scope failed', details: [{ code: 'DuplicateName', description: "Name 's' is already taken." }] } },
      "400 Bad Request: Creation of scope failed: Name 's' is already taken."],
    ['InternalServerErrorDto with HTTP 400', 'POST', 'clients', ['-c', 'AddClientCredentialsClient', '-id', 'x', '-n', 'X', '-s', 'secret-1'],
      { status: 400, json: { statusCode: 500, statusDescription: 'InternalServerError', message: 'E11000 duplicate key error', details: null } },
      '400 Bad Request: E11000 duplicate key error'],
    ['InternalServerErrorDto with HTTP 500', 'GET', 'apiResources', ['-c', 'GetApiResources'],
      { status: 500, json: { statusCode: 500, statusDescription: 'InternalServerError', message: 'Mongo is down', details: null } },
      'server error 500 Internal Server Error: Mongo is down; try again later'],
    ['plain string 409', 'POST', 'apiResources', ['-c', 'CreateApiResource', '-n', 'r'],
      { status: 409, text: "API resource with name 'r' already exists." },
      "API resource with name 'r' already exists."],
    ['JSON string literal 409', 'POST', 'clients', ['-c', 'AddDeviceCodeClient', '-id', 'x', '-n', 'X', '-s', 'secret-1'],
      { status: 409, json: "Client with id 'x' already exists." },
      "Client with id 'x' already exists."],
    ['empty object 400', 'POST', 'apiScopes', ['-c', 'CreateApiScope', '-n', 's'],
      { status: 400, json: {} },
      '400 Bad Request'],
    ['empty 401', 'GET', 'clients', ['-c', 'GetClients'],
      { status: 401, headers: { 'www-authenticate': 'Bearer' } },
      'not signed in or token expired: run `octo-cli -c LogIn` (or LogInClientCredentials)'],
    ['empty 403 on a read', 'GET', 'apiScopes', ['-c', 'GetApiScopes'],
      { status: 403 },
      'forbidden: the token lacks the scope octo_api or octo_api.read_only, which reads need'],
    ['empty 403 on a write', 'DELETE', 'apiScopes/s', ['-c', 'DeleteApiScope', '-n', 's', '-y'],
      { status: 403 },
      'forbidden: the token lacks the scope octo_api, which changes need (sign in with a client or user granted octo_api)'],
    ['HTML 502', 'GET', 'clients', ['-c', 'GetClients'],
      { status: 502, text: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } },
      'server error 502 Bad Gateway: HTML error page: 502 Bad Gateway; try again later'],
  ])('%s', async (_name, method, route, argv, reply, line) => {
    const r = await failing(method, route, argv, reply);
    expect(r.code).toBe(253);
    expect(r.errorLines).toEqual([`error: ${line}`]);
    expect(r.stdout).toBe('');
  });

  it('429 with Retry-After is retried after the given wait, then succeeds', async () => {
    const sleeps: number[] = [];
    const api = fakeApi({ 'GET clients': [{ status: 429, headers: { 'retry-after': '2' } }, { json: [] }] });
    const r = await cmd(api, ['-c', 'GetClients', '-o', 'json'], { sleeps });
    expect(r.code).toBe(0);
    expect(sleeps).toEqual([2000]);
    expect(api.calls()).toEqual(['GET clients', 'GET clients']);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('429 that persists gives up after a bounded number of tries with one line', async () => {
    const sleeps: number[] = [];
    const api = fakeApi({ 'GET apiScopes': { status: 429, text: 'slow down', headers: { 'retry-after': '1' } } });
    const r = await cmd(api, ['-c', 'GetApiScopes'], { sleeps });
    expect(r.code).toBe(253);
    expect(api.requests.length).toBe(3);
    expect(sleeps).toEqual([1000, 1000]);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error:'))).toEqual(['error: 429 Too Many Requests: slow down']);
  });

  it('503 with a Retry-After beyond the budget is not waited for', async () => {
    const sleeps: number[] = [];
    const api = fakeApi({ 'DELETE clients/x': { status: 503, headers: { 'retry-after': '120' } } });
    const r = await cmd(api, ['-c', 'DeleteClient', '-id', 'x', '-y'], { sleeps });
    expect(r.code).toBe(253);
    expect(sleeps).toEqual([]);
    expect(r.stderr).toContain('error: server error 503 Service Unavailable; try again later');
  });

  it('an unreachable service is one line', async () => {
    const refused = async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    };
    const r = await cmd({ fetch: refused as unknown as typeof fetch, requests: [], calls: () => [] }, ['-c', 'GetClients']);
    expect(r.code).toBe(253);
    expect(r.stderr.trim()).toBe('error: cannot connect to https://ids.test: connection refused (is the service running?)');
  });

  it('a list endpoint that answers something else is reported, not crashed on', async () => {
    const api = fakeApi({ 'GET clients': { json: { clients: [] } } });
    const r = await cmd(api, ['-c', 'GetClients']);
    expect(r.code).toBe(253);
    expect(r.stderr.trim()).toBe("error: the server's answer for clients is not a list");
  });
});
