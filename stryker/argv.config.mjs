// Argument parsing: the argv compatibility layer, the flag builders and the flag checks.
import { area } from './base.mjs';

export default area('argv', {
  mutate: ['src/cli/argv.ts', 'src/cli/flags.ts', 'src/cli/checks.ts'],
  testFiles: ['test/cli/argv.test.ts', 'test/cli/argv-values.test.ts', 'test/commands/parse.test.ts', 'test/cli/fuzz.test.ts'],
});
