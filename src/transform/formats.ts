/**
 * Check-digit schemes the synthesizer must respect so a replacement stays format-valid.
 * Hand-written: each is a few lines, and pulling a validation library for them would cost more than it
 * saves.
 */

/** True when a digit string passes the Luhn (mod 10) check used by payment cards. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  return luhnSum(digits, false) % 10 === 0;
}

/** The Luhn check digit to append to `payload`. */
export function luhnCheckDigit(payload: string): string {
  return String((10 - (luhnSum(payload, true) % 10)) % 10);
}

function luhnSum(digits: string, doubleFirst: boolean): number {
  let sum = 0;
  let double = doubleFirst;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}

/** ISO 13616 mod-97 of an IBAN written without spaces (letters count as 10..35). */
export function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged.toUpperCase()) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 && code <= 90 ? code - 55 : code - 48;
    rest = (value > 9 ? rest * 100 + value : rest * 10 + value) % 97;
  }
  return rest;
}

/** True when a compact IBAN has a country code, two check digits and a passing mod-97. */
export function ibanValid(iban: string): boolean {
  return /^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(iban) && ibanMod97(iban) === 1;
}

/** The two IBAN check digits for a country code and BBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const rest = ibanMod97(`${country}00${bban}`);
  return String(98 - rest).padStart(2, '0');
}

/** Card brands by leading digits; the synthesizer keeps the brand and length, never the issuer BIN. */
export interface CardBrand {
  name: string;
  /** Prefixes a synthetic number of this brand may start with. */
  prefixes: readonly string[];
  test(digits: string): boolean;
}

function between(digits: string, length: number, low: number, high: number): boolean {
  const n = Number(digits.slice(0, length));
  return n >= low && n <= high;
}

export const CARD_BRANDS: readonly CardBrand[] = [
  { name: 'amex', prefixes: ['34', '37'], test: (d) => /^3[47]/.test(d) },
  { name: 'diners', prefixes: ['36', '38'], test: (d) => /^3(?:0[0-5]|[68])/.test(d) },
  { name: 'jcb', prefixes: ['353', '356'], test: (d) => between(d, 4, 3528, 3589) },
  { name: 'discover', prefixes: ['6011', '65'], test: (d) => /^(?:6011|65|64[4-9])/.test(d) },
  { name: 'unionpay', prefixes: ['62'], test: (d) => /^62/.test(d) },
  {
    name: 'maestro',
    prefixes: ['6759', '5018'],
    test: (d) => /^(?:5018|5020|5038|6304|6759|676[1-3])/.test(d),
  },
  {
    name: 'mastercard',
    prefixes: ['51', '52', '53', '54', '55', '2221', '2720'],
    test: (d) => /^5[1-5]/.test(d) || between(d, 4, 2221, 2720),
  },
  { name: 'visa', prefixes: ['4'], test: (d) => d.startsWith('4') },
];

/** The brand of a card number (digits only), or undefined. */
export function cardBrand(digits: string): CardBrand | undefined {
  return CARD_BRANDS.find((b) => b.test(digits));
}

/** US SSN ranges the SSA can issue: area 001-899 except 666, group 01-99, serial 0001-9999. */
export function ssnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  return area > 0 && area < 900 && area !== 666 && group > 0 && serial > 0;
}
