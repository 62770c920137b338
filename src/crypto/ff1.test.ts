import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE36, createFf1, createFf1String, DIGITS } from './ff1.js';

const K128 = '2B7E151628AED2A6ABF7158809CF4F3C';
const K192 = K128 + 'EF4359D8D580AA4F';
const K256 = K192 + '7F036D6F04FC6A94';
const T10 = '39383736353433323130';
const T11 = '3737373770717273373737';

// NIST SP 800-38G FF1 samples 1–9 (FF1samples.pdf, Computer Security Resource Center).
const SAMPLES = [
  { n: 1, key: K128, tweak: '', alphabet: DIGITS, pt: '0123456789', ct: '2433477484' },
  { n: 2, key: K128, tweak: T10, alphabet: DIGITS, pt: '0123456789', ct: '6124200773' },
  { n: 3, key: K128, tweak: T11, alphabet: BASE36, pt: '0123456789abcdefghi', ct: 'a9tv40mll9kdu509eum' },
  { n: 4, key: K192, tweak: '', alphabet: DIGITS, pt: '0123456789', ct: '2830668132' },
  { n: 5, key: K192, tweak: T10, alphabet: DIGITS, pt: '0123456789', ct: '2496655549' },
  { n: 6, key: K192, tweak: T11, alphabet: BASE36, pt: '0123456789abcdefghi', ct: 'xbj3kv35jrawxv32ysr' },
  { n: 7, key: K256, tweak: '', alphabet: DIGITS, pt: '0123456789', ct: '6657667009' },
  { n: 8, key: K256, tweak: T10, alphabet: DIGITS, pt: '0123456789', ct: '1001623463' },
  { n: 9, key: K256, tweak: T11, alphabet: BASE36, pt: '0123456789abcdefghi', ct: 'xs8a0azh2avyalyzuwd' },
];

describe('FF1 (NIST SP 800-38G)', () => {
  for (const s of SAMPLES) {
    it(`matches NIST sample ${s.n} in both directions`, () => {
      const cipher = createFf1String(Buffer.from(s.key, 'hex'), s.alphabet);
      const tweak = Buffer.from(s.tweak, 'hex');
      expect(cipher.encrypt(s.pt, tweak)).toBe(s.ct);
      expect(cipher.decrypt(s.ct, tweak)).toBe(s.pt);
    });
  }

  it('round-trips arbitrary numeral strings, radixes and tweaks', () => {
    const key = Buffer.from(K256, 'hex');
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 300 })
          .chain((radix) =>
            fc.tuple(
              fc.constant(radix),
              fc.array(fc.integer({ min: 0, max: radix - 1 }), { minLength: 20, maxLength: 40 }),
              fc.uint8Array({ maxLength: 24 }),
            ),
          ),
        ([radix, numerals, tweak]) => {
          const ff1 = createFf1({ key, radix });
          const ct = ff1.encrypt(numerals, tweak);
          expect(ct).toHaveLength(numerals.length);
          expect(ct.every((d) => d >= 0 && d < radix)).toBe(true);
          expect(ff1.decrypt(ct, tweak)).toEqual(numerals);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is deterministic per key and tweak and changes with either', () => {
    const a = createFf1String(Buffer.from(K128, 'hex'));
    const b = createFf1String(Buffer.from(K256, 'hex'));
    expect(a.encrypt('4111111111111111')).toBe(a.encrypt('4111111111111111'));
    expect(a.encrypt('4111111111111111')).not.toBe(b.encrypt('4111111111111111'));
    expect(a.encrypt('4111111111111111', Buffer.from('t1'))).not.toBe(a.encrypt('4111111111111111'));
  });

  it('rejects inputs too short for the domain, foreign characters and bad keys', () => {
    const digits = createFf1String(Buffer.from(K128, 'hex'));
    expect(() => digits.encrypt('12345')).toThrow(/length/);
    expect(() => digits.encrypt('12345a7890')).toThrow(/outside the alphabet/);
    expect(() => createFf1({ key: new Uint8Array(15), radix: 10 })).toThrow(/key/);
    expect(() => createFf1({ key: new Uint8Array(16), radix: 1 })).toThrow(/radix/);
    expect(createFf1({ key: new Uint8Array(16), radix: 10 }).minLength).toBe(6);
  });
});
