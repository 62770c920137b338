import { describe, expect, it } from 'vitest';
import { cardBrand } from './credit-card.js';
import { iban as validIban, mod97 } from './checksums.js';
import { cardNumber, randomDigits, scoreOf, spans } from './test-helpers.js';

describe('CREDIT_CARD', () => {
  it.each([
    ['visa', '4', 16],
    ['mastercard', '52', 16],
    ['mastercard', '2221', 16],
    ['amex', '37', 15],
    ['discover', '6011', 16],
    ['jcb', '3530', 16],
    ['jcb', '2131', 15],
    ['diners', '36', 14],
    ['unionpay', '6200', 19],
    ['maestro', '6759', 16],
  ])('finds a Luhn-valid %s number (prefix %s)', (brand, prefix, length) => {
    const number = cardNumber(prefix, length);
    expect(cardBrand(number)).toBe(brand);
    expect(spans(`card: ${number}.`, 'CREDIT_CARD')).toEqual([number]);
  });

  it('accepts space and dash grouping, one separator kind at a time', () => {
    const n = cardNumber('4', 16);
    const spaced = n.replace(/(\d{4})(?=\d)/g, '$1 ');
    const dashed = n.replace(/(\d{4})(?=\d)/g, '$1-');
    expect(spans(`pay with ${spaced} now`, 'CREDIT_CARD')).toEqual([spaced]);
    expect(spans(`pay with ${dashed} now`, 'CREDIT_CARD')).toEqual([dashed]);
    const mixed = `${n.slice(0, 4)} ${n.slice(4, 8)}-${n.slice(8, 12)} ${n.slice(12)}`;
    expect(spans(mixed, 'CREDIT_CARD')).toEqual([]);
  });

  it('rejects a bad check digit, unknown issuer ranges and digits inside longer runs', () => {
    const n = cardNumber('4', 16);
    const bad = n.slice(0, -1) + String((Number(n.at(-1)) + 1) % 10);
    expect(spans(bad, 'CREDIT_CARD')).toEqual([]);
    expect(spans(cardNumber('99', 16), 'CREDIT_CARD')).toEqual([]);
    expect(spans(cardNumber('2131', 16), 'CREDIT_CARD')).toEqual([]); // 2131 is JCB only at 15 digits
    expect(spans(`id ${n}${randomDigits(6)} end`, 'CREDIT_CARD')).toEqual([]);
    expect(spans(`x${n}`, 'CREDIT_CARD')).toEqual([]);
    expect(spans('0000000000000000', 'CREDIT_CARD')).toEqual([]);
  });

  it('lowers the score next to order/invoice words', () => {
    const n = cardNumber('4', 16);
    expect(scoreOf(`credit card ${n}`, 'CREDIT_CARD')).toBeGreaterThan(
      scoreOf(`invoice ${n}`, 'CREDIT_CARD'),
    );
  });
});

/** Builds a valid IBAN for a country and BBAN (check digits per ISO 13616). */
function makeIban(country: string, bban: string): string {
  return country + String(98 - mod97(bban + country + '00')).padStart(2, '0') + bban;
}

describe('IBAN', () => {
  it('finds IBANs printed compact, in groups of four, and in a list', () => {
    const de = makeIban('DE', '37040044' + randomDigits(10));
    const gb = makeIban('GB', 'WEST' + randomDigits(14));
    expect(validIban(de) && validIban(gb)).toBe(true);
    const grouped = de.replace(/(.{4})(?=.)/g, '$1 ');
    expect(spans(`IBAN: ${de}`, 'IBAN')).toEqual([de]);
    expect(spans(`Konto ${grouped}, danke`, 'IBAN')).toEqual([grouped]);
    expect(spans(`${de}, ${gb}`, 'IBAN')).toEqual([de, gb]);
    expect(spans(`iban ${gb.toLowerCase()}`, 'IBAN')).toEqual([gb.toLowerCase()]);
  });

  it('stops at the country length even when words follow', () => {
    const fr = makeIban('FR', '20041010050500013M02606');
    const grouped = fr.replace(/(.{4})(?=.)/g, '$1 ');
    expect(spans(`${grouped} X in a sentence`, 'IBAN')).toEqual([grouped]);
  });

  it('rejects a wrong check, a wrong length, an unknown country and mixed separators', () => {
    const de = makeIban('DE', '37040044' + randomDigits(10));
    const wrong = de.slice(0, -1) + String((Number(de.at(-1)) + 1) % 10);
    expect(spans(wrong, 'IBAN')).toEqual([]);
    expect(spans(de.slice(0, -1), 'IBAN')).toEqual([]);
    expect(spans(makeIban('QQ', randomDigits(18)), 'IBAN')).toEqual([]);
    expect(spans(`${de.slice(0, 4)} ${de.slice(4, 8)}-${de.slice(8)}`, 'IBAN')).toEqual([]);
    expect(spans(`${de.slice(0, 4)}/${de.slice(4, 8)}/${de.slice(8)}`, 'IBAN')).toEqual([]);
  });

  it('rejects a right check in the wrong country layout, and the head of a longer dashed token', () => {
    // BE is 12 digits; a hex fragment with a letter can still pass mod-97 (seen in a random UUID).
    const hexBe = makeIban('BE', '5266018B4472');
    expect(validIban(hexBe)).toBe(false);
    expect(
      spans(`request ${hexBe.toLowerCase().replace(/(.{4})(?=.)/g, '$1-')}-b6a1-42c81f0e9d3a failed`, 'IBAN'),
    ).toEqual([]);
    const be = makeIban('BE', '539007547034');
    const dashed = be.replace(/(.{4})(?=.)/g, '$1-');
    expect(spans(`ref ${dashed}-77aa`, 'IBAN')).toEqual([]);
    expect(spans(`ref ${dashed} ok`, 'IBAN')).toEqual([dashed]);
  });
});

describe('CRYPTO_WALLET', () => {
  it('finds base58check, bech32 and bech32m Bitcoin addresses', () => {
    // Addresses from the Bitcoin wiki and BIP-173/BIP-350 test vectors (public examples).
    for (const address of [
      '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
      '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      'bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297',
    ]) {
      expect(spans(`send to ${address} please`, 'CRYPTO_WALLET')).toEqual([address]);
    }
  });

  it('checks EIP-55 on mixed-case Ethereum addresses', () => {
    const good = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'; // EIP-55 specification example
    const bad = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD';
    expect(spans(good, 'CRYPTO_WALLET')).toEqual([good]);
    expect(spans(bad, 'CRYPTO_WALLET')).toEqual([]);
    expect(scoreOf(good.toLowerCase(), 'CRYPTO_WALLET')).toBeLessThan(scoreOf(good, 'CRYPTO_WALLET'));
  });

  it('rejects a corrupted checksum, an extra character and hex hashes', () => {
    expect(spans('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3', 'CRYPTO_WALLET')).toEqual([]);
    expect(spans('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN22', 'CRYPTO_WALLET')).toEqual([]);
    expect(spans('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', 'CRYPTO_WALLET')).toEqual([]);
    const sha256 = '8f953371d3e85eddb89b05ed6b9e680791055315c73e1025ab5dba7bb2aee189';
    expect(spans(sha256, 'CRYPTO_WALLET')).toEqual([]);
  });
});
