import { hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { BulwarkError } from '../core/index.js';
import { open, parseCiphertext, seal } from './ciphertext.js';
import type { KmsAdapter } from './kms.js';
import type { WrappedKeyStore } from './wrapped-key-store.js';

/** Subject names: one data key per tenant, per data subject, or per system purpose. */
export const subjects = {
  tenant: (tenant: string) => `tenant:${tenant}`,
  dataSubject: (tenant: string, id: string) => `subject:${tenant}:${id}`,
  system: (purpose: string) => `system:${purpose}`,
};

export interface KeyRingOptions {
  kms: KmsAdapter;
  store: WrappedKeyStore;
}

/** Envelope encryption with per-tenant / per-subject data keys wrapped by the root key. */
export interface KeyRing {
  /** Encrypts under the subject's data key (created on first use); `aad` must be given again to decrypt. */
  encrypt(subject: string, plaintext: Uint8Array | string, aad?: Uint8Array | string): Promise<Buffer>;
  /** Decrypts a ciphertext from `encrypt`; throws DATA_KEY_DESTROYED after the subject was shredded. */
  decrypt(ciphertext: Uint8Array, aad?: Uint8Array | string): Promise<Buffer>;
  /** Crypto-shredding: destroys the subject's data key, so its ciphertexts can never be read again. */
  shred(subject: string): Promise<boolean>;
  /** A secret for `purpose` (HMAC keys, signing seeds), derived by HKDF from a wrapped system key. */
  deriveSecret(purpose: string, length?: number): Promise<Buffer>;
  /** Forgets cached plaintext data keys (call after another process may have shredded or rotated). */
  clearCache(): void;
}

/** AAD bound to a wrapped data key: its id and subject, so a wrapped key cannot be moved to another. */
export const dataKeyContext = (keyId: string, subject: string): string =>
  `bulwark/data-key/v1|${keyId}|${subject}`;
const bytes = (value: Uint8Array | string | undefined) =>
  value === undefined ? undefined : typeof value === 'string' ? Buffer.from(value, 'utf8') : value;

export function createKeyRing({ kms, store }: KeyRingOptions): KeyRing {
  // Plaintext data keys cached by key id; evicted on shred. Keys are 32 bytes, so the map stays small.
  const cache = new Map<string, { subject: string; key: Buffer }>();

  async function unwrapRow(row: { keyId: string; subject: string; rootKeyId: string; wrapped: Uint8Array }) {
    try {
      const key = await kms.unwrap(row.wrapped, row.rootKeyId, dataKeyContext(row.keyId, row.subject));
      cache.set(row.keyId, { subject: row.subject, key });
      return key;
    } catch (cause) {
      throw new BulwarkError('DECRYPTION_FAILED', { cause });
    }
  }

  async function keyFor(subject: string): Promise<{ keyId: string; key: Buffer }> {
    for (const [keyId, entry] of cache) if (entry.subject === subject) return { keyId, key: entry.key };
    const existing = await store.getBySubject(subject);
    if (existing !== undefined) return { keyId: existing.keyId, key: await unwrapRow(existing) };
    const key = randomBytes(32);
    const keyId = 'dk_' + randomUUID().replaceAll('-', '');
    const { wrapped, rootKeyId } = await kms.wrap(key, dataKeyContext(keyId, subject));
    // Two replicas may race to create the subject's key; the store keeps the first and both use it.
    const stored = await store.insertIfAbsent({
      keyId,
      subject,
      rootKeyId,
      wrapped,
      createdAt: new Date().toISOString(),
    });
    if (stored.keyId === keyId) {
      cache.set(keyId, { subject, key });
      return { keyId, key };
    }
    return { keyId: stored.keyId, key: await unwrapRow(stored) };
  }

  return {
    async encrypt(subject, plaintext, aad) {
      const { keyId, key } = await keyFor(subject);
      return seal(key, keyId, bytes(plaintext)!, bytes(aad));
    },
    async decrypt(ciphertext, aad) {
      let parsed;
      try {
        parsed = parseCiphertext(ciphertext);
      } catch (cause) {
        throw new BulwarkError('DECRYPTION_FAILED', { cause });
      }
      let key = cache.get(parsed.keyId)?.key;
      if (key === undefined) {
        const row = await store.getById(parsed.keyId);
        if (row === undefined) throw new BulwarkError('DATA_KEY_DESTROYED');
        key = await unwrapRow(row);
      }
      try {
        return open(key, parsed, bytes(aad));
      } catch (cause) {
        throw new BulwarkError('DECRYPTION_FAILED', { cause });
      }
    },
    async shred(subject) {
      for (const [keyId, entry] of cache)
        if (entry.subject === subject) {
          entry.key.fill(0);
          cache.delete(keyId);
        }
      return (await store.deleteBySubject(subject)) > 0;
    },
    async deriveSecret(purpose, length = 32) {
      const { key } = await keyFor(subjects.system('derivation'));
      return Buffer.from(hkdfSync('sha256', key, 'bulwark', `bulwark/${purpose}/v1`, length));
    },
    clearCache() {
      for (const entry of cache.values()) entry.key.fill(0);
      cache.clear();
    },
  };
}
