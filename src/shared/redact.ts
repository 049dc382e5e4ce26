/**
 * Secrets out of text: a Redactor masks every registered secret (tokens, refresh tokens, device codes, client
 * secrets) wherever it appears, and redactFields masks sensitive fields of form bodies, JSON bodies and header
 * maps for --verbose traces. Neutral: the CLI's logger and the HTTP layer both use it.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  add(value: string | undefined | null): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }
  apply(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('***');
    }
    return out;
  }
}

const SENSITIVE_KEYS = /^(authorization|proxy-authorization|client_secret|clientsecret|secret|password|refresh_token|device_code|access_token|id_token|token|client_assertion|code|code_verifier|subject_token|valuecleartext|cookie|set-cookie)$/i;

/** Redacts sensitive fields of a form body, JSON body or header map for --verbose traces. */
export function redactFields(input: unknown): unknown {
  if (typeof input === 'string') {
    const trimmed = input.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(redactFields(JSON.parse(trimmed)));
      } catch {
        /* not JSON */
      }
    }
    if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(trimmed)) {
      const params = new URLSearchParams(trimmed);
      for (const key of [...params.keys()]) if (SENSITIVE_KEYS.test(key)) params.set(key, '***');
      return params.toString();
    }
    return input;
  }
  if (Array.isArray(input)) return input.map(redactFields);
  if (input && typeof input === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) {
      out[key] = SENSITIVE_KEYS.test(key) && value != null ? '***' : redactFields(value);
    }
    return out;
  }
  return input;
}
