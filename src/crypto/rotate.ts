import { dataKeyContext } from './key-ring.js';
import type { KmsAdapter } from './kms.js';
import type { RewrapUpdate, WrappedKeyStore } from './wrapped-key-store.js';

export interface RotateRootOptions {
  store: WrappedKeyStore;
  /** Must be able to unwrap every stored key (old root) and wrap with the new root (its primary). */
  kms: KmsAdapter;
}

export interface RotateRootResult {
  rewrapped: number;
  alreadyCurrent: number;
  rootKeyId: string;
}

/**
 * Re-wraps every data key under the KMS's primary root key, in one store transaction. Data encrypted
 * under the data keys is untouched: only the 32-byte wrapped keys change.
 */
export async function rotateRoot({ store, kms }: RotateRootOptions): Promise<RotateRootResult> {
  const rows = await store.list();
  const updates: RewrapUpdate[] = [];
  let alreadyCurrent = 0;
  for (const row of rows) {
    if (row.rootKeyId === kms.primaryKeyId) {
      alreadyCurrent++;
      continue;
    }
    const ctx = dataKeyContext(row.keyId, row.subject);
    const key = await kms.unwrap(row.wrapped, row.rootKeyId, ctx);
    const { wrapped, rootKeyId } = await kms.wrap(key, ctx);
    key.fill(0);
    updates.push({ keyId: row.keyId, fromRootKeyId: row.rootKeyId, rootKeyId, wrapped });
  }
  const rewrapped = updates.length === 0 ? 0 : await store.rewrap(updates);
  return { rewrapped, alreadyCurrent, rootKeyId: kms.primaryKeyId };
}
