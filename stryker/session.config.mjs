// The token session: the stored token, refresh at most once, re-acquisition from environment credentials, and
// where tokens are kept (keychain, file, memory, the .NET tool's contexts.json block).
import { area } from './base.mjs';

export default area('session', {
  mutate: [
    'src/auth/session.ts',
    'src/auth/stores/*.ts',
    // Not napiKeyringBackend (lines 134-158): the binding to the real OS keychain, exercised only by the spawned
    // test/e2e/auth-keychain.test.ts inside a D-Bus session; in-process tests use a keyring in memory.
    '!src/auth/stores/keychain.ts',
    'src/auth/stores/keychain.ts:1-133',
    'src/auth/stores/keychain.ts:159-166',
  ],
  testFiles: [
    'test/auth/session.test.ts',
    'test/auth/session-renewal.test.ts',
    'test/auth/stores.test.ts',
    'test/auth/store-contents.test.ts',
    'test/auth/session-stores.test.ts',
    'test/auth/status-logout.test.ts',
    'test/auth/client-credentials.test.ts',
    'test/auth/secrets.test.ts',
  ],
});
