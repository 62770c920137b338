import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { detectConfigOf } from './detect-config.js';
import { atLeast, isLevel, LEVELS, type Level } from '../core/index.js';
import {
  createProgressBar,
  describeIssueCounts,
  formatIssue,
  parseSelector,
  renderScanHtml,
  scanFiles,
  type ScanReport,
} from '../datasets/index.js';

interface ScanFlags {
  config: string;
  fields?: string;
  format?: 'jsonl' | 'json' | 'csv' | 'tsv' | 'text';
  types?: string;
  minScore?: number;
  language?: string;
  workers?: number;
  fast?: boolean;
  report?: string;
  html?: string;
  failOn?: Level;
  onError: 'skip' | 'fail';
}

function level(value: string): Level {
  if (!isLevel(value)) throw new InvalidArgumentError(`must be one of ${LEVELS.join(', ')}`);
  return value;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
}

/** `bulwark scan PATH...`: find PII and secrets in training data. */
export function register(program: Command): void {
  program
    .command('scan')
    .description(
      'Scan training or fine-tuning data for PII and secrets (JSONL, JSON, CSV/TSV, text, Markdown; .gz too)',
    )
    .argument('<paths...>', 'files or directories')
    .option('--fields <selectors>', 'comma-separated JSON paths or columns to scan (default: every string)')
    .addOption(
      new Option('--format <format>', 'input format (default: from the extension)').choices([
        'jsonl',
        'json',
        'csv',
        'tsv',
        'text',
      ]),
    )
    .option('--types <types>', 'comma-separated entity types to report')
    .option('--min-score <score>', 'minimum finding score', Number)
    .option('--language <code>', 'language hint (ISO 639-1)')
    .option('--workers <n>', 'worker threads (default: one per core; 0 = none)', count)
    .option(
      '-c, --config <file>',
      'gateway config whose detect section (custom patterns, recognisers) and classification apply',
      'bulwark.yaml',
    )
    .option('--fast', 'pattern recognisers only (no PERSON/ADDRESS tagger)')
    .option('--report <file>', 'write the report as JSON')
    .option('--html <file>', 'write a self-contained HTML report')
    .option('--fail-on <level>', 'exit 1 when anything at or above this level is found', level)
    .addOption(
      new Option('--on-error <mode>', 'malformed records: skip and count, or fail')
        .choices(['skip', 'fail'])
        .default('skip'),
    )
    .action(async (paths: string[], flags: ScanFlags) => {
      const progress = createProgressBar();
      const report = await scanFiles({
        paths,
        onError: flags.onError,
        onProgress: progress.update,
        ...detectConfigOf(flags.config),
        ...(flags.fields ? { fields: flags.fields.split(',').map((f) => parseSelector(f.trim())) } : {}),
        ...(flags.format ? { format: flags.format } : {}),
        ...(flags.types ? { types: flags.types.split(',').map((t) => t.trim()) } : {}),
        ...(flags.minScore !== undefined ? { minScore: flags.minScore } : {}),
        ...(flags.language ? { language: flags.language } : {}),
        ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
        ...(flags.fast ? { disabled: ['ner.tagger'] } : {}),
      });
      progress.done();
      if (flags.report) writeFileSync(flags.report, JSON.stringify(report, null, 2));
      if (flags.html) writeFileSync(flags.html, renderScanHtml(report));
      printSummary(report);
      if (flags.failOn && report.recordsWithFindings > 0 && atLeast(report.maxLevel, flags.failOn)) {
        console.error(`found data at level ${report.maxLevel} (≥ ${flags.failOn})`);
        process.exitCode = 1;
      }
    });
}

function printSummary(r: ScanReport): void {
  const mb = r.bytes / 1e6;
  console.log(
    `${r.files.length} file(s), ${r.records} records, ${mb.toFixed(1)} MB in ${(r.durationMs / 1000).toFixed(1)} s (${(mb / Math.max(0.001, r.durationMs / 1000)).toFixed(1)} MB/s, ${r.workers} workers)`,
  );
  console.log(`${r.recordsWithFindings} records with findings; highest level: ${r.maxLevel}\n`);
  const types = Object.entries(r.byType).sort((a, b) => b[1] - a[1]);
  if (types.length > 0) console.table(Object.fromEntries(types.map(([t, n]) => [t, { findings: n }])));
  console.table(Object.fromEntries(LEVELS.map((l) => [l, { records: r.byLevel[l] }])));
  for (const i of r.issues) console.error(formatIssue(i));
  const issues = describeIssueCounts(r.issueCounts);
  if (issues) console.error(issues);
}
