/**
 * Check-digit validators for PII formats. Inputs are the bare value (digits, or digits and letters),
 * without separators; every function returns false on a wrong length or alphabet instead of throwing.
 * Hand-written: each is a few lines of arithmetic from the issuing authority's specification, and no
 * maintained npm package covers this set of national schemes. IBAN layouts per country come from
 * ibantools, which keeps the SWIFT registry's BBAN formats.
 */

import { countrySpecs } from 'ibantools';

const DIGITS = /^\d+$/;

function digitArray(value: string): number[] {
  return [...value].map((c) => c.charCodeAt(0) - 48);
}

/** Luhn (mod 10): cards, Canadian SIN, IMEI. */
export function luhn(value: string): boolean {
  if (!DIGITS.test(value) || value.length < 2) return false;
  let sum = 0;
  for (let i = value.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = value.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** The Luhn check digit for a payload (used to build valid numbers in tests and transforms). */
export function luhnCheckDigit(payload: string): number {
  for (let d = 0; d <= 9; d++) if (luhn(payload + String(d))) return d;
  return -1;
}

/** Remainder of a large decimal string modulo m, without BigInt. */
export function modDecimal(value: string, m: number): number {
  let rest = 0;
  for (let i = 0; i < value.length; i++) rest = (rest * 10 + (value.charCodeAt(i) - 48)) % m;
  return rest;
}

/** ISO 7064 MOD 97-10 over an alphanumeric string (letters count as 10..35). */
export function mod97(value: string): number {
  let numeric = '';
  for (const ch of value.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code >= 48 && code <= 57) numeric += ch;
    else if (code >= 65 && code <= 90) numeric += String(code - 55);
    else return -1;
  }
  return modDecimal(numeric, 97);
}

/** IBAN lengths by country (ISO 13616 registry, plus French overseas territories using FR's format). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
  GF: 27, GP: 27, MQ: 27, RE: 27, PF: 27, TF: 27, YT: 27, NC: 27, PM: 27, WF: 27, BL: 27, MF: 27,
}; // prettier-ignore

const bbanFormats = new Map<string, RegExp>();

/** The country's BBAN layout (which positions are digits, letters) from ibantools' registry data. */
function bbanFormat(country: string): RegExp | undefined {
  let format = bbanFormats.get(country);
  if (format === undefined) {
    const source = countrySpecs[country]?.bban_regexp;
    if (source === undefined) return undefined;
    format = new RegExp(source);
    bbanFormats.set(country, format);
  }
  return format;
}

/**
 * ISO 13616 IBAN: known country, that country's length and BBAN layout, mod-97 remainder 1.
 * National check digits inside the BBAN are not required: generated test data often lacks them and
 * a number that fails only those is still someone's account number, mistyped or not.
 */
export function iban(value: string): boolean {
  const upper = value.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(upper)) return false;
  const country = upper.slice(0, 2);
  if (IBAN_LENGTHS[country] !== upper.length) return false;
  if (bbanFormat(country)?.test(upper.slice(4)) !== true) return false;
  return mod97(upper.slice(4) + upper.slice(0, 4)) === 1;
}

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]; // prettier-ignore
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]; // prettier-ignore

/** Verhoeff dihedral-group check (Aadhaar): catches every single-digit error and adjacent swap. */
export function verhoeff(value: string): boolean {
  if (!DIGITS.test(value)) return false;
  let c = 0;
  const digits = digitArray(value).reverse();
  for (let i = 0; i < digits.length; i++) c = VERHOEFF_D[c]![VERHOEFF_P[i % 8]![digits[i]!]!]!;
  return c === 0;
}

/** Sum of digit × weight. */
function weighted(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits[i] ?? 0) * weights[i]!;
  return sum;
}

