import type { Finding } from '../../core/index.js';
import { contextSignal, type ContextWords } from '../context.js';
import type { ScanContext } from '../recognizer.js';

/** Score added by a positive context word and removed by a negative one. */
export const CONTEXT_BOOST = 0.3;
export const CONTEXT_PENALTY = 0.3;

/**
 * Lower-cased text with the same offsets as `text`. `ctx.lower` is used when it lines up; a few
 * characters (e.g. 'İ') grow when lower-cased, and then offsets would drift, so we fall back to a
 * per-character lower-casing that keeps length.
 */
export function alignedLower(text: string, ctx: ScanContext): string {
  if (ctx.lower.length === text.length) return ctx.lower;
  return memo(ctx, 'aligned-lower', () => {
    let out = '';
    for (const ch of text) {
      const low = ch.toLowerCase();
      out += low.length === ch.length ? low : ch;
    }
    return out;
  });
}

/**
 * Per-scan memo: recognisers sharing a costly pass (dates, digit runs) compute it once per text. Kept
 * on the scan's context, not in a WeakMap keyed by it: a WeakMap entry per scan cost more than most
 * short texts take to scan.
 */
export function memo<T>(ctx: ScanContext, key: string, compute: () => T): T {
  const cache = (ctx.memo ??= new Map());
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  cache.set(key, value);
  return value;
}

/** Calls `fn` for every match of a global regex, from the start of the text. */
export function eachMatch(re: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    fn(m);
    if (m[0].length === 0) re.lastIndex++;
  }
}

/**
 * Like `eachMatch`, for matches starting in [from, to). The search runs on a prefix that ends a little
 * after `to` (a cheap sliced string), so a region costs its own length, not a scan to the next match
 * further on; look-behinds still see the whole prefix.
 */
export function eachMatchIn(
  re: RegExp,
  text: string,
  from: number,
  to: number,
  fn: (m: RegExpExecArray) => void,
): void {
  const subject = to + 128 >= text.length ? text : text.slice(0, to + 128);
  re.lastIndex = from;
  for (let m = re.exec(subject); m !== null && m.index < to; m = re.exec(subject)) {
    fn(m);
    if (m[0].length === 0) re.lastIndex++;
  }
}

export interface ScoredSpan {
  score: number;
  evidence: string[];
}

/**
 * Applies Presidio-style context: +0.3 when a positive word is near, -0.3 when only a negative one
 * is. Scores are clamped to [0, 1].
 */
export function withContext(
  lower: string,
  start: number,
  end: number,
  base: number,
  words: ContextWords,
  evidence: string[] = [],
  window?: { before?: number; after?: number },
): ScoredSpan {
  const signal = contextSignal(lower, start, end, words, window ?? {});
  if (signal === 1) return { score: clamp(base + CONTEXT_BOOST), evidence: [...evidence, 'context+'] };
  if (signal === -1) return { score: clamp(base - CONTEXT_PENALTY), evidence: [...evidence, 'context-'] };
  return { score: clamp(base), evidence };
}

function clamp(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 100) / 100;
}

/** Builds a finding; evidence never carries the matched text. */
export function finding(
  type: string,
  start: number,
  end: number,
  scored: ScoredSpan,
  recognizer: string,
): Finding {
  return { type, start, end, score: scored.score, recognizer, evidence: scored.evidence };
}

/** Digits of a string, separators dropped. */
export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

/** The separators between digit groups, e.g. ['-', '-'] for '123-45-6789'. */
export function separatorsOf(value: string): string[] {
  return value.match(/[^0-9A-Za-z]+/g) ?? [];
}

/** True when every separator is the same single character (or there are none). */
export function consistentSeparators(value: string): boolean {
  const seps = separatorsOf(value);
  return seps.every((s) => s.length === 1 && s === seps[0]);
}

/** Lengths of the alphanumeric groups, e.g. [3, 2, 4] for '123-45-6789'. */
export function groupLengths(value: string): number[] {
  return (value.match(/[0-9A-Za-z]+/g) ?? []).map((g) => g.length);
}

