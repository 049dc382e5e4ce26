/**
 * A scripted OAuth server as a fetch function, for the failure paths a real service cannot easily produce
 * (slow_down then success, expired_token, network errors). Records every request.
 */
export const ISSUER = 'https://id.example.test';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  form: URLSearchParams;
}

export interface FakeOAuth {
  fetch: typeof fetch;
  requests: RecordedRequest[];
  /** Token endpoint requests with this grant type. */
  tokenRequests(grantType?: string): RecordedRequest[];
}

type Reply = { status: number; body: unknown } | (() => { status: number; body: unknown }) | Error;

export interface FakeOAuthOptions {
  device?: Partial<{ device_code: string; user_code: string; verification_uri: string; verification_uri_complete: string; expires_in: number; interval: number }>;
  /** Replies of the token endpoint, in order (the last one repeats). */
  token?: Reply[];
  revocation?: boolean;
  userinfo?: Reply;
}

export function jwt(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'at+jwt' }): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part(header)}.${part(payload)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

export function fakeOAuth(opts: FakeOAuthOptions = {}): FakeOAuth {
  const requests: RecordedRequest[] = [];
  const tokenReplies = [...(opts.token ?? [])];
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const reply = (r: Reply | undefined): Response => {
    if (!r) return json(500, { error: 'server_error' });
    if (r instanceof Error) throw r;
    const { status, body } = typeof r === 'function' ? r() : r;
    return json(status, body);
  };
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers as HeadersInit).forEach((v, k) => (headers[k] = v));
    const body = init?.body instanceof URLSearchParams ? init.body.toString() : typeof init?.body === 'string' ? init.body : '';
    const req = { method: init?.method ?? 'GET', url, headers, form: new URLSearchParams(body) };
    requests.push(req);
    if (init?.signal?.aborted) throw init.signal.reason;
    const path = new URL(url).pathname;
    switch (path) {
      case '/.well-known/openid-configuration':
        return json(200, {
          issuer: ISSUER,
          token_endpoint: `${ISSUER}/connect/token`,
          device_authorization_endpoint: `${ISSUER}/connect/deviceauthorization`,
          userinfo_endpoint: `${ISSUER}/connect/userinfo`,
          jwks_uri: `${ISSUER}/.well-known/openid-configuration/jwks`,
          ...(opts.revocation === false ? {} : { revocation_endpoint: `${ISSUER}/connect/revocation` }),
        });
      case '/connect/deviceauthorization':
        return json(200, {
          device_code: 'DEVICE-CODE-SECRET-0123456789',
          user_code: '123456789',
          verification_uri: `${ISSUER}/octosystem/device`,
          verification_uri_complete: `${ISSUER}/octosystem/device?userCode=123456789`,
          expires_in: 300,
          interval: 5,
          ...opts.device,
        });
      case '/connect/token': {
        const next = tokenReplies.length > 1 ? tokenReplies.shift() : tokenReplies[0];
        return reply(next);
      }
      case '/connect/revocation':
        return new Response(null, { status: 200 });
      case '/connect/userinfo':
        return reply(opts.userinfo ?? { status: 200, body: { sub: 'user-1', name: 'alice' } });
    }
    return json(404, {});
  }) as typeof fetch;
  return {
    fetch: fetchImpl,
    requests,
    tokenRequests: (grantType) => requests.filter((r) => r.url.endsWith('/connect/token') && (!grantType || r.form.get('grant_type') === grantType)),
  };
}

/** A successful token response for a user. */
export function userTokens(nowMs: number, extra: Record<string, unknown> = {}) {
  const access = jwt({ iss: ISSUER, sub: 'user-1', aud: 'octoAPI', client_id: 'octo-cli', iat: Math.floor(nowMs / 1000), exp: Math.floor(nowMs / 1000) + 3600, scope: ['openid', 'octo_api'], ...extra });
  return { status: 200, body: { access_token: access, token_type: 'Bearer', expires_in: 3600, refresh_token: 'REFRESH-TOKEN-SECRET-abcdef', scope: 'openid octo_api' } };
}
