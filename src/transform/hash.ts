import { keyedDigest } from './key.js';
import { normalizeValue } from './normalize.js';

/**
 * Keyed HMAC-SHA256 of a normalised value, as hex. Never a bare hash: an SSN or phone number has so
 * little entropy that an unkeyed digest is reversed by enumeration.
 */
export function hashValue(key: Buffer, type: string, value: string, length = 64): string {
  return keyedDigest(key, ['hash', type, normalizeValue(type, value)])
    .toString('hex')
    .slice(0, length);
}
