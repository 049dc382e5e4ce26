import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UsageError, parseArgs } from '../../src/server/main.js';

describe('octo-cli-server arguments', () => {
  it('parses every flag, in both --flag value and --flag=value form', () => {
    const { help, options } = parseArgs(
      [
        '--port', '0', '--host=::1', '--tenant', 'a,b', '--tenant', 'c', '--data', '/tmp/x', '--admin-user', 'root',
        '--admin-password=pw', '--access-token-ttl', '60', '--device-code-ttl=30', '--device-interval', '2',
      ],
      {},
    );
    expect(help).toBe(false);
    expect(options).toEqual({
      port: 0,
      host: '::1',
      tenants: ['a', 'b', 'c'],
      dataDir: '/tmp/x',
      adminUser: 'root',
      adminPassword: 'pw',
      accessTokenTtl: 60,
      deviceCodeTtl: 30,
      deviceInterval: 2,
    });
  });

  it('--no-registration turns off dynamic client registration', () => {
    expect(parseArgs(['--no-registration'], {}).options).toEqual({ dynamicRegistration: false });
    expect(() => parseArgs(['--no-registration=1'], {})).toThrow(UsageError);
  });

  it('--no-admin seeds tenants without the admin user (for Setup)', () => {
    expect(parseArgs(['--no-admin', '--port', '1'], {}).options).toEqual({ seedAdminUser: false, port: 1 });
    expect(() => parseArgs(['--no-admin=1'], {})).toThrow(UsageError);
  });

  it('takes the admin password from OCTO_SERVER_ADMIN_PASSWORD unless given', () => {
    expect(parseArgs([], { OCTO_SERVER_ADMIN_PASSWORD: 'env' }).options.adminPassword).toBe('env');
    expect(parseArgs(['--admin-password', 'flag'], { OCTO_SERVER_ADMIN_PASSWORD: 'env' }).options.adminPassword).toBe('flag');
    expect(parseArgs([], {}).options.adminPassword).toBeUndefined();
  });

  it('answers --help and refuses bad input', () => {
    expect(parseArgs(['--help'], {}).help).toBe(true);
    expect(parseArgs(['-h'], {}).help).toBe(true);
    expect(() => parseArgs(['--nope'], {})).toThrow(UsageError);
    expect(() => parseArgs(['--port'], {})).toThrow(/needs a value/);
    expect(() => parseArgs(['--port', 'abc'], {})).toThrow(/whole number/);
    expect(() => parseArgs(['--port', '70000'], {})).toThrow(UsageError);
    expect(() => parseArgs(['--device-interval', '0'], {})).toThrow(UsageError);
  });
});

const BIN = fileURLToPath(new URL('../../bin/octo-cli-server.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/server.js', import.meta.url)));

describe.skipIf(!built)('octo-cli-server (built)', () => {
  it('prints the ready line and the generated password, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line; stderr: ${stderr}`)), 15_000);
      child.stdout.on('data', (d) => {
        stdout += d;
        const m = /Local Identity Service listening on (http:\/\/\S+)\n/.exec(stdout);
        if (m && stdout.includes('Admin password: ')) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const disco = await fetch(`${url}/.well-known/openid-configuration`);
    expect(disco.status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stderr).not.toContain('Unsupported runtime');
    expect(stdout).toMatch(/Admin user: admin\nAdmin password: \S{8,}\n/);
  });
});
