/** Cross-command guarantees: clean JSON on stdout for every Get command; nothing sent on bad input. */
import { describe, expect, it } from 'vitest';
import { cmd, fakeApi } from './fake-api.js';

const client = { rtId: '66000000000000000000000a', isEnabled: true, clientId: 'c', clientName: 'C', allowedGrantTypes: ['client_credentials'], allowedScopes: ['octo_api'], redirectUris: [] };
const secret = { valueEncrypted: 'N9M6QcEr7JAojycxjiYatkMBGu1GlYFpFmHez/mjYG4=', valueClearText: null, expirationDate: null, description: null };

const GETS: Array<[string[], string, unknown]> = [
  [['-c', 'GetClients'], 'GET clients', [client]],
  [['-c', 'GetClient', '-id', 'c'], 'GET clients/c', client],
  [['-c', 'GetApiScopes'], 'GET apiScopes', [{ name: 'octo_api', isEnabled: true }]],
  [['-c', 'GetApiResources'], 'GET apiResources', [{ name: 'octoAPI', scopes: ['octo_api'] }]],
  [['-c', 'GetApiSecretsClient', '-cid', 'c'], 'GET apiSecrets/client/c', [secret]],
  [['-c', 'GetApiSecretsApiResource', '-n', 'octoAPI'], 'GET apiSecrets/apiResource/octoAPI', [secret]],
];

describe('--output json of every Get command', () => {
  it.each(GETS)('%j prints only the wire JSON', async (argv, route, payload) => {
    const api = fakeApi({ [route]: { json: payload } });
    const r = await cmd(api, [...argv, '--output', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(payload);
    expect(r.stdout.trim().startsWith(Array.isArray(payload) ? '[' : '{')).toBe(true);
  });

  it.each(GETS.filter(([, , p]) => Array.isArray(p)))('%j prints [] for an empty list, the note goes to stderr', async (argv, route) => {
    const api = fakeApi({ [route]: { json: [] } });
    const r = await cmd(api, [...argv, '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.stderr).toMatch(/No .* found/);
  });
});

describe('bad input sends nothing', () => {
  const NOW = Date.parse('2026-11-22T12:00:00Z');
  it.each<[string[], string]>([
    [['-c', 'AddAuthorizationCodeClient', '-id', 'a b', '-n', 'A', '-u', 'https://a/'], '--clientId (-id)'],
    [['-c', 'AddAuthorizationCodeClient', '-id', 'a', '-n', 'A', '-u', 'not a url'], '--clientUri (-u)'],
    [['-c', 'AddAuthorizationCodeClient', '-id', 'a', '-n', 'A', '-u', 'https://a/', '-ru', 'https://a/*'], '--redirectUri (-ru)'],
    [['-c', 'AddClientCredentialsClient', '-id', '', '-n', 'A', '-s', 'x'], '--clientId (-id)'],
    [['-c', 'AddDeviceCodeClient', '-id', 'd', '-n', '', '-s', 'x'], '--name (-n)'],
    [['-c', 'GetClient', '-id', ' '], '--clientId (-id)'],
    [['-c', 'UpdateClient', '-id', 'a', '-u', 'mailto:x@y'], '--clientUri (-u)'],
    [['-c', 'UpdateClient', '-id', 'a', '-fclo', 'https://*/lo'], '--frontChannelLogoutUri (-fclo)'],
    [['-c', 'DeleteClient', '-id', 'a\tb', '-y'], '--clientId (-id)'],
    [['-c', 'AddScopeToClient', '-id', 'a', '-n', ''], '--name (-n)'],
    [['-c', 'CreateApiScope', '-n', 'a b'], '--name (-n)'],
    [['-c', 'UpdateApiScope', '-n', 'a', '-nn', ' '], '--newName (-nn)'],
    [['-c', 'DeleteApiScope', '-n', '', '-y'], '--name (-n)'],
    [['-c', 'CreateApiResource', '-n', 'r', '-s', 'ok,not ok'], '--scopes (-s)'],
    [['-c', 'UpdateApiResource', '-n', 'r s', '-d', 'x'], '--name (-n)'],
    [['-c', 'DeleteApiResource', '-n', ' r', '-y'], '--name (-n)'],
    [['-c', 'CreateApiSecretClient', '-cid', 'c', '-e', '2026-11-21'], '--expirationDate (-e)'],
    [['-c', 'CreateApiSecretApiResource', '-n', 'r', '-e', '2026-02-30x'], '--expirationDate (-e)'],
    [['-c', 'GetApiSecretsClient', '-cid', 'c d'], '--clientId (-cid)'],
    [['-c', 'DeleteApiSecretClient', '-cid', 'c', '-s', ' ', '-y'], '--secretValue (-s)'],
    [['-c', 'UpdateApiSecretApiResource', '-n', 'r', '-s', 'x'], '--expirationDate (-e)'],
  ])('%j → exit 255 naming %s', async (argv, flag) => {
    const api = fakeApi();
    const r = await cmd(api, argv, { now: () => NOW });
    expect(r.code).toBe(255);
    expect(r.stderr).toContain(flag);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(api.requests).toEqual([]);
    expect(r.stdout).toBe('');
  });
});
