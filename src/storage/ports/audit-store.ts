/** One stored audit record. The store treats `body` and the hashes as opaque; `src/audit` computes them. */
export interface AuditEntry {
  /** Position in the log, 0-based, gap-free: the Merkle leaf index. */
  seq: number;
  /** Record id (unique), used by `bulwark audit prove ID`. */
  id: string;
  /** ISO-8601 UTC time the record was made. */
  time: string;
  /** The record as canonical JSON. */
  body: string;
  /** RFC 6962 leaf hash of `body`, hex. */
  leafHash: string;
  /** SHA-256(previous chainHash ‖ leafHash), hex. */
  chainHash: string;
}

/** The log's tip, updated in the same transaction as every append. */
export interface AuditHead {
  /** Number of records ever appended (the next seq). */
  size: number;
  /** Chain hash of the last record, or the genesis value. */
  chainHash: string;
  /** Root hashes of the perfect subtrees covering [0, size), largest first (the Merkle frontier). */
  frontier: string[];
  /** Lowest seq still stored (records below it were purged by retention). */
  retainedFrom: number;
}

/** Given the head read under the append lock, returns the new entries and the new head. Must be pure. */
export type AuditAppendBuilder = (head: AuditHead) => { entries: AuditEntry[]; head: AuditHead };

/** A signed statement of the log's state at `treeSize`. */
export interface AuditCheckpoint {
  treeSize: number;
  rootHash: string;
  chainHash: string;
  time: string;
  /** Id of the signing key (a fingerprint of its public key). */
  keyId: string;
  /** Ed25519 signature, base64. */
  signature: string;
  /** The Merkle frontier at `treeSize`, so verification can resume after older records are purged. */
  frontier: string[];
}

/**
 * The audit log's storage port. `append` is serialised across every process sharing the backend
 * (a row lock on PostgreSQL, `BEGIN IMMEDIATE` on SQLite), so the builder always sees the true head
 * and seq numbers are assigned in the same transaction as the chain hash.
 */
export interface AuditStore {
  append(build: AuditAppendBuilder): Promise<AuditEntry[]>;
  head(): Promise<AuditHead>;
  /** Up to `limit` entries with seq ≥ `from`, ordered by seq. */
  range(from: number, limit: number): Promise<AuditEntry[]>;
  getById(id: string): Promise<AuditEntry | undefined>;
  /** The lowest seq whose time is ≥ `time`, if any. */
  firstSeqAtOrAfter(time: string): Promise<number | undefined>;
  /** Stores a checkpoint; a second one for the same tree size is ignored. */
  addCheckpoint(checkpoint: AuditCheckpoint): Promise<void>;
  /** Every checkpoint, ordered by tree size. */
  checkpoints(): Promise<AuditCheckpoint[]>;
  /** Deletes entries with seq < `seq` and records that in the head; returns how many went. */
  purgeBefore(seq: number): Promise<number>;
}

/** The head of an empty log. */
export const EMPTY_AUDIT_HEAD: AuditHead = {
  size: 0,
  chainHash: '0'.repeat(64),
  frontier: [],
  retainedFrom: 0,
};

/** Checks that a builder produced consecutive seq numbers starting at the head (shared by adapters). */
export function checkAppend(head: AuditHead, result: { entries: AuditEntry[]; head: AuditHead }): void {
  result.entries.forEach((e, i) => {
    if (e.seq !== head.size + i) throw new Error('audit append: seq numbers must continue the head');
  });
  if (result.head.size !== head.size + result.entries.length)
    throw new Error('audit append: head size mismatch');
}
