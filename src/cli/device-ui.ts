/**
 * RFC 8628 device sign-in as the user sees it: the verification URL, the user code, the complete URL and a QR code
 * of it on a terminal (scan it with a phone on a headless box), optionally the browser, then a spinner on a
 * terminal while src/auth/device.ts polls. Everything goes to stderr; with `--output json` the prompt is one JSON
 * object on stderr, for wrappers. The device code is never shown.
 */
import type { RunContext } from './context.js';
import { terminalSafeJson, visible } from './text.js';
import { canAnimate } from './io.js';
import { CLEAR_LINE, spinner } from './status.js';
import { webUrl } from './browser.js';
import { palette } from './color.js';
import { formatDuration, type DeviceUi } from '../auth/device.js';
import { isLoopbackHost } from '../api/http.js';
import { peopleTime } from './time.js';

/** A 9-digit user code in groups of three (627-481-388), easier to read and type; any other code as sent. */
export function groupedUserCode(code: string): string {
  return /^\d{9}$/.test(code) ? code.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1-$2-$3') : code;
}

/** Whether a phone could open the URL: not when it points at this machine (localhost, 127.0.0.1, ::1). */
export function phoneCanOpen(url: string): boolean {
  try {
    return !isLoopbackHost(new URL(url).hostname); // isLoopbackHost takes an IPv6 host with or without brackets
  } catch {
    return false;
  }
}

function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** The device prompt and progress for people (stderr), or one JSON object for wrappers. */
export function createDeviceUi(ctx: RunContext, opts: { identityUrl: string; tenant: string; interactive: boolean }): DeviceUi {
  const err = ctx.io.stderr;
  const json = ctx.output === 'json';
  // Spinner and QR code only for someone watching a terminal (not in CI, whose logs keep every redraw).
  const tty = canAnimate(ctx.io) && !json;
  let expiresAt = 0;
  let waiting: { stop(): void } | undefined;
  let intervalMs = 0;

  return {
    async prompt(dar) {
      expiresAt = ctx.now() + dar.expires_in * 1000;
      const complete = dar.verification_uri_complete;
      const { bold } = await palette(ctx.io.stderrColor === true);
      if (json) {
        err.write(
          terminalSafeJson(JSON.stringify({
            verification_uri: dar.verification_uri,
            verification_uri_complete: complete ?? null,
            user_code: dar.user_code,
            expires_in: dar.expires_in,
            expires_at: new Date(expiresAt).toISOString(),
          })) + '\n',
        );
      } else {
        // The URLs and the code come from the server: shown, never obeyed (see cli/text.ts).
        const lines = [
          `Device log-in at '${visible(opts.identityUrl)}' for tenant '${visible(opts.tenant)}'.`,
          '',
          `  1. Open:           ${visible(String(dar.verification_uri))}`,
          // Grouped for people (the local service, as RFC 8628 §6.1 suggests, ignores the dashes); JSON keeps the raw code.
          `  2. Enter the code: ${bold(visible(groupedUserCode(String(dar.user_code))))}`,
        ];
        if (complete) lines.push(`  Or open ${visible(String(complete))} (the code is filled in).`);
        err.write(lines.join('\n') + '\n');
        if (tty && complete && !phoneCanOpen(String(complete))) {
          err.write('\n  No QR code: the sign-in page is on this machine, which a phone cannot open.\n');
        } else if (tty && complete) {
          try {
            const { default: QRCode } = await import('qrcode');
            const qr = await QRCode.toString(complete, { type: 'terminal', small: true });
            err.write(`\n${qr}\n  Scan the QR code with a phone to open the sign-in page there.\n`);
          } catch (e) {
            ctx.log.debug(`no QR code: ${(e as Error).message}`);
          }
        }
        err.write(`\nThe code expires at ${peopleTime(expiresAt, ctx.now())}.\n`);
      }
      if (opts.interactive) {
        // Only http(s) reaches the system opener: a server could send file:, smb: or a custom scheme.
        const url = [complete, dar.verification_uri].map((u) => (typeof u === 'string' ? webUrl(u) : undefined)).find(Boolean);
        if (!url) {
          ctx.log.warn('not opening a browser: the identity service sent no http(s) URL; open the address above yourself if you trust it');
          return;
        }
        if (!json) err.write('Opening the default browser…\n');
        try {
          await ctx.openUrl(url);
        } catch (e) {
          // No browser (a headless box): say so and keep polling; the user can open the URL anywhere.
          ctx.log.warn(`could not open a browser (${(e as Error)?.message ?? e}); open ${url} yourself`);
        }
      }
    },
    waiting(ms) {
      intervalMs = ms;
      if (json) return;
      if (tty) {
        waiting = spinner(ctx.io, (frame) => `${frame} Waiting for the sign-in to be approved… (code expires in ${clock(expiresAt - ctx.now())}; Ctrl-C to cancel)`, 120);
      } else {
        err.write(`Waiting for the sign-in to be approved (checking every ${formatDuration(intervalMs)})…\n`);
      }
    },
    slowDown(ms) {
      intervalMs = ms;
      if (json) {
        err.write(JSON.stringify({ event: 'slow_down', interval: ms / 1000 }) + '\n');
        return;
      }
      const line = `The identity service asked to slow down; checking every ${formatDuration(ms)} now.`;
      err.write(tty ? `${CLEAR_LINE}${line}\n` : `${line}\n`);
    },
    stop() {
      waiting?.stop();
      waiting = undefined;
    },
  };
}
