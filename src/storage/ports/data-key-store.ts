/** A data key wrapped by a root key; the plaintext key never reaches storage. */
export interface DataKeyRecord {
  keyId: string;
  /** Whose data it protects: 'tenant:acme', 'subject:acme:user-42', 'system:…'. Unique. */
  subject: string;
  rootKeyId: string;
  wrapped: Uint8Array;
  createdAt: string;
}

export interface DataKeyRewrap {
  keyId: string;
  /** Applies only while the row is still wrapped by this root key (compare-and-swap). */
  fromRootKeyId: string;
  rootKeyId: string;
  wrapped: Uint8Array;
}

/**
 * Storage port for wrapped data keys (used by `src/crypto`'s key ring, whose `WrappedKeyStore` has
 * this exact shape). Deleting a row is crypto-shredding, so adapters must not leave it recoverable
 * where they can help it (SQLite: secure_delete + WAL checkpoint; PostgreSQL: see the README).
 */
export interface DataKeyStore {
  getBySubject(subject: string): Promise<DataKeyRecord | undefined>;
  getById(keyId: string): Promise<DataKeyRecord | undefined>;
  /** Inserts unless the subject already has a key; returns whichever key is stored. */
  insertIfAbsent(key: DataKeyRecord): Promise<DataKeyRecord>;
  deleteBySubject(subject: string): Promise<number>;
  list(): Promise<DataKeyRecord[]>;
  /** All updates in one transaction; returns how many rows changed. */
  rewrap(updates: readonly DataKeyRewrap[]): Promise<number>;
}
