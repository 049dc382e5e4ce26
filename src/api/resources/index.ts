/**
 * The admin resources, one module each: DTOs as the wire has them, their normalisation, typed requests and the
 * service's quirks. Commands, Export/Plan/Apply and reports call these; none of them builds a URL.
 */
export * as adminProvisioning from './adminProvisioning.js';
export * as apiResources from './apiResources.js';
export * as apiScopes from './apiScopes.js';
export * as clientMirrors from './clientMirrors.js';
export * as clientOverlays from './clientOverlays.js';
export * as clients from './clients.js';
export * as emailDomainRules from './emailDomainRules.js';
export * as groups from './groups.js';
export * as identityProviders from './identityProviders.js';
export * as roles from './roles.js';
export * as secrets from './secrets.js';
export * as setup from './setup.js';
export * as tenantMappings from './tenantMappings.js';
export * as users from './users.js';
