/** The one http(s) URL rule (src/shared/urls.ts) behind the URL flags, a context's identity URL, the provisioning file and the browser opener. */
import { describe, expect, it } from 'vitest';
import { isHttpUrl, parseHttpUrl, withoutUserinfo } from '../../src/shared/urls.js';

describe('parseHttpUrl', () => {
  it('names the first problem: not a URL, another scheme, credentials', () => {
    expect(parseHttpUrl('id.example.com')).toEqual({ problem: 'not-a-url' });
    expect(parseHttpUrl('ftp://h/').problem).toBe('not-http');
    expect(parseHttpUrl('javascript:alert(1)').problem).toBe('not-http');
    for (const v of ['https://bob:pw@h/', 'https://bob@h/', 'https://:pw@h/', 'https://@h/', 'http://:@h/']) expect(parseHttpUrl(v).problem, v).toBe('userinfo');
  });

  it('a good URL parses without a problem; `url` is there whenever the value parsed', () => {
    const ok = parseHttpUrl('HTTPS://Id.Example.com:8443/a?b=c');
    expect(ok.problem).toBeUndefined();
    expect(ok.url?.href).toBe('https://id.example.com:8443/a?b=c');
    expect(parseHttpUrl('https://bob@h/').url?.href).toBe('https://bob@h/');
  });

  it('isHttpUrl: http(s), a host, no credentials (also no empty `@`)', () => {
    expect(isHttpUrl('http://localhost:4200')).toBe(true);
    expect(isHttpUrl('https://h/cb')).toBe(true);
    for (const v of ['h/cb', 'file:///etc/passwd', 'https://u:p@h/', 'https://@h/']) expect(isHttpUrl(v), v).toBe(false);
  });

  it('withoutUserinfo masks user:password@, valid URL or not', () => {
    expect(withoutUserinfo('https://bob:pw@h/x')).toBe('https://***@h/x');
    expect(withoutUserinfo('https://h/x@y')).toBe('https://h/x@y');
    expect(withoutUserinfo('not a url@x')).toBe('not a url@x');
  });
});
