import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRestorer, restore } from './restorer.js';

/** Splits a string at the given cut points (indices, any order). */
function chunk(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let last = 0;
  for (const p of points) {
    parts.push(text.slice(last, p));
    last = p;
  }
  parts.push(text.slice(last));
  return parts;
}

function streamed(text: string, mapping: Record<string, string>, cuts: readonly number[]): string {
  const r = createRestorer(mapping);
  return (
    chunk(text, cuts)
      .map((c) => r.push(c))
      .join('') + r.flush()
  );
}

describe('createRestorer', () => {
  const mapping = { '[PERSON_1]': 'Ana Lopez', '[PERSON_10]': 'Bo Chen', '[EMAIL_1]': 'ana@corp.example' };

  it('restores a surrogate split across chunks', () => {
    const r = createRestorer(mapping);
    expect(r.push('Hello [PER')).toBe('Hello ');
    expect(r.push('SON_1')).toBe('');
    expect(r.push('] and [EMAIL_1]!')).toBe('Ana Lopez and ana@corp.example!');
    expect(r.flush()).toBe('');
  });

  it('holds back only what could still start a surrogate', () => {
    const r = createRestorer(mapping);
    expect(r.push('a [b] [P')).toBe('a [b] ');
    expect(r.push('X')).toBe('[PX');
    expect(r.push('[PERSON_1')).toBe('');
    expect(r.push('0]')).toBe('Bo Chen');
    expect(r.push('[EMAIL_')).toBe('');
    expect(r.flush()).toBe('[EMAIL_');
  });

  it('matches the longest surrogate at a position', () => {
    expect(restore('x Ana Li y Ana Lim', { 'Ana Li': 'A', 'Ana Lim': 'B' })).toBe('x A y B');
  });

  it('gives the same result whatever the chunking', () => {
    const token = fc.constantFrom(...Object.keys(mapping), '[', '[PERSON_', ']', 'Ana');
    const text = fc
      .array(fc.oneof(token, fc.string({ maxLength: 5 })), { maxLength: 12 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 8 }), (t, cuts) => {
        expect(streamed(t, mapping, cuts)).toBe(restore(t, mapping));
      }),
    );
  });

  it('leaves text without surrogates untouched and emits it at once', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[^[]*$/), (t) => {
        expect(createRestorer(mapping).push(t)).toBe(t);
      }),
    );
  });
});
