import type { Command } from 'commander';
import { register as registerPii } from './eval-pii.js';
import { register as registerSecrets } from './eval-secrets.js';
import { register as registerInjection } from './eval-injection.js';

/** Adds one `bulwark eval <name>` subcommand; each lives in its own `eval-<name>.ts`. */
export type RegisterEval = (evalCommand: Command) => void;

/** Subcommands of `bulwark eval`. */
export const evalCommands: readonly RegisterEval[] = [registerPii, registerSecrets, registerInjection];

/** `bulwark eval`: measures detection quality on the labelled datasets in ../shared/datasets. */
export function register(program: Command): void {
  const evalCommand = program
    .command('eval')
    .description('Measure detection quality on labelled datasets and write reports/');
  for (const add of evalCommands) add(evalCommand);
}
