import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

export interface GatewayProcess {
  child: ChildProcessByStdio<null, null, Readable>;
  url: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
}

/**
 * Starts `bulwark start` as a real process on an ephemeral port. A tiny entry calling `doStart` keeps
 * start-up fast (the full CLI loads every command). The caller kills it.
 */
export async function startGatewayProcess(
  dir: string,
  configFile: string,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<GatewayProcess> {
  const root = resolve(import.meta.dirname, '..', '..', '..');
  const entry = join(dir, 'start-entry.mts');
  writeFileSync(
    entry,
    `import { doStart } from ${JSON.stringify(join(root, 'src/cli/start.ts'))};\nawait doStart({ config: process.argv[2], port: '0', dataDir: process.argv[3] });\n`,
  );
  // Node itself with tsx as a loader (not the tsx binary, which would sit between us and the
  // gateway and not relay every signal, SIGHUP included).
  const child = spawn(process.execPath, ['--import', 'tsx', entry, configFile, dataDir], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise<string>((ok, fail) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on (http:\/\/[\d.:]+)/.exec(stderr);
      if (m?.[1]) ok(m[1]);
    });
    child.once('exit', () => fail(new Error(`exited early: ${stderr.slice(0, 500)}`)));
  });
  return { child, url, stderr: () => stderr };
}
