import type { Gazetteer } from './gazetteer.js';
import type { Token } from './tokenize.js';

/** Feature ids of one token sequence: token i owns ids[offsets[i] .. offsets[i + 1]). */
export interface FeatureSet {
  ids: Int32Array;
  offsets: Int32Array;
}

// Template ids; every feature is hash(template, value) folded into the weight table.
const BIAS = 1;
const W0 = 2;
const WM1 = 3;
const WP1 = 4;
const WM2 = 5;
const WP2 = 6;
const SHAPE0 = 7;
const SHAPEM1 = 8;
const SHAPEP1 = 9;
const SUF3 = 10;
const SUF2 = 11;
const PRE3 = 12;
const GAZ0 = 13;
const GAZM1 = 14;
const GAZP1 = 15;
const PHRASE0 = 16;
const SHAPE_PAIR = 17;
const PREV_WORD_SHAPE = 18;
const INITIAL_SHAPE = 19;
const NEWLINE = 20;
const BIGRAM = 21;
const NEXT_WORD_SHAPE = 22;
const GAZ_SHAPE = 23;
const PHRASEM1 = 24;
const PHRASEP1 = 25;
const PREV_PUNCT = 26;

const START = 0x5f3759df;
const END = 0x2545f491;

/** FNV-1a over UTF-16 units; fast and stable across runs and platforms. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x27d4eb2d, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Word shape: X for upper, x for lower, d for digit, the char itself otherwise; runs over 3 collapse. */
export function wordShape(word: string): string {
  let out = '';
  let prev = '';
  let run = 0;
  for (const ch of word) {
    const c =
      ch >= '0' && ch <= '9' ? 'd' : ch !== ch.toLowerCase() ? 'X' : ch !== ch.toUpperCase() ? 'x' : ch;
    run = c === prev ? run + 1 : 1;
    prev = c;
    if (run <= 3) out += c;
    else if (run === 4) out += '+';
  }
  return out;
}

interface TokenInfo {
  lower: string;
  word: number;
  shape: number;
  suf3: number;
  suf2: number;
  pre3: number;
  gaz: number;
  punct: boolean;
  sentenceEnd: boolean;
}

// Per-word facts are cached per gazetteer: natural text repeats words, and these are the string-heavy part.
const CACHE_LIMIT = 50_000;
const caches = new WeakMap<Gazetteer, Map<string, TokenInfo>>();

function wordInfo(text: string, gazetteer: Gazetteer): TokenInfo {
  let cache = caches.get(gazetteer);
  if (!cache) caches.set(gazetteer, (cache = new Map()));
  let info = cache.get(text);
  if (info) return info;
  const lower = text.toLowerCase();
  const punct = text.length === 1 && !/[\p{L}\p{N}]/u.test(text);
  info = {
    lower,
    word: hashString(lower),
    shape: hashString(wordShape(text)),
    suf3: hashString(lower.slice(-3), 3),
    suf2: hashString(lower.slice(-2), 2),
    pre3: hashString(lower.slice(0, 3), 5),
    gaz: gazetteer.tokenMask(lower),
    punct,
    sentenceEnd: punct && (text === '.' || text === '!' || text === '?' || text === ':'),
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, info);
  return info;
}

/** Receives one feature as (template, value); callers hash it into the table their own way. */
type Emit = (template: number, value: number) => void;

function emitBits(emit: Emit, template: number, bitsValue: number): void {
  for (let b = bitsValue; b !== 0; b &= b - 1) emit(template, 31 - Math.clz32(b & -b));
}

// Features are grouped by which words they read, so the scorer can cache the per-word groups.

/** Features of the current word alone. */
function unigramFeatures(cur: TokenInfo, emit: Emit): void {
  emit(BIAS, 0);
  emit(W0, cur.word);
  emit(SHAPE0, cur.shape);
  emit(SUF3, cur.suf3);
  emit(SUF2, cur.suf2);
  emit(PRE3, cur.pre3);
  emitBits(emit, GAZ0, cur.gaz);
  emit(GAZ_SHAPE, mix(cur.gaz, cur.shape));
}

