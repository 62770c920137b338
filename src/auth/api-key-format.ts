import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * API key format: `bk_<env>_<id>_<secret><check>`. The id is public (it names the stored record);
 * the secret is 32 base62 characters (~190 bits, so a keyed hash suffices: no password KDF per request);
 * the 6-character check (CRC32, base62) lets secret scanners validate a key offline, as GitHub tokens do.
 */
export const API_KEY_PATTERN = /^bk_(live|test)_([a-z0-9]{12})_([A-Za-z0-9]{32})([A-Za-z0-9]{6})$/;

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface ParsedApiKey {
  env: 'live' | 'test';
  id: string;
  secret: string;
}

/** Uniform random characters from `alphabet` (CSPRNG). */
export function randomString(length: number, alphabet: string): string {
  // Rejection sampling keeps every character uniform (256 is not a multiple of 62).
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

function checksum(body: string): string {
  let n = crc32(body);
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = BASE62[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** A new key: the full token (shown once) and its parts. */
export function generateApiKey(env: 'live' | 'test' = 'live'): ParsedApiKey & { token: string } {
  const id = randomString(12, ID_ALPHABET);
  const secret = randomString(32, BASE62);
  const body = `bk_${env}_${id}_${secret}`;
  return { env, id, secret, token: body + checksum(body) };
}

/** Parses a token; undefined when the shape or the checksum is wrong (a typo or a forgery). */
export function parseApiKey(token: string): ParsedApiKey | undefined {
  const m = API_KEY_PATTERN.exec(token);
  if (!m) return undefined;
  const body = token.slice(0, -6);
  if (checksum(body) !== m[4]) return undefined;
  return { env: m[1] as 'live' | 'test', id: m[2]!, secret: m[3]! };
}

/** The stored form of a secret: HMAC-SHA-256 under a pepper held by the key ring, hex. */
export function hashApiKeySecret(pepper: Uint8Array, secret: string): string {
  return createHmac('sha256', pepper).update(secret).digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(pepper: Uint8Array, secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKeySecret(pepper, secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
