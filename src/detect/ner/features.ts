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
  phrase: number;
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
    phrase: 0,
    punct,
    sentenceEnd: punct && (text === '.' || text === '!' || text === '?' || text === ':'),
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, info);
  return info;
}

/** Extracts hashed feature ids (already reduced modulo 2^bits) for every token. */
export function extractFeatures(tokens: readonly Token[], gazetteer: Gazetteer, bits: number): FeatureSet {
  const mask = (1 << bits) - 1;
  const words = tokens.map((t) => wordInfo(t.text, gazetteer));
  const phrases = gazetteer.phraseMasks(words.map((w) => w.lower));
  const info = words.map((w, i) => (phrases[i] === 0 ? w : { ...w, phrase: phrases[i]! }));
  let ids = new Int32Array(tokens.length * 40 + 16);
  let count = 0;
  const offsets = new Int32Array(tokens.length + 1);
  const add = (template: number, value: number): void => {
    if (count === ids.length) {
      const grown = new Int32Array(ids.length * 2);
      grown.set(ids);
      ids = grown;
    }
    ids[count++] = mix(template, value) & mask;
  };
  const addBits = (template: number, bitsValue: number): void => {
    for (let b = bitsValue; b !== 0; b &= b - 1) add(template, 31 - Math.clz32(b & -b));
  };
  for (let i = 0; i < tokens.length; i++) {
    offsets[i] = count;
    const cur = info[i]!;
    // Explicit bounds: reading arrays out of range (e.g. index -1) sends V8 down a slow path.
    const prev = i > 0 ? info[i - 1] : undefined;
    const next = i + 1 < info.length ? info[i + 1] : undefined;
    const prev2 = i > 1 ? info[i - 2] : undefined;
    const next2 = i + 2 < info.length ? info[i + 2] : undefined;
    const initial = prev === undefined || prev.sentenceEnd || tokens[i]!.newlineBefore;
    add(BIAS, 0);
    add(W0, cur.word);
    add(WM1, prev?.word ?? START);
    add(WP1, next?.word ?? END);
    add(WM2, prev2?.word ?? START);
    add(WP2, next2?.word ?? END);
    add(SHAPE0, cur.shape);
    add(SHAPEM1, prev?.shape ?? START);
    add(SHAPEP1, next?.shape ?? END);
    add(SUF3, cur.suf3);
    add(SUF2, cur.suf2);
    add(PRE3, cur.pre3);
    addBits(GAZ0, cur.gaz);
    addBits(GAZM1, prev?.gaz ?? 0);
    addBits(GAZP1, next?.gaz ?? 0);
    addBits(PHRASE0, cur.phrase);
    addBits(PHRASEM1, prev?.phrase ?? 0);
    addBits(PHRASEP1, next?.phrase ?? 0);
    add(GAZ_SHAPE, mix(cur.gaz, cur.shape));
    add(SHAPE_PAIR, mix(prev?.shape ?? START, cur.shape));
    add(PREV_WORD_SHAPE, mix(prev?.word ?? START, cur.shape));
    add(NEXT_WORD_SHAPE, mix(next?.word ?? END, cur.shape));
    add(INITIAL_SHAPE, mix(initial ? 1 : 0, cur.shape));
    add(BIGRAM, mix(prev?.word ?? START, cur.word));
    if (tokens[i]!.newlineBefore) add(NEWLINE, 1);
    if (prev?.punct) add(PREV_PUNCT, prev.word);
  }
  offsets[tokens.length] = count;
  return { ids: ids.subarray(0, count), offsets };
}
