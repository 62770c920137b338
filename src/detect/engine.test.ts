import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Finding } from '../core/index.js';
import { classify } from './classify.js';
import { createScanner } from './engine.js';
import { defineRecognizer, type RecognizerDescriptor } from './recognizer.js';

function wordRecognizer(id: string, type: string, word: string, score: number): RecognizerDescriptor {
  return defineRecognizer({
    id,
    mode: 'sync',
    entities: [{ type, category: 'contact', level: 'confidential' }],
    languages: 'any',
    scope: 'span',
    streaming: true,
    keywords: [word],
    options: z.object({ boost: z.number().default(0) }),
    create: ({ boost }) => ({
      scan(text, ctx) {
        const out: Finding[] = [];
        for (let at = ctx.lower.indexOf(word); at !== -1; at = ctx.lower.indexOf(word, at + 1)) {
          out.push({ type, start: at, end: at + word.length, score: score + boost, recognizer: id });
        }
        return out;
      },
    }),
  });
}

const documentRecognizer = defineRecognizer({
  id: 'doc',
  mode: 'async',
  entities: [{ type: 'PROMPT_INJECTION', category: 'injection', level: 'internal' }],
  languages: 'any',
  scope: 'document',
  streaming: false,
  optIn: true,
  options: z.object({}),
  create: () => ({
    scanAsync: async (text) => [
      { type: 'PROMPT_INJECTION', start: 0, end: text.length, score: 0.9, recognizer: 'x' },
    ],
  }),
});

describe('createScanner', () => {
  const recognizers = [
    wordRecognizer('a', 'ALPHA', 'alpha beta', 0.6),
    wordRecognizer('b', 'BETA', 'beta', 0.8),
  ];

  it('resolves overlapping spans by score, deterministically', () => {
    const scanner = createScanner({ recognizers });
    expect(scanner.scan('x alpha beta y').map((f) => f.type)).toEqual(['BETA']);
    expect(scanner.scan('x alpha beta y')).toEqual(scanner.scan('x alpha beta y'));
  });

  it('validates and applies recogniser options', () => {
    const scanner = createScanner({ recognizers, recognizerOptions: { a: { boost: 0.3 } } });
    expect(scanner.scan('alpha beta').map((f) => f.type)).toEqual(['ALPHA']);
    expect(() => createScanner({ recognizers, recognizerOptions: { a: { boost: 'high' } } })).toThrow();
  });

  it('skips recognisers whose keywords are absent and filters by type and score', () => {
    const scanner = createScanner({ recognizers });
    expect(scanner.scan('nothing here')).toEqual([]);
    expect(scanner.scan('beta', { types: ['ALPHA'] })).toEqual([]);
    expect(scanner.scan('beta', { minScore: 0.9 })).toEqual([]);
  });

  it('runs opt-in async recognisers only when enabled, and never merges document findings away', async () => {
    const off = createScanner({ recognizers: [...recognizers, documentRecognizer] });
    expect((await off.scanAsync('beta')).map((f) => f.type)).toEqual(['BETA']);
    const on = createScanner({ recognizers: [...recognizers, documentRecognizer], enabled: ['doc'] });
    const found = await on.scanAsync('beta');
    expect(found.map((f) => `${f.type}:${f.recognizer}`)).toEqual(['BETA:b', 'PROMPT_INJECTION:doc']);
    expect(on.scan('beta').map((f) => f.type)).toEqual(['BETA']);
  });
});

describe('classify', () => {
  const scanner = createScanner({ recognizers: [wordRecognizer('b', 'BETA', 'beta', 0.8)] });
  const finding: Finding = { type: 'BETA', start: 0, end: 4, score: 1, recognizer: 'b' };

  it('takes the highest level of any finding, from entity defaults', () => {
    expect(classify([], scanner.entities)).toBe('public');
    expect(classify([finding], scanner.entities)).toBe('confidential');
  });

  it('lets rules override by type before category, and treats unknown types as confidential', () => {
    expect(classify([finding], scanner.entities, { categories: { contact: 'internal' } })).toBe('internal');
    expect(
      classify([finding], scanner.entities, {
        categories: { contact: 'internal' },
        types: { BETA: 'restricted' },
      }),
    ).toBe('restricted');
    expect(classify([{ ...finding, type: 'NEW' }], scanner.entities)).toBe('confidential');
  });
});
