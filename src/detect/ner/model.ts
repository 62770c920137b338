import { gunzipSync, gzipSync } from 'node:zlib';
import type { FeatureSet } from './features.js';
import { NER_TYPES, TAGS } from './labels.js';

/** A linear-chain model over BIO tags: hashed emission weights plus tag-transition weights. */
export interface NerModel {
  /** The emission table has 2^bits rows of `tags` weights. */
  bits: number;
  tags: number;
  weights: Float32Array;
  /** (tags + 1) × tags; the last row scores the first tag of a sequence. */
  transitions: Float32Array;
  /** Scores are divided by this before the softmax that turns them into confidences. */
  temperature: number;
  /**
   * Platt scaling per entity type (NER_TYPES order), fitted on the dev split:
   * confidence = sigmoid(a · logit(mean marginal) + b).
   */
  calibration: ReadonlyArray<{ a: number; b: number }>;
}

/** Maps a span's mean tag marginal to a calibrated confidence for its type. */
export function calibrate(model: NerModel, type: string, meanMarginal: number): number {
  const m = Math.min(1 - 1e-6, Math.max(1e-6, meanMarginal));
  const { a, b } = model.calibration[NER_TYPES.indexOf(type)] ?? { a: 1, b: 0 };
  return 1 / (1 + Math.exp(-(a * Math.log(m / (1 - m)) + b)));
}

/** True when tag `to` may follow tag `from` in BIO (I-X only after B-X or I-X). `from` = tags is the start. */
export function allowedTransition(from: number, to: number): boolean {
  if (to === 0 || (to & 1) === 1) return true;
  return from === to || from === to - 1;
}

/** Emission scores, n × tags. */
export function emissions(model: NerModel, features: FeatureSet): Float32Array {
  const T = model.tags;
  const n = features.offsets.length - 1;
  const out = new Float32Array(n * T);
  const { ids, offsets } = features;
  const w = model.weights;
  for (let i = 0; i < n; i++) {
    const row = i * T;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      const base = ids[k]! * T;
      for (let t = 0; t < T; t++) out[row + t]! += w[base + t]!;
    }
  }
  return out;
}

/**
 * Transition tables for decoding, (tags + 1) × tags with the BIO constraints folded in: log scores
 * with −∞ for illegal pairs (Viterbi) and their exponentials at the model's temperature, 0 for illegal
 * pairs (forward-backward). Dense loops over every pair beat neighbour lists: no indirection, and an
 * illegal pair adds 0 or loses every comparison, so the results are bit-identical.
 */
export interface DecodeTables {
  log: Float64Array;
  exp: Float64Array;
  temperature: number;
}

/** Builds the tables; compute once per immutable model (the tagger does), never in a hot loop. */
export function decodeTables(model: NerModel, temperature = model.temperature): DecodeTables {
  const T = model.tags;
  const log = new Float64Array((T + 1) * T);
  for (let p = 0; p <= T; p++)
    for (let t = 0; t < T; t++)
      log[p * T + t] = allowedTransition(p, t) ? model.transitions[p * T + t]! : -Infinity;
  return { log, exp: log.map((v) => Math.exp(v / temperature)), temperature };
}

/** Best tag sequence under the BIO constraints. */
export function viterbi(model: NerModel, scores: Float32Array, tables = decodeTables(model)): Int32Array {
  const T = model.tags;
  const n = scores.length / T;
  const path = new Int32Array(n);
  if (n === 0) return path;
  const tr = tables.log;
  let best = new Float64Array(T);
  let next = new Float64Array(T);
  const back = new Int32Array(n * T);
  for (let t = 0; t < T; t++) best[t] = tr[T * T + t]! + scores[t]!;
  for (let i = 1; i < n; i++) {
    const row = i * T;
    for (let t = 0; t < T; t++) {
      let arg = 0;
      let max = -Infinity;
      for (let p = 0; p < T; p++) {
        const v = best[p]! + tr[p * T + t]!;
        if (v > max) {
          max = v;
          arg = p;
        }
      }
      next[t] = max + scores[row + t]!;
      back[row + t] = arg;
    }
    [best, next] = [next, best];
  }
  let last = 0;
  for (let t = 1; t < T; t++) if (best[t]! > best[last]!) last = t;
  path[n - 1] = last;
  for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * T + path[i]!]!;
  return path;
}

/**
 * Per-token tag marginals (n × tags) by forward-backward on temperature-scaled scores, in probability
 * space with per-token normalisation (no logs in the inner loop): exact and fast.
 */
