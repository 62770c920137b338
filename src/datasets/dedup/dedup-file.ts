import { textFields } from '../fields.js';
import { createIssueLog, mustStop, type IssueCounts } from '../issues.js';
import { DatasetReadError, formatOf, readDataset, type DatasetFormat, type DatasetIssue } from '../read.js';
import { createDatasetWriter } from '../write.js';
import { createDeduplicator, type DeduplicatorOptions } from './deduplicator.js';

export interface DedupFileOptions extends DeduplicatorOptions {
  input: string;
  out: string;
  format?: DatasetFormat;
  /** Parsed field selectors; the compared text is these fields joined (default: every string). */
  fields?: readonly string[][];
  /** 'skip' reports a malformed record and goes on; 'fail' stops and writes nothing. Default 'skip'. */
  onError?: 'skip' | 'fail';
  /** How many duplicate examples (positions only) the report keeps. Default 100. */
  maxExamples?: number;
  /** How many issues the report lists (all are counted). Default 100. */
  maxIssues?: number;
}

export interface DedupReport {
  input: string;
  records: number;
  kept: number;
  exactDuplicates: number;
  nearDuplicates: number;
  /** The first `maxIssues` issues. */
  issues: DatasetIssue[];
  /** Every issue counted: records skipped, and what a fatal issue left unread. */
  issueCounts: IssueCounts;
  /** Positions (line or element index) of removed records and the record they repeat; never content. */
  examples: { position: number; duplicateOf: number; kind: 'exact' | 'near'; similarity?: number }[];
  threshold: number;
}

/** Removes exact and near-duplicate records from a dataset file; writes OUT atomically. */
export async function dedupFile(options: DedupFileOptions): Promise<DedupReport> {
  const format = options.format ?? formatOf(options.input).format ?? 'jsonl';
  const dedup = createDeduplicator(options);
  const writer = createDatasetWriter(options.out, format);
  const positions: number[] = [];
  const log = createIssueLog(options.maxIssues);
  const report: DedupReport = {
    input: options.input,
    records: 0,
    kept: 0,
    exactDuplicates: 0,
    nearDuplicates: 0,
    issues: log.issues,
    issueCounts: log.counts,
    examples: [],
    threshold: options.threshold ?? 0.8,
  };
  try {
    for await (const item of readDataset(options.input, options.format ? { format: options.format } : {})) {
      if (item.kind === 'issue') {
        log.add(item.issue);
        if (mustStop(item.issue, options.onError, report.records)) throw new DatasetReadError(item.issue);
        continue;
      }
      report.records++;
      const text = [...textFields(item.record.value, options.fields)].map((f) => f.text).join('\n');
      const verdict = dedup.check(text);
      if (verdict.duplicate === false) {
        positions[verdict.id] = item.record.position;
        await writer.write(item.record.value);
        report.kept++;
        continue;
      }
      if (verdict.duplicate === 'exact') report.exactDuplicates++;
      else report.nearDuplicates++;
      if (report.examples.length < (options.maxExamples ?? 100)) {
        report.examples.push({
          position: item.record.position,
          duplicateOf: positions[verdict.of] ?? -1,
          kind: verdict.duplicate,
          ...(verdict.duplicate === 'near' ? { similarity: verdict.similarity } : {}),
        });
      }
    }
    await writer.commit();
    return report;
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
