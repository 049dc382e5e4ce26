/** The command registry, in help order. Each area is one small file of declarative command specs. */
import type { CommandSpec } from '../cli/spec.js';
import { commands as config } from './config.js';
import { commands as auth } from './auth.js';
import { commands as contexts } from './contexts.js';
import { commands as clients } from './clients.js';
import { commands as clientExtras } from './client-extras.js';
import { commands as scopes } from './scopes.js';
import { commands as resources } from './resources.js';
import { commands as secrets } from './secrets.js';
import { commands as secretRotation } from './secret-rotation.js';
import { commands as hygiene } from './hygiene.js';
import { commands as dynamicClients } from './dynamic-clients.js';
import { commands as clientCredentialsTest } from './client-credentials-test.js';
import { commands as users } from './users.js';
import { commands as roles } from './roles.js';
import { commands as groups } from './groups.js';
import { commands as identityProviders } from './identity-providers.js';
import { commands as emailDomainRules } from './email-domain-rules.js';
import { commands as tenantMappings } from './tenant-mappings.js';
import { commands as adminProvisioning } from './admin-provisioning.js';
import { commands as setup } from './setup.js';
import { commands as provisioning } from './provisioning.js';
import { commands as doctor } from './doctor.js';
import { completionCommands } from './completion.js';
import { withDryRun } from './changes.js';
import { describeCommands } from './describe.js';

const completion = completionCommands(allCommands);
const describe = describeCommands(allCommands);

/** Every command, in help order; each Update* and Delete* gets `--dry-run` here, from one place (changes.ts). */
export function allCommands(): CommandSpec<any>[] {
  return [
    ...config,
    ...auth,
    ...doctor,
    ...completion,
    ...describe,
    ...contexts,
    ...clients,
    ...clientExtras,
    ...scopes,
    ...resources,
    ...secrets,
    ...secretRotation,
    ...hygiene,
    ...dynamicClients,
    ...clientCredentialsTest,
    ...users,
    ...roles,
    ...groups,
    ...identityProviders,
    ...emailDomainRules,
    ...tenantMappings,
    ...adminProvisioning,
    ...setup,
    ...provisioning,
  ].map(withDryRun);
}
