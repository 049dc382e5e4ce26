/**
 * The identity scopes the service seeds as identity resources (identity-api.md §6): valid scope names that are not
 * API scopes, and that no admin endpoint lists. Neither a grant nor a provisioning plan reports them as unknown.
 */
export const IDENTITY_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'role', 'allowed_tenants', 'offline_access']);