/** ABA routing number: weights 3-7-1, sum divisible by 10, valid Federal Reserve prefix. */
export function abaRouting(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const prefix = Number(value.slice(0, 2));
  const okPrefix =
    prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  return okPrefix && weighted(digitArray(value), [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0;
}

/** UK NHS number: 10 digits, mod-11 check digit (a remainder giving 10 is never issued). */
export function nhs(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const d = digitArray(value);
  const check = 11 - (weighted(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === d[9];
}

/**
 * German tax id (Steuer-IdNr): 11 digits, no leading zero, ISO 7064 MOD 11,10 check digit; in the
 * first ten digits no digit occurs more than three times, at most one digit repeats, and a digit
 * occurring three times may not do so in three adjacent places. (Ids with ten distinct leading
 * digits are accepted as test data in common use, e.g. 12345678903.)
 */
export function deTaxId(value: string): boolean {
  if (!/^[1-9]\d{10}$/.test(value)) return false;
  const d = digitArray(value);
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[d[i]!]!++;
  const repeated = counts.filter((c) => c > 1);
  if (repeated.length > 1 || repeated.some((c) => c > 3)) return false;
  for (let i = 2; i < 10; i++) if (d[i] === d[i - 1] && d[i] === d[i - 2]) return false;
  return iso7064Mod11_10(d.slice(0, 10)) === d[10];
}

function iso7064Mod11_10(digits: readonly number[]): number {
  let product = 10;
  for (const digit of digits) {
    let sum = (digit + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

/** ICAO 9303 check digit (weights 7-3-1, letters A=10..Z=35, '<' = 0): German ID card, passports. */
export function icaoCheckDigit(value: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const v = ch === '<' ? 0 : /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55;
    sum += v * weights[i % 3]!;
  }
  return sum % 10;
}

/** German identity card number (since 2010): 9-character serial from a restricted alphabet + ICAO check digit. */
export function deIdCard(value: string): boolean {
  const upper = value.toUpperCase();
  if (!/^[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\d$/.test(upper)) return false;
  return icaoCheckDigit(upper.slice(0, 9)) === Number(upper[9]);
}

/** French NIR (sécurité sociale): 13 characters + 2-digit key = 97 − (number mod 97); Corsica 2A/2B. */
export function frNir(value: string): boolean {
  const upper = value.toUpperCase();
  if (!/^[1-478]\d{4}(?:\d{2}|2A|2B)\d{6}\d{2}$/.test(upper)) return false;
  const month = Number(upper.slice(3, 5));
  if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50)) return false;
  const body = upper.slice(0, 13).replace('2A', '19').replace('2B', '18');
  const key = Number(upper.slice(13));
  return key === 97 - modDecimal(body, 97);
}

const NIF_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI/NIF: up to 8 digits + control letter (number mod 23). */
export function esNif(value: string): boolean {
  const upper = value.toUpperCase();
  const m = /^(\d{7,8})([A-Z])$/.exec(upper);
  return m !== null && NIF_LETTERS[Number(m[1]) % 23] === m[2];
}

/** Spanish NIE: X/Y/Z (read as 0/1/2) + 7 digits + control letter. */
export function esNie(value: string): boolean {
  const upper = value.toUpperCase();
  const m = /^([XYZ])(\d{7})([A-Z])$/.exec(upper);
  if (m === null) return false;
  const number = Number(String('XYZ'.indexOf(m[1]!)) + m[2]!);
  return NIF_LETTERS[number % 23] === m[3];
}

const CF_ODD: Readonly<Record<string, number>> = {
  0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21, A: 1, B: 0, C: 5, D: 7, E: 9,
  F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18, N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14,
  U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
}; // prettier-ignore

/** Italian codice fiscale: 16 characters (omocodia letters allowed in digit places) + control letter. */
export function itFiscalCode(value: string): boolean {
  const upper = value.toUpperCase();
  const omocode = '[0-9LMNPQRSTUV]';
  const shape = new RegExp(`^[A-Z]{6}${omocode}{2}[ABCDEHLMPRST]${omocode}{2}[A-Z]${omocode}{3}[A-Z]$`);
  if (!shape.test(upper)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = upper[i]!;
    // Positions are 1-based in the specification: odd positions use the table, even ones the value.
    if (i % 2 === 0) sum += CF_ODD[ch]!;
    else sum += /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26)) === upper[15];
}

/** Dutch BSN: 9 digits (8 with an implied leading zero), the "11-proof" with weight −1 on the last. */
export function nlBsn(value: string): boolean {
  if (!/^\d{8,9}$/.test(value)) return false;
  const d = digitArray(value.padStart(9, '0'));
  if (d.every((x) => x === 0)) return false;
  const sum = weighted(d, [9, 8, 7, 6, 5, 4, 3, 2]) - d[8]!;
  return sum % 11 === 0;
}

/** Singapore NRIC/FIN: prefix S/T/F/G/M, 7 digits, check letter from a weighted sum. */
export function sgNric(value: string): boolean {
  const upper = value.toUpperCase();
  const m = /^([STFGM])(\d{7})([A-Z])$/.exec(upper);
  if (m === null) return false;
  const prefix = m[1]!;
  let sum = weighted(digitArray(m[2]!), [2, 7, 6, 5, 4, 3, 2]);
  if (prefix === 'T' || prefix === 'G') sum += 4;
  if (prefix === 'M') sum += 3;
  // The M series (2022) reads its table from the other end.
  if (prefix === 'M') return 'KLJNPQRTUWX'[10 - (sum % 11)] === m[3];
  const table = prefix === 'S' || prefix === 'T' ? 'JZIHGFEDCBA' : 'XWUTRQPNMLK';
  return table[sum % 11] === m[3];
}

/** Australian Tax File Number: 8 or 9 digits, weighted sum divisible by 11. */
export function auTfn(value: string): boolean {
  if (!/^\d{8,9}$/.test(value)) return false;
  const weights = value.length === 9 ? [1, 4, 3, 7, 5, 8, 6, 9, 10] : [10, 7, 8, 4, 6, 3, 5, 1];
  return weighted(digitArray(value), weights) % 11 === 0;
}

/** Australian Business Number: 11 digits, first digit minus one, weighted sum divisible by 89. */
export function auAbn(value: string): boolean {
  if (!/^[1-9]\d{10}$/.test(value)) return false;
  const d = digitArray(value);
  d[0] = d[0]! - 1;
  return weighted(d, [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]) % 89 === 0;
}

/** Australian Company Number: 9 digits, check = (10 − weighted sum mod 10) mod 10. */
export function auAcn(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const d = digitArray(value);
  return (10 - (weighted(d, [8, 7, 6, 5, 4, 3, 2, 1]) % 10)) % 10 === d[8];
}

/** Australian Medicare card: 10 digits (11 with the individual reference), first digit 2-6. */
export function auMedicare(value: string): boolean {
  if (!/^[2-6]\d{9,10}$/.test(value)) return false;
  const d = digitArray(value);
  return weighted(d, [1, 3, 7, 9, 1, 3, 7, 9]) % 10 === d[8];
}

/** Canadian Social Insurance Number: 9 digits, Luhn, never issued with a leading 0 or 8. */
export function caSin(value: string): boolean {
  return /^[1-79]\d{8}$/.test(value) && luhn(value);
}

/** Indian Aadhaar: 12 digits, first 2-9, Verhoeff check digit. */
export function inAadhaar(value: string): boolean {
  return /^[2-9]\d{11}$/.test(value) && verhoeff(value);
}

/** US Social Security Number ranges: area not 000/666/9xx, group not 00, serial not 0000. */
export function usSsn(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const area = value.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (value.slice(3, 5) === '00' || value.slice(5) === '0000') return false;
  // Published in advertising and never valid for a person.
  return value !== '078051120' && value !== '219099999';
}

/** US ITIN: 9xx, group 50-65, 70-88, 90-92 or 94-99. */
export function usItin(value: string): boolean {
  if (!/^9\d{8}$/.test(value)) return false;
  const g = Number(value.slice(3, 5));
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94;
}

/** UK National Insurance number prefix/suffix rules (HMRC). */
export function ukNino(value: string): boolean {
  const upper = value.toUpperCase();
  const m = /^([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])\d{6}([A-D])$/.exec(upper);
  if (m === null) return false;
  return !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(m[1]! + m[2]!);
}