/** Features the previous word contributes (undefined = sequence start). */
function previousFeatures(prev: TokenInfo | undefined, emit: Emit): void {
  emit(WM1, prev?.word ?? START);
  emit(SHAPEM1, prev?.shape ?? START);
  if (prev) emitBits(emit, GAZM1, prev.gaz);
  if (prev?.punct) emit(PREV_PUNCT, prev.word);
}

/** Features the next word contributes (undefined = sequence end). */
function nextFeatures(next: TokenInfo | undefined, emit: Emit): void {
  emit(WP1, next?.word ?? END);
  emit(SHAPEP1, next?.shape ?? END);
  if (next) emitBits(emit, GAZP1, next.gaz);
}

function previous2Features(prev2: TokenInfo | undefined, emit: Emit): void {
  emit(WM2, prev2?.word ?? START);
}

function next2Features(next2: TokenInfo | undefined, emit: Emit): void {
  emit(WP2, next2?.word ?? END);
}

/** Features that combine words or depend on position (never cached). */
function pairFeatures(
  prev: TokenInfo | undefined,
  cur: TokenInfo,
  next: TokenInfo | undefined,
  token: Token,
  phrases: Uint32Array,
  i: number,
  emit: Emit,
): void {
  const initial = prev === undefined || prev.sentenceEnd || token.newlineBefore;
  emitBits(emit, PHRASE0, phrases[i]!);
  if (i > 0) emitBits(emit, PHRASEM1, phrases[i - 1]!);
  if (i + 1 < phrases.length) emitBits(emit, PHRASEP1, phrases[i + 1]!);
  emit(SHAPE_PAIR, mix(prev?.shape ?? START, cur.shape));
  emit(PREV_WORD_SHAPE, mix(prev?.word ?? START, cur.shape));
  emit(NEXT_WORD_SHAPE, mix(next?.word ?? END, cur.shape));
  emit(INITIAL_SHAPE, mix(initial ? 1 : 0, cur.shape));
  emit(BIGRAM, mix(prev?.word ?? START, cur.word));
  if (token.newlineBefore) emit(NEWLINE, 1);
}

/** Everything the feature groups read for a token sequence. */
interface Prepared {
  info: TokenInfo[];
  phrases: Uint32Array;
}

function prepare(tokens: readonly Token[], gazetteer: Gazetteer): Prepared {
  const info = tokens.map((t) => wordInfo(t.text, gazetteer));
  return { info, phrases: gazetteer.phraseMasks(info.map((w) => w.lower)) };
}

/** Extracts hashed feature ids (already reduced modulo 2^bits) for every token (training path). */
export function extractFeatures(tokens: readonly Token[], gazetteer: Gazetteer, bits: number): FeatureSet {
  const mask = (1 << bits) - 1;
  const { info, phrases } = prepare(tokens, gazetteer);
  let ids = new Int32Array(tokens.length * 40 + 16);
  let count = 0;
  const offsets = new Int32Array(tokens.length + 1);
  const emit: Emit = (template, value) => {
    if (count === ids.length) {
      const grown = new Int32Array(ids.length * 2);
      grown.set(ids);
      ids = grown;
    }
    ids[count++] = mix(template, value) & mask;
  };
  const n = info.length;
  for (let i = 0; i < n; i++) {
    offsets[i] = count;
    const cur = info[i]!;
    // Explicit bounds: reading arrays out of range (e.g. index -1) sends V8 down a slow path.
    const prev = i > 0 ? info[i - 1] : undefined;
    const next = i + 1 < n ? info[i + 1] : undefined;
    unigramFeatures(cur, emit);
    previousFeatures(prev, emit);
    nextFeatures(next, emit);
    previous2Features(i > 1 ? info[i - 2] : undefined, emit);
    next2Features(i + 2 < n ? info[i + 2] : undefined, emit);
    pairFeatures(prev, cur, next, tokens[i]!, phrases, i, emit);
  }
  offsets[tokens.length] = count;
  return { ids: ids.subarray(0, count), offsets };
}

/** Weight table view the scorer needs (kept structural so features.ts does not import the model). */
export interface WeightTable {
  bits: number;
  tags: number;
  weights: Float32Array;
}

/** Per-word partial scores: what a word adds as current, previous, next, previous-2 and next-2 word. */
interface WordScores {
  asCurrent: Float32Array;
  asPrevious: Float32Array;
  asNext: Float32Array;
  asPrevious2: Float32Array;
  asNext2: Float32Array;
}

