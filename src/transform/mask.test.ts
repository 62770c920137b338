import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mask } from './mask.js';

describe('mask', () => {
  it('keeps the last four digits of a card and its separators', () => {
    expect(mask('4111-1111-1111-1234')).toBe('****-****-****-1234');
  });

  it('honours keepLast, the mask character and keepSeparators', () => {
    expect(mask('123-45-6789', { keepLast: 2, char: '#' })).toBe('###-##-##89');
    expect(mask('123-45-6789', { keepLast: 0, keepSeparators: false })).toBe('***********');
  });

  it('never shows more than half of a value', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.nat(64), (value, keepLast) => {
        const chars = Array.from(mask(value, { keepLast, char: '\u0000', keepSeparators: false }));
        const original = Array.from(value);
        expect(chars.length).toBe(original.length);
        const shown = chars.findIndex((c) => c !== '\u0000');
        const firstShown = shown === -1 ? chars.length : shown;
        expect(chars.length - firstShown).toBeLessThanOrEqual(
          Math.min(keepLast, Math.floor(chars.length / 2)),
        );
        expect(chars.slice(firstShown)).toEqual(original.slice(firstShown));
      }),
    );
  });

  it('masks whole code points, never half of a surrogate pair', () => {
    expect(mask('😀😀😀😀', { keepLast: 1 })).toBe('***😀');
  });
});
