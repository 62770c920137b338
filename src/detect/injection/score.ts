import { chunkFeatures, chunkLogit, type SparseVector } from './features.js';
import { logit, sigmoid, type InjectionModel } from './model.js';
import { prepareText, type PreparedText } from './prepare.js';

/** The classifier's verdict on one text. */
export interface TextScore {
  /** Calibrated probability that the text carries an injection. */
  probability: number;
  /** Raw logit of the strongest chunk. */
  logit: number;
  /** Index of the strongest chunk in `prepared.chunks`. */
  best: number;
  prepared: PreparedText;
}

/** Feature vectors of every chunk of a prepared text. */
export function chunkVectors(p: PreparedText): SparseVector[] {
  return p.chunks.map((c) => chunkFeatures(p, c));
}

/** Index and logit of the highest-scoring vector (a text is as suspicious as its worst chunk). */
export function maxLogit(weights: Float32Array, bias: number, vectors: readonly SparseVector[]) {
  let best = 0;
  let value = -Infinity;
  vectors.forEach((v, i) => {
    const z = logit(weights, bias, v);
    if (z > value) {
      value = z;
      best = i;
    }
  });
  return { best, value };
}

/** Normalises, chunks and scores a text with a model. */
export function scoreText(model: InjectionModel, text: string): TextScore {
  const prepared = prepareText(text);
  let best = 0;
  let value = -Infinity;
  prepared.chunks.forEach((chunk, i) => {
    const z = chunkLogit(model.weights, model.meta.bias, prepared, chunk);
    if (z > value) {
      value = z;
      best = i;
    }
  });
  const { a, b } = model.meta.platt;
  return { probability: sigmoid(a * value + b), logit: value, best, prepared };
}
