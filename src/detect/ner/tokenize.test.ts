import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('keeps exact UTF-16 offsets, including astral characters and accents', () => {
    const text = "Zoë 🙂 O'Brien lives at 12 Rue de l’Église, Paris.";
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(tokenize(text).map((t) => t.text)).toContain("O'Brien");
  });

  it('splits a possessive off the name it follows', () => {
    expect(tokenize("Anna's car").map((t) => t.text)).toEqual(['Anna', "'s", 'car']);
  });

  it('marks tokens that start a new line', () => {
    const tokens = tokenize('12 Main St\nSpringfield');
    expect(tokens.map((t) => t.newlineBefore)).toEqual([false, false, false, true]);
  });

  it('covers every non-space character of any string exactly once', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        const tokens = tokenize(text);
        let covered = '';
        let last = 0;
        for (const t of tokens) {
          expect(t.start).toBeGreaterThanOrEqual(last);
          expect(text.slice(t.start, t.end)).toBe(t.text);
          covered += t.text;
          last = t.end;
        }
        expect(covered).toBe(text.replace(/\s/gu, ''));
      }),
    );
  });
});
