import { carrierNegatives } from './carriers.js';
import type { LabelledText } from './dataset.js';
import { sourceOf, stableHash } from './dataset.js';
import { DENSE_FEATURES, FEATURE_COUNT, HASH_BITS, type SparseVector } from './features.js';
import { logit, sigmoid, type InjectionModel, type InjectionThresholds } from './model.js';
import { isTableRow, prepareText, type PreparedText } from './prepare.js';
import { chunkVectors, maxLogit } from './score.js';

export interface TrainOptions {
  /** Seed for the example order. Default 1. */
  seed?: number;
  /** Passes over the data. Default 16. */
  epochs?: number;
  /** AdaGrad base learning rate. Default 0.3. */
  learningRate?: number;
  /** L2 penalty per update. Default 1e-3 (chosen on three validation folds of the train split). */
  l2?: number;
  /** One row in this many (by text hash) is held out to fit calibration. Default 5. */
  calibrationFold?: number;
  /** Multiple-instance refinement rounds after the first fit. Default 2. */
  rounds?: number;
  /**
   * Extra weight on benign retrieved documents (bipia_*_clean): e-mails, tables and code full of
   * imperative language that must not be flagged. Default 1 (no extra weight).
   */
  cleanContextWeight?: number;
  /** Add the benign carriers recovered from paired indirect attacks (carriers.ts). Default true. */
  carriers?: boolean;
  thresholds?: InjectionThresholds;
}

export interface Example {
  features: SparseVector;
  label: 0 | 1;
  weight: number;
}

/** Deterministic PRNG (mulberry32) for shuffling. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A labelled row with its chunk vectors and its share of the training weight. */
export interface PreparedRow {
  label: 0 | 1;
  vectors: SparseVector[];
  weight: number;
  /** Chunks the first round treats as the attack (all when empty): the prose lines of a table. */
  suspects: number[];
}

/** In a document that is mostly table rows, a planted instruction is one of the lines that is not. */
function suspectChunks(p: PreparedText): number[] {
  if (p.tableShare < 0.5) return [];
  return p.chunks.flatMap((c, i) => (isTableRow(c.text) ? [] : [i]));
}

/**
 * Prepares rows and weights them so every category counts about equally (square-root damped) and both
 * labels carry the same total weight: small categories such as indirect attacks are not drowned out.
 */
export function prepareRows(rows: readonly LabelledText[], cleanContextWeight = 1): PreparedRow[] {
  const perCategory = new Map<string, number>();
  for (const r of rows) perCategory.set(r.category, (perCategory.get(r.category) ?? 0) + 1);
  const boost = (c: string) => (/^bipia_.*_clean$/.test(c) ? cleanContextWeight : 1);
  const raw = rows.map((r) => boost(r.category) / Math.sqrt(perCategory.get(r.category)!));
  const total = [0, 0];
  rows.forEach((r, i) => (total[r.label]! += raw[i]!));
  return rows.map((r, i) => {
    const prepared = prepareText(r.text);
    return {
      label: r.label,
      vectors: chunkVectors(prepared),
      weight: (raw[i]! * rows.length) / 2 / total[r.label]!,
      suspects: suspectChunks(prepared),
    };
  });
}

/**
 * Multiple-instance examples: every chunk of a benign text is benign; an attack text contributes its
 * strongest chunk under the previous model (all its chunks, down-weighted, before there is a model).
 */
export function toExamples(
  rows: readonly PreparedRow[],
  previous?: { weights: Float32Array; bias: number },
): Example[] {
  const out: Example[] = [];
  for (const row of rows) {
    const n = row.vectors.length;
    if (row.label === 0 || n === 1) {
      for (const features of row.vectors)
        out.push({ features, label: row.label, weight: row.weight / Math.sqrt(n) });
    } else if (previous) {
      const { best } = maxLogit(previous.weights, previous.bias, row.vectors);
      out.push({ features: row.vectors[best]!, label: 1, weight: row.weight });
    } else {
      const first = row.suspects.length ? row.suspects.map((i) => row.vectors[i]!) : row.vectors;
      for (const features of first) out.push({ features, label: 1, weight: row.weight / first.length });
    }
  }
  return out;
}

