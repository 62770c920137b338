import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bioTags } from './bio.js';
import { extractFeatures, scoreTokens } from './features.js';
import { compileGazetteer } from './gazetteer.js';
import { emissions, serializeModel } from './model.js';
import { tagText } from './tagger.js';
import { trainPerceptron, type TrainingExample } from './train.js';
import { tokenize } from './tokenize.js';

const gazetteer = compileGazetteer({
  first_name: ['anna', 'omar', 'li'],
  last_name: ['berg', 'haddad', 'chen'],
  city: ['oslo', 'lyon', 'new york'],
});
const people = ['Anna Berg', 'Omar Haddad', 'Li Chen', 'Anna Haddad', 'Omar Chen'];
const cities = ['Oslo', 'Lyon', 'New York'];

/** A tiny corpus: "<person> moved to <city>." with spans computed while building the text. */
function corpus(): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const p of people)
    for (const c of cities) {
      const text = `${p} moved to ${c}.`;
      const spans = [
        { type: 'PERSON', start: 0, end: p.length },
        { type: 'LOCATION', start: p.length + 10, end: p.length + 10 + c.length },
      ];
      const tokens = tokenize(text);
      out.push({ features: extractFeatures(tokens, gazetteer, 12), tags: bioTags(tokens, spans) });
    }
  return out;
}

const hash = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('averaged perceptron training', () => {
  it('gives identical weights for the same data and seed', () => {
    const a = serializeModel(trainPerceptron(corpus(), { bits: 12, epochs: 3, seed: 11 }));
    const b = serializeModel(trainPerceptron(corpus(), { bits: 12, epochs: 3, seed: 11 }));
    expect(hash(a)).toBe(hash(b));
  });

  it('learns the tiny corpus well enough to tag an unseen combination', () => {
    const model = trainPerceptron(corpus(), { bits: 12, epochs: 5, seed: 11 });
    const text = 'Li Haddad moved to Lyon.';
    const spans = tagText(text, { model, gazetteer }).map((s) => [s.type, text.slice(s.start, s.end)]);
    expect(spans).toEqual([
      ['PERSON', 'Li Haddad'],
      ['LOCATION', 'Lyon'],
    ]);
  });
});

describe('fast scoring path', () => {
  it('gives the same emission scores as explicit feature extraction', () => {
    const model = trainPerceptron(corpus(), { bits: 12, epochs: 2, seed: 5 });
    for (const text of ['Omar Chen moved to New York.', 'li berg, oslo\nAnna: "hi!"', '']) {
      const tokens = tokenize(text);
      const slow = emissions(model, extractFeatures(tokens, gazetteer, 12));
      const fast = scoreTokens(model, tokens, gazetteer);
      expect(fast.length).toBe(slow.length);
      slow.forEach((v, i) => expect(fast[i]).toBeCloseTo(v, 4));
    }
  });
});
