/** An encoding an attacker may wrap instructions in. */
export type EncodingKind = 'base64' | 'hex' | 'url' | 'rot13';

/** Text found by decoding a segment of the input. */
export interface DecodedSegment {
  /** The chain of encodings, outermost first, e.g. ['base64', 'hex']. */
  kinds: EncodingKind[];
  /** UTF-16 span of the outermost encoded run in the scanned text. */
  start: number;
  end: number;
  text: string;
}

export interface DecodeOptions {
  /** Nesting depth followed (base64 of hex of ...). Default 3. */
  maxDepth?: number;
  /** Segments returned at most. Default 16. */
  maxSegments?: number;
  /** Total decoded characters across all segments. Default 64 KiB. */
  maxDecodedChars?: number;
  /** Characters of one encoded run that are decoded; the rest is ignored. Default 16 KiB. */
  maxRunChars?: number;
}

interface Budget {
  segments: number;
  chars: number;
  maxDepth: number;
  maxRun: number;
}

const PERCENT = /%[0-9a-f]{2}/gi;
const PERCENT_BYTE = /^[0-9a-f]{2}$/i;
const HEX_ONLY = /^[0-9a-f]+$/i;
const HEX_SEPARATORS = /\\x|0x|[\s:,]/i;
const ENCODED_LAYER = /^[A-Za-z0-9+/=_-]{8,65536}$/;
const ASCII_LETTER = /[a-z]/gi;
const NON_LETTERS = /[^a-z]+/;

/** Every regex the decoder runs, for the ReDoS audit. */
export const DECODE_PATTERNS: readonly RegExp[] = [
  PERCENT,
  PERCENT_BYTE,
  HEX_ONLY,
  HEX_SEPARATORS,
  ENCODED_LAYER,
  ASCII_LETTER,
  NON_LETTERS,
];

const utf8 = new TextDecoder('utf-8', { fatal: true });

const COMMON_WORDS = new Set(
  (
    'the and you your that this with for are not all have from what will what can must now ignore ' +
    'instructions previous system prompt password secret tell me is it to of in be as on or say print ' +
    'reveal above rules do any please write give show output answer'
  ).split(' '),
);

/**
 * Finds base64, hex, URL-encoded and ROT13 segments and decodes them, recursively up to a depth limit.
 * Bounded: each run is decoded up to `maxRunChars`, and total output is capped, so a megabyte of base64
 * costs one linear pass plus one capped decode.
 */
export function decodeSegments(text: string, options: DecodeOptions = {}): DecodedSegment[] {
  const budget: Budget = {
    segments: options.maxSegments ?? 16,
    chars: options.maxDecodedChars ?? 65_536,
    maxDepth: options.maxDepth ?? 3,
    maxRun: options.maxRunChars ?? 16_384,
  };
  const out: DecodedSegment[] = [];
  walk(text, 1, budget, out, undefined);
  return out;
}

function walk(
  text: string,
  depth: number,
  budget: Budget,
  out: DecodedSegment[],
  parent: DecodedSegment | undefined,
): void {
  for (const found of findEncoded(text, budget.maxRun)) {
    if (budget.segments <= 0 || budget.chars <= 0) return;
    const decoded = found.text.slice(0, budget.chars);
    budget.segments--;
    budget.chars -= decoded.length;
    const segment: DecodedSegment = parent
      ? { kinds: [...parent.kinds, found.kind], start: parent.start, end: parent.end, text: decoded }
      : { kinds: [found.kind], start: found.start, end: found.end, text: decoded };
    out.push(segment);
    if (depth < budget.maxDepth) walk(decoded, depth + 1, budget, out, segment);
  }
}

interface Found {
  kind: EncodingKind;
  start: number;
  end: number;
  text: string;
}

