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
  /** Transcripts of one tenant and UTC day (`YYYY-MM-DD`): retention shreds whole days. */
  transcripts: (tenant: string, day: string) => `transcript:${tenant}:${day}`,
};

export interface KeyRingOptions {
  kms: KmsAdapter;
  store: WrappedKeyStore;
  /**
   * How long an unwrapped data key stays cached (ms, default 60 s). Bounds how long another replica
   * can still use a key this one (or `bulwark erase`) has shredded.
   */
  cacheTtlMs?: number;
  /** Most cached data keys (default 10 000); the oldest are dropped first. */
  cacheMax?: number;
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

interface CachedKey {
  subject: string;
  key: Buffer;
  expires: number;
}

export function createKeyRing({
  kms,
  store,
  cacheTtlMs = 60_000,
  cacheMax = 10_000,
}: KeyRingOptions): KeyRing {
  // Plaintext data keys by key id, plus subject → key id; entries expire and are zeroed on eviction.
  const byId = new Map<string, CachedKey>();
  const bySubject = new Map<string, string>();
  const evict = (keyId: string) => {
    const entry = byId.get(keyId);
    if (entry === undefined) return;
    entry.key.fill(0);
    byId.delete(keyId);
    if (bySubject.get(entry.subject) === keyId) bySubject.delete(entry.subject);
  };
  const remember = (keyId: string, subject: string, key: Buffer) => {
    evict(keyId);
    while (byId.size >= cacheMax) evict(byId.keys().next().value!);
    byId.set(keyId, { subject, key: Buffer.from(key), expires: Date.now() + cacheTtlMs });
    bySubject.set(subject, keyId);
  };
  const cached = (keyId: string | undefined): Buffer | undefined => {
    if (keyId === undefined) return undefined;
    const entry = byId.get(keyId);
    if (entry !== undefined && entry.expires > Date.now()) return entry.key;
    evict(keyId);
    return undefined;
  };

  async function unwrapRow(row: { keyId: string; subject: string; rootKeyId: string; wrapped: Uint8Array }) {
    try {
      const key = await kms.unwrap(row.wrapped, row.rootKeyId, dataKeyContext(row.keyId, row.subject));
      remember(row.keyId, row.subject, key);
      return key;
    } catch (cause) {
      throw new BulwarkError('DECRYPTION_FAILED', { cause });
    }
  }

  async function keyFor(subject: string): Promise<{ keyId: string; key: Buffer }> {
    const cachedId = bySubject.get(subject);
    const hit = cached(cachedId);
    if (hit !== undefined) return { keyId: cachedId!, key: hit };
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
      remember(keyId, subject, key);
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
      let key = cached(parsed.keyId);
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
      for (const [keyId, entry] of [...byId]) if (entry.subject === subject) evict(keyId);
      return (await store.deleteBySubject(subject)) > 0;
    },
    async deriveSecret(purpose, length = 32) {
      const { key } = await keyFor(subjects.system('derivation'));
      return Buffer.from(hkdfSync('sha256', key, 'bulwark', `bulwark/${purpose}/v1`, length));
    },
    clearCache() {
      for (const keyId of [...byId.keys()]) evict(keyId);
    },
  };
}
