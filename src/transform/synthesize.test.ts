import fc from 'fast-check';
import { isValidPhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { cardBrand, ibanCheckDigits, ibanValid, luhnCheckDigit, luhnValid, ssnValid } from './formats.js';
import { createSynthesizer } from './synthesize.js';

const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** A Luhn-valid card of the brand's prefix and length, in one of the usual layouts. */
const card = fc
  .record({
    prefix: fc.constantFrom('4', '51', '55', '2221', '34', '37', '6011', '65', '3530'),
    body: fc.stringMatching(/^\d{18}$/),
    layout: fc.constantFrom('plain', 'spaces', 'dashes'),
  })
  .map(({ prefix, body, layout }) => {
    const length = prefix.startsWith('3') && prefix !== '3530' ? 15 : 16;
    const payload = (prefix + body).slice(0, length - 1);
    const digits = payload + luhnCheckDigit(payload);
    const groups = digits.match(/.{1,4}/g)!;
    return layout === 'plain' ? digits : groups.join(layout === 'spaces' ? ' ' : '-');
  });

const iban = fc
  .record({
    country: fc.constantFrom('DE', 'FR', 'GB', 'ES', 'NL', 'IT', 'CH'),
    bban: fc.stringMatching(/^\d{18}$/),
  })
  .map(({ country, bban }) => country + ibanCheckDigits(country, bban) + bban);

describe('synthesize', () => {
  it('replaces a card with one of the same brand and layout that passes Luhn', () => {
    fc.assert(
      fc.property(card, seed, (value, s) => {
        const out = createSynthesizer(s).synthesize('CREDIT_CARD', value);
        const digits = out.replace(/\D/g, '');
        expect(out).not.toBe(value);
        expect(luhnValid(digits)).toBe(true);
        expect(cardBrand(digits)?.name).toBe(cardBrand(value.replace(/\D/g, ''))?.name);
        expect(out.replace(/\d/g, '0')).toBe(value.replace(/\d/g, '0'));
      }),
    );
  });

  it('replaces an IBAN with one of the same country that passes mod-97', () => {
    fc.assert(
      fc.property(iban, seed, (value, s) => {
        const out = createSynthesizer(s).synthesize('IBAN', value);
        expect(ibanValid(out)).toBe(true);
        expect(out.slice(0, 2)).toBe(value.slice(0, 2));
        expect(out).not.toBe(value);
      }),
    );
  });

  it('replaces a phone number with a valid one of the same region', () => {
    const numbers = [
      '+44 20 7946 0958',
      '+49 30 901820',
      '+33 1 42 68 53 00',
      '(415) 555-2671',
      '+81 3-1234-5678',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...numbers), seed, (value, s) => {
        const out = createSynthesizer(s).synthesize('PHONE', value);
        const before = parsePhoneNumberFromString(value, 'US');
        expect(isValidPhoneNumber(out, 'US')).toBe(true);
        expect(parsePhoneNumberFromString(out, 'US')?.country).toBe(before?.country ?? 'US');
        expect(out).not.toBe(value);
      }),
      { numRuns: 60 },
    );
  });

  it('replaces an SSN with one in issuable ranges, same layout', () => {
    fc.assert(
      fc.property(fc.constantFrom('123-45-6789', '123 45 6789', '123456789'), seed, (value, s) => {
        const out = createSynthesizer(s).synthesize('US_SSN', value);
        expect(ssnValid(out.replace(/\D/g, ''))).toBe(true);
        expect(out.replace(/\d/g, '0')).toBe(value.replace(/\d/g, '0'));
      }),
    );
  });

  it('is deterministic with a seed, and coherent: a repeated value gets the same replacement', () => {
    const a = createSynthesizer(7);
    const b = createSynthesizer(7);
    const first = a.synthesize('PERSON', 'Ana Lopez');
    expect(b.synthesize('PERSON', 'Ana Lopez')).toBe(first);
    expect(a.synthesize('EMAIL', 'x@y.com')).toBe(b.synthesize('EMAIL', 'x@y.com'));
    expect(a.synthesize('PERSON', 'Ana Lopez')).toBe(first);
    expect(first).toMatch(/\s/);
  });

  it('keeps character classes for types it has no generator for', () => {
    const out = createSynthesizer(1).synthesize('UK_NINO', 'AB123456C');
    expect(out).toMatch(/^[A-Z]{2}\d{6}[A-Z]$/);
    expect(out).not.toBe('AB123456C');
  });

  it('never returns the original, even for values it cannot reshape', () => {
    const synth = createSynthesizer(2);
    for (const value of ['王小明', 'Ünal', '---', '7']) {
      expect(synth.synthesize('CUSTOM_ID', value)).not.toBe(value);
    }
    expect(synth.synthesize('CUSTOM_ID', '王小明')).toMatch(/^[A-Za-z]{3}$/);
  });

  it('without a seed remembers no value and still gives a repeat the same replacement, however far apart', () => {
    const synth = createSynthesizer();
    const first = synth.synthesize('PERSON', 'Ana Lopez');
    for (let i = 0; i < 20_000; i++) synth.synthesize('EMAIL', `user${i}@example.org`);
    expect(synth.remembered).toBe(0);
    expect(synth.synthesize('PERSON', ' Ana  Lopez ')).toBe(first);
    expect(createSynthesizer().synthesize('PERSON', 'Ana Lopez')).not.toBe(first);
  });

  it('with a seed holds at most `remember` values, least recently used out first', () => {
    const synth = createSynthesizer(7, { remember: 100 });
    const ana = synth.synthesize('PERSON', 'Ana Lopez');
    for (let i = 0; i < 1000; i++) {
      synth.synthesize('EMAIL', `user${i}@example.org`);
      // A value in use stays remembered, so it keeps its replacement.
      if (i % 50 === 0) expect(synth.synthesize('PERSON', 'Ana Lopez')).toBe(ana);
    }
    expect(synth.remembered).toBe(100);
    expect(createSynthesizer(7).remembered).toBe(0);
  });
});
