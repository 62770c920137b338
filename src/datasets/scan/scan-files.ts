import { statSync } from 'node:fs';
import { LEVELS, maxLevel, type Finding, type Level } from '../../core/index.js';
import { classify } from '../../detect/classify.js';
import { entityCatalog } from '../../detect/index.js';
import { mask } from '../../transform/index.js';
import { textFields } from '../fields.js';
import { createIssueLog, type IssueCounts } from '../issues.js';
import { DatasetReadError, readDataset, type DatasetFormat, type DatasetIssue } from '../read.js';
import { datasetFiles } from './files.js';
import { createBatcher } from './batcher.js';
import { createScanPool, type ScanPoolOptions } from './pool.js';

export interface ScanFilesOptions extends ScanPoolOptions {
  paths: readonly string[];
  format?: DatasetFormat;
  fields?: readonly string[][];
  onError?: 'skip' | 'fail';
  /** How many affected records the report lists. Default 1000. */
  maxAffected?: number;
  /** How many issues the report lists (all are counted). Default 100. */
  maxIssues?: number;
  onProgress?: (progress: ScanProgress) => void;
}

export interface ScanProgress {
  records: number;
  /** Bytes read from the files as stored (compressed for .gz), the same measure as `bytesTotal`. */
  bytesRead: number;
  /** The files' sizes on disk. */
  bytesTotal: number;
  elapsedMs: number;
}

/** One record with findings: where it is and what was found, values masked. */
export interface AffectedRecord {
  file: string;
  position: number;
  level: Level;
  findings: { field: string; type: string; masked: string; score: number }[];
}

export interface ScanReport {
  files: string[];
  records: number;
  recordsWithFindings: number;
  bytes: number;
  durationMs: number;
  workers: number;
  /** Findings per entity type. */
  byType: Record<string, number>;
  /** Records per classification level. */
  byLevel: Record<Level, number>;
  maxLevel: Level;
  /** The first `maxIssues` issues, in file order. */
  issues: DatasetIssue[];
  /** Every issue counted, including the records skipped and what fatal issues left unread. */
  issueCounts: IssueCounts;
  affected: AffectedRecord[];
}

interface Pending {
  file: string;
  position: number;
  fields: { field: string; text: string }[];
}

/**
 * Scans dataset files with the detection engine on worker threads. Records stream through bounded
 * batches, so memory stays flat whatever the file size.
 */
export async function scanFiles(options: ScanFilesOptions): Promise<ScanReport> {
  const started = performance.now();
  const files = datasetFiles(options.paths);
  const bytesTotal = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const pool = createScanPool(options);
  const entities = entityCatalog(options.detect);
  const log = createIssueLog(options.maxIssues);
  const report: ScanReport = {
    files,
    records: 0,
    recordsWithFindings: 0,
    bytes: bytesTotal,
    durationMs: 0,
    workers: pool.size,
    byType: {},
    byLevel: Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>,
    maxLevel: 'public',
    issues: log.issues,
    issueCounts: log.counts,
    affected: [],
  };
  const maxAffected = options.maxAffected ?? 1000;
  let bytesRead = 0;
  const progress = (): void =>
    options.onProgress?.({
      records: report.records,
      bytesRead,
      bytesTotal,
      elapsedMs: performance.now() - started,
    });
  const read = {
    ...(options.format ? { format: options.format } : {}),
    onBytes: (n: number) => (bytesRead += n),
  };

  const absorb = (records: Pending[], results: Finding[][][]): void => {
    records.forEach((record, r) => {
      const affected: AffectedRecord['findings'] = [];
      const all: Finding[] = [];
      record.fields.forEach((field, i) => {
        for (const f of results[r]![i]!) {
          all.push(f);
          report.byType[f.type] = (report.byType[f.type] ?? 0) + 1;
          const category = entities.get(f.type)?.category;
          const secret = category === 'secret' || category === 'credential';
          const masked = mask(field.text.slice(f.start, f.end), { keepLast: secret ? 0 : 2 });
          affected.push({ field: field.field, type: f.type, score: f.score, masked });
        }
      });
      const level = classify(all, entities, options.classification);
      report.byLevel[level]++;
      report.maxLevel = maxLevel(report.maxLevel, level);
      if (all.length > 0) {
        report.recordsWithFindings++;
        if (report.affected.length < maxAffected) {
          report.affected.push({ file: record.file, position: record.position, level, findings: affected });
        }
      }
    });
  };
  const batcher = createBatcher<Pending>({ pool, absorb, textsOf: (r) => r.fields.map((f) => f.text) });

  try {
    for (const file of files) {
      for await (const item of readDataset(file, read)) {
        if (item.kind === 'issue') {
          log.add(item.issue);
          if (options.onError === 'fail') throw new DatasetReadError(item.issue);
          continue;
        }
        report.records++;
        const fields = [...textFields(item.record.value, options.fields)].map((f) => ({
          field: f.path,
          text: f.text,
        }));
        await batcher.add({ file, position: item.record.position, fields });
        if (report.records % 256 === 0) progress();
      }
    }
    await batcher.finish();
    progress();
  } finally {
    await pool.close();
  }
  report.durationMs = performance.now() - started;
  return report;
}
