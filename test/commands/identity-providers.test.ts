import { describe, expect, it } from 'vitest';
import { ID, commandTable, expectJsonOnly, parsedFlags, run } from './identity-helpers.js';

const PID = '6650000000000000000000a1';
const GID = '660000000000000000000040';
const common = (name: string, extra: Record<string, unknown> = {}) => ({ isEnabled: true, name, description: null, allowSelfRegistration: true, defaultGroupRtId: null, ...extra });
const google = { $type: 0, isEnabled: true, rtId: PID, name: 'Google', description: 'Sign in with Google', allowSelfRegistration: false, defaultGroupRtId: GID, clientId: 'google-client', clientSecret: 'stored-google-secret' };
const ldap = { $type: 4, isEnabled: true, rtId: '6650000000000000000000a2', name: 'OpenLDAP', description: null, allowSelfRegistration: true, defaultGroupRtId: null, host: 'ldap.example.com', port: 389, useTls: true, userBaseDn: 'cn=users,dc=example,dc=com', userNameAttribute: 'uid' };

describe('identity providers: parse and request per command', () => {
  commandTable({
    GetIdentityProviders: {
      argv: [],
      flags: {},
      routes: { 'GET identityProviders': { json: { identityProviders: [google, ldap] } } },
      requests: [{ method: 'GET', path: 'identityProviders' }],
    },
    AddOAuthIdentityProvider: {
      argv: ['-n', 'Google', '-e', 'true', '-cid', 'google-client', '-cs', 'g-secret-123', '-t', 'GOOGLE', '-asr', 'false', '-dgid', GID],
      flags: { name: 'Google', enabled: true, clientId: 'google-client', clientSecret: 'g-secret-123', type: 'Google', allowSelfRegistration: false, defaultGroupRtId: GID },
      routes: { 'POST identityProviders': { json: { ...google, clientSecret: 'g-secret-123' } } },
      requests: [{ method: 'POST', path: 'identityProviders', body: { $type: 0, ...common('Google', { allowSelfRegistration: false, defaultGroupRtId: GID }), clientId: 'google-client', clientSecret: 'g-secret-123' } }],
    },
    AddAzureEntryIdIdentityProvider: {
      argv: ['-n', 'AzureEntraId', '-t', 'azure-tenant-guid', '-e', 'true', '-cid', 'app-id', '-cs', '-'],
      flags: { name: 'AzureEntraId', tenantId: 'azure-tenant-guid', enabled: true, clientId: 'app-id', clientSecret: '-' },
      stdin: 'azure-secret-from-stdin\n',
      requests: [{ method: 'POST', path: 'identityProviders', body: { $type: 2, ...common('AzureEntraId'), tenantId: 'azure-tenant-guid', authority: null, clientId: 'app-id', clientSecret: 'azure-secret-from-stdin' } }],
    },
    AddAdIdentityProvider: {
      argv: ['-n', 'CorporateAD', '-e', 'false', '-h', 'ad.example.com', '-p', '389'],
      flags: { name: 'CorporateAD', enabled: false, host: 'ad.example.com', port: 389 },
      requests: [{ method: 'POST', path: 'identityProviders', body: { $type: 3, ...common('CorporateAD', { isEnabled: false }), host: 'ad.example.com', port: 389, useTls: false } }],
    },
    AddOpenLdapIdentityProvider: {
      argv: ['-n', 'OpenLDAP', '-h', 'ldap.example.com', '-p', '389', '-ubdn', 'cn=users,dc=example,dc=com', '-uan', 'uid', '-e', 'true', '-asr', 'false'],
      flags: { name: 'OpenLDAP', host: 'ldap.example.com', port: 389, userBaseDn: 'cn=users,dc=example,dc=com', userAttributeName: 'uid', enabled: true, allowSelfRegistration: false },
      requests: [
        {
          method: 'POST',
          path: 'identityProviders',
          body: { $type: 4, ...common('OpenLDAP', { allowSelfRegistration: false }), host: 'ldap.example.com', port: 389, userBaseDn: 'cn=users,dc=example,dc=com', userNameAttribute: 'uid', useTls: true },
        },
      ],
    },
    AddOctoTenantIdentityProvider: {
      argv: ['-n', 'ParentTenantAuth', '-ptid', 'octosystem', '-e', 'true', '-asr', 'true', '-dgid', GID],
      flags: { name: 'ParentTenantAuth', parentTenantId: 'octosystem', enabled: true, allowSelfRegistration: true, defaultGroupRtId: GID },
      requests: [{ method: 'POST', path: 'identityProviders', body: { $type: 6, ...common('ParentTenantAuth', { defaultGroupRtId: GID }), parentTenantId: 'octosystem' } }],
    },
    UpdateIdentityProvider: {
      argv: ['-id', PID, '-n', 'Google2', '-e', 'false'],
      flags: { identifier: PID, name: 'Google2', enabled: false },
      routes: { [`GET identityProviders/${PID}`]: { json: { identityProviders: [google] } } },
      requests: [
        { method: 'GET', path: `identityProviders/${PID}` },
        {
          method: 'PUT',
          path: `identityProviders/${PID}`,
          body: { $type: 0, isEnabled: false, name: 'Google2', description: 'Sign in with Google', allowSelfRegistration: false, defaultGroupRtId: GID, clientId: 'google-client', clientSecret: null },
        },
      ],
    },
    DeleteIdentityProvider: {
      argv: ['-id', PID, '-y'],
      flags: { identifier: PID, yes: true },
      requests: [{ method: 'DELETE', path: `identityProviders/${PID}` }],
    },
  });
});

