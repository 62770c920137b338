import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { detectConfigOf } from './detect-config.js';
import {
  describeIssueCounts,
  formatIssue,
  loadSanitizePolicy,
  sanitizeFile,
  type SanitizeManifest,
} from '../datasets/index.js';

interface SanitizeFlags {
  config: string;
  out: string;
  policy: string;
  manifest?: string;
  format?: 'jsonl' | 'json' | 'csv' | 'tsv' | 'text';
  workers?: number;
  onError: 'skip' | 'fail';
}

/** `bulwark sanitize IN --out OUT --policy policy.yaml`. */
export function register(program: Command): void {
  program
    .command('sanitize')
    .description(
      'Sanitise a dataset per policy (redact, mask, pseudonymise, synthesise, drop), then re-scan the output',
    )
    .argument('<input>', 'dataset file (JSONL, JSON array, CSV/TSV, text; .gz too)')
    .requiredOption('--out <file>', 'where to write the sanitised dataset (written atomically)')
    .requiredOption('--policy <file>', 'sanitisation policy (YAML; see docs/sanitize-policy.md)')
    .option('--manifest <file>', 'where to write the manifest (default: OUT.manifest.json)')
    .option(
      '-c, --config <file>',
      'gateway config whose detect section (custom patterns, recognisers) and classification apply',
      'bulwark.yaml',
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
    .option('--workers <n>', 'worker threads (default: one per core)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
      return n;
    })
    .addOption(
      new Option('--on-error <mode>', 'malformed records: skip and count, or fail')
        .choices(['skip', 'fail'])
        .default('skip'),
    )
    .action(async (input: string, flags: SanitizeFlags) => {
      const { policy, digest } = loadSanitizePolicy(flags.policy);
      const key = policy.key_env ? process.env[policy.key_env] : undefined;
      if (policy.key_env && !key) throw new Error(`the policy's key_env ${policy.key_env} is not set`);
      const manifest = await sanitizeFile({
        input,
        out: flags.out,
        policy,
        policyDigest: digest,
        onError: flags.onError,
        ...(key ? { key } : {}),
        ...detectConfigOf(flags.config),
        ...(flags.format ? { format: flags.format } : {}),
        ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
      });
      const manifestPath = flags.manifest ?? `${flags.out}.manifest.json`;
      writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
      print(manifest, manifestPath);
      if (manifest.residual.recordsWithLeftover > 0) process.exitCode = 1;
    });
}

function print(m: SanitizeManifest, manifestPath: string): void {
  console.log(
    `${m.input.records} records in, ${m.output.records} out (${m.dropped.records} records and ${m.dropped.fields} fields dropped) in ${(m.durationMs / 1000).toFixed(1)} s`,
  );
  const rows = Object.entries(m.operations).flatMap(([operator, byType]) =>
    Object.entries(byType).map(([type, n]) => ({ operator, type, count: n })),
  );
  if (rows.length > 0) console.table(rows);
  const left = Object.entries(m.residual.leftover);
  const ours = Object.values(m.residual.replacements).reduce((a, b) => a + b, 0);
  console.log(
    `re-scan of the output: ${ours} findings are our own replacements; ${left.length === 0 ? 'nothing left over' : 'LEFT OVER:'}`,
  );
  for (const [type, n] of left) console.log(`  ${type}: ${n}`);
  if (m.residual.unmatchedRecords > 0)
    console.log(
      `  ${m.residual.unmatchedRecords} output record(s) not matched: all their findings count as left over`,
    );
  for (const i of m.issues) console.error(formatIssue(i));
  const issues = describeIssueCounts(m.issueCounts);
  if (issues) console.error(issues);
  console.log(`manifest: ${manifestPath}`);
}
