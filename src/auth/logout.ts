/**
 * LogOut (ours): revokes the refresh token at the identity service (when it has a revocation endpoint), then removes
 * the context's tokens from every store: OS keychain, credentials.json, memory and the .NET tool's contexts.json
 * block. Local removal happens even when revocation fails; a failed removal is an error. Returns the report
 * (the JSON result of the command); progress goes to the injected logger.
 */
import type { AuthContext } from './context.js';
import { findContextKey } from '../config/contexts.js';
import { currentContext, storedIdentityUrl, targetOf } from '../config/target.js';
import { AuthError, CliError, ToolError } from '../errors.js';
import { locate, removeEverywhere, withTokenLock } from './session.js';
import { removeStaleTemps } from '../shared/fs.js';
import { join } from 'node:path';

/** What LogOut did (its `--output json` result). */
export interface LogOutReport {
  status: 'signed_out';
  context: string;
  refreshToken: 'revoked' | 'no_endpoint' | 'no_refresh_token' | 'failed';
  /** Store kinds the tokens were removed from. */
  removedFrom: string[];
  failed: Array<{ store: string; error: string }>;
}

export async function runLogOut(ctx: AuthContext): Promise<LogOutReport> {
  const { file, context: resolved } = await currentContext(ctx);
  if (!resolved) throw new ToolError('no active context to sign out of', { hint: 'use --context <name>, or run `octo-cli -c UseContext -n <name>`' });
  const contextName = findContextKey(file, resolved.name) ?? resolved.name;
  const identityUrl = storedIdentityUrl(resolved.entry);

  return withTokenLock(ctx, contextName, async () => {
    let revoked: LogOutReport['refreshToken'] = 'no_refresh_token';
    let located;
    try {
      located = await locate(ctx, { contextName, identityUrl });
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      ctx.log.warn(`${err.message}; removing what can be removed`);
    }
    const refreshToken = located?.tokens.refreshToken;
    if (refreshToken) {
      try {
        const target = targetOf(resolved);
        const oidc = await import('./oidc.js');
        const client = await oidc.connect(ctx, target.identityUrl);
        revoked = (await oidc.revokeRefreshToken(ctx, client, refreshToken)) ? 'revoked' : 'no_endpoint';
      } catch (err) {
        if (!(err instanceof CliError)) throw err;
        revoked = 'failed';
        ctx.log.warn(`could not revoke the refresh token at the identity service (${err.message}); removing it locally anyway`);
      }
    }
    if (revoked === 'revoked') ctx.log.info('Revoked the refresh token at the identity service.');
    if (revoked === 'no_endpoint') ctx.log.info('The identity service has no revocation endpoint; the refresh token stays valid there until it expires.');

    const { removedFrom, failed } = await removeEverywhere(ctx, contextName, { legacy: true });
    if (removedFrom.length) ctx.log.info(`Removed the tokens of context '${contextName}' from ${removedFrom.map((s) => s.location).join(', ')}.`);
    else if (!failed.length) ctx.log.info(`No tokens were stored for context '${contextName}'.`);
    // A write killed half-way leaves a temp copy of the whole file, tokens included (issue 10, item 16).
    let temps = 0;
    for (const name of ['credentials.json', 'contexts.json']) temps += await removeStaleTemps(join(ctx.home, name), { legacy: true });
    if (temps > 0) ctx.log.info(`Removed ${temps} temp file(s) that interrupted writes had left in ${ctx.home}.`);
    const report: LogOutReport = {
      status: 'signed_out',
      context: contextName,
      refreshToken: revoked,
      removedFrom: removedFrom.map((s) => s.kind),
      failed: failed.map((f) => ({ store: f.store.kind, error: f.error })),
    };
    if (failed.length) {
      throw new AuthError(`could not remove the tokens of context '${contextName}' from ${failed.map((f) => `${f.store.location} (${f.error})`).join('; ')}`, {
        details: { ...report },
      });
    }
    return report;
  });
}
