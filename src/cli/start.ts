import type { Command } from 'commander';
import { ConfigError } from '../config/index.js';
import { startGateway, type RunningGateway, type StartGatewayOptions } from '../gateway/server.js';

export interface StartCommandOptions {
  config?: string;
  port?: string;
  dataDir?: string;
}

/** Starts the gateway and wires SIGHUP (reload) and SIGTERM/SIGINT (graceful shutdown). */
export async function doStart(options: StartCommandOptions): Promise<RunningGateway | undefined> {
  const start: StartGatewayOptions = {};
  if (options.config !== undefined) start.configFile = options.config;
  if (options.dataDir !== undefined) start.dataDir = options.dataDir;
  if (options.port !== undefined) {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      console.error('bulwark start: --port must be an integer from 0 to 65535');
      process.exitCode = 2;
      return undefined;
    }
    start.port = port;
  }
  let gateway: RunningGateway;
  try {
    gateway = await startGateway(start);
  } catch (error) {
    console.error(
      error instanceof ConfigError ? error.message : `bulwark start: ${(error as Error).message}`,
    );
    process.exitCode = 1;
    return undefined;
  }
  if (gateway.createdConfig) console.error(`bulwark: wrote a default configuration to ${gateway.configFile}`);
  const mode = gateway.config().auth.mode;
  console.error(
    `bulwark: gateway listening on ${gateway.url} (auth.mode ${mode}${mode === 'anonymous' ? ': every caller is the anonymous principal' : ''})`,
  );
  printFirstAdmin(gateway.firstAdmin);
  process.on('SIGHUP', () => {
    gateway.reload().catch((error: unknown) => {
      console.error(
        error instanceof ConfigError
          ? error.message
          : 'bulwark: reload failed; keeping the running configuration',
      );
    });
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    gateway.close().then(
      () => console.error('bulwark: stopped'),
      () => (process.exitCode = 1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return gateway;
}

/** The first admin's one-time setup link goes to the operator's terminal only. */
function printFirstAdmin(first: RunningGateway['firstAdmin']): void {
  if (first === 'pending')
    console.error(
      'bulwark: the first admin has not finished setup; `bulwark admin bootstrap` prints a new link',
    );
  else if (first)
    console.error(
      `bulwark: no admin yet. Set up '${first.username}' (one-time link, valid until ${first.expiresAt}):\n  ${first.setupUrl}`,
    );
}

/** `bulwark start [--config FILE] [--port N] [--data-dir DIR]`. */
export function register(program: Command): void {
  program
    .command('start')
    .description('Start the guarding gateway (writes a default bulwark.yaml on first start)')
    .option('-c, --config <file>', 'configuration file', 'bulwark.yaml')
    .option('-p, --port <n>', 'port to listen on (overrides server.port)')
    .option('-d, --data-dir <dir>', 'data directory (overrides dataDir)')
    .action(async (options: StartCommandOptions) => {
      await doStart(options);
    });
}
