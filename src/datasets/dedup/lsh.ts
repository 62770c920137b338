import { estimateJaccard } from './minhash.js';

export interface LshParams {
  bands: number;
  rows: number;
}

/**
 * Chooses bands × rows ≤ numPerm minimising the weighted false-positive and false-negative
 * probability mass around the Jaccard threshold (the S-curve 1 − (1 − s^r)^b).
 */
export function optimalLshParams(threshold: number, numPerm: number): LshParams {
  let best: LshParams = { bands: 1, rows: numPerm };
  let bestError = Infinity;
  for (let bands = 1; bands <= numPerm; bands++) {
    for (let rows = 1; bands * rows <= numPerm; rows++) {
      const p = (s: number): number => 1 - (1 - s ** rows) ** bands;
      const error = integrate((s) => p(s), 0, threshold) + integrate((s) => 1 - p(s), threshold, 1);
      if (error < bestError) {
        bestError = error;
        best = { bands, rows };
      }
    }
  }
  return best;
}

function integrate(f: (x: number) => number, a: number, b: number, steps = 64): number {
  const h = (b - a) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += f(a + (i + 0.5) * h);
  return sum * h;
}

/** An LSH index over MinHash signatures: candidates share at least one band, then are verified. */
export class LshIndex {
  private readonly buckets: Map<number, number[]>[];
  private readonly signatures: Uint32Array[] = [];

  constructor(
    private readonly params: LshParams,
    private readonly threshold: number,
  ) {
    this.buckets = Array.from({ length: params.bands }, () => new Map<number, number[]>());
  }

  /** The most similar indexed item at or above the threshold, if any. */
  query(sig: Uint32Array): { id: number; similarity: number } | undefined {
    let best: { id: number; similarity: number } | undefined;
    const seen = new Set<number>();
    for (let b = 0; b < this.params.bands; b++) {
      for (const id of this.buckets[b]!.get(this.bandKey(sig, b)) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        const similarity = estimateJaccard(sig, this.signatures[id]!);
        if (similarity >= this.threshold && (!best || similarity > best.similarity))
          best = { id, similarity };
      }
    }
    return best;
  }

  /** Adds a signature; returns its id. */
  add(sig: Uint32Array): number {
    const id = this.signatures.push(sig) - 1;
    for (let b = 0; b < this.params.bands; b++) {
      const key = this.bandKey(sig, b);
      const bucket = this.buckets[b]!.get(key);
      if (bucket) bucket.push(id);
      else this.buckets[b]!.set(key, [id]);
    }
    return id;
  }

  private bandKey(sig: Uint32Array, band: number): number {
    let h = 0x811c9dc5;
    for (let r = band * this.params.rows; r < (band + 1) * this.params.rows; r++) {
      h = Math.imul(h ^ sig[r]!, 0x01000193) >>> 0;
    }
    return h;
  }
}