describe('identity providers: behaviour', () => {
  it('$type is the first property of every body, with the right code per kind', async () => {
    const cases: Array<[string[], number]> = [
      [['-c', 'AddOAuthIdentityProvider', '-n', 'Goo', '-e', 'true', '-cid', 'c', '-cs', 'secret1', '-t', 'google'], 0],
      [['-c', 'AddOAuthIdentityProvider', '-n', 'Msft', '-e', 'true', '-cid', 'c', '-cs', 'secret1', '-t', 'microsoft'], 1],
      [['-c', 'AddOAuthIdentityProvider', '-n', 'Fbk', '-e', 'true', '-cid', 'c', '-cs', 'secret1', '-t', 'Facebook'], 5],
      [['-c', 'AddOAuthIdentityProvider', '-n', 'Fbk', '-e', 'true', '-cid', 'c', '-cs', 'secret1', '-t', '5'], 5],
      [['-c', 'AddAzureEntryIdIdentityProvider', '-n', 'Azure', '-t', 't', '-e', 'true', '-cid', 'c', '-cs', 'secret1'], 2],
      [['-c', 'AddAdIdentityProvider', '-n', 'Ad1', '-e', 'true', '--host', 'h', '-p', '636'], 3],
      [['-c', 'AddOpenLdapIdentityProvider', '-n', 'Ldap', '-e', 'true', '-h', 'h', '-p', '636', '-ubdn', 'dc=x', '-uan', 'uid'], 4],
      [['-c', 'AddOctoTenantIdentityProvider', '-n', 'Octo', '-e', 'true', '-ptid', 'octosystem'], 6],
    ];
    for (const [argv, code] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.requests[0]!.raw!.startsWith(`{"$type":${code},`), r.requests[0]!.raw).toBe(true);
    }
    const update = await run(['-c', 'UpdateIdentityProvider', '-id', PID, '-n', 'OpenLDAP', '-e', 'true'], { routes: { [`GET identityProviders/${PID}`]: { json: { identityProviders: [ldap] } } } });
    expect(update.requests[1]!.raw!.startsWith('{"$type":4,')).toBe(true);
  });

  it('AddOAuthIdentityProvider refuses a non-OAuth type as a usage error (the original exited 0)', async () => {
    for (const t of ['OpenLdap', '4', 'MicrosoftAzureAd']) {
      const r = await run(['-c', 'AddOAuthIdentityProvider', '-n', 'Xyz', '-e', 'true', '-cid', 'c', '-cs', 'secret1', '-t', t]);
      expect(r.code, t).toBe(255);
      expect(r.stderr).toMatch(/--type \(-t\): '\w+' is not an OAuth provider type; use google, microsoft or facebook/);
      expect(r.requests).toHaveLength(0);
    }
    expect(() => parsedFlags('AddOAuthIdentityProvider', ['-n', 'X1', '-e', 'true', '-cid', 'c', '-cs', 's', '-t', 'twitter'])).toThrow(/--type \(-t\) expects one of/);
  });

  it('identity provider names must match the server pattern; the message names -n', async () => {
    for (const name of ['Parent Tenant Auth', 'ab', 'x'.repeat(101), 'a/b']) {
      const r = await run(['-c', 'AddOctoTenantIdentityProvider', '-n', name, '-e', 'true', '-ptid', 'octosystem']);
      expect(r.code, name).toBe(255);
      expect(r.stderr).toMatch(/--name \(-n\): the identity provider name/);
      expect(r.requests).toHaveLength(0);
    }
  });

  it('-h means --host where the command has one; --help still shows help', async () => {
    expect(parsedFlags('AddAdIdentityProvider', ['-n', 'Ad1', '-e', 'true', '-h', 'ad.local', '-p', '389']).host).toBe('ad.local');
    const help = await run(['-c', 'AddAdIdentityProvider', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: octo-cli -c AddAdIdentityProvider');
    const bad = await run(['-c', 'AddAdIdentityProvider', '-n', 'Ad1', '-e', 'true', '-h', 'ldap://ad.local', '-p', '389']);
    expect(bad.code).toBe(255);
    expect(bad.stderr).toMatch(/--host \(-h\) expects a host name without scheme/);
  });

  it('-dgid must be a 24-hex group id', () => {
    expect(() => parsedFlags('AddOctoTenantIdentityProvider', ['-n', 'Octo', '-e', 'true', '-ptid', 'p', '-dgid', 'TenantOwners'])).toThrow(/--defaultGroupRtId \(-dgid\) expects an object id/);
  });

  it('GetIdentityProviders masks client secrets in the table and in JSON', async () => {
    const routes = { 'GET identityProviders': { json: { identityProviders: [google, ldap] } } };
    const table = await run(['-c', 'GetIdentityProviders', '--verbose'], { routes });
    expect(table.code).toBe(0);
    expect(table.stdout + table.stderr).not.toContain('stored-google-secret');
    expect(table.stdout).toMatch(/^ID\s+NAME\s+KIND\s+ENABLED\s+SELF-REGISTRATION\s+DEFAULT GROUP\s+CLIENT SECRET\s+DETAILS$/m);
    expect(table.stdout).toMatch(new RegExp(`${PID}\\s+Google\\s+Google\\s+yes\\s+no\\s+${GID}\\s+set\\s+client id google-client`));
    expect(table.stdout).toMatch(/OpenLDAP\s+OpenLDAP\s+yes\s+yes\s+-\s+-\s+ldap\.example\.com:389 \(TLS\), base DN cn=users,dc=example,dc=com, user attribute uid/);
    const json = await run(['-c', 'GetIdentityProviders', '-o', 'json'], { routes });
    expect(json.stdout).not.toContain('stored-google-secret');
    expect(expectJsonOnly(json.stdout)).toEqual([{ ...google, clientSecret: '***' }, ldap]);
    const bare = await run(['-c', 'GetIdentityProviders', '-o', 'json'], { routes: { 'GET identityProviders': { json: [ldap] } } });
    expect(expectJsonOnly(bare.stdout)).toEqual([ldap]);
  });

  it('Add* never prints the secret or the echoed DTO; --output json holds only the small result', async () => {
    const secret = 'very-secret-value';
    const r = await run(['-c', 'AddOAuthIdentityProvider', '-n', 'Google', '-e', 'true', '-cid', 'c', '-cs', '-', '-t', 'google', '-o', 'json', '--verbose'], {
      stdin: secret,
      routes: { 'POST identityProviders': { json: { ...google, clientSecret: secret } } },
    });
    expect(r.code).toBe(0);
    expect(r.requests[0]!.body).toMatchObject({ clientSecret: secret });
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(expectJsonOnly(r.stdout)).toEqual({ id: PID, name: 'Google', type: 'Google', created: true });
  });

  it('UpdateIdentityProvider accepts a bare DTO too, and -cid/-cs replace the credentials', async () => {
    const r = await run(['-c', 'UpdateIdentityProvider', '-id', PID, '-n', 'Google', '-e', 'true', '-cid', 'new-id', '-cs', 'new-secret', '-asr', 'true'], {
      routes: { [`GET identityProviders/${PID}`]: { json: google } },
    });
    expect(r.code).toBe(0);
    expect(r.requests[1]!.body).toEqual({ $type: 0, isEnabled: true, name: 'Google', description: 'Sign in with Google', allowSelfRegistration: true, defaultGroupRtId: GID, clientId: 'new-id', clientSecret: 'new-secret' });
    expect(r.stderr).not.toContain('new-secret');
  });

  it('UpdateIdentityProvider keeps the kind-specific settings (LDAP) and refuses -cid there', async () => {
    const routes = { [`GET identityProviders/${PID}`]: { json: { identityProviders: [ldap] } } };
    const ok = await run(['-c', 'UpdateIdentityProvider', '-id', PID, '-n', 'OpenLDAP2', '-e', 'false', '-dgid', GID], { routes });
    expect(ok.requests[1]!.body).toEqual({ $type: 4, isEnabled: false, name: 'OpenLDAP2', description: null, allowSelfRegistration: true, defaultGroupRtId: GID, host: 'ldap.example.com', port: 389, userBaseDn: 'cn=users,dc=example,dc=com', userNameAttribute: 'uid', useTls: true });
    const bad = await run(['-c', 'UpdateIdentityProvider', '-id', PID, '-n', 'OpenLDAP2', '-e', 'false', '-cid', 'x'], { routes });
    expect(bad.code).toBe(255);
    expect(bad.stderr).toMatch(/--clientId \(-cid\) does not apply to OpenLDAP provider/);
    expect(bad.calls()).toEqual([`GET identityProviders/${PID}`]);
  });

  it('UpdateIdentityProvider with an unknown $type fails (exit 253) and updates nothing', async () => {
    for (const json of [{ identityProviders: [{ name: 'x', rtId: PID }] }, { identityProviders: [{ ...google, $type: 42 }] }]) {
      const r = await run(['-c', 'UpdateIdentityProvider', '-id', PID, '-n', 'Google', '-e', 'true'], { routes: { [`GET identityProviders/${PID}`]: { json } } });
      expect(r.code).toBe(253);
      expect(r.stderr).toMatch(/unsupported identity provider type/);
      expect(r.stderr).not.toContain('stored-google-secret');
      expect(r.calls()).toEqual([`GET identityProviders/${PID}`]);
    }
  });

  it('UpdateIdentityProvider requires -n and -e', () => {
    expect(() => parsedFlags('UpdateIdentityProvider', ['-id', PID])).toThrow(/missing required flags --name \(-n\), --enabled \(-e\)/);
    expect(() => parsedFlags('UpdateIdentityProvider', ['-id', ID, '-n', 'Abc', '-e', 'true'])).not.toThrow();
  });
});
