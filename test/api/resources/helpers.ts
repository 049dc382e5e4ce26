/**
 * Helpers of the resource-layer tests: an AdminApi against the real local Identity Service over HTTP (signed in with
 * the device flow), and one against the recording fake fetch for answers a real server does not give.
 */
import { afterAll, beforeAll } from 'vitest';
import { AdminApi } from '../../../src/api/client.js';
import type { RunningServer, ServerOptions } from '../../../src/server/index.js';
import { recordingFetch, type RecordingFetch, type Route } from '../../helpers/fake-fetch.js';
import { deviceLogin, startTestServer } from '../../helpers/server.js';

export interface Live {
  server: RunningServer;
  api: AdminApi;
  /** A client for another tenant of the same server, signed in there. */
  apiFor(tenant: string): Promise<AdminApi>;
}

function clientFor(url: string, tenant: string, token: string): AdminApi {
  return new AdminApi({ identityUrl: url, tenant, fetch, getToken: async () => token, sleep: async () => {} });
}

/**
 * One local service for the test file (started in beforeAll, closed in afterAll); read `live` inside tests. `api` is
 * signed in as the admin unless `signIn` is false (a server without users).
 */
export function useLiveApi(options: ServerOptions = {}, { signIn = true } = {}): Live {
  const live = {} as Live;
  beforeAll(async () => {
    live.server = await startTestServer(options);
    if (!signIn) return;
    const { access_token } = await deviceLogin(live.server);
    live.api = clientFor(live.server.url, 'octosystem', access_token);
    live.apiFor = async (tenant) => clientFor(live.server.url, tenant, (await deviceLogin(live.server, tenant)).access_token);
  });
  afterAll(async () => {
    await live.server?.close();
  });
  return live;
}

export const FAKE_BASE = 'https://id.test/meshtest/v1/';

/** An AdminApi whose requests go to the recording fake fetch; unrouted requests answer 599 (a test cannot pass by accident). */
export function fakeApi(routes: Record<string, Route>): { api: AdminApi; recorder: RecordingFetch } {
  const recorder = recordingFetch(FAKE_BASE, routes, (key) => ({ status: 599, text: `unrouted: ${key}` }));
  const api = new AdminApi({ identityUrl: 'https://id.test/', tenant: 'meshtest', fetch: recorder.fetch, getToken: async () => 't', sleep: async () => {} });
  return { api, recorder };
}

/** A unique name per call, so tests of one file never collide on the shared server. */
let counter = 0;
export function unique(prefix: string): string {
  return `${prefix}-${process.pid}-${++counter}`;
}
