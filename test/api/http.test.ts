/**
 * The pure parts of src/api/http.ts a user meets: the transport policy from the environment (exit 254 on a bad
 * value), plain http only to loopback hosts, secrets masked in traced URLs, and one line per network failure.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RESPONSE_BYTES, assertSecureTransport, describeNetworkError, isLoopbackHost, redactUrl, transportPolicy } from '../../src/api/http.js';
import { ConfigError } from '../../src/errors.js';

describe('the transport policy', () => {
  it('OCTO_CLI_MAX_RESPONSE_BYTES: bytes, or K, M, G (either case); unset or blank is 64 MiB', () => {
    expect(transportPolicy({}).maxResponseBytes).toBe(DEFAULT_MAX_RESPONSE_BYTES);
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(67_108_864);
    expect(transportPolicy({ OCTO_CLI_MAX_RESPONSE_BYTES: ' ' }).maxResponseBytes).toBe(DEFAULT_MAX_RESPONSE_BYTES);
    expect(transportPolicy({ OCTO_CLI_MAX_RESPONSE_BYTES: '1000' }).maxResponseBytes).toBe(1000);
    expect(transportPolicy({ OCTO_CLI_MAX_RESPONSE_BYTES: ' 2k ' }).maxResponseBytes).toBe(2048);
    expect(transportPolicy({ OCTO_CLI_MAX_RESPONSE_BYTES: '3M' }).maxResponseBytes).toBe(3 * 1024 ** 2);
    expect(transportPolicy({ OCTO_CLI_MAX_RESPONSE_BYTES: '1g' }).maxResponseBytes).toBe(1024 ** 3);
    for (const bad of ['0', '-1', '1.5M', '10T', 'lots', '99999999999999999999']) {
      expect(() => transportPolicy({ OCTO_CLI_MAX_RESPONSE_BYTES: bad })).toThrow(ConfigError);
      expect(() => transportPolicy({ OCTO_CLI_MAX_RESPONSE_BYTES: bad })).toThrow(
        `OCTO_CLI_MAX_RESPONSE_BYTES must be a whole number of bytes above 0 (e.g. 67108864 or 64M), not '${bad}'`,
      );
    }
  });

  it('OCTO_CLI_ALLOW_INSECURE_HTTP: 1/true/yes allow, 0/false/no/unset do not, anything else is refused', () => {
    for (const v of ['1', 'true', ' YES ']) expect(transportPolicy({ OCTO_CLI_ALLOW_INSECURE_HTTP: v }).allowInsecureHttp).toBe(true);
    for (const v of [undefined, '', '0', 'False', 'no']) expect(transportPolicy({ OCTO_CLI_ALLOW_INSECURE_HTTP: v }).allowInsecureHttp).toBe(false);
    expect(() => transportPolicy({ OCTO_CLI_ALLOW_INSECURE_HTTP: 'maybe' })).toThrow("OCTO_CLI_ALLOW_INSECURE_HTTP must be 1 (allow) or 0, not 'maybe'");
  });

  it('loopback hosts: localhost and its subdomains, 127.0.0.0/8, ::1', () => {
    for (const h of ['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.1.2.3', '127.10.200.30', '[::1]', '::1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['example.com', 'localhost.example.com', 'mylocalhost', '128.0.0.1', '127.0.0', '127.0.0.1.example.com', 'x127.0.0.1', '10.0.0.1', '::2', '[::1]x']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('plain http is refused to other hosts unless allowed; https and loopback always pass', () => {
    expect(() => assertSecureTransport('http://id.example.com/x', { allowInsecureHttp: false })).toThrow(
      'refusing to send a request to http://id.example.com over plain http: only loopback hosts (localhost, 127.0.0.1, ::1) may use http; use https, or set OCTO_CLI_ALLOW_INSECURE_HTTP=1 to allow it',
    );
    expect(() => assertSecureTransport('http://id.example.com/x', { allowInsecureHttp: true })).not.toThrow();
    expect(() => assertSecureTransport('http://localhost:5003/x', { allowInsecureHttp: false })).not.toThrow();
    expect(() => assertSecureTransport(new URL('http://[::1]:5003/'), { allowInsecureHttp: false })).not.toThrow();
    expect(() => assertSecureTransport('https://id.example.com/x', { allowInsecureHttp: false })).not.toThrow();
    expect(() => assertSecureTransport('not a url', { allowInsecureHttp: false })).not.toThrow();
  });
});

describe('URLs in traces', () => {
  it('masks query parameters named like secrets and a password in the URL', () => {
    expect(redactUrl('https://h/x?password=a&clientSecret=b&access_token=c&code=d&user_code=e&name=f')).toBe(
      'https://h/x?password=***&clientSecret=***&access_token=***&code=***&user_code=***&name=f',
    );
    expect(redactUrl('https://bob:pw@h/x')).toBe('https://bob:***@h/x');
    expect(redactUrl('https://h/x?Name=ok')).toBe('https://h/x?Name=ok');
    expect(redactUrl('not a url?password=x')).toBe('not a url?password=x');
  });
});

describe('network failures, one line each', () => {
  const url = 'https://id.example.com:5003/t/v1/clients';
  const withCode = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new TypeError('fetch failed'), { cause: { code, message: `${code} happened`, ...extra } });

  it('by error code, naming the origin only', () => {
    const cases: Array<[string, string]> = [
      ['ECONNREFUSED', 'cannot connect to https://id.example.com:5003: connection refused (is the service running?)'],
      ['ENOTFOUND', 'cannot resolve the host of https://id.example.com:5003 (DNS lookup failed)'],
      ['EAI_AGAIN', 'cannot resolve the host of https://id.example.com:5003 (DNS lookup failed)'],
      ['ECONNRESET', 'the connection to https://id.example.com:5003 was reset before the answer was complete'],
      ['UND_ERR_SOCKET', 'the connection to https://id.example.com:5003 was reset before the answer was complete'],
      ['UND_ERR_CONNECT_TIMEOUT', 'cannot connect to https://id.example.com:5003: timed out'],
      ['ETIMEDOUT', 'cannot connect to https://id.example.com:5003: timed out'],
      ['SELF_SIGNED_CERT_IN_CHAIN', 'the TLS certificate of https://id.example.com:5003 is not trusted (SELF_SIGNED_CERT_IN_CHAIN); set OCTO_CLI_CA_FILE or NODE_EXTRA_CA_CERTS to its CA bundle'],
      ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'the TLS certificate of https://id.example.com:5003 is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE); set OCTO_CLI_CA_FILE or NODE_EXTRA_CA_CERTS to its CA bundle'],
      ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'the TLS certificate of https://id.example.com:5003 is not trusted (UNABLE_TO_GET_ISSUER_CERT_LOCALLY); set OCTO_CLI_CA_FILE or NODE_EXTRA_CA_CERTS to its CA bundle'],
      ['CERT_HAS_EXPIRED', 'the TLS certificate of https://id.example.com:5003 has expired'],
      ['ERR_TLS_CERT_ALTNAME_INVALID', 'the TLS certificate of https://id.example.com:5003 does not match its host name'],
      ['EPIPE', 'request to https://id.example.com:5003 failed: EPIPE happened'],
    ];
    for (const [code, line] of cases) expect(describeNetworkError(withCode(code), url), code).toBe(line);
    expect(describeNetworkError(Object.assign(new Error('direct'), { code: 'ECONNREFUSED' }), url)).toMatch(/connection refused/);
  });

  it('timeouts, too-large answers and proxies', () => {
    expect(describeNetworkError(Object.assign(new Error('x'), { cause: { name: 'TimeoutError' } }), url)).toBe('no answer from https://id.example.com:5003 in time (timed out)');
    expect(describeNetworkError(withCode('OCTO_RESPONSE_TOO_LARGE', { limit: 1024 }), url)).toMatch(/^the answer from https:\/\/id\.example\.com:5003 is larger than .+, the limit set by OCTO_CLI_MAX_RESPONSE_BYTES; it was not read to the end$/);
    expect(describeNetworkError(withCode('OCTO_PROXY_TUNNEL', { proxy: 'http://proxy:3128', tries: 3 }), url)).toBe(
      'cannot reach https://id.example.com:5003 through the proxy http://proxy:3128: it closed the tunnel (CONNECT) 3 times (check HTTPS_PROXY / HTTP_PROXY)',
    );
    expect(describeNetworkError(withCode('OCTO_PROXY_REFUSED', { proxy: 'http://proxy:3128', status: 407 }), url)).toBe(
      'cannot reach https://id.example.com:5003 through the proxy http://proxy:3128: it answered 407 to the tunnel (CONNECT) request (check HTTPS_PROXY / HTTP_PROXY)',
    );
    const viaProxy = (code: string) => Object.assign(withCode(code), { proxy: 'http://proxy:3128' });
    expect(describeNetworkError(viaProxy('ECONNREFUSED'), url)).toBe('cannot reach the proxy http://proxy:3128 for https://id.example.com:5003: connection refused (check HTTPS_PROXY / HTTP_PROXY)');
    expect(describeNetworkError(viaProxy('ENOTFOUND'), url)).toBe('cannot reach the proxy http://proxy:3128 for https://id.example.com:5003: its host name does not resolve (check HTTPS_PROXY / HTTP_PROXY)');
    expect(describeNetworkError(viaProxy('EAI_AGAIN'), url)).toMatch(/its host name does not resolve/);
    expect(describeNetworkError(viaProxy('EPIPE'), url)).toBe('cannot reach the proxy http://proxy:3128 for https://id.example.com:5003: EPIPE happened (check HTTPS_PROXY / HTTP_PROXY)');
  });

  it('an unknown failure shows its message; a URL that is not one is shown as given', () => {
    expect(describeNetworkError(new Error('boom'), 'not a url')).toBe('request to not a url failed: boom');
    expect(describeNetworkError('just a string', url)).toBe('request to https://id.example.com:5003 failed: just a string');
    expect(describeNetworkError(undefined, url)).toBe('request to https://id.example.com:5003 failed: undefined');
    expect(describeNetworkError(null, url)).toBe('request to https://id.example.com:5003 failed: null');
    expect(describeNetworkError(Object.assign(new Error('no route'), { proxy: 'http://p:1' }), url)).toBe('cannot reach the proxy http://p:1 for https://id.example.com:5003: no route (check HTTPS_PROXY / HTTP_PROXY)');
  });
});
