import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BulwarkError, type Finding } from '../core/index.js';
import { builtinRecognizers } from '../detect/index.js';
import { anonymize, createAnonymizer } from './anonymize.js';
import { OPERATOR_NAMES } from './types.js';

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

const key = randomBytes(32);

describe('anonymize', () => {
  const { text, findings } = compose([
    { plain: 'Mail ', type: 'EMAIL', value: 'ana@corp.example' },
    { plain: ' or call ', type: 'PHONE', value: '+1 415 555 2671' },
    { plain: '.' },
  ]);

  it('redacts to [TYPE] by default and reports operations located in the output', () => {
    const result = anonymize(text, findings);
    expect(result.text).toBe('Mail [EMAIL] or call [PHONE].');
    for (const op of result.operations) expect(result.text.slice(op.start, op.end)).toBe(`[${op.type}]`);
    expect(result.operations.map((o) => o.operator)).toEqual(['redact', 'redact']);
    expect(JSON.stringify(result.operations)).not.toContain('ana@');
  });

  it('applies operators per type with DEFAULT for the rest, as Presidio does', () => {
    const result = anonymize(text, findings, {
      operators: { PHONE: { operator: 'mask', keepLast: 4 }, DEFAULT: { operator: 'redact', label: '<x>' } },
    });
    expect(result.text).toBe('Mail <x> or call ** *** *** 2671.');
    expect(result.operations.map((o) => o.operator)).toEqual(['redact', 'mask']);
  });

  it('keeps values under the keep operator', () => {
    expect(anonymize(text, findings, { operators: { DEFAULT: 'keep' } }).text).toBe(text);
  });

  it('refuses hash and pseudonymize without a key, or with a short one', () => {
    expect(() => anonymize(text, findings, { operators: { DEFAULT: 'hash' } })).toThrow(BulwarkError);
    expect(() => anonymize(text, findings, { operators: { EMAIL: 'pseudonymize' }, key: 'short' })).toThrow(
      /at least 16 bytes/,
    );
  });

  it('hashes with the key: another key gives another digest', () => {
    const a = anonymize(text, findings, { operators: { DEFAULT: 'hash' }, key }).text;
    const b = anonymize(text, findings, { operators: { DEFAULT: 'hash' }, key: randomBytes(32) }).text;
    expect(a).toMatch(/^Mail [0-9a-f]{64} or call [0-9a-f]{64}\.$/);
    expect(a).not.toBe(b);
  });

  it('rejects an unknown operator naming the type, and bad offsets naming the index only', () => {
    expect(() => createAnonymizer({ operators: { EMAIL: 'scramble' as 'keep' } })).toThrow(/EMAIL/);
    const bad = [{ type: 'EMAIL', start: 5, end: 999, score: 1, recognizer: 't' }];
    expect(() => anonymize(text, bad)).toThrow(/Finding 0/);
  });

  it('merges overlapping findings so no part of either stays in clear', () => {
    const overlapping: Finding[] = [
      { type: 'PERSON', start: 0, end: 9, score: 0.6, recognizer: 'a' },
      { type: 'ADDRESS', start: 4, end: 25, score: 0.9, recognizer: 'b' },
    ];
    const result = anonymize('Ana Lopez, 12 Main Street, Springfield', overlapping);
    expect(result.text).toBe('[ADDRESS], Springfield');
  });

  it('never leaves an original value in the output, whatever the operator', () => {
    const plain = fc.stringMatching(/^[a-z ,.]{0,12}$/);
    const value = fc.stringMatching(/^Q[0-9A-F]{7,15}$/);
    const segment = fc.record({
      plain,
      type: fc.constantFrom('PERSON', 'EMAIL', 'CREDIT_CARD', 'X_ID'),
      value,
    });
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...OPERATOR_NAMES.filter((o) => o !== 'keep')),
        fc.nat(),
        (segments, operator, seed) => {
          const input = compose(segments);
          const out = anonymize(input.text, input.findings, { operators: { DEFAULT: operator }, key, seed });
          for (const v of input.values) expect(out.text).not.toContain(v);
          expect(out.operations).toHaveLength(input.findings.length);
        },
      ),
    );
  });

  it('leaves whole-document verdicts of built-in document-scope recognisers alone', () => {
    const documentIds = builtinRecognizers.filter((d) => d.scope === 'document').map((d) => d.id);
    for (const recognizer of documentIds) {
      const verdict: Finding = { type: 'PROMPT_INJECTION', start: 0, end: text.length, score: 1, recognizer };
      expect(anonymize(text, [verdict, ...findings]).text).toBe('Mail [EMAIL] or call [PHONE].');
    }
    // An unknown recogniser's finding is a span: failing closed means redacting it.
    const unknown: Finding = {
      type: 'PROMPT_INJECTION',
      start: 0,
      end: text.length,
      score: 1,
      recognizer: 'x',
    };
    expect(anonymize(text, [unknown]).text).toBe('[PROMPT_INJECTION]');
  });
});
