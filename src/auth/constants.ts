/** OAuth constants of the original octo-cli (octo-cli-commands.md §3.1, identity-api.md §7.3–7.4). */

/** The CLI's own client at every OctoMesh identity service. */
export const CLI_CLIENT_ID = 'octo-cli';
/** Public, hard-coded in the .NET SDK; the server ignores it. Sent by HTTP Basic like IdentityModel does. */
export const CLI_CLIENT_SECRET = '{AEE2DA50-065E-4071-A56E-7B3B4B175EFB}';

/** Device flow scopes, space-joined in exactly this order. */
export const DEVICE_SCOPES = 'openid profile email role offline_access octo_api';
/** Client-credentials scope. */
export const CLIENT_CREDENTIALS_SCOPE = 'octo_api';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** A token that expires within this margin is treated as expired (the original's 30 s). */
export const EXPIRY_MARGIN_MS = 30_000;

/** `acr_values` that selects the tenant at the identity service. */
export function tenantAcr(tenant: string): string {
  return `tenant:${tenant}`;
}
