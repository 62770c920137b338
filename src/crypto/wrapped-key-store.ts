/**
 * What the key ring needs from storage. `src/storage` implements it (its `DataKeyStore` port has this
 * shape); it is declared here because crypto imports nothing but core.
 */
export interface WrappedKey {
  keyId: string;
  /** Whose data the key protects: 'tenant:acme', 'subject:acme:user-42', 'system:audit'. */
  subject: string;
  /** Root key that wrapped it. */
  rootKeyId: string;
  wrapped: Uint8Array;
  createdAt: string;
}

export interface RewrapUpdate {
  keyId: string;
  /** The update applies only while the row is still wrapped by this root key. */
  fromRootKeyId: string;
  rootKeyId: string;
  wrapped: Uint8Array;
}

export interface WrappedKeyStore {
  getBySubject(subject: string): Promise<WrappedKey | undefined>;
  getById(keyId: string): Promise<WrappedKey | undefined>;
  /** Inserts unless the subject already has a key; returns the key that is stored either way. */
  insertIfAbsent(key: WrappedKey): Promise<WrappedKey>;
  /** Deletes the subject's key for good (crypto-shredding); returns how many rows went. */
  deleteBySubject(subject: string): Promise<number>;
  list(): Promise<WrappedKey[]>;
  /** Applies every update in one transaction; returns how many rows changed. */
  rewrap(updates: readonly RewrapUpdate[]): Promise<number>;
}
