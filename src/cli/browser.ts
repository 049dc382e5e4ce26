/**
 * Opening a URL in the user's browser (`LogIn -i`). Only http(s) URLs are ever handed to the system opener: a
 * server-sent `file:` or custom-scheme URL would otherwise reach xdg-open, `open` or PowerShell. And a launched
 * opener is not a browser: `open` resolves once xdg-open has started, and xdg-open then exits non-zero when it
 * finds no browser (a headless box), so the opener's exit is watched before we claim anything was opened.
 */
import type { ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { parseHttpUrl } from '../shared/urls.js';

/** How long the opener may run before we take it as having handed the URL to a browser. */
export const OPENER_SETTLE_MS = 2000;

/** The URL in normal form when it is http(s), else undefined. */
export function webUrl(url: string): string | undefined {
  const { url: parsed, problem } = parseHttpUrl(url);
  return parsed && problem !== 'not-http' ? parsed.href : undefined; // a user name in the URL does not matter here
}

/**
 * Resolves when the system opener started and did not fail within `settleMs`; rejects when the URL is not
 * http(s), the opener cannot be started (none installed) or exits with a failure (no browser found).
 */
export async function openInBrowser(url: string, settleMs = OPENER_SETTLE_MS): Promise<void> {
  const target = webUrl(url);
  if (!target) throw new Error('only http(s) URLs are opened');
  const { default: open } = await import('open');
  const child = await open(target, { wait: false });
  await openerOutcome(child, settleMs);
}

/** Waits for the opener's exit (a failure rejects) for at most `settleMs`; the timer keeps the process alive meanwhile. */
export function openerOutcome(child: ChildProcess, settleMs: number): Promise<void> {
  const name = child.spawnfile ? basename(child.spawnfile) : 'the browser opener';
  return new Promise((resolve, reject) => {
    const settle = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(signal ? `${name} was stopped by ${signal}` : `${name} exited with code ${code}`));
    };
    const timer = setTimeout(() => {
      child.off('exit', settle);
      resolve();
    }, settleMs);
    if (child.exitCode !== null || child.signalCode !== null) return settle(child.exitCode, child.signalCode);
    child.once('exit', settle);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
