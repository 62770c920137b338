import { textFields, setField } from '../fields.js';
import { createIssueLog, mustStop, type IssueCounts } from '../issues.js';
import { DatasetReadError, formatOf, readDataset, type DatasetFormat, type DatasetIssue } from '../read.js';
import { createDatasetWriter } from '../write.js';
import { canaryText, createCanary, DEFAULT_TEMPLATES, type Canary } from './canary.js';

export interface InsertCanariesOptions {
  input: string;
  out: string;
  /** Distinct canaries to create. */
  count: number;
  /** Times each canary is planted (memorisation grows with repetition). */
  repeat: number;
  templates?: readonly string[];
  /** Where to plant: these fields (default: each record's longest string). */
  fields?: readonly string[][];
  format?: DatasetFormat;
  /** Seed for choosing the records (the secrets themselves always come from a cryptographic RNG). */
  seed?: number;
  /** 'skip' reports a malformed record and goes on; 'fail' stops and writes nothing. Default 'skip'. */
  onError?: 'skip' | 'fail';
  /** How many issues the result lists (all are counted). Default 100. */
  maxIssues?: number;
  /**
   * Stores the canaries that were placed. Runs once OUT is complete on disk and before it is renamed
   * into place, so a crash can leave stored canaries without a dataset, never a dataset with
   * canaries nobody recorded; if it throws, OUT is discarded.
   */
  beforeCommit?: (canaries: readonly Canary[]) => Promise<void>;
}

export interface InsertCanariesResult {
  /** The canaries placed at least once; `repeat` is how many times each was. */
  canaries: Canary[];
  records: number;
  /** Record positions that received a canary, by canary id; never the secret. */
  placements: Record<string, number[]>;
  /** Planned placements that found no record to go into (the input changed between passes). */
  unplaced: number;
  /** The first `maxIssues` issues. */
  issues: DatasetIssue[];
  issueCounts: IssueCounts;
}

/**
 * Plants random canaries into a dataset in two streaming passes: the first counts the records that
 * have a string to plant into, the second plans over those only and writes. OUT is atomic.
 */
export async function insertCanaries(options: InsertCanariesOptions): Promise<InsertCanariesResult> {
  if (!Number.isInteger(options.count) || options.count < 1)
    throw new RangeError('count must be a positive integer');
  if (!Number.isInteger(options.repeat) || options.repeat < 1)
    throw new RangeError('repeat must be a positive integer');
  const format = options.format ?? formatOf(options.input).format ?? 'jsonl';
  const templates = options.templates?.length ? options.templates : DEFAULT_TEMPLATES;
  const planned = Array.from({ length: options.count }, (_, i) =>
    createCanary(templates[i % templates.length]!, options.repeat),
  );
  const hasTarget = (value: unknown): boolean => !textFields(value, options.fields).next().done;

  let eligible = 0;
  for await (const item of readDataset(options.input, { format })) {
    if (item.kind === 'issue' && options.onError === 'fail') throw new DatasetReadError(item.issue);
    if (item.kind === 'record' && hasTarget(item.record.value)) eligible++;
  }
  if (eligible === 0) throw new Error('no record has a string to plant canaries in');

  // Eligible-record index → canaries to append there. Spread uniformly; repeats of one canary land apart.
  const random = mulberry32(options.seed ?? Date.now());
  const plan = new Map<number, Canary[]>();
  for (const canary of planned) {
    for (let k = 0; k < canary.repeat; k++) {
      const at = Math.floor(random() * eligible);
      plan.set(at, [...(plan.get(at) ?? []), canary]);
    }
  }

  const log = createIssueLog(options.maxIssues);
  const placements: Record<string, number[]> = {};
  let records = 0;
  let index = 0;
  const writer = createDatasetWriter(options.out, format);
  try {
    for await (const item of readDataset(options.input, { format })) {
      if (item.kind === 'issue') {
        log.add(item.issue);
        if (mustStop(item.issue, options.onError, records)) throw new DatasetReadError(item.issue);
        continue;
      }
      records++;
      let value = item.record.value;
      if (hasTarget(value)) {
        for (const canary of plan.get(index) ?? []) {
          value = plantInto(value, canaryText(canary), options.fields);
          (placements[canary.id] ??= []).push(item.record.position);
        }
        plan.delete(index);
        index++;
      }
      await writer.write(value);
    }
    const canaries = planned
      .filter((c) => placements[c.id] !== undefined)
      .map((c) => ({ ...c, repeat: placements[c.id]!.length }));
    await writer.commit(options.beforeCommit && (() => options.beforeCommit!(canaries)));
    const unplaced = [...plan.values()].reduce((n, list) => n + list.length, 0);
    return { canaries, records, placements, unplaced, issues: log.issues, issueCounts: log.counts };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** Appends the sentence to the longest target string; the caller checked there is one. */
function plantInto(value: unknown, sentence: string, fields: readonly string[][] | undefined): unknown {
  const candidates = [...textFields(value, fields)];
  const target = candidates.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  return setField(value, target.keys, `${target.text} ${sentence}`);
}

/** A small seeded PRNG: placement only needs to be reproducible, not secret. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
