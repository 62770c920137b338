import type { EncodingKind } from './decode.js';
import { FAMILIES } from './heuristics.js';
import type { HiddenKind, Obfuscation } from './normalize.js';
import { isTableRow, type PreparedChunk, type PreparedText } from './prepare.js';

/** Hashed feature space (character and word n-grams); dense features follow it. */
export const HASH_BITS = 17;
const HASH_SIZE = 1 << HASH_BITS;
const HASH_MASK = HASH_SIZE - 1;

const HIDDEN: readonly HiddenKind[] = ['zero-width', 'bidi', 'tag', 'variation-selector'];
const OBFUSCATION: readonly Obfuscation[] = [
  'homoglyph',
  'leetspeak',
  'spaced-letters',
  'tag-smuggling',
  'variation-smuggling',
];
const ENCODING: readonly EncodingKind[] = ['base64', 'hex', 'url', 'rot13'];

/** Names of the dense features, in order, after the hashed block. */
export const DENSE_FEATURES: readonly string[] = [
  ...FAMILIES.map((f) => `family:${f}`),
  'families:count',
  'document:families',
  ...HIDDEN.map((h) => `hidden:${h}`),
  ...OBFUSCATION.map((o) => `obfuscation:${o}`),
  ...ENCODING.map((e) => `decoded:${e}`),
  'decoded:any',
  'length:log',
  'document:chunked',
  'upper:ratio',
  'chunk:table-row',
  'chunk:prose-in-table',
];

/** Total number of weights a model has (excluding the bias). */
export const FEATURE_COUNT = HASH_SIZE + DENSE_FEATURES.length;

/** A sparse feature vector; an index may repeat (term frequency). */
export interface SparseVector {
  index: Int32Array;
  value: Float32Array;
}

/** Where features go: collected into a vector (training) or summed straight into a logit (scoring). */
interface FeatureSink {
  add(i: number, v: number): void;
}

/** Growable typed arrays; pushing to plain arrays was the hot spot. */
class Collector implements FeatureSink {
  index: Int32Array;
  value: Float32Array;
  length = 0;
  constructor(capacity: number) {
    this.index = new Int32Array(capacity);
    this.value = new Float32Array(capacity);
  }
  add(i: number, v: number): void {
    if (this.length === this.index.length) {
      const index = new Int32Array(this.length * 2);
      index.set(this.index);
      const value = new Float32Array(this.length * 2);
      value.set(this.value);
      this.index = index;
      this.value = value;
    }
    this.index[this.length] = i;
    this.value[this.length++] = v;
  }
}

/**
 * The logit without materialising the vector: the same sum in the same order, values rounded to
 * float32 as the vector stores them, so scores are bit-identical to `logit(chunkFeatures(...))`.
 */
class Dot implements FeatureSink {
  constructor(
    private readonly weights: Float32Array,
    public z: number,
  ) {}
  add(i: number, v: number): void {
    this.z += this.weights[i]! * Math.fround(v);
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Adds hashed char 3-5-grams of `text` to `out`, each weighted 1/sqrt(count) so long texts are not louder. */
function charGrams(text: string, salt: number, out: FeatureSink): void {
  const n = text.length;
  const count = Math.max(1, 3 * (n - 2));
  const weight = 1 / Math.sqrt(count);
  for (let i = 0; i + 3 <= n; i++) {
    let h = (FNV_OFFSET ^ salt) >>> 0;
    for (let k = 0; k < 5 && i + k < n; k++) {
      h = Math.imul(h ^ text.charCodeAt(i + k), FNV_PRIME) >>> 0;
      if (k >= 2) out.add((h ^ (k * 0x9e3779b1)) & HASH_MASK, weight);
    }
  }
}

/** Letters and digits of any script (everything non-ASCII except common punctuation and spaces). */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90);
  return !(
    c === 0xa0 ||
    (c >= 0x2000 && c <= 0x206f) ||
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0xff00 && c <= 0xff0f)
  );
}

/** Adds hashed word unigrams and bigrams; words are hashed once, bigrams combine the two hashes. */
function wordGrams(text: string, salt: number, out: FeatureSink): void {
  const hashes: number[] = [];
  let h = 0;
  let inWord = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (isWordChar(c)) {
      if (!inWord) h = (FNV_OFFSET ^ salt) >>> 0;
      h = Math.imul(h ^ c, FNV_PRIME) >>> 0;
      inWord = true;
    } else if (inWord) {
      hashes.push(h);
      inWord = false;
    }
  }
  const weight = 1 / Math.sqrt(Math.max(1, 2 * hashes.length));
  for (let i = 0; i < hashes.length; i++) {
    out.add(hashes[i]! & HASH_MASK, weight);
    if (i > 0) out.add((Math.imul(hashes[i - 1]! ^ 0x5bd1e995, 31) ^ hashes[i]!) & HASH_MASK, weight);
  }
}

/** Turns one chunk of a prepared text into the classifier's input; document-level signals ride along. */
export function chunkFeatures(p: PreparedText, chunk: PreparedChunk): SparseVector {
  // 3 char n-grams and at most 2 word n-grams per character, plus the dense block.
  const out = new Collector(5 * chunk.text.length + DENSE_FEATURES.length + 8);
  emitFeatures(p, chunk, out);
  return { index: out.index.subarray(0, out.length), value: out.value.subarray(0, out.length) };
}

/** The model's logit for one chunk, without allocating its feature vector (the scoring path). */
export function chunkLogit(
  weights: Float32Array,
  bias: number,
  p: PreparedText,
  chunk: PreparedChunk,
): number {
  const dot = new Dot(weights, bias);
  emitFeatures(p, chunk, dot);
  return dot.z;
}

function emitFeatures(p: PreparedText, chunk: PreparedChunk, out: FeatureSink): void {
  charGrams(chunk.text, 1, out);
  wordGrams(chunk.text, 7, out);
  let d = HASH_SIZE;
  let fired = 0;
  for (const f of FAMILIES) {
    const c = chunk.families[f];
    if (c > 0) fired++;
    out.add(d++, Math.min(c, 3) / 3);
  }
  out.add(d++, Math.min(fired, 4) / 4);
  out.add(d++, FAMILIES.filter((f) => p.families[f] > 0).length / FAMILIES.length);
  for (const h of HIDDEN) out.add(d++, p.hiddenKinds.has(h) ? 1 : 0);
  for (const o of OBFUSCATION) out.add(d++, p.obfuscations.has(o) ? 1 : 0);
  for (const e of ENCODING) out.add(d++, chunk.encodings?.includes(e) ? 1 : 0);
  out.add(d++, chunk.encodings ? 1 : 0);
  out.add(d++, Math.log2(1 + p.length) / 16);
  out.add(d++, p.chunks.length > 1 ? 1 : 0);
  out.add(d++, p.upperRatio);
  const row = isTableRow(chunk.text);
  out.add(d++, row ? 1 : 0);
  out.add(d, !row && p.tableShare >= 0.5 ? 1 : 0);
}
