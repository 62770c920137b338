import { readFileSync } from 'node:fs';
import { DENSE_FEATURES, FEATURE_COUNT, HASH_BITS, type SparseVector } from './features.js';

/** Score thresholds per source; a finding is emitted when the calibrated probability reaches one. */
export interface InjectionThresholds {
  /** The user's own words. */
  trusted: number;
  /** Tool output, retrieved documents, web pages: stricter, so lower. */
  untrusted: number;
}

/** Everything about a trained model except its weights. */
export interface InjectionModelMeta {
  version: 1;
  hashBits: number;
  denseFeatures: readonly string[];
  bias: number;
  /** Platt scaling fitted on a held-out part of the train split: p = 1 / (1 + exp(-(a * logit + b))). */
  platt: { a: number; b: number };
  thresholds: InjectionThresholds;
  /** How it was trained (seed, row counts), for the report. */
  training: Record<string, unknown>;
}

/** A logistic-regression model over hashed n-grams plus dense heuristic features. */
export interface InjectionModel {
  meta: InjectionModelMeta;
  weights: Float32Array;
}

const MODEL_JSON = new URL('./model/injection-model.json', import.meta.url);
const MODEL_BIN = new URL('./model/injection-model.bin', import.meta.url);

let bundled: InjectionModel | undefined;

/** The model committed under `model/` (trained by `npm run train:injection`), loaded once. */
export function loadBundledModel(): InjectionModel {
  bundled ??= parseModel(readFileSync(MODEL_JSON, 'utf8'), readFileSync(MODEL_BIN));
  return bundled;
}

/** Checks that weights and metadata belong to this feature layout; a mismatch must not score silently. */
export function parseModel(json: string, bin: Uint8Array): InjectionModel {
  const meta = JSON.parse(json) as InjectionModelMeta;
  if (
    meta.version !== 1 ||
    meta.hashBits !== HASH_BITS ||
    meta.denseFeatures.join(',') !== DENSE_FEATURES.join(',') ||
    bin.byteLength !== FEATURE_COUNT * 4
  ) {
    throw new Error('injection model does not match the feature layout; run `npm run train:injection`');
  }
  const weights = new Float32Array(FEATURE_COUNT);
  new Uint8Array(weights.buffer).set(bin);
  return { meta, weights };
}

/** Serialises a model to its JSON metadata and little-endian float32 weights. */
export function serializeModel(model: InjectionModel): { json: string; bin: Uint8Array } {
  return {
    json: JSON.stringify(model.meta, null, 2) + '\n',
    bin: new Uint8Array(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength),
  };
}

/** The model's raw logit for a feature vector. */
export function logit(weights: Float32Array, bias: number, v: SparseVector): number {
  let z = bias;
  for (let k = 0; k < v.index.length; k++) z += weights[v.index[k]!]! * v.value[k]!;
  return z;
}

/** The calibrated probability that the text is an injection. */
export function probability(model: InjectionModel, v: SparseVector): number {
  const { a, b } = model.meta.platt;
  return sigmoid(a * logit(model.weights, model.meta.bias, v) + b);
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
