import { randomBytes } from 'node:crypto';
import { createScanner } from '../engine.js';
import { secretRecognizers } from './index.js';
import { base62 } from './validators.js';
import { crc32 } from 'node:zlib';

// Test-only helpers: every credential-shaped value in the tests is generated here at run time, so no
// literal that looks like a real key is ever committed.

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const HEX = '0123456789abcdef';

/** `n` random characters from `alphabet`, with at least one digit and one letter when both are allowed. */
export function rand(alphabet: string, n: number): string {
  for (;;) {
    const out = Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');
    const needsMix = /\d/.test(alphabet) && /[a-z]/i.test(alphabet) && n >= 8;
    if (!needsMix || (/\d/.test(out) && /[a-z]/i.test(out))) return out;
  }
}

/** A GitHub-style token with a valid CRC32 tail. */
export function githubToken(prefix: string): string {
  const random = rand(ALNUM, 30);
  return `${prefix}${random}${base62(crc32(random), 6)}`;
}

/** base64url of a JSON value. */
export function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export const scanner = createScanner({ recognizers: secretRecognizers });

/** The findings as `TYPE:value` strings, for readable assertions. */
export function found(text: string): string[] {
  return scanner.scan(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
}
