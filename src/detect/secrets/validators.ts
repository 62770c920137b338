import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 spelling of a non-negative integer, left-padded with '0' to `width`. */
export function base62(value: number, width: number): string {
  let out = '';
  let n = value;
  do {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(width, '0');
}

/**
 * GitHub-style token checksum (ghp_, gho_, ghu_, ghs_, ghr_, npm_): the last 6 characters are the
 * base62 CRC32 of the 30 random characters after the prefix. A match means the value is a well-formed
 * token rather than a hand-typed example.
 */
export function hasCrc32Tail(token: string): boolean {
  const underscore = token.indexOf('_');
  const body = token.slice(underscore + 1);
  if (body.length !== 36) return false;
  const random = body.slice(0, 30);
  return base62(crc32(random), 6) === body.slice(30);
}

/**
 * Bulwark's own API key checksum (`bk_<live|test>_<id>_<secret><check>`): the last 6 characters are
 * the base62 CRC32 of everything before them, so a scanner validates a key offline.
 */
export function hasBulwarkKeyChecksum(token: string): boolean {
  if (token.length < 7) return false;
  return base62(crc32(token.slice(0, -6)), 6) === token.slice(-6);
}

/** The base64 of `"region_url"` in any of its three alignments, inside a Sentry org token. */
export const SENTRY_REGION = /LCJyZWdpb25fdXJs|InJlZ2lvbl91cmwi|cmVnaW9uX3VybCI6/;
/** A Sentry org token ends with `_` and a 43-character secret. */
export const SENTRY_TAIL = /_[A-Za-z0-9+/]{43}$/;
const BASE64URL = /^[A-Za-z0-9_-]{2,8192}={0,2}$/;
const DIGIT = /\d/;

/** Every regex the validators run, for the ReDoS audit. */
export const validatorPatterns: readonly RegExp[] = [SENTRY_REGION, SENTRY_TAIL, BASE64URL, DIGIT];

/** Decodes base64url (padding optional) to text; undefined when it is not base64url. */
function decodeBase64Url(segment: string): string | undefined {
  if (!BASE64URL.test(segment)) return undefined;
  return Buffer.from(segment, 'base64url').toString('utf8');
}

/** A JWT (JWS or JWE) header must decode to a JSON object with a string `alg`. */
export function isJwt(token: string): boolean {
  const header = token.split('.')[0] ?? '';
  try {
    const h: unknown = JSON.parse(decodeBase64Url(header) ?? 'null');
    return typeof h === 'object' && h !== null && typeof (h as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

/** True when the string contains at least one ASCII digit (gitleaks' extra check for generic rules). */
export function hasDigit(value: string): boolean {
  return DIGIT.test(value);
}
