/** Flag fragments and checks shared by several command files. */
import { UsageError } from '../errors.js';
import type { FlagSpec } from '../cli/spec.js';

export const yesFlag: FlagSpec = { long: 'yes', short: 'y', type: 'presence', description: 'Do not ask for confirmation (needed when stdin is not a terminal).' };

/** An absolute http(s) URL, or a usage error naming the flag. */
export function checkHttpUrl(label: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${label} expects an absolute http(s) URL, got '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${label} expects an http:// or https:// URL, got '${value}'`);
  if (!url.hostname) throw new UsageError(`${label} expects a URL with a host, got '${value}'`);
}

/** Non-empty and without whitespace (ids, scope names, tenant ids). */
export function checkIdentifier(label: string, value: string): void {
  if (value.trim() === '') throw new UsageError(`${label} must not be empty`);
  if (/\s/.test(value)) throw new UsageError(`${label} must not contain whitespace, got '${value}'`);
}
