import { createHmac } from 'node:crypto';

/** Keyed content digests: equal text gives an equal digest, but nobody without the key can test a guess. */
export interface Digester {
  readonly keyId: string;
  digest(text: string): string;
}

/** HMAC-SHA-256 with a key from the key ring (`keyRing.deriveSecret('audit-digest')`). */
export function createDigester(key: Uint8Array): Digester {
  if (key.length < 32) throw new RangeError('the digest key must be at least 32 bytes');
  const keyId = 'dg_' + createHmac('sha256', key).update('bulwark/digest-key-id').digest('hex').slice(0, 16);
  return {
    keyId,
    digest: (text) => 'hmac-sha256:' + createHmac('sha256', key).update(text, 'utf8').digest('hex'),
  };
}
