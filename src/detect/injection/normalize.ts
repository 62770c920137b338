import { CONFUSABLES, isLatinLower } from './confusables.js';

/** A kind of invisible character used to hide or smuggle text. */
export type HiddenKind = 'zero-width' | 'bidi' | 'tag' | 'variation-selector';

/** A run of invisible characters in the original text (UTF-16 offsets). */
export interface HiddenRun {
  kind: HiddenKind;
  start: number;
  end: number;
}

/** Obfuscation applied by the author that normalisation undid. */
export type Obfuscation =
  'homoglyph' | 'leetspeak' | 'spaced-letters' | 'tag-smuggling' | 'variation-smuggling';

export interface NormalizedText {
  /** Lower-case, NFKC, homoglyph-folded, leet-collapsed text with whitespace runs collapsed. */
  text: string;
  /** For each code unit of `text`, the start offset of its source in the original. */
  from: Int32Array;
  /** For each code unit of `text`, the end offset of its source in the original. */
  to: Int32Array;
  hidden: HiddenRun[];
  obfuscations: Set<Obfuscation>;
}

const LEET: ReadonlyMap<number, number> = new Map(
  [
    ['0', 'o'],
    ['1', 'i'],
    ['3', 'e'],
    ['4', 'a'],
    ['5', 's'],
    ['7', 't'],
  ].map(([a, b]) => [a!.charCodeAt(0), b!.charCodeAt(0)]),
);

const nfkcCache = new Map<number, string>();

function hiddenKind(cp: number): HiddenKind | undefined {
  if ((cp >= 0x200b && cp <= 0x200d) || (cp >= 0x2060 && cp <= 0x2064) || cp === 0xfeff) return 'zero-width';
  if (cp === 0x00ad || cp === 0x034f || cp === 0x180e || cp === 0x115f || cp === 0x1160 || cp === 0x3164)
    return 'zero-width';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return 'bidi';
  if (cp === 0x200e || cp === 0x200f || cp === 0x061c) return 'bidi';
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag';
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return 'variation-selector';
  return undefined;
}

/** Byte value a variation selector encodes in "emoji smuggling" (VS1-16 → 0-15, VS17-256 → 16-255). */
function variationByte(cp: number): number {
  return cp <= 0xfe0f ? cp - 0xfe00 : cp - 0xe0100 + 16;
}

/** Growable parallel typed arrays: output code units and the original span each came from. */
class Builder {
  codes: Uint16Array;
  from: Int32Array;
  to: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.codes = new Uint16Array(capacity);
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
  }
  push(code: number, start: number, end: number): void {
    if (this.length === this.codes.length) this.grow();
    this.codes[this.length] = code;
    this.from[this.length] = start;
    this.to[this.length] = end;
    this.length++;
  }
  pushString(s: string, start: number, end: number): void {
    for (let k = 0; k < s.length; k++) this.push(s.charCodeAt(k), start, end);
  }
  private grow(): void {
    const size = this.codes.length * 2 + 16;
    const codes = new Uint16Array(size);
    codes.set(this.codes);
    const from = new Int32Array(size);
    from.set(this.from);
    const to = new Int32Array(size);
    to.set(this.to);
    this.codes = codes;
    this.from = from;
    this.to = to;
  }
}

const utf16 = new TextDecoder('utf-16le');

/**
 * Normalises text for injection detection and keeps a map back to the original's UTF-16 offsets.
 * Steps: hidden characters removed (tag characters decoded to ASCII, variation-selector runs decoded as
 * bytes), NFKC, lower case, homoglyphs folded inside mixed-script words, leetspeak folded inside words,
 * spaced-out letters joined, whitespace runs collapsed. Linear in the input length.
 */
export function normalizeForDetection(original: string): NormalizedText {
  const hidden: HiddenRun[] = [];
  const obfuscations = new Set<Obfuscation>();
  const b = new Builder(original.length + 16);
  const addHidden = (kind: HiddenKind, start: number, end: number): void => {
    const last = hidden.at(-1);
    if (last && last.kind === kind && last.end === start) last.end = end;
    else hidden.push({ kind, start, end });
  };
  let vsBytes: number[] = [];
  let vsStart = 0;
  let vsEnd = 0;
  const flushVariation = (): void => {
    // A single selector after an emoji is ordinary text; a run of them carries smuggled bytes.
    if (vsBytes.length >= 2) {
      addHidden('variation-selector', vsStart, vsEnd);
      const decoded = new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(vsBytes));
      obfuscations.add('variation-smuggling');
      b.pushString(decoded.toLowerCase(), vsStart, vsEnd);
    }
    vsBytes = [];
  };

  for (let i = 0; i < original.length;) {
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const end = i + width;
    if (cp < 0x80) {
      if (vsBytes.length) flushVariation();
      b.push(cp >= 65 && cp <= 90 ? cp + 32 : cp, i, end);
      i = end;
      continue;
    }
    const kind = hiddenKind(cp);
    if (kind === 'variation-selector') {
      if (vsBytes.length === 0) vsStart = i;
      vsBytes.push(variationByte(cp));
      vsEnd = end;
      i = end;
      continue;
    }
    if (vsBytes.length) flushVariation();
    if (kind !== undefined) {
      addHidden(kind, i, end);
      if (kind === 'tag' && cp >= 0xe0020 && cp <= 0xe007e) {
        obfuscations.add('tag-smuggling');
        const ascii = cp - 0xe0000;
        b.push(ascii >= 65 && ascii <= 90 ? ascii + 32 : ascii, i, end);
      }
      i = end;
      continue;
    }
    let folded = nfkcCache.get(cp);
    if (folded === undefined) {
      folded = String.fromCodePoint(cp).normalize('NFKC').toLowerCase();
      if (nfkcCache.size < 65_536) nfkcCache.set(cp, folded);
    }
    b.pushString(folded, i, end);
    i = end;
  }
  if (vsBytes.length) flushVariation();

  foldWords(b.codes, b.length, obfuscations);
  return collapse(b, hidden, obfuscations);
}

