import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import { openRuntime, type Runtime } from '../gateway/runtime.js';

/** Flags every command that touches stored state shares, so it works on the running gateway's store. */
export interface StateFlags {
  config: string;
  dataDir?: string;
}

export function addStateOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'configuration file (its dataDir is used)', 'bulwark.yaml')
    .option('-d, --data-dir <dir>', 'data directory (overrides the config)');
}

/** The data directory: the flag, else the config's `dataDir` (when the config exists), else ./data. */
export function dataDirOf(flags: StateFlags): string {
  if (flags.dataDir !== undefined) return flags.dataDir;
  if (existsSync(flags.config)) return loadConfig(flags.config).dataDir;
  return './data';
}

/** The config's storage URL (e.g. PostgreSQL), when the config exists and sets one. */
export function storageUrlOf(flags: StateFlags): string | undefined {
  return existsSync(flags.config) ? loadConfig(flags.config).storage.url || undefined : undefined;
}

/** Opens the runtime for the command's state flags, on the same store the gateway uses; the caller closes it. */
export function openStateRuntime(flags: StateFlags): Promise<Runtime> {
  const storageUrl = storageUrlOf(flags);
  return openRuntime({ dataDir: dataDirOf(flags), ...(storageUrl ? { storageUrl } : {}) });
}
