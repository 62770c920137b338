import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/index.js';
import { createRestorer, restore } from './restorer.js';
import { tokenize } from './tokenize.js';

/** Builds text from plain and sensitive segments, returning the findings and the sensitive values. */
function compose(segments: readonly { plain: string; type?: string; value?: string }[]): {
  text: string;
  findings: Finding[];
  values: string[];
} {
  let text = '';
  const findings: Finding[] = [];
  const values: string[] = [];
  for (const s of segments) {
    text += s.plain;
    if (s.type !== undefined && s.value !== undefined) {
      findings.push({
        type: s.type,
        start: text.length,
        end: text.length + s.value.length,
        score: 0.9,
        recognizer: 'test',
      });
      values.push(s.value);
      text += s.value;
    }
  }
  return { text, findings, values };
}

const segment = fc.record({
  plain: fc.string({ maxLength: 12 }),
  type: fc.constantFrom('PERSON', 'EMAIL', 'CREDIT_CARD', 'PHONE', 'US_SSN'),
  value: fc.string({ minLength: 1, maxLength: 12 }),
});
const segments = fc.array(segment, { maxLength: 6 });

describe('tokenize', () => {
  it('replaces values with stable placeholders and a mapping back', () => {
    const { text, findings } = compose([
      { plain: '', type: 'PERSON', value: 'Ana' },
      { plain: ' met ', type: 'PERSON', value: 'Bo' },
      { plain: '; ', type: 'PERSON', value: 'Ana' },
      { plain: ' left.' },
    ]);
    const result = tokenize(text, findings);
    expect(result.text).toBe('[PERSON_1] met [PERSON_2]; [PERSON_1] left.');
    expect(result.mapping).toEqual({ '[PERSON_1]': 'Ana', '[PERSON_2]': 'Bo' });
    expect(result.exact).toBe(true);
  });

  it('continues an earlier mapping: known values keep their token, new ones get the next number', () => {
    const { text, findings } = compose([
      { plain: '', type: 'PERSON', value: 'Bo' },
      { plain: ' and ', type: 'PERSON', value: 'Cy' },
    ]);
    const result = tokenize(text, findings, { mapping: { '[PERSON_1]': 'Ana', '[PERSON_2]': 'Bo' } });
    expect(result.text).toBe('[PERSON_2] and [PERSON_3]');
    expect(result.mapping['[PERSON_1]']).toBe('Ana');
  });

  it('never mints a placeholder that already occurs in the text', () => {
    const { text, findings } = compose([{ plain: 'literal [EMAIL_1] then ', type: 'EMAIL', value: 'a@b.c' }]);
    const result = tokenize(text, findings);
    expect(result.text).toBe('literal [EMAIL_1] then [EMAIL_2]');
    expect(restore(result.text, result.mapping)).toBe(text);
  });

  it('round-trips: restore(tokenize(text)) is the text, for both styles and any chunking', () => {
    fc.assert(
      fc.property(
        segments,
        fc.constantFrom('placeholder' as const, 'surrogate' as const),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 10 }),
        (parts, style, seed, cuts) => {
          const { text, findings } = compose(parts);
          const result = tokenize(text, findings, { style, seed });
          expect(result.exact).toBe(true);
          expect(restore(result.text, result.mapping)).toBe(text);
          const r = createRestorer(result.mapping);
          let out = '';
          let last = 0;
          for (const cut of [...cuts.map((c) => c % (result.text.length + 1))].sort((a, b) => a - b)) {
            out += r.push(result.text.slice(last, cut));
            last = cut;
          }
          expect(out + r.push(result.text.slice(last)) + r.flush()).toBe(text);
        },
      ),
    );
  });

  it('uses realistic surrogates when asked', () => {
    const { text, findings } = compose([
      { plain: 'card ', type: 'CREDIT_CARD', value: '4111 1111 1111 1111' },
    ]);
    const result = tokenize(text, findings, { style: 'surrogate', seed: 3 });
    expect(result.text).toMatch(/^card 4\d{3} \d{4} \d{4} \d{4}$/);
    expect(result.text).not.toBe(text);
  });
});
