import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  EMPTY_ROOT,
  frontierAppend,
  frontierRanges,
  frontierRoot,
  inclusionPath,
  leafHash,
  rootOf,
  subtreeHasher,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';

// The Certificate Transparency reference test data (RFC 6962 implementation, merkle_tree_test):
// eight leaf inputs and the tree heads of their prefixes.
const INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const leaves = INPUTS.map((h) => leafHash(Buffer.from(h, 'hex')));
const hex = (bs: Buffer[]) => bs.map((b) => b.toString('hex'));

// An independent, deliberately naive MTH/PATH/PROOF written straight from RFC 6962 §2.1 over raw data.
const H = (...p: Buffer[]) => createHash('sha256').update(Buffer.concat(p)).digest();
const k = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
const naiveMth = (d: Buffer[]): Buffer =>
  d.length === 0
    ? H()
    : d.length === 1
      ? H(Buffer.from([0]), d[0]!)
      : H(Buffer.from([1]), naiveMth(d.slice(0, k(d.length))), naiveMth(d.slice(k(d.length))));
const naivePath = (m: number, d: Buffer[]): Buffer[] => {
  if (d.length <= 1) return [];
  const s = k(d.length);
  return m < s
    ? [...naivePath(m, d.slice(0, s)), naiveMth(d.slice(s))]
    : [...naivePath(m - s, d.slice(s)), naiveMth(d.slice(0, s))];
};
const naiveSub = (m: number, d: Buffer[], b: boolean): Buffer[] => {
  if (m === d.length) return b ? [] : [naiveMth(d)];
  const s = k(d.length);
  return m <= s
    ? [...naiveSub(m, d.slice(0, s), b), naiveMth(d.slice(s))]
    : [...naiveSub(m - s, d.slice(s), false), naiveMth(d.slice(0, s))];
};

describe('RFC 6962 Merkle tree', () => {
  it('matches the reference tree heads for sizes 0..8', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    for (let n = 1; n <= 8; n++) expect(rootOf(leaves.slice(0, n)).toString('hex')).toBe(ROOTS[n - 1]);
  });

  it('matches the reference audit paths and consistency proofs', () => {
    const mth = subtreeHasher(leaves);
    expect(hex(inclusionPath(0, 8, mth))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(hex(consistencyProof(6, 8, mth))).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(hex(consistencyProof(2, 5, mth))).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
  });

  it('agrees with a naive implementation and verifies every proof for trees up to 33 leaves', () => {
    const data = Array.from({ length: 33 }, (_, i) => Buffer.from(`record ${i}`));
    const lh = data.map((d) => leafHash(d));
    const mth = subtreeHasher(lh);
    for (let n = 1; n <= 33; n++) {
      const root = naiveMth(data.slice(0, n));
      expect(rootOf(lh.slice(0, n))).toEqual(root);
      for (let m = 0; m < n; m++) {
        const path = inclusionPath(m, n, mth);
        expect(path).toEqual(naivePath(m, data.slice(0, n)));
        expect(verifyInclusion(m, n, lh[m]!, path, root)).toBe(true);
      }
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, n, mth);
        if (m < n) expect(proof).toEqual(naiveSub(m, data.slice(0, n), true));
        expect(verifyConsistency(m, n, proof, naiveMth(data.slice(0, m)), root)).toBe(true);
      }
    }
  });

  it('rejects proofs with any changed hash, index or size', () => {
    const lh = Array.from({ length: 13 }, (_, i) => leafHash(Buffer.from([i])));
    const mth = subtreeHasher(lh);
    const root = rootOf(lh);
    const path = inclusionPath(5, 13, mth);
    expect(verifyInclusion(4, 13, lh[5]!, path, root)).toBe(false);
    expect(verifyInclusion(5, 6, lh[5]!, path, root)).toBe(false);
    expect(verifyInclusion(5, 13, lh[6]!, path, root)).toBe(false);
    expect(verifyInclusion(5, 13, lh[5]!, path.slice(1), root)).toBe(false);
    const bad = path.map((p) => Buffer.from(p));
    bad[1]![0]! ^= 1;
    expect(verifyInclusion(5, 13, lh[5]!, bad, root)).toBe(false);
    const proof = consistencyProof(7, 13, mth);
    const root7 = rootOf(lh.slice(0, 7));
    expect(verifyConsistency(7, 13, proof, root7, root)).toBe(true);
    expect(verifyConsistency(7, 13, proof, rootOf(lh.slice(0, 6)), root)).toBe(false);
    expect(verifyConsistency(6, 13, proof, root7, root)).toBe(false);
    expect(verifyConsistency(7, 13, proof.slice(0, -1), root7, root)).toBe(false);
  });

  it('keeps a frontier whose root equals the tree head at every size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), (n) => {
        const lh = Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`x${i}`)));
        let frontier: Buffer[] = [];
        lh.forEach((l, i) => (frontier = frontierAppend(frontier, i, l)));
        expect(frontierRoot(frontier)).toEqual(rootOf(lh));
        const mth = subtreeHasher(lh);
        expect(frontier).toEqual(frontierRanges(n).map(([lo, hi]) => mth(lo, hi)));
      }),
      { numRuns: 60 },
    );
  });
});
