/** Child-process helpers for the sign-in end-to-end tests: the built CLI, with stderr read while it runs. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, spawnCli, type ChildResult } from '../helpers/spawn.js';

export interface Running {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first stderr line that is a JSON object (the device prompt with --output json). */
  prompt: Promise<Record<string, unknown>>;
  done: Promise<ChildResult>;
}

/** Starts the CLI and keeps reading; `prompt` resolves as soon as the device prompt JSON line is on stderr. */
export function startCli(argv: string[], env: NodeJS.ProcessEnv, stdin?: string): Running {
  const child = spawn(process.execPath, [CLI, ...argv], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let resolvePrompt!: (v: Record<string, unknown>) => void;
  let rejectPrompt!: (e: Error) => void;
  const prompt = new Promise<Record<string, unknown>>((res, rej) => {
    resolvePrompt = res;
    rejectPrompt = rej;
  });
  prompt.catch(() => {}); // not every caller waits for a prompt
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    for (const line of stderr.split('\n')) {
      if (line.startsWith('{') && line.endsWith('}')) {
        try {
          resolvePrompt(JSON.parse(line));
        } catch {
          /* not complete yet */
        }
      }
    }
  });
  if (stdin !== undefined) child.stdin.end(stdin);
  else child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const done = new Promise<ChildResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      rejectPrompt(new Error(`the CLI ended (code ${code}) before showing the prompt:\n${stderr}`));
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, prompt, done };
}

export { spawnCli };

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'octo-cli-e2e-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment that lets a child reach this session's Secret Service (when there is one). */
export function keyringEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'XDG_DATA_HOME', 'XDG_RUNTIME_DIR', 'DISPLAY']) if (process.env[name]) env[name] = process.env[name];
  return env;
}
