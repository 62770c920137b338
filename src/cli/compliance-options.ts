import { existsSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { RootKeySource } from '../compliance/index.js';
import { DEFAULT_CONFIG_YAML, loadConfig, parseConfig, type BulwarkConfig } from '../config/index.js';
import { ROOT_KEY_ENV } from '../crypto/index.js';
import type { AuditFlags } from './audit-runtime.js';
import { dataDirOf, type StateFlags } from './state-options.js';

/**
 * The configuration reports are computed from. `required`: evidence about a deployment must come from
 * its own file, never from defaults; otherwise a missing file means the built-in defaults.
 */
export function reportConfig(flags: StateFlags, required: boolean): BulwarkConfig {
  if (existsSync(flags.config)) return loadConfig(flags.config);
  if (required)
    throw new InvalidArgumentError(`no configuration file at ${flags.config} (pass --config FILE)`);
  return parseConfig(DEFAULT_CONFIG_YAML, { source: 'built-in defaults', env: {} });
}

/** Where the root key is read from, the way `openRuntime` resolves it. */
export function rootKeySourceOf(flags: AuditFlags, env = process.env): RootKeySource {
  const dataDir = resolve(dataDirOf(flags));
  if (flags.rootKeyFile !== undefined) {
    const rel = relative(dataDir, resolve(flags.rootKeyFile));
    return rel.startsWith('..') || isAbsolute(rel) ? 'file' : 'data-dir';
  }
  return env[ROOT_KEY_ENV] ? 'env' : 'data-dir';
}

/** Writes a report to `out` (mode 0600: reports name principals) or standard output. */
export function writeReport(text: string, out: string | undefined): void {
  if (out === undefined) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  else writeFileSync(out, text, { mode: 0o600 });
}

/** A commander parser for a closed set of values. */
export function oneOf<T extends string>(allowed: readonly T[], name: string) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value))
      throw new InvalidArgumentError(`${name} must be one of ${allowed.join(', ')}`);
    return value as T;
  };
}
