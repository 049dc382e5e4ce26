/**
 * One readable line for every error body the Identity Service sends (identity-api.md §5): ProblemDetails and
 * ValidationProblemDetails, `{statusCode,statusDescription,message,details}`, a JSON string literal, plain
 * text, an HTML page, or nothing at all.
 */

const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 408: 'Request Timeout', 409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? `HTTP ${status}`;
}

/** The server's own message from a body of any known shape; undefined when there is none worth showing. */
export function extractServerMessage(body: string, contentType = ''): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  if (/html/i.test(contentType) || /^<(!doctype|html|head|body)/i.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return title ? `HTML error page: ${title}` : 'an HTML error page';
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    if (/json/i.test(contentType)) return `unreadable JSON answer: ${oneLine(text, 120)}`;
    return oneLine(text);
  }
  if (typeof data === 'string') return oneLine(data) || undefined;
  if (!data || typeof data !== 'object') return oneLine(String(data));
  const o = data as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof o.message === 'string' && o.message) parts.push(o.message);
  else if (typeof o.detail === 'string' && o.detail) parts.push(typeof o.title === 'string' && o.title && !/^(Not Found|Bad Request)$/.test(o.title) ? `${o.title}: ${o.detail}` : o.detail);
  else if (typeof o.title === 'string' && o.title && !o.errors) parts.push(o.title);
  if (o.errors && typeof o.errors === 'object') {
    const errs = Object.entries(o.errors as Record<string, unknown>).flatMap(([field, msgs]) =>
      (Array.isArray(msgs) ? msgs : [msgs]).map((m) => (field && field !== '$' && !String(m).includes(field) ? `${field}: ${m}` : String(m))),
    );
    if (errs.length) parts.push(errs.join('; '));
    else if (typeof o.title === 'string') parts.push(o.title);
  }
  if (Array.isArray(o.details)) {
    const details = o.details
      .map((d) => (d && typeof d === 'object' ? ((d as Record<string, unknown>).description ?? (d as Record<string, unknown>).code) : d))
      .filter((d) => d !== undefined && d !== null && d !== '')
      .map(String);
    if (details.length) parts.push(details.join('; '));
  } else if (typeof o.details === 'string' && o.details) parts.push(o.details);
  if (parts.length === 0) return Object.keys(o).length === 0 ? undefined : oneLine(text, 200);
  return oneLine(parts.join(': '));
}

function oneLine(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export interface ErrorDescriptionInput {
  status: number;
  body: string;
  contentType?: string;
  method: string;
  /** What the request was about, e.g. "client 'my-app'" (for 404s). */
  entity?: string;
  /** Whether the request changes something (for the 403 hint). */
  write: boolean;
}

export function describeHttpError(input: ErrorDescriptionInput): string {
  const { status } = input;
  const message = extractServerMessage(input.body, input.contentType);
  switch (status) {
    case 401:
      return 'not signed in or token expired: run `octo-cli -c LogIn` (or LogInClientCredentials)';
    case 403:
      return input.write
        ? 'forbidden: the token lacks the scope octo_api, which changes need (sign in with a client or user granted octo_api)'
        : 'forbidden: the token lacks the scope octo_api or octo_api.read_only, which reads need';
    case 404:
      if (message && !/^Not Found$/i.test(message)) return message;
      return `${input.entity ?? 'the resource'} was not found (404)`;
    case 409:
      return message ?? 'conflict: it already exists (409)';
  }
  if (status >= 500) {
    return `server error ${status} ${reasonPhrase(status)}${message ? `: ${message}` : ''}; try again later`;
  }
  return `${status} ${reasonPhrase(status)}${message ? `: ${message}` : ''}`;
}
