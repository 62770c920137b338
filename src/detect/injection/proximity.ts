import { gateLiterals } from './gate.js';

/**
 * Rules of the form "A, then within N characters (not crossing a sentence end) B": written as one regex
 * for readability (`(?:ignore|forget)[^.!?\n]{0,48}(?:instructions|rules)`), but run as separate small
 * regexes joined by a linear gap check. Bounded gaps between alternations are what make backtracking
 * regexes slow and hard to audit for ReDoS; split, every piece is a plain alternation.
 */
export interface ProximityRule {
  /** The rule as written, for tests and error messages. */
  readonly source: string;
  /** Alternatives; the rule matches when any of them does. */
  readonly alternatives: readonly Sequence[];
}

interface Gap {
  max: number;
  stops: (c: number) => boolean;
}

export interface Sequence {
  pieces: RegExp[];
  gaps: Gap[];
  /** Literals of the most selective piece (longest shortest literal); one must occur for a match. */
  gate: readonly string[] | undefined;
}

/** Splits at `|` outside groups and classes. */
function splitTop(source: string, at: (s: string, i: number) => number): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let last = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (depth === 0) {
      const len = at(source, i);
      if (len > 0) {
        parts.push(source.slice(last, i), source.slice(i, i + len));
        last = i + len;
        i += len - 1;
        continue;
      }
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  parts.push(source.slice(last));
  return parts;
}

const GAP = /^\[\^((?:\\.|[^\]\\]){1,16})\]\{0,(\d{1,3})\}/;

function parseStops(body: string): (c: number) => boolean {
  const codes = new Set<number>();
  let space = false;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') {
      const e = body[++i];
      if (e === 'n') codes.add(10);
      else if (e === 's') space = true;
      else codes.add(e!.charCodeAt(0));
    } else codes.add(body.charCodeAt(i));
  }
  return (c) => codes.has(c) || (space && (c === 32 || (c >= 9 && c <= 13) || c === 0xa0));
}

function compileSequence(source: string, flags: string): Sequence {
  const parts = splitTop(source, (s, i) =>
    s[i] === '[' ? (GAP.exec(s.slice(i, i + 40))?.[0].length ?? 0) : 0,
  );
  const pieces: RegExp[] = [];
  const gaps: Gap[] = [];
  for (let k = 0; k < parts.length; k++) {
    if (k % 2 === 0) pieces.push(new RegExp(parts[k]!, flags.includes('g') ? flags : flags + 'g'));
    else {
      const m = GAP.exec(parts[k]!)!;
      gaps.push({ max: Number(m[2]), stops: parseStops(m[1]!) });
    }
  }
  let gate: string[] | undefined;
  for (const piece of pieces) {
    const literals = gateLiterals(piece.source);
    const strength = (g: string[] | undefined) => (g ? Math.min(...g.map((l) => l.length)) : 0);
    if (literals && strength(literals) > strength(gate)) gate = literals;
  }
  return { pieces, gaps, gate };
}

/** Compiles a rule written as one regex into its pieces. */
export function compileProximity(re: RegExp): ProximityRule {
  const alternatives = splitTop(re.source, (s, i) => (s[i] === '|' ? 1 : 0))
    .filter((_, k) => k % 2 === 0)
    .map((alt) => compileSequence(alt, re.flags));
  return { source: re.source, alternatives };
}

/** Every small regex a rule runs, for the ReDoS audit. */
export function piecesOf(rule: ProximityRule): RegExp[] {
  return rule.alternatives.flatMap((a) => a.pieces).filter((p) => p.source !== '(?:)');
}

/**
 * Leftmost match of each piece at or after a position, memoised: positions only move forward, so a
 * remembered match (or a remembered "none after here") answers later queries and every piece scans
 * the text at most about once. Without it, a common first piece ("in", "to") would rescan the rest
 * of the text for the next piece after each of its matches.
 */
class PieceCursor {
  private readonly from: number[];
  private readonly found: (RegExpExecArray | null)[];
  constructor(
    private readonly seq: Sequence,
    private readonly text: string,
  ) {
    this.from = seq.pieces.map(() => Infinity);
    this.found = seq.pieces.map(() => null);
  }
  next(k: number, from: number): RegExpExecArray | undefined {
    const cachedFrom = this.from[k]!;
    const cached = this.found[k]!;
    if (cachedFrom <= from && (cached === null || cached.index >= from)) return cached ?? undefined;
    const re = this.seq.pieces[k]!;
    re.lastIndex = from;
    const m = re.exec(this.text);
    this.from[k] = from;
    this.found[k] = m;
    return m ?? undefined;
  }
}

