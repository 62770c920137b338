import { faker } from '@faker-js/faker';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as c from './checksums.js';

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Every way to finish `payload` with one character from `alphabet` that the validator accepts. */
function completions(payload: string, alphabet: string, valid: (v: string) => boolean): string[] {
  return [...alphabet].map((ch) => payload + ch).filter(valid);
}

const digitString = (min: number, max = min) =>
  fc.array(fc.constantFrom(...DIGITS), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** Replaces the digit at `index` with a different digit. */
function mutateDigit(value: string, index: number, delta: number): string {
  const digit = Number(value[index]);
  return value.slice(0, index) + String((digit + delta) % 10) + value.slice(index + 1);
}

interface Scheme {
  name: string;
  /** Generates a payload (all but the check character). */
  payload: fc.Arbitrary<string>;
  alphabet: string;
  valid: (value: string) => boolean;
  /** Positions where the scheme guarantees a single-digit change is caught. */
  guarded: (value: string) => number[];
}

const allDigits = (value: string) => [...value].map((_, i) => i).filter((i) => /\d/.test(value[i]!));

const SCHEMES: Scheme[] = [
  { name: 'Luhn', payload: digitString(8, 18), alphabet: DIGITS, valid: c.luhn, guarded: allDigits },
  { name: 'Verhoeff (Aadhaar)', payload: digitString(11).map((d) => '2' + d.slice(1)), alphabet: DIGITS, valid: c.inAadhaar, guarded: allDigits },
  { name: 'ABA routing', payload: digitString(8).map((d) => '0' + d.slice(1)), alphabet: DIGITS, valid: c.abaRouting, guarded: (v) => allDigits(v).slice(2) },
  { name: 'NHS mod 11', payload: digitString(9), alphabet: DIGITS, valid: c.nhs, guarded: allDigits },
  { name: 'DE Steuer-ID (ISO 7064 mod 11,10)', payload: fc.shuffledSubarray([...DIGITS], { minLength: 10, maxLength: 10 }).map((d) => (d[0] === '0' ? d.reverse() : d).join('')), alphabet: DIGITS, valid: c.deTaxId, guarded: allDigits },
  { name: 'NL BSN 11-proof', payload: digitString(8).map((d) => '1' + d.slice(1)), alphabet: DIGITS, valid: c.nlBsn, guarded: allDigits },
  { name: 'AU TFN', payload: digitString(8), alphabet: DIGITS, valid: c.auTfn, guarded: allDigits },
  { name: 'AU ABN mod 89', payload: digitString(10).map((d) => '5' + d.slice(1)), alphabet: DIGITS, valid: c.auAbn, guarded: (v) => allDigits(v).slice(1) },
  { name: 'AU Medicare', payload: digitString(8).map((d) => '2' + d.slice(1)), alphabet: DIGITS, valid: (v) => c.auMedicare(v + '1'), guarded: (v) => allDigits(v).slice(1) },
  { name: 'CA SIN', payload: digitString(8).map((d) => '1' + d.slice(1)), alphabet: DIGITS, valid: c.caSin, guarded: (v) => allDigits(v).slice(1) },
  { name: 'ES NIF mod 23', payload: digitString(8), alphabet: LETTERS, valid: c.esNif, guarded: allDigits },
  { name: 'ES NIE mod 23', payload: fc.tuple(fc.constantFrom('X', 'Y', 'Z'), digitString(7)).map(([p, d]) => p + d), alphabet: LETTERS, valid: c.esNie, guarded: allDigits },
  { name: 'SG NRIC', payload: fc.tuple(fc.constantFrom('S', 'T', 'F', 'G', 'M'), digitString(7)).map(([p, d]) => p + d), alphabet: LETTERS, valid: c.sgNric, guarded: allDigits },
]; // prettier-ignore

describe('check-digit schemes', () => {
  for (const scheme of SCHEMES) {
    it(`${scheme.name}: a generated valid number passes and every single-digit change fails`, () => {
      fc.assert(
        fc.property(scheme.payload, fc.integer({ min: 1, max: 9 }), (payload, delta) => {
          const valid = completions(payload, scheme.alphabet, scheme.valid);
          fc.pre(valid.length > 0);
          const value = valid[0]!;
          expect(scheme.valid(value)).toBe(true);
          for (const index of scheme.guarded(value)) {
            const changed = mutateDigit(value, index, delta);
            expect(scheme.valid(changed), `${scheme.name} change at ${index}`).toBe(false);
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  it('IBAN: a valid number in its country layout passes; a changed character, wrong length or layout fails', () => {
    // faker knows each country's BBAN layout; the check digits it computes are ISO 13616's.
    const countries = Object.keys(c.IBAN_LENGTHS).filter((cc) => {
      try {
        return faker.finance.iban({ countryCode: cc }).length > 0;
      } catch {
        return false;
      }
    });
    expect(countries.length).toBeGreaterThan(60);
    fc.assert(
      fc.property(
        fc.constantFrom(...countries),
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 9 }),
        (cc, seed, delta) => {
          faker.seed(seed);
          const value = faker.finance.iban({ formatted: false, countryCode: cc });
          expect(c.iban(value), value).toBe(true);
          expect(c.iban(value.toLowerCase()), value).toBe(true);
          // mod-97 catches every single-digit change; positions 2-3 (check digits) are always digits.
          const from = 2 + (seed % (value.length - 2));
          const at = [...value].findIndex((ch, i) => i >= from && /\d/.test(ch));
          expect(c.iban(mutateDigit(value, at === -1 ? 2 : at, delta))).toBe(false);
          expect(c.iban(value + '0')).toBe(false);
          expect(c.iban(value.slice(0, -1))).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('IBAN: a right mod-97 check in the wrong layout fails (a UUID fragment is not a Belgian IBAN)', () => {
    // BE is 12 digits after the check digits; with a letter inside, mod-97 can still come out right.
    const bban = '5266018B4472';
    const check = String(98 - c.mod97(bban + 'BE00')).padStart(2, '0');
    expect(c.mod97(bban + 'BE' + check)).toBe(1);
    expect(c.iban('BE' + check + bban)).toBe(false);
    expect(c.iban('BE68539007547034')).toBe(true);
  }); // prettier-ignore

  it('FR NIR: the key is 97 minus the number mod 97, with Corsica mapped to digits', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('1', '2'),
        digitString(2),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('75', '2A', '2B', '13'),
        digitString(6),
        fc.integer({ min: 1, max: 9 }),
        (sex, year, month, dept, rest, delta) => {
          const body = sex + year + String(month).padStart(2, '0') + dept + rest;
          const numeric = body.replace('2A', '19').replace('2B', '18');
          const key = String(97 - c.modDecimal(numeric, 97)).padStart(2, '0');
          expect(c.frNir(body + key)).toBe(true);
          expect(c.frNir(mutateDigit(body, 9, delta) + key)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('Italian codice fiscale: exactly one control letter fits', () => {
    expect(c.itFiscalCode('RSSMRA85T10A562S')).toBe(true);
    expect(completions('RSSMRA85T10A562', LETTERS, c.itFiscalCode)).toEqual(['RSSMRA85T10A562S']);
    expect(c.itFiscalCode('RSSMRA85T10A562T')).toBe(false);
    // Omocodia: digits replaced by letters keep a valid shape.
    const omocode = completions('RSSMRA85T10A56N', LETTERS, c.itFiscalCode);
    expect(omocode).toHaveLength(1);
  });

  it('rejects known-invalid values', () => {
    expect(c.luhn('4111111111111112')).toBe(false);
    expect(c.usSsn('000123456')).toBe(false);
    expect(c.usSsn('666123456')).toBe(false);
    expect(c.usSsn('912345678')).toBe(false);
    expect(c.usSsn('123004567')).toBe(false);
    expect(c.usSsn('123450000')).toBe(false);
    expect(c.usSsn('078051120')).toBe(false);
    expect(c.usItin('911891234')).toBe(false);
    expect(c.usItin('911701234')).toBe(true);
    expect(c.ukNino('AB123456C')).toBe(true);
    expect(c.ukNino('BG123456C')).toBe(false); // reserved prefix
    expect(c.ukNino('DA123456C')).toBe(false); // D never first
    expect(c.ukNino('AB123456E')).toBe(false); // suffix A-D only
    expect(c.deTaxId('11112345678')).toBe(false); // a digit four times
    expect(c.deTaxId('02345678901')).toBe(false); // leading zero
    expect(c.caSin('046454286')).toBe(false); // 0 prefix never issued
    expect(c.deIdCard('T220001293')).toBe(true);
    expect(c.deIdCard('T220001290')).toBe(false);
    expect(c.nlBsn('000000000')).toBe(false);
  });
});