interface ScoreCache {
  gazetteer: Gazetteer;
  words: Map<TokenInfo, WordScores>;
  start: { asPrevious: Float32Array; asPrevious2: Float32Array };
  end: { asNext: Float32Array; asNext2: Float32Array };
}

const scoreCaches = new WeakMap<Float32Array, ScoreCache>();
const SCORE_CACHE_LIMIT = 20_000;

function partial(table: WeightTable, group: (emit: Emit) => void): Float32Array {
  const T = table.tags;
  const mask = (1 << table.bits) - 1;
  const out = new Float32Array(T);
  group((template, value) => {
    const base = (mix(template, value) & mask) * T;
    for (let t = 0; t < T; t++) out[t]! += table.weights[base + t]!;
  });
  return out;
}

/**
 * Emission scores (n × tags) without materialising feature ids: the per-word groups are summed once
 * per distinct word and cached, so only the pair features are looked up per token. Equal to
 * emissions(extractFeatures(...)) up to float rounding; the weights must not change after first use.
 */
export function scoreTokens(
  table: WeightTable,
  tokens: readonly Token[],
  gazetteer: Gazetteer,
): Float32Array {
  let cache = scoreCaches.get(table.weights);
  if (!cache || cache.gazetteer !== gazetteer) {
    cache = {
      gazetteer,
      words: new Map(),
      start: {
        asPrevious: partial(table, (e) => previousFeatures(undefined, e)),
        asPrevious2: partial(table, (e) => previous2Features(undefined, e)),
      },
      end: {
        asNext: partial(table, (e) => nextFeatures(undefined, e)),
        asNext2: partial(table, (e) => next2Features(undefined, e)),
      },
    };
    scoreCaches.set(table.weights, cache);
  }
  const { info, phrases } = prepare(tokens, gazetteer);
  if (cache.words.size >= SCORE_CACHE_LIMIT) cache.words.clear();
  const words = info.map((w) => {
    let scores = cache.words.get(w);
    if (!scores) {
      // One buffer per word (5 × tags floats) keeps the cache compact: ~7 MB at the limit.
      const T = table.tags;
      const packed = new Float32Array(5 * T);
      packed.set(
        partial(table, (e) => unigramFeatures(w, e)),
        0,
      );
      packed.set(
        partial(table, (e) => previousFeatures(w, e)),
        T,
      );
      packed.set(
        partial(table, (e) => nextFeatures(w, e)),
        2 * T,
      );
      packed.set(
        partial(table, (e) => previous2Features(w, e)),
        3 * T,
      );
      packed.set(
        partial(table, (e) => next2Features(w, e)),
        4 * T,
      );
      scores = {
        asCurrent: packed.subarray(0, T),
        asPrevious: packed.subarray(T, 2 * T),
        asNext: packed.subarray(2 * T, 3 * T),
        asPrevious2: packed.subarray(3 * T, 4 * T),
        asNext2: packed.subarray(4 * T, 5 * T),
      };
      cache.words.set(w, scores);
    }
    return scores;
  });
  const T = table.tags;
  const mask = (1 << table.bits) - 1;
  const n = info.length;
  const out = new Float32Array(n * T);
  let row = 0;
  const emit: Emit = (template, value) => {
    const base = (mix(template, value) & mask) * T;
    for (let t = 0; t < T; t++) out[row + t]! += table.weights[base + t]!;
  };
  for (let i = 0; i < n; i++) {
    row = i * T;
    const a = words[i]!.asCurrent;
    const b = i > 0 ? words[i - 1]!.asPrevious : cache.start.asPrevious;
    const c = i + 1 < n ? words[i + 1]!.asNext : cache.end.asNext;
    const d = i > 1 ? words[i - 2]!.asPrevious2 : cache.start.asPrevious2;
    const e = i + 2 < n ? words[i + 2]!.asNext2 : cache.end.asNext2;
    for (let t = 0; t < T; t++) out[row + t] = a[t]! + b[t]! + c[t]! + d[t]! + e[t]!;
    pairFeatures(
      i > 0 ? info[i - 1] : undefined,
      info[i]!,
      i + 1 < n ? info[i + 1] : undefined,
      tokens[i]!,
      phrases,
      i,
      emit,
    );
  }
  return out;
}
