import type { AuditCheckpoint, AuditStore } from '../storage/index.js';
import type { AuditLog } from './audit-log.js';
import type { CheckpointSigner } from './checkpoint.js';
import { frontierRanges, frontierRoot } from './merkle.js';
import { storedSubtreeHasher } from './proofs.js';

export interface PurgeOptions {
  store: AuditStore;
  log: AuditLog;
  signer: CheckpointSigner;
  /** Records older than this ISO time are purged. */
  before: string;
  now?: () => Date;
}

export interface PurgeResult {
  purged: number;
  retainedFrom: number;
  anchor?: AuditCheckpoint;
}

/**
 * Deletes expired records without breaking verification of the rest: first a signed checkpoint is
 * made at exactly the purge point, carrying the Merkle frontier and the chain value there (the state
 * verification resumes from), then the records below it go, then the purge itself is audited.
 */
export async function purgeAuditLog(options: PurgeOptions): Promise<PurgeResult> {
  const { store, log, signer } = options;
  await log.flush();
  const head = await store.head();
  const cut = (await store.firstSeqAtOrAfter(options.before)) ?? head.size;
  if (cut <= head.retainedFrom) return { purged: 0, retainedFrom: head.retainedFrom };

  let anchor = (await store.checkpoints()).find((c) => c.treeSize === cut);
  if (anchor === undefined) {
    // The frontier at `cut`, from the stored leaves (and an older anchor's frontier, if any).
    const mth = await storedSubtreeHasher(store, cut);
    const frontier = frontierRanges(cut).map(([lo, hi]) => mth(lo, hi));
    const last = (await store.range(cut - 1, 1))[0];
    if (last?.seq !== cut - 1) throw new Error('cannot find the record before the purge point');
    anchor = signer.sign(
      {
        treeSize: cut,
        rootHash: frontierRoot(frontier).toString('hex'),
        chainHash: last.chainHash,
        time: (options.now ?? (() => new Date()))().toISOString(),
      },
      frontier.map((f) => f.toString('hex')),
    );
    await store.addCheckpoint(anchor);
  }
  const purged = await store.purgeBefore(cut);
  await log.append({
    kind: 'admin',
    action: 'audit.purge',
    target: `records 0..${cut - 1}`,
    outcome: 'success',
  });
  return { purged, retainedFrom: cut, anchor };
}
