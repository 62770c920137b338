import { splitChunks, type TextChunk } from './chunk.js';
import { decodeSegments, type EncodingKind } from './decode.js';
import { FAMILIES, familyMatches, matchFamilies, type FamilyCounts } from './heuristics.js';
import {
  normalizeForDetection,
  toOriginalSpan,
  type HiddenKind,
  type NormalizedText,
  type Obfuscation,
} from './normalize.js';

/** One scored piece: a chunk of the text or a decoded segment. */
export interface PreparedChunk {
  /** Normalised text of the piece. */
  text: string;
  /** UTF-16 span in the original text. */
  start: number;
  end: number;
  families: FamilyCounts;
  /** Set when the piece came out of a decoded segment. */
  encodings?: readonly EncodingKind[];
}

/** Everything the detectors read about one text, computed once. */
export interface PreparedText {
  norm: NormalizedText;
  chunks: PreparedChunk[];
  /** Family rule counts summed over every chunk and decoded segment. */
  families: FamilyCounts;
  hiddenKinds: Set<HiddenKind>;
  obfuscations: Set<Obfuscation>;
  encodings: Set<EncodingKind>;
  /** Length of the original text in UTF-16 units. */
  length: number;
  /** Share of upper-case letters among ASCII letters in the original (shouting, "IMPORTANT"). */
  upperRatio: number;
  /** Share of non-empty lines that are table rows (start with `|`): a prose line in a table stands out. */
  tableShare: number;
}

/** True when a line or chunk is a table row. */
export function isTableRow(text: string): boolean {
  return /^\s*\|/.test(text);
}

function tableShare(text: string): number {
  let lines = 0;
  let rows = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    lines++;
    if (isTableRow(line)) rows++;
  }
  return lines ? rows / lines : 0;
}

const ZERO = Object.freeze(Object.fromEntries(FAMILIES.map((f) => [f, 0])) as FamilyCounts);

function emptyCounts(): FamilyCounts {
  return { ...ZERO };
}

/** Index of the chunk holding `offset`: the last chunk starting at or before it. */
function chunkAt(chunks: readonly TextChunk[], offset: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (chunks[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Normalises, chunks, decodes and matches heuristics once; the classifier and the evidence read the result. */
export function prepareText(text: string): PreparedText {
  const norm = normalizeForDetection(text);
  const families = emptyCounts();
  const chunks: PreparedChunk[] = [];
  const addChunk = (chunk: PreparedChunk): void => {
    chunks.push(chunk);
    for (const f of FAMILIES) families[f] += chunk.families[f];
  };
  // Rules run once over the whole text; each match counts (once per rule) for the chunk it starts in.
  const pieces = splitChunks(norm.text);
  const counts = pieces.map(emptyCounts);
  const seen = new Set<string>();
  for (const m of familyMatches(norm.text)) {
    const at = chunkAt(pieces, m.start);
    const key = `${at}:${m.family}:${m.rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    counts[at]![m.family]++;
  }
  pieces.forEach((c, i) =>
    addChunk({
      text: norm.text.slice(c.start, c.end),
      ...toOriginalSpan(norm, c.start, c.end),
      families: counts[i]!,
    }),
  );
  const obfuscations = new Set(norm.obfuscations);
  const hiddenKinds = new Set(norm.hidden.map((h) => h.kind));
  const encodings = new Set<EncodingKind>();
  // Decoded text is scanned like the text itself (base64 is case-sensitive, so decode the original).
  for (const segment of decodeSegments(text)) {
    const inner = normalizeForDetection(segment.text);
    for (const k of segment.kinds) encodings.add(k);
    for (const o of inner.obfuscations) obfuscations.add(o);
    for (const c of splitChunks(inner.text).slice(0, 8)) {
      const piece = inner.text.slice(c.start, c.end);
      addChunk({
        text: piece,
        start: segment.start,
        end: segment.end,
        families: matchFamilies(piece),
        encodings: segment.kinds,
      });
    }
  }
  let upper = 0;
  let letters = 0;
  const limit = Math.min(text.length, 8192);
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
  }
  return {
    norm,
    chunks,
    families,
    hiddenKinds,
    obfuscations,
    encodings,
    length: text.length,
    upperRatio: letters ? upper / letters : 0,
    tableShare: tableShare(norm.text),
  };
}
