import type { FeatureSet } from './features.js';
import { NER_TYPES, TAGS } from './labels.js';
import { emissions, viterbi, type NerModel } from './model.js';

/** One training sentence: its features and gold BIO tag ids. */
export interface TrainingExample {
  features: FeatureSet;
  tags: Int32Array;
}

export interface TrainOptions {
  /** log2 of the number of hashed feature buckets. */
  bits: number;
  epochs: number;
  /** Seeds the per-epoch shuffle; same data + same seed → identical weights. */
  seed: number;
  /** Called after each epoch with the number of mistaken tokens in it. */
  onEpoch?: (epoch: number, errors: number) => void;
}

/** Small deterministic PRNG (mulberry32); Math.random would make training irreproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Averaged structured perceptron (Collins 2002): decode with Viterbi, move weights towards the gold
 * sequence and away from the prediction, and return the average of all intermediate weights.
 */
export function trainPerceptron(examples: readonly TrainingExample[], options: TrainOptions): NerModel {
  const T = TAGS.length;
  const size = (1 << options.bits) * T;
  const model: NerModel = {
    bits: options.bits,
    tags: T,
    weights: new Float32Array(size),
    transitions: new Float32Array((T + 1) * T),
    temperature: 1,
    calibration: NER_TYPES.map(() => ({ a: 1, b: 0 })),
  };
  // Sum of step × update; the average is w − u / steps (the usual lazy-averaging trick).
  const uWeights = new Float64Array(size);
  const uTransitions = new Float64Array((T + 1) * T);
  const random = seededRandom(options.seed);
  const order = examples.map((_, i) => i);
  let step = 1;
  const bump = (index: number, delta: number): void => {
    model.weights[index]! += delta;
    uWeights[index]! += step * delta;
  };
  const bumpTransition = (from: number, to: number, delta: number): void => {
    model.transitions[from * T + to]! += delta;
    uTransitions[from * T + to]! += step * delta;
  };
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let errors = 0;
    for (const index of order) {
      const { features, tags: gold } = examples[index]!;
      const predicted = viterbi(model, emissions(model, features));
      for (let i = 0; i < gold.length; i++) {
        const g = gold[i]!;
        const p = predicted[i]!;
        const gPrev = i === 0 ? T : gold[i - 1]!;
        const pPrev = i === 0 ? T : predicted[i - 1]!;
        if (g !== p) {
          errors++;
          for (let k = features.offsets[i]!; k < features.offsets[i + 1]!; k++) {
            const base = features.ids[k]! * T;
            bump(base + g, 1);
            bump(base + p, -1);
          }
        }
        if (g !== p || gPrev !== pPrev) {
          bumpTransition(gPrev, g, 1);
          bumpTransition(pPrev, p, -1);
        }
      }
      step++;
    }
    options.onEpoch?.(epoch, errors);
  }
  for (let k = 0; k < size; k++) model.weights[k] = model.weights[k]! - uWeights[k]! / step;
  for (let k = 0; k < uTransitions.length; k++)
    model.transitions[k] = model.transitions[k]! - uTransitions[k]! / step;
  return model;
}
