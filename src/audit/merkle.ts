import { createHash } from 'node:crypto';

/**
 * RFC 6962 Merkle tree hashing (§2.1): leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right),
 * the split point of n leaves is the largest power of two below n. Proofs follow §2.1.1 (PATH) and
 * §2.1.2 (PROOF / SUBPROOF); verification follows RFC 9162 §2.1.3.2 and §2.1.4.2.
 * Sizes can exceed 2^31, so index arithmetic uses division, not bit operators.
 */
const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export const EMPTY_ROOT: Buffer = sha256();

export function leafHash(data: Uint8Array): Buffer {
  return sha256(LEAF, data);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(NODE, left, right);
}

/** Largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Hash of the subtree over leaves [lo, hi); supplied by whoever holds the leaves. */
export type SubtreeHash = (lo: number, hi: number) => Buffer;

/** MTH over an array of leaf hashes, memoised per subtree so proofs over the same leaves stay linear. */
export function subtreeHasher(leaves: readonly Uint8Array[], offset = 0): SubtreeHash {
  const memo = new Map<string, Buffer>();
  const mth: SubtreeHash = (lo, hi) => {
    if (hi - lo === 1) {
      const leaf = leaves[lo - offset];
      if (leaf === undefined) throw new RangeError(`leaf ${lo} is not available`);
      return Buffer.from(leaf);
    }
    const key = `${lo}:${hi}`;
    let h = memo.get(key);
    if (h === undefined) {
      const k = splitPoint(hi - lo);
      h = nodeHash(mth(lo, lo + k), mth(lo + k, hi));
      memo.set(key, h);
    }
    return h;
  };
  return mth;
}

/** MTH(D[n]) for the given leaf hashes. */
export function rootOf(leaves: readonly Uint8Array[]): Buffer {
  return leaves.length === 0 ? EMPTY_ROOT : subtreeHasher(leaves)(0, leaves.length);
}

/** Audit path for leaf `m` in a tree of `size` leaves (RFC 6962 §2.1.1), leaf-side first. */
export function inclusionPath(m: number, size: number, mth: SubtreeHash): Buffer[] {
  if (m < 0 || m >= size) throw new RangeError('leaf index outside the tree');
  const path = (m: number, lo: number, hi: number): Buffer[] => {
    if (hi - lo === 1) return [];
    const k = splitPoint(hi - lo);
    return m < k ? [...path(m, lo, lo + k), mth(lo + k, hi)] : [...path(m - k, lo + k, hi), mth(lo, lo + k)];
  };
  return path(m, 0, size);
}

/** Consistency proof between tree sizes m ≤ n (RFC 6962 §2.1.2). */
export function consistencyProof(m: number, n: number, mth: SubtreeHash): Buffer[] {
  if (m < 0 || m > n) throw new RangeError('consistency proof needs 0 ≤ first ≤ second');
  if (m === 0 || m === n) return [];
  const sub = (m: number, lo: number, hi: number, whole: boolean): Buffer[] => {
    if (m === hi - lo) return whole ? [] : [mth(lo, hi)];
    const k = splitPoint(hi - lo);
    return m <= k
      ? [...sub(m, lo, lo + k, whole), mth(lo + k, hi)]
      : [...sub(m - k, lo + k, hi, false), mth(lo, lo + k)];
  };
  return sub(m, 0, n, true);
}

const odd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/** Checks an inclusion proof (RFC 9162 §2.1.3.2). */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of path) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else r = nodeHash(r, p);
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** Checks a consistency proof between two tree heads (RFC 9162 §2.1.4.2). */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (size1 < 0 || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(root2);
  if (size1 === 0) return proof.length === 0; // the empty tree is a prefix of every tree
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else sr = nodeHash(sr, c);
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2);
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && splitPoint(n + 1) === n;
}

/**
 * The Merkle frontier: hashes of the perfect subtrees that tile [0, size), largest first (one per set
 * bit of size). It is all the state needed to keep appending leaves and to compute the root, which is
 * how verification resumes from a checkpoint after older records are purged.
 */
export function frontierAppend(frontier: readonly Buffer[], size: number, leaf: Uint8Array): Buffer[] {
  const out = [...frontier, Buffer.from(leaf)];
  for (let s = size; odd(s); s = half(s)) {
    const right = out.pop()!;
    const left = out.pop()!;
    out.push(nodeHash(left, right));
  }
  return out;
}

/** Root hash from a frontier (folding the perfect subtrees right to left). */
export function frontierRoot(frontier: readonly Uint8Array[]): Buffer {
  if (frontier.length === 0) return EMPTY_ROOT;
  let acc: Buffer = Buffer.from(frontier[frontier.length - 1]!);
  for (let i = frontier.length - 2; i >= 0; i--) acc = nodeHash(frontier[i]!, acc);
  return acc;
}

/** The [lo, hi) ranges of the frontier's subtrees for a tree of `size` leaves, largest first. */
export function frontierRanges(size: number): [number, number][] {
  const ranges: [number, number][] = [];
  let lo = 0;
  for (let bit = 2 ** 52; bit >= 1; bit /= 2)
    if (Math.floor(size / bit) % 2 === 1) {
      ranges.push([lo, lo + bit]);
      lo += bit;
    }
  return ranges;
}
