import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFetch } from '../../src/api/http.js';
import { AdminApi } from '../../src/api/client.js';
import { createLogger } from '../../src/cli/log.js';

// A self-signed certificate for 127.0.0.1: refused by default, accepted once its CA is configured.
let dir: string;
let server: Server;
let url: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'octo-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('[]');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const log = createLogger({ stdout: { write: () => true }, stderr: { write: () => true } } as never, { verbose: false });
const api = (f: typeof fetch) => new AdminApi({ identityUrl: url, tenant: 'octosystem', fetch: f, getToken: async () => 't', sleep: async () => {} });

describe('TLS', () => {
  it('an untrusted certificate is one clear line naming the fix', async () => {
    const err = await api(await createFetch({}, log)).get('clients').catch((e) => e);
    expect(err.exitCode).toBe(253);
    expect(err.message).toMatch(/the TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\); set OCTO_CLI_CA_FILE/);
  });
  it('works once OCTO_CLI_CA_FILE names its CA', async () => {
    const res = await api(await createFetch({ OCTO_CLI_CA_FILE: join(dir, 'cert.pem') }, log)).get<unknown[]>('clients');
    expect(res.data).toEqual([]);
  });
});
