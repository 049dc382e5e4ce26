// Argument parsing: the argv compatibility layer, the flag builders and the flag checks, with the URL rule and the
// "did you mean" they use (src/shared).
import { area } from './base.mjs';

export default area('argv', {
  mutate: ['src/cli/argv.ts', 'src/cli/flags.ts', 'src/cli/checks.ts', 'src/shared/urls.ts', 'src/shared/suggest.ts'],
  // Not test/cli/fuzz.test.ts: it drives thousands of command lines per mutant (minutes each) and only asserts that no
  // exception escapes; test/cli/argv-values.test.ts checks the same exit code and one-line error in-process.
  testFiles: ['test/cli/argv.test.ts', 'test/cli/argv-values.test.ts', 'test/commands/parse.test.ts', 'test/shared/urls.test.ts', 'test/shared/suggest.test.ts'],
});
