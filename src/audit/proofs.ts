import type { AuditCheckpoint, AuditStore } from '../storage/index.js';
import {
  consistencyProof,
  frontierRanges,
  inclusionPath,
  nodeHash,
  splitPoint,
  type SubtreeHash,
} from './merkle.js';

/**
 * Subtree hashes over the stored log. Leaves below the retention point are gone; their subtrees come
 * from the anchor checkpoint's frontier, which covers every proof about retained records.
 */
export async function storedSubtreeHasher(store: AuditStore, treeSize: number): Promise<SubtreeHash> {
  const head = await store.head();
  const from = head.retainedFrom;
  const known = new Map<string, Buffer>();
  if (from > 0) {
    const anchor = (await store.checkpoints()).find((c) => c.treeSize === from);
    if (anchor === undefined) throw new Error('the retained log has no anchor checkpoint');
    frontierRanges(from).forEach(([lo, hi], i) =>
      known.set(`${lo}:${hi}`, Buffer.from(anchor.frontier[i]!, 'hex')),
    );
  }
  const leaves: Buffer[] = [];
  for (let next = from; next < treeSize;) {
    const page = await store.range(next, 5000);
    if (page.length === 0) break;
    for (const e of page) if (e.seq < treeSize) leaves.push(Buffer.from(e.leafHash, 'hex'));
    next = page.at(-1)!.seq + 1;
  }
  if (from + leaves.length < treeSize) throw new Error(`the log holds fewer than ${treeSize} records`);
  const mth: SubtreeHash = (lo, hi) => {
    const key = `${lo}:${hi}`;
    let h = known.get(key);
    if (h !== undefined) return h;
    if (hi - lo === 1) {
      if (lo < from) throw new Error(`record ${lo} was purged; this proof cannot be made any more`);
      return leaves[lo - from]!;
    }
    const k = splitPoint(hi - lo);
    h = nodeHash(mth(lo, lo + k), mth(lo + k, hi));
    known.set(key, h);
    return h;
  };
  return mth;
}

export interface InclusionProof {
  id: string;
  seq: number;
  leafHash: string;
  treeSize: number;
  rootHash: string;
  /** Sibling hashes, leaf side first (RFC 6962 §2.1.1). */
  path: string[];
  /** The signed checkpoint the proof ends in. */
  checkpoint: AuditCheckpoint;
}

/** Proves that record `idOrSeq` is in the tree of the newest checkpoint that covers it. */
export async function proveInclusion(store: AuditStore, idOrSeq: string): Promise<InclusionProof> {
  const entry = /^\d+$/.test(idOrSeq)
    ? (await store.range(Number(idOrSeq), 1)).find((e) => e.seq === Number(idOrSeq))
    : await store.getById(idOrSeq);
  if (entry === undefined) throw new Error('no audit record has that id');
  const checkpoint = (await store.checkpoints()).filter((c) => c.treeSize > entry.seq).at(-1);
  if (checkpoint === undefined)
    throw new Error('no checkpoint covers that record yet; run a checkpoint first');
  const mth = await storedSubtreeHasher(store, checkpoint.treeSize);
  return {
    id: entry.id,
    seq: entry.seq,
    leafHash: entry.leafHash,
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash,
    path: inclusionPath(entry.seq, checkpoint.treeSize, mth).map((h) => h.toString('hex')),
    checkpoint,
  };
}

export interface ConsistencyProof {
  first: AuditCheckpoint;
  second: AuditCheckpoint;
  /** RFC 6962 §2.1.2 PROOF(first.treeSize, D[second.treeSize]). */
  proof: string[];
}

/** Proves that the tree at checkpoint `firstSize` is a prefix of the tree at checkpoint `secondSize`. */
export async function proveConsistency(
  store: AuditStore,
  firstSize: number,
  secondSize: number,
): Promise<ConsistencyProof> {
  const cps = await store.checkpoints();
  const first = cps.find((c) => c.treeSize === firstSize);
  const second = cps.find((c) => c.treeSize === secondSize);
  if (first === undefined || second === undefined) throw new Error('both sizes must be checkpoints');
  const mth = await storedSubtreeHasher(store, secondSize);
  return { first, second, proof: consistencyProof(firstSize, secondSize, mth).map((h) => h.toString('hex')) };
}
