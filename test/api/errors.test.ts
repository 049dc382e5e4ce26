/**
 * The one line a user reads for every error body the Identity Service (or a proxy in front of it) may send:
 * ProblemDetails, ValidationProblemDetails, the service's own DTOs, JSON literals, plain text, HTML and nothing.
 */
import { describe, expect, it } from 'vitest';
import { describeHttpError, extractServerMessage, reasonPhrase } from '../../src/api/errors.js';

const json = 'application/json';

describe('the server message of an error body', () => {
  it('nothing worth showing: an empty or blank body, an empty object, a blank JSON string', () => {
    expect(extractServerMessage('')).toBeUndefined();
    expect(extractServerMessage(' \n ')).toBeUndefined();
    expect(extractServerMessage('{}', json)).toBeUndefined();
    expect(extractServerMessage('"   "', json)).toBeUndefined();
  });

  it('ProblemDetails: the detail, after its title unless the title only repeats the status', () => {
    expect(extractServerMessage(JSON.stringify({ title: 'Conflict', status: 409, detail: "client 'a' exists" }), json)).toBe("Conflict: client 'a' exists");
    expect(extractServerMessage(JSON.stringify({ title: 'Not Found', detail: "no client 'a'" }), json)).toBe("no client 'a'");
    expect(extractServerMessage(JSON.stringify({ title: 'Bad Request', detail: 'tenant is read-only' }), json)).toBe('tenant is read-only');
    expect(extractServerMessage(JSON.stringify({ detail: 'quota exceeded' }), json)).toBe('quota exceeded');
    expect(extractServerMessage(JSON.stringify({ title: '', detail: 'quota exceeded' }), json)).toBe('quota exceeded');
    expect(extractServerMessage(JSON.stringify({ title: 'Not Founded', detail: 'x' }), json)).toBe('Not Founded: x');
    expect(extractServerMessage(JSON.stringify({ title: 'Gone away' }), json)).toBe('Gone away');
  });

  it('fields of the wrong type are not shown as messages', () => {
    expect(extractServerMessage(JSON.stringify({ message: 42, detail: 'the detail' }), json)).toBe('the detail');
    expect(extractServerMessage(JSON.stringify({ detail: 5, title: 'The title' }), json)).toBe('The title');
    expect(extractServerMessage(JSON.stringify({ title: 7 }), json)).toBe('{"title":7}');
    expect(extractServerMessage(JSON.stringify({ title: 'Item Not Found', detail: 'x' }), json)).toBe('Item Not Found: x');
    expect(extractServerMessage(JSON.stringify({ title: 'Not Found here', detail: 'x' }), json)).toBe('Not Found here: x');
  });

  it('a message wins over detail; an empty message or detail is not shown', () => {
    expect(extractServerMessage(JSON.stringify({ message: 'the message', detail: 'the detail' }), json)).toBe('the message');
    expect(extractServerMessage(JSON.stringify({ message: '', detail: 'the detail' }), json)).toBe('the detail');
    expect(extractServerMessage(JSON.stringify({ message: '', detail: '', title: 'Only the title' }), json)).toBe('Only the title');
  });

  it('ValidationProblemDetails: every field error, joined with "; ", the field named unless the text names it', () => {
    const body = JSON.stringify({
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { ClientId: ['is required', 'is too long'], $: ['the JSON is invalid'], '': ['no field'], RedirectUri: 'RedirectUri must be absolute' },
    });
    expect(extractServerMessage(body, json)).toBe('ClientId: is required; ClientId: is too long; the JSON is invalid; no field; RedirectUri must be absolute');
    // No field errors at all: the title is what there is.
    expect(extractServerMessage(JSON.stringify({ title: 'Validation failed', errors: {} }), json)).toBe('Validation failed');
    // A message and field errors: both.
    expect(extractServerMessage(JSON.stringify({ message: 'Invalid', errors: { Name: ['too short'] } }), json)).toBe('Invalid: Name: too short');
  });

  it("the service's OperationFailed details: descriptions, else codes, blanks dropped; a details string as is", () => {
    const body = JSON.stringify({ statusCode: 400, message: 'Operation failed', details: [{ description: 'first' }, { code: 'SECOND' }, 'third', null, '', { description: '' }] });
    expect(extractServerMessage(body, json)).toBe('Operation failed: first; SECOND; third');
    expect(extractServerMessage(JSON.stringify({ details: [] , other: 1 }), json)).toBe('{"details":[],"other":1}');
    expect(extractServerMessage(JSON.stringify({ message: 'Failed', details: 'the reason' }), json)).toBe('Failed: the reason');
    expect(extractServerMessage(JSON.stringify({ message: 'Failed', details: '' }), json)).toBe('Failed');
  });

  it('an object with none of the known fields is shown as compact text, cut at 200 characters', () => {
    expect(extractServerMessage('{"error":"boom"}', json)).toBe('{"error":"boom"}');
    const long = JSON.stringify({ error: 'x'.repeat(300) });
    const shown = extractServerMessage(long, json)!;
    expect(shown).toHaveLength(200);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.startsWith('{"error":"xxx')).toBe(true);
  });

  it('JSON literals: a string in one line, numbers and null as text', () => {
    expect(extractServerMessage('"line one\\n   line two"', json)).toBe('line one line two');
    expect(extractServerMessage('42', json)).toBe('42');
    expect(extractServerMessage('null', json)).toBe('null');
    expect(extractServerMessage('false', json)).toBe('false');
  });

  it('plain text in one line, long text cut at 300 characters with an ellipsis', () => {
    expect(extractServerMessage('  upstream\n\n  timed   out \t', 'text/plain')).toBe('upstream timed out');
    const exact = 'a'.repeat(300);
    expect(extractServerMessage(exact, 'text/plain')).toBe(exact);
    const shown = extractServerMessage('b'.repeat(301), 'text/plain')!;
    expect(shown).toBe(`${'b'.repeat(299)}…`);
  });

  it('text that claims to be JSON but is not: said so, cut at 120 characters', () => {
    expect(extractServerMessage('{"title": "Bad', json)).toBe('unreadable JSON answer: {"title": "Bad');
    expect(extractServerMessage('{"title": "Bad', 'Application/Problem+JSON; charset=utf-8')).toBe('unreadable JSON answer: {"title": "Bad');
    const shown = extractServerMessage(`{${'c'.repeat(200)}`, json)!;
    expect(shown).toBe(`unreadable JSON answer: {${'c'.repeat(118)}…`);
  });

  it('an HTML page by its content type or its first tag: its title, never its markup', () => {
    expect(extractServerMessage('<html><head><title> 502 Bad Gateway </title></head><body>nginx</body></html>', 'text/html')).toBe('HTML error page: 502 Bad Gateway');
    expect(extractServerMessage('<p>oops</p>', 'TEXT/HTML; charset=utf-8')).toBe('an HTML error page');
    expect(extractServerMessage('<!DOCTYPE html><title>Proxy Error</title>')).toBe('HTML error page: Proxy Error');
    expect(extractServerMessage('<HTML><body>down</body></HTML>')).toBe('an HTML error page');
    expect(extractServerMessage('<head><title></title></head>')).toBe('an HTML error page');
    expect(extractServerMessage('<body>maintenance</body>')).toBe('an HTML error page');
    expect(extractServerMessage('<html><title lang="en">Down</title></html>')).toBe('HTML error page: Down');
    // Text that merely contains a tag is text.
    expect(extractServerMessage('error <b>here</b>', 'text/plain')).toBe('error <b>here</b>');
    expect(extractServerMessage('see <html> docs', 'text/plain')).toBe('see <html> docs');
  });
});

