import { createScanner, type ScanOptions } from '../engine.js';
import { piiRecognizers } from './index.js';
import { luhnCheckDigit } from './checksums.js';

const scanner = createScanner({ recognizers: piiRecognizers });

/** The matched substrings of one type at the default threshold (or `minScore`). Test-only helper. */
export function spans(text: string, type: string, options: ScanOptions = {}): string[] {
  return scanner.scan(text, { ...options, types: [type] }).map((f) => text.slice(f.start, f.end));
}

/** The score of the single finding of `type`, or 0 when there is none (threshold lowered to see weak ones). */
export function scoreOf(text: string, type: string, options: ScanOptions = {}): number {
  const found = scanner.scan(text, { minScore: 0.01, ...options, types: [type] });
  return found[0]?.score ?? 0;
}

/** A random digit string, built at test time so no fixture looks like a real person's number. */
export function randomDigits(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(Math.floor(Math.random() * 10));
  return out;
}

/** A Luhn-valid card number with the given prefix and length. */
export function cardNumber(prefix: string, length: number): string {
  const payload = prefix + randomDigits(length - prefix.length - 1);
  return payload + String(luhnCheckDigit(payload));
}