/** Matches piece k at or after `from`, no later than `limit`, then the rest of the sequence. */
function matchFrom(
  seq: Sequence,
  cursor: PieceCursor,
  text: string,
  k: number,
  from: number,
  limit: number,
): boolean {
  let m = cursor.next(k, from);
  while (m && m.index <= limit) {
    const end = m.index + m[0].length;
    if (k === seq.pieces.length - 1) return true;
    const gap = seq.gaps[k]!;
    let stop = end;
    while (stop < text.length && stop - end < gap.max && !gap.stops(text.charCodeAt(stop))) stop++;
    if (matchFrom(seq, cursor, text, k + 1, end, stop)) return true;
    // Only the first piece is retried at later positions; later pieces take their leftmost match.
    if (k > 0) return false;
    m = cursor.next(k, m[0].length ? end : end + 1);
  }
  return false;
}

/** True when the rule matches somewhere in the text. */
export function testProximity(rule: ProximityRule, text: string, index = new LiteralIndex(text)): boolean {
  return rule.alternatives.some(
    (seq) => passes(seq.gate, index) && matchFrom(seq, new PieceCursor(seq, text), text, 0, 0, text.length),
  );
}

/**
 * Answers "does the text contain this literal?" for many literals: a bitmap of the text's hashed
 * 4-character windows rejects most literals with one lookup before `includes` confirms. A bitmap, not
 * a Set: filling a Set with every window of a 2 KB text cost more than all the lookups it saved.
 */
export class LiteralIndex {
  private readonly bits: Uint32Array;
  private readonly mask: number;
  constructor(private readonly text: string) {
    // About 16 bits per window keeps false hits near 6%; 2^12..2^21 bits.
    const size = 1 << Math.min(21, Math.max(12, 32 - Math.clz32(text.length * 16)));
    this.bits = new Uint32Array(size >>> 5);
    this.mask = size - 1;
    for (let i = 0; i + 4 <= text.length; i++) {
      const h = hash4(text, i) & this.mask;
      this.bits[h >>> 5]! |= 1 << (h & 31);
    }
  }
  has(literal: string): boolean {
    if (literal.length >= 4) {
      const h = hash4(literal, 0) & this.mask;
      if ((this.bits[h >>> 5]! & (1 << (h & 31))) === 0) return false;
    }
    return this.text.includes(literal);
  }
}

function hash4(s: string, i: number): number {
  return (
    (((s.charCodeAt(i) * 31 + s.charCodeAt(i + 1)) * 31 + s.charCodeAt(i + 2)) * 31 + s.charCodeAt(i + 3)) | 0
  );
}

function passes(gate: readonly string[] | undefined, index: LiteralIndex): boolean {
  return !gate || gate.some((g) => index.has(g));
}

/** Start offsets of the rule's matches (first piece), at most `limit`, in increasing order per alternative. */
export function matchStarts(
  rule: ProximityRule,
  text: string,
  index = new LiteralIndex(text),
  limit = 64,
): number[] {
  const starts: number[] = [];
  for (const seq of rule.alternatives) {
    if (!passes(seq.gate, index)) continue;
    const cursor = new PieceCursor(seq, text);
    let m = cursor.next(0, 0);
    while (m && starts.length < limit) {
      const end = m.index + m[0].length;
      if (seq.pieces.length === 1 || matchRest(seq, cursor, text, end)) starts.push(m.index);
      m = cursor.next(0, m[0].length ? end : end + 1);
    }
  }
  return starts;
}

/** Matches pieces 1.. of a sequence after the first piece ended at `end`. */
function matchRest(seq: Sequence, cursor: PieceCursor, text: string, end: number): boolean {
  const gap = seq.gaps[0]!;
  let stop = end;
  while (stop < text.length && stop - end < gap.max && !gap.stops(text.charCodeAt(stop))) stop++;
  return matchFrom(seq, cursor, text, 1, end, stop);
}
