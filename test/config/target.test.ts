/** src/config/target.ts: which context a command works on and where it sends it (one place for every command). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContextRepository } from '../../src/config/contexts.js';
import { currentContext, resolveTarget, storedIdentityUrl, targetOf } from '../../src/config/target.js';
import { ConfigError, ToolError } from '../../src/errors.js';
import { tempHome } from '../helpers/run.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function repo(file: unknown): ContextRepository {
  const { home, cleanup } = tempHome();
  cleanups.push(cleanup);
  writeFileSync(join(home, 'contexts.json'), JSON.stringify(file));
  return new ContextRepository(home);
}

const FILE = {
  ActiveContext: 'prod',
  Contexts: {
    Prod: { OctoToolOptions: { IdentityServiceUrl: 'https://id.example.com//', TenantId: ' meshtest ' } },
    dev: { OctoToolOptions: { IdentityServiceUrl: ' http://localhost:5003/ ', TenantId: 'dev' } },
    broken: { OctoToolOptions: { IdentityServiceUrl: 'not a url', TenantId: 't' } },
    noTenant: { OctoToolOptions: { IdentityServiceUrl: 'https://id.example.com' } },
  },
};

describe('context resolution', () => {
  it('the active context (case-insensitive), its URL without trailing slashes and its tenant trimmed', async () => {
    expect(await resolveTarget({ contexts: repo(FILE) })).toEqual({ contextName: 'Prod', identityUrl: 'https://id.example.com', tenant: 'meshtest' });
  });

  it('--context wins over the active one and must exist', async () => {
    const contexts = repo(FILE);
    expect(await resolveTarget({ contexts, contextOverride: 'DEV' })).toEqual({ contextName: 'dev', identityUrl: 'http://localhost:5003', tenant: 'dev' });
    await expect(resolveTarget({ contexts, contextOverride: 'nope' })).rejects.toThrow(ToolError);
  });

  it('Setup replaces the tenant (and so needs none in the context)', async () => {
    const contexts = repo(FILE);
    expect(await resolveTarget({ contexts, contextOverride: 'noTenant' }, { tenant: 'octosystem' })).toMatchObject({ tenant: 'octosystem' });
    await expect(resolveTarget({ contexts, contextOverride: 'noTenant' })).rejects.toThrow('Identity services tenant ID is missing');
  });

  it('configuration errors: no context, a broken URL', async () => {
    await expect(resolveTarget({ contexts: repo({ Contexts: {} }) })).rejects.toThrow(ConfigError);
    await expect(resolveTarget({ contexts: repo({ Contexts: {} }) })).rejects.toThrow('no active context');
    await expect(resolveTarget({ contexts: repo(FILE), contextOverride: 'broken' })).rejects.toThrow('is not a valid URL');
    expect(() => targetOf(undefined, { tenant: 'x' })).toThrow('no active context');
  });

  it('currentContext gives the file and the context (undefined without an active one)', async () => {
    const { file, context } = await currentContext({ contexts: repo(FILE), contextOverride: 'dev' });
    expect(Object.keys(file.Contexts)).toContain('broken');
    expect(context).toMatchObject({ name: 'dev', active: false });
    expect((await currentContext({ contexts: repo({ Contexts: FILE.Contexts }) })).context).toBeUndefined();
  });

  it('the identity URL that keys stored tokens is taken unchecked (sign-out works with a broken URL)', () => {
    expect(storedIdentityUrl(FILE.Contexts.dev)).toBe('http://localhost:5003');
    expect(storedIdentityUrl(FILE.Contexts.broken)).toBe('not a url');
    expect(storedIdentityUrl(undefined)).toBe('');
    expect(storedIdentityUrl({ OctoToolOptions: { IdentityServiceUrl: null } })).toBe('');
  });
});