/** Logistic regression by AdaGrad SGD over sparse vectors; deterministic for a given seed. */
export function trainLogistic(examples: readonly Example[], options: TrainOptions = {}) {
  const epochs = options.epochs ?? 16;
  const lr = options.learningRate ?? 0.3;
  const l2 = options.l2 ?? 1e-3;
  const random = mulberry32(options.seed ?? 1);
  const weights = new Float32Array(FEATURE_COUNT);
  const g2 = new Float32Array(FEATURE_COUNT);
  let bias = 0;
  let biasG2 = 0;
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const { features, label, weight } = examples[k]!;
      const g = (sigmoid(logit(weights, bias, features)) - label) * weight;
      for (let t = 0; t < features.index.length; t++) {
        const idx = features.index[t]!;
        const grad = g * features.value[t]! + l2 * weights[idx]!;
        g2[idx]! += grad * grad;
        weights[idx]! -= (lr * grad) / Math.sqrt(g2[idx]! + 1e-8);
      }
      biasG2 += g * g;
      bias -= (lr * g) / Math.sqrt(biasG2 + 1e-8);
    }
  }
  return { weights, bias };
}

/** Fits Platt scaling (a, b) to logits: Newton's method with step halving on the log loss. */
export function fitPlatt(logits: readonly number[], labels: readonly (0 | 1)[]): { a: number; b: number } {
  // Platt's smoothed targets keep the fit finite when the classes separate perfectly.
  const pos = labels.filter((y) => y === 1).length;
  const neg = labels.length - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const target = labels.map((y) => (y === 1 ? hi : lo));
  const loss = (a: number, b: number): number => {
    let l = 0;
    logits.forEach((z, i) => {
      const f = a * z + b;
      // log(1 + e^f) - t f, computed stably
      l += (f > 0 ? f + Math.log1p(Math.exp(-f)) : Math.log1p(Math.exp(f))) - target[i]! * f;
    });
    return l;
  };
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-6;
    let hab = 0;
    let hbb = 1e-6;
    logits.forEach((z, i) => {
      const p = sigmoid(a * z + b);
      const d = p - target[i]!;
      const w = Math.max(p * (1 - p), 1e-12);
      ga += d * z;
      gb += d;
      haa += w * z * z;
      hab += w * z;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    while (step > 1e-6 && loss(a - step * da, b - step * db) > current) step /= 2;
    if (step <= 1e-6) break;
    a -= step * da;
    b -= step * db;
    const next = loss(a, b);
    if (current - next < 1e-10) break;
    current = next;
  }
  return { a, b };
}

/**
 * Untrusted content (documents, tool output) is flagged at the engine's 0.5 floor; the user's own words
 * need the lowest threshold, in steps of 0.01, that keeps FPR on held-out trusted benign rows at or
 * below 1% (never below 0.5).
 */
export function chooseThresholds(trustedBenignProbabilities: readonly number[]): InjectionThresholds {
  const sorted = [...trustedBenignProbabilities].sort((a, b) => b - a);
  const allowed = Math.floor(sorted.length * 0.01);
  const needed = sorted[allowed] ?? 0;
  const trusted = Math.min(0.95, Math.max(0.55, Math.ceil((needed + 1e-9) * 100) / 100));
  return { trusted: Number(trusted.toFixed(2)), untrusted: 0.5 };
}

/**
 * Trains the full pipeline on labelled rows: logistic regression over chunks with two rounds of
 * multiple-instance refinement on most rows, Platt calibration of the max-chunk logit on the rest
 * (a fixed fold by text hash), thresholds per source.
 */
export function trainInjectionModel(
  given: readonly LabelledText[],
  options: TrainOptions = {},
): InjectionModel {
  const derived = options.carriers === false ? [] : carrierNegatives(given);
  const rows = [...given, ...derived];
  const fold = options.calibrationFold ?? 5;
  const fit = prepareRows(
    rows.filter((r) => stableHash(r.text) % fold !== 0),
    options.cleanContextWeight ?? 1,
  );
  const heldRows = rows.filter((r) => stableHash(r.text) % fold === 0);
  const held = prepareRows(heldRows);
  let model = trainLogistic(toExamples(fit), options);
  for (let round = 0; round < (options.rounds ?? 2); round++)
    model = trainLogistic(toExamples(fit, model), options);
  const { weights, bias } = model;
  const heldLogits = held.map((r) => maxLogit(weights, bias, r.vectors).value);
  const platt = fitPlatt(
    heldLogits,
    held.map((r) => r.label),
  );
  const trustedBenign = heldRows
    .map((r, i) => ({ r, p: sigmoid(platt.a * heldLogits[i]! + platt.b) }))
    .filter(({ r }) => r.label === 0 && sourceOf(r.category) === 'trusted')
    .map(({ p }) => p);
  return {
    weights,
    meta: {
      version: 1,
      hashBits: HASH_BITS,
      denseFeatures: DENSE_FEATURES,
      bias,
      platt,
      thresholds: options.thresholds ?? chooseThresholds(trustedBenign),
      training: {
        seed: options.seed ?? 1,
        epochs: options.epochs ?? 16,
        rounds: options.rounds ?? 2,
        fitRows: fit.length,
        calibrationRows: held.length,
        carrierRows: derived.length,
      },
    },
  };
}
