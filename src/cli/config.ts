import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/index.js';
import { configChecks } from '../gateway/config-checks.js';

export interface ConfigValidateResult {
  ok: boolean;
  /** Lines to print: the problems, or a one-line summary. Never a config value. */
  lines: string[];
}

/** Validates a config file, interpolating the current environment. */
export function doConfigValidate(file: string, env: NodeJS.ProcessEnv = process.env): ConfigValidateResult {
  try {
    const config = loadConfig(file, { env, check: configChecks });
    const upstreams = Object.keys(config.upstreams).length;
    const models = Object.keys(config.models).length;
    return { ok: true, lines: [`${file}: valid (${upstreams} upstream(s), ${models} model alias(es))`] };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, lines: error.message.split('\n') };
    return {
      ok: false,
      lines: [`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`],
    };
  }
}

/** `bulwark config validate FILE`. */
export function register(program: Command): void {
  const config = program.command('config').description('Work with the gateway configuration file');
  config
    .command('validate')
    .description('Check a configuration file: schema, references, ${ENV} variables, custom patterns (ReDoS)')
    .argument('<file>', 'the YAML configuration file')
    .action((file: string) => {
      const result = doConfigValidate(file);
      for (const line of result.lines) (result.ok ? console.log : console.error)(line);
      if (!result.ok) process.exitCode = 1;
    });
}
