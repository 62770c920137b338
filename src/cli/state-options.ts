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

/** Opens the runtime for the command's state flags; the caller closes it. */
export function openStateRuntime(flags: StateFlags): Promise<Runtime> {
  return openRuntime({ dataDir: dataDirOf(flags) });
}
