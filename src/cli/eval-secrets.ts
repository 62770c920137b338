import { resolve } from 'node:path';
import type { Command } from 'commander';
import { runSecretsEval } from '../detect/evaluation/index.js';
import { addEvalFlags, evalOptions, type EvalFlags } from './eval-pii.js';

/** `bulwark eval secrets`. */
export function register(evalCommand: Command): void {
  addEvalFlags(
    evalCommand
      .command('secrets')
      .description('Secret precision/recall/F1 on gitleaks rule examples, overall and per rule'),
  ).action(async (flags: EvalFlags) => {
    const result = await runSecretsEval(evalOptions(flags));
    process.stdout.write(result.markdown);
    process.stdout.write(`\nWrote ${resolve(flags.reports, 'eval-secrets.json')} and eval-secrets.md\n`);
  });
}
