import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { entityCatalog } from '../../detect/index.js';
import { createAnonymizer, type OperatorMap } from '../../transform/index.js';
import { deleteField, parseSelector, setField, textFields, type TextField } from '../fields.js';
import { createIssueLog, mustStop, type IssueCounts } from '../issues.js';
import { DatasetReadError, formatOf, readDataset, type DatasetFormat, type DatasetIssue } from '../read.js';
import { createBatcher } from '../scan/batcher.js';
import { createScanPool, type ScanPool, type ScanPoolOptions } from '../scan/pool.js';
import { createDatasetWriter } from '../write.js';
import { minimize } from './minimize.js';
import { actionsByType, operatorOf, type SanitizeAction, type SanitizePolicy } from './policy.js';
import {
  createReplacementLog,
  isOurs,
  type ReplacementLog,
  type ReplacementSpans,
} from './replacement-log.js';

export interface SanitizeFileOptions extends ScanPoolOptions {
  input: string;
  out: string;
  policy: SanitizePolicy;
  policyDigest: string;
  /** Key for pseudonymize/hash; required when the policy uses them. */
  key?: string;
  format?: DatasetFormat;
  /** 'skip' reports a malformed record and goes on; 'fail' stops and writes nothing. Default 'skip'. */
  onError?: 'skip' | 'fail';
  /** How many issues the manifest lists (all are counted). Default 100. */
  maxIssues?: number;
}

type Counts = Record<string, Record<string, number>>;

/** What was done, with digests so the run can be checked later; never a value from the data. */
export interface SanitizeManifest {
  input: { path: string; sha256: string; records: number };
  output: { path: string; sha256: string; records: number };
  policy: { sha256: string };
  dropped: { records: number; fields: number };
  /** operator → entity type → count (drop_field and drop_record included). */
  operations: Counts;
  /** The first `maxIssues` issues of the input. */
  issues: DatasetIssue[];
  /** Every issue counted: records skipped, and what a fatal issue left unread. */
  issueCounts: IssueCounts;
  /** The re-scan of the output: findings that are our own replacements vs anything left over. */
  residual: {
    replacements: Record<string, number>;
    leftover: Record<string, number>;
    recordsWithLeftover: number;
    /** Output records not matched to a written record (their findings all count as leftover). */
    unmatchedRecords: number;
  };
  durationMs: number;
}

interface Item {
  value: unknown;
  fields: TextField[];
}

interface Rescanned {
  fields: TextField[];
  spans: ReplacementSpans | undefined;
}

/**
 * Sanitises a dataset per policy (minimise, then per finding: transform, drop the field or drop the
 * record), writes OUT atomically, then re-scans OUT and reports what is left — proof, not a promise.
 */
