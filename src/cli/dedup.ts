import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  dedupFile,
  describeIssueCounts,
  formatIssue,
  parseSelector,
  type DedupReport,
} from '../datasets/index.js';

interface DedupFlags {
  out: string;
  threshold: number;
  fields?: string;
  format?: 'jsonl' | 'json' | 'csv' | 'tsv' | 'text';
  exactOnly?: boolean;
  report?: string;
  onError: 'skip' | 'fail';
}

function threshold(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError('must be a Jaccard similarity in (0, 1]');
  return n;
}

/** `bulwark dedup IN --out OUT`: exact and near-duplicate removal. */
export function register(program: Command): void {
  program
    .command('dedup')
    .description(
      'Remove exact and near-duplicate records (MinHash + LSH); repeated text is what models memorise',
    )
    .argument('<input>', 'dataset file (JSONL, JSON array, CSV/TSV, text; .gz too)')
    .requiredOption('--out <file>', 'where to write the deduplicated dataset (written atomically)')
    .option('--threshold <jaccard>', 'near-duplicate Jaccard similarity threshold', threshold, 0.8)
    .option(
      '--fields <selectors>',
      'comma-separated JSON paths or columns to compare (default: every string)',
    )
    .addOption(
      new Option('--format <format>', 'input format (default: from the extension)').choices([
        'jsonl',
        'json',
        'csv',
        'tsv',
        'text',
      ]),
    )
    .option('--exact-only', 'only remove exact (normalised) duplicates')
    .option('--report <file>', 'write the report as JSON')
    .addOption(
      new Option('--on-error <mode>', 'malformed records: skip and count, or fail')
        .choices(['skip', 'fail'])
        .default('skip'),
    )
    .action(async (input: string, flags: DedupFlags) => {
      const report = await dedupFile({
        input,
        out: flags.out,
        threshold: flags.threshold,
        onError: flags.onError,
        ...(flags.fields ? { fields: flags.fields.split(',').map((f) => parseSelector(f.trim())) } : {}),
        ...(flags.format ? { format: flags.format } : {}),
        ...(flags.exactOnly ? { exactOnly: true } : {}),
      });
      if (flags.report) writeFileSync(flags.report, JSON.stringify(report, null, 2));
      printReport(report);
    });
}

function printReport(r: DedupReport): void {
  console.log(
    `${r.records} records: kept ${r.kept}, removed ${r.exactDuplicates} exact and ${r.nearDuplicates} near duplicates (Jaccard ≥ ${r.threshold})`,
  );
  for (const i of r.issues) console.error(formatIssue(i));
  const issues = describeIssueCounts(r.issueCounts);
  if (issues) console.error(issues);
}
