import { createHash, hkdfSync } from 'node:crypto';
import { open, parseCiphertext, seal } from './ciphertext.js';

/**
 * Wraps and unwraps data keys under a root key. `LocalKms` holds root keys in memory; a cloud KMS
 * or an HSM implements the same interface later (wrap = Encrypt, unwrap = Decrypt with context).
 */
export interface KmsAdapter {
  /** Id of the root key new wraps use. */
  readonly primaryKeyId: string;
  /** Ids of every root key this adapter can unwrap with. */
  readonly keyIds: readonly string[];
  /** Wraps `key`; `context` (e.g. data key id + subject) is bound as AAD. */
  wrap(key: Uint8Array, context: string): Promise<{ wrapped: Buffer; rootKeyId: string }>;
  /** Unwraps with the named root key; throws if the key is unknown or anything was altered. */
  unwrap(wrapped: Uint8Array, rootKeyId: string, context: string): Promise<Buffer>;
}

export const ROOT_KEY_BYTES = 32;

/** A public identifier for a root key; derived one-way, so it reveals nothing about the key. */
export function rootKeyId(root: Uint8Array): string {
  const derived = Buffer.from(hkdfSync('sha256', root, 'bulwark', 'bulwark/root-key-id/v1', 32));
  return 'rk_' + createHash('sha256').update(derived).digest('hex').slice(0, 16);
}

/** Root keys held in process memory; the first one wraps, all of them unwrap (for rotation). */
export function createLocalKms(roots: readonly Uint8Array[]): KmsAdapter {
  if (roots.length === 0) throw new RangeError('at least one root key is required');
  const keks = new Map<string, Buffer>();
  for (const root of roots) {
    if (root.length !== ROOT_KEY_BYTES) throw new RangeError(`a root key must be ${ROOT_KEY_BYTES} bytes`);
    // The root key itself never encrypts; a key-encryption key is derived from it per purpose.
    keks.set(rootKeyId(root), Buffer.from(hkdfSync('sha256', root, 'bulwark', 'bulwark/kek/v1', 32)));
  }
  const keyIds = [...keks.keys()];
  const primaryKeyId = keyIds[0]!;
  return {
    primaryKeyId,
    keyIds,
    wrap(key, context) {
      const wrapped = seal(keks.get(primaryKeyId)!, primaryKeyId, key, Buffer.from(context, 'utf8'));
      return Promise.resolve({ wrapped, rootKeyId: primaryKeyId });
    },
    async unwrap(wrapped, id, context) {
      const kek = keks.get(id);
      if (kek === undefined) throw new Error('the root key that wrapped this data key is not loaded');
      const parsed = parseCiphertext(wrapped);
      if (parsed.keyId !== id) throw new Error('wrapped key names another root key');
      return open(kek, parsed, Buffer.from(context, 'utf8'));
    },
  };
}