/** Shared negative words for numbers that are references, not identifiers of a person. */
export const REFERENCE_WORDS: readonly string[] = [
  'order',
  'invoice',
  'ref',
  'reference',
  'ticket',
  'tracking',
  'serial',
  'version',
  'sku',
  'po',
  'bestellung',
  'bestellnummer',
  'bestellnr',
  'rechnung',
  'rechnungsnummer',
  'rechnungsnr',
  'auftrag',
  'auftragsnr',
  'commande',
  'facture',
  'référence',
  'pedido',
  'factura',
  'referencia',
];

/**
 * Fast path for patterns whose cheapest part is in the middle ('@' of an e-mail, ':' of an IPv6
 * address): a global `anchor` regex finds candidates, the start is found by walking back over
 * `isBackChar` characters (at most `maxBack`), and a sticky `full` regex must match from there.
 * V8 scans for a literal-led regex far faster than for one led by a look-behind or a class.
 */
export function eachAnchored(
  text: string,
  anchor: RegExp,
  isBackChar: (code: number) => boolean,
  maxBack: number,
  full: RegExp,
  fn: (m: RegExpExecArray) => void,
): void {
  anchor.lastIndex = 0;
  let done = 0;
  for (let a = anchor.exec(text); a !== null; a = anchor.exec(text)) {
    if (a.index < done) continue;
    let start = a.index;
    while (start > done && a.index - start < maxBack && isBackChar(text.charCodeAt(start - 1))) start--;
    full.lastIndex = start;
    const m = full.exec(text);
    if (m === null) continue;
    fn(m);
    done = m.index + m[0].length;
    if (anchor.lastIndex < done) anchor.lastIndex = done;
  }
}

/** Character-code tests for `eachAnchored`. */
export const isAlnum = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
export const isHex = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
export const isWordCode = (c: number): boolean => isAlnum(c) || c === 95;

interface TrieNode {
  end: boolean;
  next: Map<string, TrieNode>;
}

/**
 * A word list as a prefix-tree regex ('jan(?:uary|vier)?|...'): at each position V8 compares one
 * character per level instead of trying every word in turn, several times faster on prose.
 */
export function trieAlternation(words: readonly string[]): string {
  const root: TrieNode = { end: false, next: new Map() };
  for (const word of words) {
    let node = root;
    for (const ch of word) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  const emit = (node: TrieNode): string => {
    const branches = [...node.next].map(
      ([ch, child]) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + emit(child),
    );
    if (branches.length === 0) return '';
    const body = branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
    return node.end ? `(?:${body})?` : body;
  };
  return `(?:${emit(root)})`;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const wordFinders = new WeakMap<readonly string[], RegExp>();

/** Where any of `words` occurs on word boundaries in `lower`, as [start, end) pairs (one regex pass). */
export function wordOccurrences(lower: string, words: readonly string[]): Array<[number, number]> {
  if (words.length === 0) return [];
  let finder = wordFinders.get(words);
  if (!finder) wordFinders.set(words, (finder = new RegExp(trieAlternation(words), 'g')));
  const found: Array<[number, number]> = [];
  eachMatch(finder, lower, (m) => {
    const before = lower[m.index - 1];
    const after = lower[m.index + m[0].length];
    if (
      (before === undefined || !WORD_CHAR.test(before)) &&
      (after === undefined || !WORD_CHAR.test(after))
    ) {
      found.push([m.index, m.index + m[0].length]);
    }
  });
  return found;
}

/**
 * The stretches of text where a span could see one of `words` within its context window, merged.
 * Recognisers that only report with context scan these instead of the whole text.
 */
export function contextRegions(
  lower: string,
  words: readonly string[],
  before: number,
  after: number,
  maxSpan = 64,
): Array<[number, number]> {
  const raw = wordOccurrences(lower, words)
    .map(([s, e]): [number, number] => [
      Math.max(0, s - after - maxSpan),
      Math.min(lower.length, e + before + maxSpan),
    ])
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const region of raw) {
    const last = merged[merged.length - 1];
    if (last && region[0] <= last[1]) last[1] = Math.max(last[1], region[1]);
    else merged.push(region);
  }
  return merged;
}

/** Whether the text has any ASCII digit; numeric recognisers skip digit-free texts (one check per scan). */
export function hasDigit(text: string, ctx: ScanContext): boolean {
  return memo(ctx, 'has-digit', () => /\d/.test(text));
}
