import type { AuditStore } from '../storage/index.js';
import { inclusionPath } from './merkle.js';
import { storedSubtreeHasher } from './proofs.js';

export interface ExportOptions {
  store: AuditStore;
  /** Records at or after this ISO time (default: everything retained). */
  since?: string;
  /** The signer's public key (raw, base64), written into the header line. */
  publicKey: string;
  write: (line: string) => void | Promise<void>;
}

export interface ExportResult {
  records: number;
  checkpoints: number;
  /** Tree size the inclusion proofs refer to. */
  treeSize: number;
}

/**
 * Writes the log as JSON Lines for a SIEM: a header (format, public key), every checkpoint, then each
 * record with its inclusion proof against the newest checkpoint. Records newer than that checkpoint
 * are written without a proof (`proof: null`) until the next checkpoint covers them.
 */
export async function exportAuditLog(options: ExportOptions): Promise<ExportResult> {
  const { store, write } = options;
  const checkpoints = await store.checkpoints();
  const latest = checkpoints.at(-1);
  const treeSize = latest?.treeSize ?? 0;
  const head = await store.head();
  const from =
    options.since === undefined
      ? head.retainedFrom
      : ((await store.firstSeqAtOrAfter(options.since)) ?? head.size);
  await write(
    JSON.stringify({
      type: 'header',
      format: 'bulwark-audit/v1',
      publicKey: options.publicKey,
      from,
      treeSize,
    }),
  );
  for (const cp of checkpoints) await write(JSON.stringify({ type: 'checkpoint', ...cp }));
  const mth = treeSize > from ? await storedSubtreeHasher(store, treeSize) : undefined;
  let records = 0;
  for (let next = from; ;) {
    const page = await store.range(next, 1000);
    if (page.length === 0) break;
    for (const e of page) {
      const proof =
        mth !== undefined && e.seq < treeSize
          ? { treeSize, path: inclusionPath(e.seq, treeSize, mth).map((h) => h.toString('hex')) }
          : null;
      await write(
        JSON.stringify({
          type: 'record',
          seq: e.seq,
          leafHash: e.leafHash,
          chainHash: e.chainHash,
          record: JSON.parse(e.body) as unknown,
          proof,
        }),
      );
      records++;
    }
    next = page.at(-1)!.seq + 1;
  }
  return { records, checkpoints: checkpoints.length, treeSize };
}
