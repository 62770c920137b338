import type { AuditCheckpoint, AuditEntry, AuditStore } from '../storage/index.js';
import { chainNext, GENESIS_CHAIN } from './chain.js';
import { checkpointVerifier } from './checkpoint.js';
import { frontierAppend, frontierRanges, frontierRoot, leafHash } from './merkle.js';

export type TamperKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'checkpoint';

/** The first thing wrong, at the first bad log position. */
export interface VerifyProblem {
  position: number;
  kind: TamperKind;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  /** First retained position (above 0 after a retention purge). */
  from: number;
  /** One past the last position checked. */
  size: number;
  checkpointsChecked: number;
  problem?: VerifyProblem;
}

export interface VerifyOptions {
  store: AuditStore;
  /** The Ed25519 public key (raw, base64) trusted to sign checkpoints; never read from the store. */
  publicKey: string;
  /** Checkpoints kept outside the database (a witness, a SIEM): each must match the log too. */
  trustedCheckpoints?: readonly AuditCheckpoint[];
  pageSize?: number;
}

const fail = (position: number, kind: TamperKind, message: string): VerifyProblem => ({
  position,
  kind,
  message,
});

function bodySeq(body: string): number | undefined {
  try {
    const seq = (JSON.parse(body) as { seq?: unknown }).seq;
    return typeof seq === 'number' ? seq : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Recomputes every leaf hash, the hash chain and the Merkle tree from the stored records and checks
 * them against the signed checkpoints. Detects edited, deleted, inserted, reordered and truncated
 * records and names the first bad position. A rewrite that recomputes every hash is caught by the
 * first checkpoint after it and located to the smallest Merkle subtree that differs.
 * Limit: records appended after the newest checkpoint can be truncated unseen unless the head row
 * or an external checkpoint says otherwise; checkpoint often and export checkpoints to a witness.
 */
export async function verifyAuditLog(options: VerifyOptions): Promise<VerifyResult> {
  const { store } = options;
  const pageSize = options.pageSize ?? 1000;
  const verifier = checkpointVerifier(options.publicKey);
  const result = (from: number, size: number, checked: number, problem?: VerifyProblem): VerifyResult => ({
    ok: problem === undefined,
    from,
    size,
    checkpointsChecked: checked,
    ...(problem === undefined ? {} : { problem }),
  });

  // 1. Every checkpoint must carry a valid signature; stored and external ones must agree.
  const bySize = new Map<number, AuditCheckpoint>();
  for (const cp of [...(options.trustedCheckpoints ?? []), ...(await store.checkpoints())]) {
    if (!verifier.verify(cp))
      return result(
        0,
        0,
        0,
        fail(cp.treeSize, 'checkpoint', `checkpoint at size ${cp.treeSize} has a bad signature`),
      );
    const seen = bySize.get(cp.treeSize);
    if (seen !== undefined && (seen.rootHash !== cp.rootHash || seen.chainHash !== cp.chainHash))
      return result(
        0,
        0,
        0,
        fail(cp.treeSize, 'checkpoint', `two signed checkpoints disagree at size ${cp.treeSize}`),
      );
    bySize.set(cp.treeSize, cp);
  }
  const checkpoints = [...bySize.values()].sort((a, b) => a.treeSize - b.treeSize);

  // 2. Where the retained log starts: 0, or a purge anchored on a checkpoint of exactly that size.
  const head = await store.head();
  let page: AuditEntry[] = await store.range(0, pageSize);
  const from = page[0]?.seq ?? head.retainedFrom;
  let frontier: Buffer[] = [];
  let chain = GENESIS_CHAIN;
  if (from > 0) {
    const anchor = bySize.get(from);
    if (anchor === undefined)
      return result(
        from,
        from,
        0,
        fail(
          Math.min(head.retainedFrom, from - 1),
          'deleted',
          `records before ${from} are missing and no checkpoint anchors a purge`,
        ),
      );
    frontier = anchor.frontier.map((h) => Buffer.from(h, 'hex'));
    if (frontierRoot(frontier).toString('hex') !== anchor.rootHash)
      return result(
        from,
        from,
        0,
        fail(from, 'checkpoint', `the anchor checkpoint's frontier does not match its root`),
      );
    chain = anchor.chainHash;
  }

  // 3. Stream the records.
  let expected = from;
  let checked = 0;
  let lastGood = from;
  let nextCp = checkpoints.findIndex((c) => c.treeSize > from);
  if (nextCp === -1) nextCp = checkpoints.length;
  while (page.length > 0) {
    for (const [i, e] of page.entries()) {
      if (e.seq !== expected)
        return result(from, expected, checked, fail(expected, 'deleted', `record ${expected} is missing`));
      const leaf = leafHash(Buffer.from(e.body, 'utf8'));
      if (leaf.toString('hex') !== e.leafHash)
        return result(
          from,
          expected,
          checked,
          fail(e.seq, 'edited', `record ${e.seq} does not match its leaf hash`),
        );
      const claimed = bodySeq(e.body);
      if (claimed !== e.seq) {
        // Moved forward from later in the log, while a later row claims this position: reordered.
        const belongsHere =
          claimed !== undefined &&
          claimed > e.seq &&
          page.slice(i + 1).some((o) => bodySeq(o.body) === e.seq);
        const kind: TamperKind =
          claimed === undefined
            ? 'edited'
            : belongsHere
              ? 'reordered'
              : claimed > e.seq
                ? 'deleted'
                : 'inserted';
        const at = kind === 'inserted' ? claimed! : e.seq;
        return result(
          from,
          expected,
          checked,
          fail(at, kind, `record at ${e.seq} was written as record ${String(claimed)}`),
        );
      }
      chain = chainNext(chain, e.leafHash);
      if (chain !== e.chainHash)
        return result(
          from,
          expected,
          checked,
          fail(e.seq, 'edited', `record ${e.seq} breaks the hash chain`),
        );
      frontier = frontierAppend(frontier, e.seq, leaf);
      expected++;
      const cp = checkpoints[nextCp];
      if (cp?.treeSize === expected) {
        if (frontierRoot(frontier).toString('hex') !== cp.rootHash || chain !== cp.chainHash) {
          // History was rewritten with recomputed hashes: find the first subtree that differs.
          const ours = frontier.map((f) => f.toString('hex'));
          const ranges = frontierRanges(expected);
          const k = ranges.findIndex((_, j) => ours[j] !== cp.frontier[j]);
          const [lo, hi] = ranges[Math.max(k, 0)]!;
          const start = Math.max(lo, lastGood);
          return result(
            from,
            expected,
            checked,
            fail(
              start,
              'edited',
              `records were rewritten in [${start}, ${hi}): signed checkpoint ${cp.treeSize} disagrees`,
            ),
          );
        }
        checked++;
        lastGood = expected;
        nextCp++;
      }
    }
    page = await store.range(expected, pageSize);
  }

  // 4. Nothing may be missing at the end.
  const claimedSize = Math.max(head.size, checkpoints.at(-1)?.treeSize ?? 0);
  if (claimedSize > expected)
    return result(
      from,
      expected,
      checked,
      fail(expected, 'truncated', `the log ends at ${expected} but ${claimedSize} records were written`),
    );
  return result(from, expected, checked);
}
