import type { Finding } from '../../core/index.js';
import type { ScanPool } from './pool.js';

export interface BatcherOptions<T> {
  pool: ScanPool;
  /** The texts of one item, scanned together; results come back in the same order. */
  textsOf: (item: T) => readonly string[];
  /** Receives every batch's items and findings, strictly in submission order. */
  absorb: (items: T[], findings: Finding[][][]) => void | Promise<void>;
  maxItems?: number;
  maxChars?: number;
}

export interface Batcher<T> {
  /** Queues an item; waits when too many batches are in flight (back-pressure keeps memory flat). */
  add(item: T): Promise<void>;
  /** Scans what is queued and waits for every batch to be absorbed. */
  finish(): Promise<void>;
}

/** Groups items into batches for the scan pool and absorbs results in order, whatever the scheduling. */
export function createBatcher<T>(options: BatcherOptions<T>): Batcher<T> {
  const { pool, textsOf, absorb } = options;
  const maxItems = options.maxItems ?? 256;
  const maxChars = options.maxChars ?? 1 << 20;
  const maxInFlight = Math.max(2, pool.size * 2);
  const inFlight: Promise<void>[] = [];
  let items: T[] = [];
  let chars = 0;

  async function flush(): Promise<void> {
    if (items.length === 0) return;
    const batch = items;
    items = [];
    chars = 0;
    const texts = batch.map((item) => textsOf(item));
    const scanned = pool.scanBatch(texts.flat());
    const previous = inFlight.at(-1) ?? Promise.resolve();
    const done = Promise.all([scanned, previous]).then(([flat]) => {
      let k = 0;
      return absorb(
        batch,
        texts.map((t) => t.map(() => flat[k++]!)),
      );
    });
    done.catch(() => undefined); // awaited in order below; marks it handled if an earlier batch fails first
    inFlight.push(done);
    if (inFlight.length > maxInFlight) await inFlight.shift();
  }

  return {
    async add(item) {
      items.push(item);
      for (const t of textsOf(item)) chars += t.length;
      if (items.length >= maxItems || chars >= maxChars) await flush();
    },
    async finish() {
      await flush();
      while (inFlight.length > 0) await inFlight.shift();
    },
  };
}
