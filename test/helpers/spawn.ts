/** Runs the built CLI (`node bin/octo-cli.js`, built by `npm test` before vitest) as a child process. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/octo-cli.js', import.meta.url));

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function spawnCli(argv: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string; killAfterMs?: number; timeoutMs?: number } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...argv], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
    else child.stdin.end();
    const timers: NodeJS.Timeout[] = [];
    if (opts.killAfterMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs));
    timers.push(setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000));
    child.on('close', (code, signal) => {
      timers.forEach(clearTimeout);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Our temp files for `file` (src/shared/fs.ts): `.<file>.<pid>.<random>.tmp`. */
export const OURS = (file: string) => new RegExp(`^\\.${file.replace('.', '\\.')}\\.(\\d+)\\.[0-9a-z]+\\.tmp$`);

export interface KilledInWrite {
  /** The temp file that was there when the kill was sent (the write was under way). */
  temp: string;
  pid: number;
  signal: NodeJS.Signals | null;
}

/** Runs the CLI with the pause hook and kills it with SIGKILL as soon as its temp file for `file` holds the new content. */
export function killInsideWrite(argv: string[], env: NodeJS.ProcessEnv, home: string, file: string): Promise<KilledInWrite> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...argv], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env, OCTO_CLI_TEST_PAUSE_IN_WRITE_MS: '5000' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let temp: string | undefined;
    const poll = setInterval(() => {
      const found = readdirSync(home).find((n) => OURS(file).exec(n)?.[1] === String(child.pid));
      if (!found) return;
      try {
        JSON.parse(readFileSync(join(home, found), 'utf8')); // the new content is complete: the child is in the pause
      } catch {
        return;
      }
      temp = found;
      clearInterval(poll);
      child.kill('SIGKILL');
    }, 2);
    const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearInterval(poll);
      clearTimeout(timeout);
      if (!temp) reject(new Error(`the child ended (${signal ?? _code}) without entering the write of ${file}: ${stderr}`));
      else resolve({ temp, pid: child.pid!, signal });
    });
  });
}

