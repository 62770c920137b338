import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardBrand, ibanCheckDigits, ibanValid, luhnCheckDigit, luhnValid, ssnValid } from './formats.js';

describe('formats', () => {
  it('computes Luhn check digits that validate, and rejects any single-digit change', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{11,18}$/),
        fc.nat(17),
        fc.integer({ min: 1, max: 9 }),
        (payload, at, delta) => {
          const full = payload + luhnCheckDigit(payload);
          expect(luhnValid(full)).toBe(true);
          const i = at % full.length;
          const changed = full.slice(0, i) + String((Number(full[i]) + delta) % 10) + full.slice(i + 1);
          expect(luhnValid(changed)).toBe(false);
        },
      ),
    );
  });

  it('validates the ISO 13616 example IBAN and rejects a transposition', () => {
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('GB82WEST12345698765423')).toBe(false);
    expect(ibanCheckDigits('GB', 'WEST12345698765432')).toBe('82');
  });

  it('tells card brands apart by leading digits', () => {
    expect(cardBrand('4' + '0'.repeat(15))?.name).toBe('visa');
    expect(cardBrand('5500' + '0'.repeat(12))?.name).toBe('mastercard');
    expect(cardBrand('2221' + '0'.repeat(12))?.name).toBe('mastercard');
    expect(cardBrand('3400' + '0'.repeat(11))?.name).toBe('amex');
    expect(cardBrand('6011' + '0'.repeat(12))?.name).toBe('discover');
    expect(cardBrand('1234' + '0'.repeat(12))).toBeUndefined();
  });

  it('accepts SSNs only in issuable ranges', () => {
    expect(ssnValid('123456789')).toBe(true);
    expect(ssnValid('666123456')).toBe(false);
    expect(ssnValid('900123456')).toBe(false);
    expect(ssnValid('123006789')).toBe(false);
    expect(ssnValid('123450000')).toBe(false);
  });
});