describe('the error line of an HTTP status', () => {
  const line = (status: number, body = '', extra: { method?: string; entity?: string; write?: boolean; contentType?: string } = {}) =>
    describeHttpError({ status, body, contentType: extra.contentType ?? json, method: extra.method ?? 'GET', entity: extra.entity, write: extra.write ?? false });

  it('401 tells how to sign in, whatever the body says', () => {
    expect(line(401, '{"message":"token expired"}')).toBe('not signed in or token expired: run `octo-cli -c LogIn` (or LogInClientCredentials)');
  });

  it('403 names the scope a read or a change needs', () => {
    expect(line(403, '', { write: true })).toBe('forbidden: the token lacks the scope octo_api, which changes need (sign in with a client or user granted octo_api)');
    expect(line(403, '', { write: false })).toBe('forbidden: the token lacks the scope octo_api or octo_api.read_only, which reads need');
  });

  it("404 shows the server's own message, else names what was not found", () => {
    expect(line(404, JSON.stringify({ message: "Client 'x' not found." }), { entity: "client 'x'" })).toBe("Client 'x' not found.");
    expect(line(404, JSON.stringify({ title: 'Not Found', status: 404 }), { entity: "client 'x'" })).toBe("client 'x' was not found (404)");
    expect(line(404, '"not found"', { entity: "scope 's'" })).toBe("scope 's' was not found (404)");
    expect(line(404, '')).toBe('the resource was not found (404)');
  });

  it("409 shows the server's message, else says it already exists", () => {
    expect(line(409, '"Client already exists"')).toBe('Client already exists');
    expect(line(409, '')).toBe('conflict: it already exists (409)');
  });

  it('5xx is a server error to retry later, with the reason and the message', () => {
    expect(line(500, JSON.stringify({ statusCode: 500, message: 'database down' }))).toBe('server error 500 Internal Server Error: database down; try again later');
    expect(line(502, '')).toBe('server error 502 Bad Gateway; try again later');
    expect(line(599, '')).toBe('server error 599 HTTP 599; try again later');
  });

  it('other statuses: code, reason and message', () => {
    expect(line(400, JSON.stringify({ errors: { Name: ['is required'], Uri: ['must be absolute'] } }))).toBe('400 Bad Request: Name: is required; Uri: must be absolute');
    expect(line(400, '')).toBe('400 Bad Request');
    expect(line(499, 'client closed', { contentType: 'text/plain' })).toBe('499 HTTP 499: client closed');
    expect(line(418, '')).toBe('418 HTTP 418');
  });

  it('reason phrases of the statuses the service and proxies send', () => {
    expect(
      [400, 401, 403, 404, 405, 406, 408, 409, 413, 415, 422, 429, 500, 501, 502, 503, 504, 302].map(reasonPhrase),
    ).toEqual([
      'Bad Request', 'Unauthorized', 'Forbidden', 'Not Found', 'Method Not Allowed', 'Not Acceptable', 'Request Timeout', 'Conflict',
      'Content Too Large', 'Unsupported Media Type', 'Unprocessable Content', 'Too Many Requests', 'Internal Server Error',
      'Not Implemented', 'Bad Gateway', 'Service Unavailable', 'Gateway Timeout', 'HTTP 302',
    ]);
  });
});