export function marginals(model: NerModel, scores: Float32Array, tables = decodeTables(model)): Float64Array {
  const T = model.tags;
  const n = scores.length / T;
  const out = new Float64Array(n * T);
  if (n === 0) return out;
  const tr = tables.exp;
  const inv = 1 / tables.temperature;
  const e = new Float64Array(n * T);
  for (let i = 0; i < n; i++) {
    const row = i * T;
    let max = -Infinity;
    for (let t = 0; t < T; t++) if (scores[row + t]! > max) max = scores[row + t]!;
    for (let t = 0; t < T; t++) e[row + t] = Math.exp((scores[row + t]! - max) * inv);
  }
  const alpha = new Float64Array(n * T);
  const beta = new Float64Array(n * T);
  let z = 0;
  for (let t = 0; t < T; t++) z += alpha[t] = tr[T * T + t]! * e[t]!;
  for (let t = 0; t < T; t++) alpha[t]! /= z;
  for (let i = 1; i < n; i++) {
    const row = i * T;
    const prev = row - T;
    z = 0;
    for (let t = 0; t < T; t++) {
      let sum = 0;
      for (let p = 0; p < T; p++) sum += alpha[prev + p]! * tr[p * T + t]!;
      z += alpha[row + t] = sum * e[row + t]!;
    }
    for (let t = 0; t < T; t++) alpha[row + t]! /= z;
  }
  for (let t = 0; t < T; t++) beta[(n - 1) * T + t] = 1;
  for (let i = n - 2; i >= 0; i--) {
    const row = i * T;
    const after = row + T;
    z = 0;
    for (let p = 0; p < T; p++) {
      let sum = 0;
      for (let t = 0; t < T; t++) sum += tr[p * T + t]! * e[after + t]! * beta[after + t]!;
      z += beta[row + p] = sum;
    }
    for (let p = 0; p < T; p++) beta[row + p]! /= z;
  }
  for (let i = 0; i < n; i++) {
    const row = i * T;
    let norm = 0;
    for (let t = 0; t < T; t++) norm += out[row + t] = alpha[row + t]! * beta[row + t]!;
    for (let t = 0; t < T; t++) out[row + t]! /= norm;
  }
  return out;
}

const MAGIC = 0x524e4542; // 'BENR'

/**
 * Compact binary form: header, float32 transitions, then the non-zero emission weights as
 * (varint index delta, int16 value) pairs, gzipped. Quantisation keeps 1/32767 of the largest weight.
 */
export function serializeModel(model: NerModel): Buffer {
  const T = model.tags;
  let maxAbs = 0;
  for (const v of model.weights) maxAbs = Math.max(maxAbs, Math.abs(v));
  const scale = maxAbs === 0 ? 1 : maxAbs / 32767;
  const body: number[] = [];
  let prev = -1;
  let count = 0;
  model.weights.forEach((v, index) => {
    const q = Math.round(v / scale);
    if (q === 0) return;
    for (let d = index - prev; ; d >>>= 7) {
      if (d < 0x80) {
        body.push(d);
        break;
      }
      body.push((d & 0x7f) | 0x80);
    }
    body.push(q & 0xff, (q >> 8) & 0xff);
    prev = index;
    count++;
  });
  const K = model.calibration.length;
  const head = Buffer.alloc(24 + 8 * K + 4 * model.transitions.length);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt8(1, 4);
  head.writeUInt8(model.bits, 5);
  head.writeUInt8(T, 6);
  head.writeFloatLE(model.temperature, 8);
  head.writeFloatLE(scale, 12);
  head.writeUInt32LE(count, 16);
  head.writeUInt32LE(model.transitions.length, 20);
  head.writeUInt8(K, 7);
  model.calibration.forEach(({ a, b }, k) => {
    head.writeFloatLE(a, 24 + 8 * k);
    head.writeFloatLE(b, 28 + 8 * k);
  });
  model.transitions.forEach((v, i) => head.writeFloatLE(v, 24 + 8 * K + 4 * i));
  return gzipSync(Buffer.concat([head, Buffer.from(body)]), { level: 9 });
}

/** Reads a model written by serializeModel; throws on a corrupt or foreign file. */
export function deserializeModel(data: Uint8Array): NerModel {
  const buf = gunzipSync(data);
  if (buf.length < 24 || buf.readUInt32LE(0) !== MAGIC || buf.readUInt8(4) !== 1)
    throw new Error('not a Bulwark NER model (bad magic or version)');
  const bits = buf.readUInt8(5);
  const tags = buf.readUInt8(6);
  if (tags !== TAGS.length) throw new Error(`NER model has ${tags} tags, this build expects ${TAGS.length}`);
  const temperature = buf.readFloatLE(8);
  const scale = buf.readFloatLE(12);
  const count = buf.readUInt32LE(16);
  const transitions = new Float32Array(buf.readUInt32LE(20));
  const K = buf.readUInt8(7);
  if (24 + 8 * K + 4 * transitions.length > buf.length) throw new Error('NER model is truncated or corrupt');
  const calibration = Array.from({ length: K }, (_, k) => ({
    a: buf.readFloatLE(24 + 8 * k),
    b: buf.readFloatLE(28 + 8 * k),
  }));
  for (let i = 0; i < transitions.length; i++) transitions[i] = buf.readFloatLE(24 + 8 * K + 4 * i);
  const weights = new Float32Array((1 << bits) * tags);
  let at = 24 + 8 * K + 4 * transitions.length;
  let index = -1;
  for (let k = 0; k < count; k++) {
    let delta = 0;
    for (let shift = 0; ; shift += 7) {
      if (at >= buf.length) throw new Error('NER model is truncated or corrupt');
      const byte = buf[at++]!;
      delta |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    index += delta;
    weights[index] = buf.readInt16LE(at) * scale;
    at += 2;
  }
  if (at !== buf.length || index >= weights.length) throw new Error('NER model is truncated or corrupt');
  return { bits, tags, weights, transitions, temperature, calibration };
}
