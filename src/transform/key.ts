import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { BulwarkError } from '../core/index.js';

/** HMAC keys shorter than this are refused: a short key makes keyed digests of low-entropy data guessable. */
export const MIN_KEY_BYTES = 16;

/** Turns a key given as text or bytes into a Buffer, refusing missing or short keys (fail closed). */
export function toKey(key: string | Uint8Array | undefined, operator: string): Buffer {
  if (key === undefined) {
    throw new BulwarkError('CONFIG_INVALID', {
      message: `The ${operator} operator needs a key.`,
      details: { field: 'key' },
    });
  }
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (bytes.length < MIN_KEY_BYTES) {
    throw new BulwarkError('CONFIG_INVALID', {
      message: `The ${operator} key must be at least ${MIN_KEY_BYTES} bytes.`,
      details: { field: 'key' },
    });
  }
  return bytes;
}

// createHmac re-imports a raw Buffer key on every call (~4× the cost of a digest); a KeyObject is reused.
const keyObjects = new WeakMap<Buffer, KeyObject>();

/** HMAC-SHA256 over parts joined by NUL, so ('ab','c') and ('a','bc') never collide. */
export function keyedDigest(key: Buffer, parts: readonly string[]): Buffer {
  let object = keyObjects.get(key);
  if (!object) keyObjects.set(key, (object = createSecretKey(key)));
  return createHmac('sha256', object).update(parts.join('\0'), 'utf8').digest();
}
