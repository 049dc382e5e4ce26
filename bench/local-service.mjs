// The bench scripts' shared set-up: the local Identity Service as a child process, and an admin token from its device
// flow approved through the local approval endpoint (set-up only: nothing here is measured).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_BIN = join(fileURLToPath(new URL('..', import.meta.url)), 'bin/octo-cli-server.js');
const OCTO_CLI_BASIC = 'Basic ' + Buffer.from(`octo-cli:${encodeURIComponent('{AEE2DA50-065E-4071-A56E-7B3B4B175EFB}')}`).toString('base64');

/** Starts octo-cli-server on a free port (extra options appended) and resolves once it prints its `listening on` line. */
export async function startLocalService(extraArgs = []) {
  const child = spawn(process.execPath, [SERVER_BIN, '--port', '0', '--admin-password', 'Bench-Pass-1', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { child, url };
}

/** An admin access token for the octosystem tenant: device flow, approved through /_local/device/approve. */
export async function deviceToken(url) {
  const headers = { authorization: OCTO_CLI_BASIC, 'content-type': 'application/x-www-form-urlencoded' };
  const dar = await (await fetch(`${url}/connect/deviceauthorization`, { method: 'POST', headers, body: new URLSearchParams({ scope: 'openid profile email role offline_access octo_api', acr_values: 'tenant:octosystem' }) })).json();
  const ok = await fetch(`${url}/_local/device/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userCode: dar.user_code, username: 'admin' }) });
  if (!ok.ok) throw new Error(`approve failed ${ok.status}`);
  const token = await (await fetch(`${url}/connect/token`, { method: 'POST', headers, body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: dar.device_code }) })).json();
  return token.access_token;
}
