// The Apply planner: the pure diff of a provisioning file against the tenant.
import { area } from './base.mjs';

export default area('plan', {
  mutate: ['src/provision/plan.ts'],
  testFiles: ['test/provision/plan.test.ts', 'test/provision/plan-fields.test.ts'],
});
