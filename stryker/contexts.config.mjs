// Contexts and configuration: contexts.json (shapes, migration, the folder's checks) and the command's target.
import { area } from './base.mjs';

export default area('contexts', {
  mutate: ['src/config/contexts.ts', 'src/config/target.ts'],
  testFiles: ['test/config/target.test.ts', 'test/config/home.test.ts', 'test/config/home-check.test.ts', 'test/config/contexts.test.ts', 'test/commands/contexts.test.ts'],
});
