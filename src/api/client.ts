/**
 * The admin API client: `{identityUrl}/{tenant}/v1/...`, JSON in and out, correct URL-segment encoding,
 * timeouts, a bearer token from the session (refreshed once and retried on a 401), and bounded retries of
 * 429/503 that honour Retry-After.
 */
import { CliError, HttpError, UsageError } from '../errors.js';
import { describeHttpError } from './errors.js';
import { MAX_RETRY_WAIT_MS, MAX_TRIES, describeNetworkError } from './http.js';

export interface AdminApiOptions {
  identityUrl: string;
  tenant: string;
  /** Where request paths start; default `{identityUrl}/{tenant}/v1` (the admin API). Setup uses `…/{tenant}/api/setup`. */
  baseUrl?: string;
  fetch: typeof fetch;
  getToken(opts?: { forceRefresh?: boolean }): Promise<string | undefined>;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  now?: () => number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Progress notes for people (stderr), e.g. "rate limited, retrying in 2 s". */
  notice?: (message: string) => void;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** For messages: "client 'my-app'". */
  entity?: string;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

/**
 * One URL path segment for a value. `.`, `..` and '' cannot be encoded so that they stay a segment (WHATWG URL
 * parsing resolves `%2e` as a dot too), so they are refused; flags check this earlier, naming themselves
 * (FlagSpec.pathSegment). This is the last line for anything else, e.g. an id from a server's answer.
 */
export function pathSegment(value: string | number): string {
  const text = String(value);
  if (text === '' || text === '.' || text === '..') {
    throw new UsageError(`'${text}' cannot be used as an id in a request URL: it would address another resource`);
  }
  return encodeURIComponent(text);
}

/** Tagged template that URL-encodes every interpolated value as one path segment: path`clients/${id}`. */
export function path(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? pathSegment(values[i]!) : ''), '');
}

export function tenantBaseUrl(identityUrl: string, tenant: string): string {
  return `${identityUrl.replace(/\/+$/, '')}/${pathSegment(tenant)}/v1`;
}

export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class AdminApi {
  readonly baseUrl: string;
  readonly tenant: string;
  readonly identityUrl: string;
  private readonly opts: AdminApiOptions;
  /** How many HTTP requests this client sent (for the benchmark and tests). */
  requestCount = 0;

  constructor(opts: AdminApiOptions) {
    this.opts = opts;
    this.tenant = opts.tenant;
    this.identityUrl = opts.identityUrl.replace(/\/+$/, '');
    this.baseUrl = opts.baseUrl ?? tenantBaseUrl(opts.identityUrl, opts.tenant);
  }

  get<T>(p: string, o?: RequestOptions) {
    return this.request<T>('GET', p, o);
  }
  post<T>(p: string, o?: RequestOptions) {
    return this.request<T>('POST', p, o);
  }
  put<T>(p: string, o?: RequestOptions) {
    return this.request<T>('PUT', p, o);
  }
  patch<T>(p: string, o?: RequestOptions) {
    return this.request<T>('PATCH', p, o);
  }
  delete<T>(p: string, o?: RequestOptions) {
    return this.request<T>('DELETE', p, o);
  }

  url(p: string, query?: RequestOptions['query']): string {
    const url = new URL(`${this.baseUrl}/${p.replace(/^\/+/, '')}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
    return url.toString();
  }

  async request<T>(method: string, p: string, o: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = this.url(p, o.query);
    const now = this.opts.now ?? Date.now;
    const started = now();
    let token = await this.opts.getToken();
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const response = await this.send(method, url, o.body, token);
      if (response.status === 401 && !refreshed) {
        refreshed = true;
        const fresh = await this.opts.getToken({ forceRefresh: true });
        if (fresh && fresh !== token) {
          token = fresh;
          await response.body?.cancel();
          continue;
        }
      }
      if ((response.status === 429 || response.status === 503) && attempt < MAX_TRIES) {
        const wait = parseRetryAfter(response.headers.get('retry-after'), now()) ?? 1000 * attempt;
        if (now() - started + wait <= MAX_RETRY_WAIT_MS) {
          await response.body?.cancel();
          this.opts.notice?.(`${response.status === 429 ? 'rate limited' : 'service unavailable'} (${response.status}); retrying in ${Math.ceil(wait / 1000)} s (try ${attempt + 1} of ${MAX_TRIES})`);
          await this.opts.sleep(wait, this.opts.signal);
          continue;
        }
      }
      const text = await readText(response, url);
      if (!response.ok) {
        throw new HttpError(
          describeHttpError({
            status: response.status,
            body: text,
            contentType: response.headers.get('content-type') ?? '',
            method,
            entity: o.entity,
            write: method !== 'GET',
          }),
          response.status,
          text,
        );
      }
      let data: unknown = undefined;
      if (text.trim() !== '') {
        try {
          data = JSON.parse(text);
        } catch {
          throw new HttpError(`the server answered ${response.status} with a body that is not valid JSON`, response.status, text);
        }
      }
      return { status: response.status, data: data as T, headers: response.headers };
    }
  }

  private async send(method: string, url: string, body: unknown, token: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const signals = [AbortSignal.timeout(this.opts.timeoutMs ?? 100_000)];
    if (this.opts.signal) signals.push(this.opts.signal);
    this.requestCount++;
    try {
      return await this.opts.fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any(signals),
      });
    } catch (err) {
      if (err instanceof CliError) throw err; // e.g. a broken proxy or CA setting (configuration, 254)
      throw new HttpError(describeNetworkError(err, url), 0, '', { cause: err });
    }
  }
}

async function readText(response: Response, url: string): Promise<string> {
  try {
    return await response.text();
  } catch (err) {
    throw new HttpError(describeNetworkError(err, url), response.status, '', { cause: err });
  }
}