function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || isLatinLower(c) || (c >= 0xc0 && c !== 0xd7);
}

/** Folds homoglyphs in words that mix Latin with look-alikes, and leetspeak in words that mix letters with digits. */
function foldWords(codes: Uint16Array, n: number, obfuscations: Set<Obfuscation>): void {
  let i = 0;
  while (i < n) {
    if (!isWordCode(codes[i]!)) {
      i++;
      continue;
    }
    let j = i;
    let latin = 0;
    let confusable = 0;
    let leet = 0;
    while (j < n && isWordCode(codes[j]!)) {
      const c = codes[j]!;
      if (isLatinLower(c)) {
        latin++;
      } else if (CONFUSABLES.has(c)) {
        confusable++;
      } else if (LEET.has(c)) {
        leet++;
      }
      j++;
    }
    if (latin > 0 && confusable > 0) {
      obfuscations.add('homoglyph');
      for (let k = i; k < j; k++) codes[k] = CONFUSABLES.get(codes[k]!) ?? codes[k]!;
    }
    // "1gn0r3", "pr0mpt": a leet digit between two letters; "21st", "sha256", "ipv4" stay as they are.
    if (leet > 0 && latin + confusable >= 2 && j - i <= 24 && hasInnerLeet(codes, i, j)) {
      obfuscations.add('leetspeak');
      for (let k = i; k < j; k++) codes[k] = LEET.get(codes[k]!) ?? codes[k]!;
    }
    i = j;
  }
}

function isLetterCode(c: number): boolean {
  return isLatinLower(c) || CONFUSABLES.has(c);
}

/** True when some leet digit in [i, j) sits directly between two letters. */
function hasInnerLeet(codes: Uint16Array, i: number, j: number): boolean {
  for (let k = i + 1; k < j - 1; k++) {
    if (LEET.has(codes[k]!) && isLetterCode(codes[k - 1]!) && isLetterCode(codes[k + 1]!)) return true;
  }
  return false;
}

function isSpace(c: number): boolean {
  return (
    c === 32 || c === 9 || c === 10 || c === 13 || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x3000
  );
}

function isLetter(c: number): boolean {
  return isLatinLower(c) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7);
}

function isSpacer(c: number): boolean {
  return c === 32 || c === 46 || c === 45 || c === 95 || c === 42 || c === 124 || c === 47;
}

/** Joins "i g n o r e" style runs and collapses whitespace, producing the final text and offset maps. */
function collapse(b: Builder, hidden: HiddenRun[], obfuscations: Set<Obfuscation>): NormalizedText {
  const { codes, from: f, to: t } = b;
  const out = new Builder(b.length + 16);
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = codes[i]!;
    if (isSpace(c)) {
      let j = i;
      let newline = false;
      while (j < n && isSpace(codes[j]!)) {
        if (codes[j] === 10) newline = true;
        j++;
      }
      if (out.length > 0 && j < n) out.push(newline ? 10 : 32, f[i]!, t[j - 1]!);
      i = j;
      continue;
    }
    const spaced = spacedRunEnd(codes, n, i);
    if (spaced > i) {
      obfuscations.add('spaced-letters');
      // Gaps wider than the run's narrowest gap separate words.
      let minGap = Infinity;
      for (let k = i + 1; k < spaced;) {
        let g = k;
        while (g < spaced && !isLetter(codes[g]!)) g++;
        minGap = Math.min(minGap, g - k);
        k = g + 1;
      }
      for (let k = i; k < spaced;) {
        out.push(codes[k]!, f[k]!, t[k]!);
        let g = k + 1;
        while (g < spaced && !isLetter(codes[g]!)) g++;
        if (g < spaced && g - (k + 1) > minGap) out.push(32, f[k + 1]!, t[g - 1]!);
        k = g;
      }
      i = spaced;
      continue;
    }
    out.push(c, f[i]!, t[i]!);
    i++;
  }
  return {
    text: utf16.decode(out.codes.subarray(0, out.length)),
    from: out.from.subarray(0, out.length),
    to: out.to.subarray(0, out.length),
    hidden,
    obfuscations,
  };
}

/**
 * If a run of at least five single letters separated by 1-3 spacer characters starts at `i`, returns the
 * index after its last letter; otherwise `i`.
 */
function spacedRunEnd(codes: Uint16Array, n: number, i: number): number {
  if (!isLetter(codes[i]!) || (i > 0 && isLetter(codes[i - 1]!))) return i;
  let letters = 1;
  let last = i;
  let k = i + 1;
  for (;;) {
    let g = k;
    while (g < n && g - k < 3 && isSpacer(codes[g]!)) g++;
    if (g === k || g >= n || !isLetter(codes[g]!)) break;
    if (g + 1 < n && isLetter(codes[g + 1]!)) break;
    letters++;
    last = g;
    k = g + 1;
  }
  return letters >= 5 ? last + 1 : i;
}

/** Maps a span of the normalised text back to the original text's UTF-16 offsets. */
export function toOriginalSpan(
  norm: NormalizedText,
  start: number,
  end: number,
): { start: number; end: number } {
  if (norm.text.length === 0) return { start: 0, end: 0 };
  const s = Math.min(Math.max(start, 0), norm.text.length - 1);
  const e = Math.min(Math.max(end, s + 1), norm.text.length);
  return { start: norm.from[s]!, end: norm.to[e - 1]! };
}