function findEncoded(text: string, maxRun: number): Found[] {
  const found: Found[] = [];
  scanRuns(text, BASE64, 12, (start, end) => {
    const run = text.slice(start, Math.min(end, start + maxRun));
    if (!looksEncoded(run) || isHexRun(run)) return;
    const decoded = readable(
      Buffer.from(run, run.includes('-') || run.includes('_') ? 'base64url' : 'base64'),
    );
    if (decoded) found.push({ kind: 'base64', start, end, text: decoded });
  });
  scanRuns(text, HEXSEP, 16, (start, end) => {
    if (countDigits(text, start, Math.min(end, start + 64)) < 6) return;
    const run = text.slice(start, Math.min(end, start + maxRun * 2));
    // Separated bytes ("49 67", "\\x49\\x67"): keep two-digit tokens so a stray letter cannot shift them.
    const tokens = run.split(HEX_SEPARATORS).filter((t) => t.length > 0);
    const digits = tokens.filter((t) => t.length % 2 === 0 && HEX_ONLY.test(t)).join('');
    if (!isHexRun(digits) || digits.length < 12) return;
    const decoded = readable(Buffer.from(digits.slice(0, digits.length - (digits.length % 2)), 'hex'));
    if (decoded) found.push({ kind: 'hex', start, end, text: decoded });
  });
  if (text.includes('%'))
    scanRuns(text, URLCHAR, 9, (start, end) => {
      const run = text.slice(start, Math.min(end, start + maxRun));
      if ((run.match(PERCENT)?.length ?? 0) < 3) return;
      const decoded = readable(percentBytes(run));
      if (decoded && decoded !== run) found.push({ kind: 'url', start, end, text: decoded });
    });
  let lineStart = 0;
  for (const line of text.slice(0, maxRun * 4).split('\n')) {
    if (line.length >= 16 && line.length <= maxRun && mayBeRot13(line)) {
      const rotated = rot13(line);
      if (commonWords(rotated) >= 3 && commonWords(rotated) >= 3 * (commonWords(line) + 1))
        found.push({ kind: 'rot13', start: lineStart, end: lineStart + line.length, text: rotated });
    }
    lineStart += line.length + 1;
  }
  return found;
}

const ROT13_HINTS = [
  ' gur ',
  ' naq ',
  'lbh',
  ' gb ',
  ' vf ',
  ' bs ',
  'vtaber',
  'cevag',
  'cnffjbeq',
  'vafgehpg',
  'frperg',
];

/** Cheap gate: ROT13 English contains these rotated common words. */
function mayBeRot13(line: string): boolean {
  const lower = line.toLowerCase();
  let n = 0;
  for (const hint of ROT13_HINTS) if (lower.includes(hint)) n++;
  return n >= 2;
}

const BASE64 = 1;
const HEXSEP = 2;
const URLCHAR = 4;

/** Character classes of ASCII code units as bit flags: one table lookup per character. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const alnum = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
  if (alnum || c === 43 || c === 47 || c === 61 || c === 45 || c === 95) CLASS[c]! |= BASE64;
  const hex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
  if (hex || c === 92 || c === 120 || c === 32 || c === 58 || c === 44) CLASS[c]! |= HEXSEP;
  if (c > 32 && c < 127 && c !== 34 && c !== 39 && c !== 60 && c !== 62) CLASS[c]! |= URLCHAR;
}

/** Calls `onRun` for each maximal run of characters of class `flag`, at least `min` long. Linear. */
function scanRuns(text: string, flag: number, min: number, onRun: (s: number, e: number) => void): void {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    const inside = c < 128 && (CLASS[c]! & flag) !== 0;
    if (inside) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start >= min) onRun(start, i);
      start = -1;
    }
  }
}

/** Plain words are letters only; base64 of text has digits, '+', '/' or scattered capitals. */
function looksEncoded(run: string): boolean {
  let upper = 0;
  for (let i = 0; i < Math.min(run.length, 256); i++) {
    const c = run.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 43 || c === 47) return true;
    if (c >= 65 && c <= 90 && i > 0) upper++;
  }
  return upper >= 2;
}

function countDigits(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function isHexRun(s: string): boolean {
  return HEX_ONLY.test(s);
}

function percentBytes(run: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (c === 37 && i + 2 < run.length && PERCENT_BYTE.test(run.slice(i + 1, i + 3))) {
      bytes.push(parseInt(run.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c === 43 ? 32 : c);
  }
  return Uint8Array.from(bytes);
}

/** Returns the bytes as text when they are valid UTF-8 and mostly printable, otherwise undefined. */
function readable(bytes: Uint8Array): string | undefined {
  if (bytes.length < 4) return undefined;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  let printable = 0;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 32 || c === 10 || c === 9 || c === 13) printable++;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0) letters++;
  }
  if (printable < text.length * 0.95) return undefined;
  // Decoded text is either prose or another layer of encoding (hex digits, base64 alphabet).
  return letters >= text.length * 0.5 || ENCODED_LAYER.test(text) ? text : undefined;
}

/** ROT13 of ASCII letters; other characters unchanged. */
export function rot13(s: string): string {
  return s.replace(ASCII_LETTER, (ch) => {
    const base = ch <= 'Z' ? 65 : 97;
    return String.fromCharCode(((ch.charCodeAt(0) - base + 13) % 26) + base);
  });
}

function commonWords(s: string): number {
  let n = 0;
  for (const w of s.toLowerCase().split(NON_LETTERS)) if (COMMON_WORDS.has(w)) n++;
  return n;
}
