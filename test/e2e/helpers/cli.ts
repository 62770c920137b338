import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const DIST = resolve(import.meta.dirname, '..', '..', '..', 'dist');
export const BIN = resolve(DIST, 'cli', 'bin.js');

/**
 * Whether the built CLI exists. End-to-end tests skip with a notice without it on a laptop, but under
 * CI=true a missing build is an error, so CI never skips them silently.
 */
export function builtCli(name: string): boolean {
  if (existsSync(BIN)) return true;
  if (process.env.CI === 'true')
    throw new Error(`[${name}] dist/ is missing under CI=true: the build step did not run`);
  console.warn(`[${name}] skipped: no dist/; run \`npm run build\` first`);
  return false;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with the Node that runs the tests (Node 24), with optional stdin. */
export function runCli(
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...options.env },
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
