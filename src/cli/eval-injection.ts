import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  evaluateInjection,
  renderInjectionReport,
  type InjectionEvalResult,
} from '../detect/injection/evaluate.js';

export interface EvalInjectionOptions {
  dataset: string;
  trainExtra: string;
  holdout: string;
  reports: string;
  splitBySource: boolean;
}

/** Runs the injection evaluation and writes reports/injection-eval.{json,md}. */
export function doEvalInjection(options: EvalInjectionOptions): {
  result: InjectionEvalResult;
  markdown: string;
} {
  const result = evaluateInjection({
    datasetPath: options.dataset,
    trainExtraPath: options.trainExtra,
    holdoutPath: options.holdout,
    splitBySource: options.splitBySource,
  });
  const markdown = renderInjectionReport(result);
  mkdirSync(options.reports, { recursive: true });
  writeFileSync(join(options.reports, 'injection-eval.json'), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(join(options.reports, 'injection-eval.md'), markdown);
  return { result, markdown };
}

/** `bulwark eval injection`. */
export function register(evalCommand: Command): void {
  evalCommand
    .command('injection')
    .description('Prompt-injection TPR/FPR/AUC per category on the test split, split by source, latency')
    .option('--dataset <path>', 'labelled injection JSONL', '../shared/datasets/injection/injection.jsonl')
    .option(
      '--train-extra <path>',
      'synthetic training rows (for the split-by-source retraining)',
      'training/injection/train.jsonl',
    )
    .option('--holdout <path>', 'synthetic hold-out rows', 'training/injection/holdout.jsonl')
    .option('--reports <dir>', 'where to write injection-eval.{json,md}', 'reports')
    .option('--no-split-by-source', 'skip retraining with each source held out (saves a few minutes)')
    .action((flags: EvalInjectionOptions) => {
      try {
        const { markdown } = doEvalInjection(flags);
        process.stdout.write(markdown);
        process.stdout.write(`\nWrote ${join(flags.reports, 'injection-eval.json')} and injection-eval.md\n`);
      } catch (error) {
        process.stderr.write(
          `eval injection failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exitCode = 1;
      }
    });
}
