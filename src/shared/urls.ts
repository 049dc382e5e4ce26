/**
 * The http(s) URL rule of flags, contexts, provisioning files and the browser opener: an absolute http:// or https://
 * URL with a host, and (where a URL is printed or stored) no `user:password@`. Each caller words its own messages.
 */

/** A URL for messages: a `user:password@` part is replaced by `***@`, valid URL or not. */
export function withoutUserinfo(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/*)[^/?#]*@/i, '$1***@');
}

/** Why a value is not an absolute http(s) URL without credentials, in the order checked. */
export type HttpUrlProblem = 'not-a-url' | 'not-http' | 'no-host' | 'userinfo';

/**
 * The value parsed, and what is wrong with it as an http(s) URL without a user name or password (undefined when
 * nothing is). `url` is there whenever the value parsed; with `problem` 'userinfo' it is an http(s) URL with a host
 * that names a user or password (an empty `@` counts too).
 */
export function parseHttpUrl(value: string): { url: URL; problem?: Exclude<HttpUrlProblem, 'not-a-url'> } | { url?: undefined; problem: 'not-a-url' } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'not-a-url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { url, problem: 'not-http' };
  if (!url.hostname) return { url, problem: 'no-host' };
  if (url.username || url.password || withoutUserinfo(value) !== value) return { url, problem: 'userinfo' };
  return { url };
}

/** Whether a value is an absolute http(s) URL with a host and without a user name or password. */
export function isHttpUrl(value: string): boolean {
  return parseHttpUrl(value).problem === undefined;
}
