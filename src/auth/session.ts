/**
 * Placeholder session provider (foundation): OCTO_CLI_ACCESS_TOKEN, else the token the .NET tool left in
 * contexts.json. The sign-in issue replaces this with the token store, refresh and client-credentials renewal.
 */
import type { AuthSummary, SessionProvider } from './types.js';
import { decodeJwtExpiry } from './jwt.js';

export function createSessionProvider(): SessionProvider {
  return {
    async getAccessToken(ctx, target) {
      const fromEnv = ctx.env.OCTO_CLI_ACCESS_TOKEN?.trim();
      if (fromEnv) {
        ctx.log.redact.add(fromEnv);
        return fromEnv;
      }
      if (!target.contextName) return undefined;
      const file = await ctx.contexts.load();
      const token = file.Contexts[target.contextName]?.Authentication?.AccessToken ?? undefined;
      if (token) ctx.log.redact.add(token);
      return token || undefined;
    },
    async forget() {},
    async describe(ctx, contextName): Promise<AuthSummary> {
      const file = await ctx.contexts.load();
      const auth = file.Contexts[contextName]?.Authentication;
      if (!auth?.AccessToken) return { status: 'none', hasRefreshToken: false };
      const hasRefreshToken = Boolean(auth.RefreshToken);
      const exp = auth.AccessTokenExpiresAt ?? decodeJwtExpiry(auth.AccessToken);
      if (!exp) return { status: 'unknown-expiry', hasRefreshToken, source: 'legacy' };
      const at = Date.parse(exp);
      return { status: at > ctx.now() ? 'valid' : 'expired', accessTokenExpiresAt: new Date(at).toISOString(), hasRefreshToken, source: 'legacy' };
    },
  };
}
