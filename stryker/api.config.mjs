// The admin API client and its error formatting (with http.ts's pure parts: the transport policy, URL redaction and
// the network-error lines; its fetch plumbing is exercised by the proxy/TLS tests, which need real sockets).
import { area } from './base.mjs';

export default area('api', {
  mutate: ['src/api/client.ts', 'src/api/errors.ts', 'src/api/http.ts:33-76', 'src/api/http.ts:296-353'],
  testFiles: [
    'test/api/client.test.ts',
    'test/api/client-retries.test.ts',
    'test/api/errors.test.ts',
    'test/api/http.test.ts',
    'test/api/insecure-http.test.ts',
    'test/commands/errors.test.ts',
  ],
});
