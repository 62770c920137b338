import type { Command } from 'commander';

/** Adds one `bulwark eval <name>` subcommand; each lives in its own `eval-<name>.ts`. */
export type RegisterEval = (evalCommand: Command) => void;

/** Subcommands of `bulwark eval`. */
export const evalCommands: readonly RegisterEval[] = [];

/** `bulwark eval`: measures detection quality on the labelled datasets in ../shared/datasets. */
export function register(program: Command): void {
  const evalCommand = program
    .command('eval')
    .description('Measure detection quality on labelled datasets and write reports/');
  for (const add of evalCommands) add(evalCommand);
}
