import { createHash } from 'node:crypto';
import { LshIndex, optimalLshParams } from './lsh.js';
import { createMinHasher, type MinHashOptions } from './minhash.js';
import { normalizeForDedup } from './normalize.js';

export interface DeduplicatorOptions extends MinHashOptions {
  /** Jaccard similarity at or above which two texts are near-duplicates. Default 0.8. */
  threshold?: number;
  /** Only exact (normalised) duplicates. */
  exactOnly?: boolean;
}

export type DedupVerdict =
  | { duplicate: false; id: number }
  | { duplicate: 'exact'; of: number }
  | { duplicate: 'near'; of: number; similarity: number };

/** Remembers the texts it has kept and tells whether a new one repeats one of them. */
export interface Deduplicator {
  check(text: string): DedupVerdict;
}

export function createDeduplicator(options: DeduplicatorOptions = {}): Deduplicator {
  const threshold = options.threshold ?? 0.8;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError('threshold must be in (0, 1]');
  const hasher = createMinHasher(options);
  const index = new LshIndex(optimalLshParams(threshold, hasher.numPerm), threshold);
  const exact = new Map<string, number>();
  let next = 0;
  return {
    check(text) {
      const normalized = normalizeForDedup(text);
      const digest = createHash('sha256').update(normalized).digest('base64');
      const same = exact.get(digest);
      if (same !== undefined) return { duplicate: 'exact', of: same };
      if (options.exactOnly) {
        exact.set(digest, next);
        return { duplicate: false, id: next++ };
      }
      const sig = hasher.signature(normalized);
      const near = index.query(sig);
      if (near) return { duplicate: 'near', of: near.id, similarity: near.similarity };
      const id = index.add(sig);
      exact.set(digest, id);
      next = id + 1;
      return { duplicate: false, id };
    },
  };
}
