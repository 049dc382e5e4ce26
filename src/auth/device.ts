/**
 * RFC 8628 device sign-in, the protocol part: polling the token endpoint at the server's interval (+5 s for every
 * slow_down) until the user approves, denies, the code expires or Ctrl-C. What the user sees is not here: the
 * poll tells a DeviceUi what happens (src/cli/device-ui.ts draws it).
 */
import type { AuthContext } from './context.js';
import { AuthError } from '../errors.js';
import type { DeviceAuthorization, OidcClient, TokenResponse } from './oidc.js';
import { describeOidcError, oauthErrorCode, requestDeviceToken } from './oidc.js';

/** RFC 8628 §3.2: 5 s when the server names no interval. */
export const DEFAULT_POLL_INTERVAL_S = 5;
/** RFC 8628 §3.5: every slow_down adds 5 s. */
export const SLOW_DOWN_STEP_MS = 5000;

/** What the sign-in tells the user's side, in order: the code to enter, waiting, slow-downs, the end. */
export interface DeviceUi {
  prompt(dar: DeviceAuthorization): Promise<void>;
  waiting(intervalMs: number): void;
  slowDown(intervalMs: number): void;
  stop(): void;
}

/** Polls the token endpoint until the user approves, denies, the code expires or Ctrl-C. */
export async function pollForApproval(ctx: AuthContext, oidc: OidcClient, dar: DeviceAuthorization, ui: DeviceUi): Promise<TokenResponse> {
  let intervalMs = Math.max(0, typeof dar.interval === 'number' ? dar.interval : DEFAULT_POLL_INTERVAL_S) * 1000;
  const expiresAt = ctx.now() + dar.expires_in * 1000;
  ui.waiting(intervalMs);
  for (;;) {
    try {
      await ctx.sleep(intervalMs, ctx.signal);
    } catch (err) {
      if (ctx.signal.aborted) throw cancelled();
      throw err;
    }
    try {
      return await requestDeviceToken(ctx, oidc, dar.device_code);
    } catch (err) {
      if (ctx.signal.aborted) throw cancelled();
      switch (oauthErrorCode(err)) {
        case 'authorization_pending':
          // The server decides about expiry; a server that never says so is stopped a minute after the code's lifetime.
          if (ctx.now() > expiresAt + 60_000) throw expired(dar);
          continue;
        case 'slow_down':
          intervalMs += SLOW_DOWN_STEP_MS;
          ui.slowDown(intervalMs);
          continue;
        case 'expired_token':
          throw expired(dar);
        case 'access_denied':
          throw new AuthError('the sign-in was denied in the browser (access_denied); nothing was stored', { hint: 'run `octo-cli -c LogIn` to try again' });
        case 'invalid_grant':
          if (ctx.now() >= expiresAt) throw expired(dar);
      }
      throw describeOidcError(ctx, err, 'the device sign-in', oidc.identityUrl);
    }
  }
}

function expired(dar: DeviceAuthorization): AuthError {
  return new AuthError('the code expired before the sign-in was approved (expired_token); nothing was stored', {
    hint: `run \`octo-cli -c LogIn\` again and approve within ${formatDuration(dar.expires_in * 1000)}`,
  });
}

function cancelled(): AuthError {
  return new AuthError('sign-in cancelled (Ctrl-C); nothing was stored');
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}
