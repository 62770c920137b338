import { describe, expect, it } from 'vitest';
import { TAGS } from './labels.js';
import {
  allowedTransition,
  deserializeModel,
  marginals,
  serializeModel,
  viterbi,
  type NerModel,
} from './model.js';
import { seededRandom } from './train.js';

function randomModel(seed: number): NerModel {
  const random = seededRandom(seed);
  const T = TAGS.length;
  const weights = new Float32Array((1 << 8) * T).map(() => (random() < 0.3 ? random() * 4 - 2 : 0));
  const transitions = new Float32Array((T + 1) * T).map(() => random() * 2 - 1);
  return {
    bits: 8,
    tags: T,
    weights,
    transitions,
    temperature: 2,
    calibration: [
      { a: 0.8, b: -0.25 },
      { a: 2, b: 1 },
    ],
  };
}

describe('NER model', () => {
  it('round-trips through the binary format within the int16 quantisation step', () => {
    const model = randomModel(1);
    const back = deserializeModel(serializeModel(model));
    expect(back.bits).toBe(8);
    expect(back.temperature).toBe(2);
    expect(back.calibration).toEqual([
      { a: Math.fround(0.8), b: -0.25 },
      { a: 2, b: 1 },
    ]);
    expect([...back.transitions]).toEqual([...model.transitions]);
    const step = 2 / 32767;
    model.weights.forEach((w, i) => expect(Math.abs(back.weights[i]! - w)).toBeLessThanOrEqual(step));
  });

  it('rejects a file that is not a model', () => {
    expect(() => deserializeModel(new Uint8Array([1, 2, 3]))).toThrow();
  });

  it('decodes only BIO-valid paths and gives marginals that sum to one per token', () => {
    const model = randomModel(2);
    const T = model.tags;
    const random = seededRandom(3);
    const scores = new Float32Array(12 * T).map(() => random() * 6 - 3);
    const path = viterbi(model, scores);
    path.forEach((tag, i) => expect(allowedTransition(i === 0 ? T : path[i - 1]!, tag)).toBe(true));
    const probs = marginals(model, scores);
    for (let i = 0; i < 12; i++) {
      let sum = 0;
      for (let t = 0; t < T; t++) sum += probs[i * T + t]!;
      expect(sum).toBeCloseTo(1, 6);
    }
  });
});
