import { resolve } from 'node:path';
import type { Command } from 'commander';
import { builtinRecognizers, createScanner } from '../detect/index.js';
import { runPiiEval, type EvalOptions } from '../detect/evaluation/index.js';

/** The repository root, from src/cli or dist/cli alike. */
const ROOT = resolve(import.meta.dirname, '..', '..');

export interface EvalFlags {
  datasets: string;
  reports: string;
  enable?: string[];
}

/** Adds `--datasets`, `--reports` and `--enable` to an eval subcommand. */
export function addEvalFlags(command: Command): Command {
  return command
    .option('--datasets <dir>', 'the labelled datasets directory', resolve(ROOT, '..', 'shared', 'datasets'))
    .option('--reports <dir>', 'where to write the JSON and Markdown reports', resolve(ROOT, 'reports'))
    .option('--enable <ids>', 'also turn on opt-in recognisers, comma-separated', (v) =>
      v.split(',').filter(Boolean),
    );
}

/** The built-in scanner (plus opt-ins) and the ids of the recognisers it runs. */
export function evalOptions(flags: EvalFlags): EvalOptions {
  const enabled = flags.enable ?? [];
  const scanner = createScanner({ recognizers: builtinRecognizers, enabled });
  const recognizers = builtinRecognizers
    .filter((d) => d.optIn !== true || enabled.includes(d.id))
    .map((d) => d.id);
  return { datasets: flags.datasets, reports: flags.reports, scanner, recognizers };
}

/** `bulwark eval pii`. */
export function register(evalCommand: Command): void {
  addEvalFlags(
    evalCommand
      .command('pii')
      .description(
        'PII precision/recall/F1/F2 on presidio-research data; pass rate on Presidio recogniser cases',
      ),
  ).action(async (flags: EvalFlags) => {
    const result = await runPiiEval(evalOptions(flags));
    process.stdout.write(result.markdown);
    process.stdout.write(`\nWrote ${resolve(flags.reports, 'eval-pii.json')} and eval-pii.md\n`);
  });
}
