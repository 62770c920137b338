import { textFields, setField } from '../fields.js';
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
  onError?: 'skip' | 'fail';
}

export interface InsertCanariesResult {
  canaries: Canary[];
  records: number;
  /** Record positions that received a canary, by canary id; never the secret. */
  placements: Record<string, number[]>;
  issues: DatasetIssue[];
}

/** Plants random canaries into a dataset (two streaming passes: count, then write); OUT is atomic. */
export async function insertCanaries(options: InsertCanariesOptions): Promise<InsertCanariesResult> {
  if (!Number.isInteger(options.count) || options.count < 1)
    throw new RangeError('count must be a positive integer');
  if (!Number.isInteger(options.repeat) || options.repeat < 1)
    throw new RangeError('repeat must be a positive integer');
  const format = options.format ?? formatOf(options.input).format ?? 'jsonl';
  const templates = options.templates?.length ? options.templates : DEFAULT_TEMPLATES;
  const canaries = Array.from({ length: options.count }, (_, i) =>
    createCanary(templates[i % templates.length]!, options.repeat),
  );

  let records = 0;
  for await (const item of readDataset(options.input, { format })) if (item.kind === 'record') records++;
  if (records === 0) throw new Error('the dataset has no records to plant canaries in');

  // Record index → canaries to append there. Spread uniformly; repeats of one canary land apart.
  const random = mulberry32(options.seed ?? Date.now());
  const plan = new Map<number, Canary[]>();
  for (const canary of canaries) {
    for (let k = 0; k < canary.repeat; k++) {
      const at = Math.floor(random() * records);
      plan.set(at, [...(plan.get(at) ?? []), canary]);
    }
  }

  const result: InsertCanariesResult = { canaries, records, placements: {}, issues: [] };
  const writer = createDatasetWriter(options.out, format);
  try {
    let index = 0;
    for await (const item of readDataset(options.input, { format })) {
      if (item.kind === 'issue') {
        result.issues.push(item.issue);
        if (options.onError === 'fail') throw new DatasetReadError(item.issue);
        continue;
      }
      let value = item.record.value;
      for (const canary of plan.get(index) ?? []) {
        value = plantInto(value, canaryText(canary), options.fields);
        (result.placements[canary.id] ??= []).push(item.record.position);
      }
      await writer.write(value);
      index++;
    }
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return result;
}

function plantInto(value: unknown, sentence: string, fields: readonly string[][] | undefined): unknown {
  const candidates = [...textFields(value, fields)];
  if (candidates.length === 0) return value;
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