export async function sanitizeFile(options: SanitizeFileOptions): Promise<SanitizeManifest> {
  const started = performance.now();
  const { policy } = options;
  const format = options.format ?? formatOf(options.input).format ?? 'jsonl';
  const selectors = policy.fields?.map(parseSelector);
  const entities = entityCatalog(options.detect);
  const actionOf = actionsByType(policy, entities, options.classification);
  const anonymizer = createAnonymizer({
    operators: operatorMap(policy, [...entities.keys()], actionOf),
    ...(options.key !== undefined ? { key: options.key } : {}),
    ...(policy.scope !== undefined ? { scope: policy.scope } : {}),
    ...(policy.seed !== undefined ? { seed: policy.seed } : {}),
  });
  const log = createIssueLog(options.maxIssues);
  const manifest: SanitizeManifest = {
    input: { path: options.input, sha256: await sha256File(options.input), records: 0 },
    output: { path: options.out, sha256: '', records: 0 },
    policy: { sha256: options.policyDigest },
    dropped: { records: 0, fields: 0 },
    operations: {},
    issues: log.issues,
    issueCounts: log.counts,
    residual: { replacements: {}, leftover: {}, recordsWithLeftover: 0, unmatchedRecords: 0 },
    durationMs: 0,
  };
  const count = (operator: string, type: string): void => {
    const byType = (manifest.operations[operator] ??= {});
    byType[type] = (byType[type] ?? 0) + 1;
  };
  // Where our replacements are in each written record, on disk, so the re-scan can tell them from
  // leftovers without holding every value produced (a set of them grew with the dataset).
  const replacements = createReplacementLog(`${options.out}.replacements-${process.pid}`);
  const pool = createScanPool(options);
  const writer = createDatasetWriter(options.out, format);

  try {
    const batcher = createBatcher<Item>({
      pool,
      textsOf: (item) => item.fields.map((f) => f.text),
      absorb: async (items, findings) => {
        for (const [r, item] of items.entries()) {
          const perField = findings[r]!;
          const actions = perField.flat().map((f) => actionOf(f.type));
          if (actions.includes('drop_record')) {
            manifest.dropped.records++;
            for (const f of perField.flat())
              if (actionOf(f.type) === 'drop_record') count('drop_record', f.type);
            continue;
          }
          const dropped: TextField[] = [];
          const spans: ReplacementSpans = {};
          for (const [i, field] of item.fields.entries()) {
            const found = perField[i]!;
            if (found.length === 0) continue;
            const dropping = found.filter((f) => actionOf(f.type) === 'drop_field');
            if (dropping.length > 0) {
              for (const f of dropping) count('drop_field', f.type);
              dropped.push(field);
              continue;
            }
            const result = anonymizer.anonymize(field.text, found);
            for (const op of result.operations) {
              count(op.operator, op.type);
              // A kept value is not ours: the re-scan must report it as left over.
              if (op.operator !== 'keep') (spans[field.path] ??= []).push([op.start, op.end]);
            }
            item.value = setField(item.value, field.keys, result.text);
          }
          // The record is a bare string (a line of text): dropping its only field drops the record.
          if (dropped.some((field) => field.keys.length === 0)) {
            manifest.dropped.records++;
            continue;
          }
          for (const field of dropped) deleteField(item.value, field.keys);
          manifest.dropped.fields += dropped.length;
          await writer.write(item.value);
          await replacements.add([...textFields(item.value, selectors)], spans);
        }
      },
    });

    for await (const read of readDataset(options.input, { format })) {
      if (read.kind === 'issue') {
        log.add(read.issue);
        if (mustStop(read.issue, options.onError, manifest.input.records))
          throw new DatasetReadError(read.issue);
        continue;
      }
      manifest.input.records++;
      const value = minimize(read.record.value, policy.keep_fields);
      await batcher.add({ value, fields: [...textFields(value, selectors)] });
    }
    await batcher.finish();
    await replacements.close();
    manifest.output.records = writer.count;
    await writer.commit();
  } catch (error) {
    await writer.abort();
    await pool.close();
    replacements.remove();
    throw error;
  }

  try {
    manifest.output.sha256 = await sha256File(options.out);
    manifest.residual = await rescan(pool, options.out, format, selectors, replacements);
  } finally {
    await pool.close();
    replacements.remove();
  }
  manifest.durationMs = performance.now() - started;
  return manifest;
}

/**
 * Re-reads OUT from disk and scans it. A finding is ours only when it lies inside a replacement we
 * made in that very field of that record (from the replacement log, read in step); anything else,
 * including a record that cannot be matched, is a leftover.
 */
async function rescan(
  pool: ScanPool,
  path: string,
  format: DatasetFormat,
  selectors: string[][] | undefined,
  replacements: ReplacementLog,
): Promise<SanitizeManifest['residual']> {
  const residual: SanitizeManifest['residual'] = {
    replacements: {},
    leftover: {},
    recordsWithLeftover: 0,
    unmatchedRecords: 0,
  };
  const batcher = createBatcher<Rescanned>({
    pool,
    textsOf: (record) => record.fields.map((f) => f.text),
    absorb: (records, findings) => {
      records.forEach((record, r) => {
        let left = false;
        record.fields.forEach((field, i) => {
          for (const f of findings[r]![i]!) {
            const ours = isOurs(record.spans, field.path, f);
            const bucket = ours ? residual.replacements : residual.leftover;
            bucket[f.type] = (bucket[f.type] ?? 0) + 1;
            left ||= !ours;
          }
        });
        if (left) residual.recordsWithLeftover++;
      });
    },
  });
  const marks = replacements.reader();
  try {
    for await (const read of readDataset(path, { format })) {
      if (read.kind !== 'record') continue;
      const fields = [...textFields(read.record.value, selectors)];
      const spans = await marks.match(fields);
      if (spans === undefined) residual.unmatchedRecords++;
      await batcher.add({ fields, spans });
    }
    await batcher.finish();
  } finally {
    await marks.close();
  }
  return residual;
}

function operatorMap(
  policy: SanitizePolicy,
  types: readonly string[],
  actionOf: (type: string) => SanitizeAction,
): OperatorMap {
  const map: Record<string, NonNullable<ReturnType<typeof operatorOf>>> = {
    DEFAULT: operatorOf(policy.default) ?? 'redact',
  };
  for (const type of types) {
    const op = operatorOf(actionOf(type));
    if (op !== undefined) map[type] = op;
  }
  return map;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
