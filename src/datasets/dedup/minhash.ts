/**
 * MinHash signatures over character shingles. Hand-written: the npm MinHash packages are unmaintained
 * or hash with JS doubles; this uses 32-bit FNV-1a for shingles and the Kirsch–Mitzenmacher trick
 * (h_i = h1 + i·h2) to derive `numPerm` hash functions from two.
 */
export interface MinHashOptions {
  /** Number of hash functions (signature length). Default 128. */
  numPerm?: number;
  /** Shingle length in characters. Default 5. */
  shingle?: number;
  /** Seed for the hash family. */
  seed?: number;
}

export interface MinHasher {
  readonly numPerm: number;
  signature(normalized: string): Uint32Array;
}

export function createMinHasher(options: MinHashOptions = {}): MinHasher {
  const numPerm = options.numPerm ?? 128;
  const k = options.shingle ?? 5;
  const seed = options.seed ?? 0x9e3779b9;
  return {
    numPerm,
    signature(normalized) {
      const sig = new Uint32Array(numPerm).fill(0xffffffff);
      const count = Math.max(1, normalized.length - k + 1);
      for (let s = 0; s < count; s++) {
        const h1 = fnv1a(normalized, s, Math.min(normalized.length, s + k), seed);
        const h2 = (fnv1a(normalized, s, Math.min(normalized.length, s + k), h1 ^ 0x5bd1e995) | 1) >>> 0;
        for (let i = 0; i < numPerm; i++) {
          const h = (h1 + Math.imul(i, h2)) >>> 0;
          if (h < sig[i]!) sig[i] = h;
        }
      }
      return sig;
    },
  };
}

/** Fraction of equal positions: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

function fnv1a(text: string, from: number, to: number, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
