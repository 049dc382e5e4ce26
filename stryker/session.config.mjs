// The token session: the stored token, refresh at most once, re-acquisition from environment credentials, and
// where tokens are kept (keychain, file, memory, the .NET tool's contexts.json block).
import { area } from './base.mjs';

export default area('session', {
  mutate: ['src/auth/session.ts', 'src/auth/stores/*.ts'],
  testFiles: [
    'test/auth/session.test.ts',
    'test/auth/session-renewal.test.ts',
    'test/auth/stores.test.ts',
    'test/auth/store-contents.test.ts',
    'test/auth/status-logout.test.ts',
    'test/auth/client-credentials.test.ts',
    'test/auth/secrets.test.ts',
  ],
});
