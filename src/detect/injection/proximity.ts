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
  /** Literals of which one must occur for the rule to match (undefined = always run). */
  readonly gate: readonly string[] | undefined;
}

interface Gap {
  max: number;
  stops: (c: number) => boolean;
}

export interface Sequence {
  pieces: RegExp[];
  gaps: Gap[];
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
  return { pieces, gaps };
}

/** Compiles a rule written as one regex into its pieces. */
export function compileProximity(re: RegExp): ProximityRule {
  const alternatives = splitTop(re.source, (s, i) => (s[i] === '|' ? 1 : 0))
    .filter((_, k) => k % 2 === 0)
    .map((alt) => compileSequence(alt, re.flags));
  return { source: re.source, alternatives, gate: gateLiterals(re.source) };
}

/** Every small regex a rule runs, for the ReDoS audit. */
export function piecesOf(rule: ProximityRule): RegExp[] {
  return rule.alternatives.flatMap((a) => a.pieces).filter((p) => p.source !== '(?:)');
}

/** First match of `re` starting at or after `from`, or undefined. */
function next(re: RegExp, text: string, from: number): RegExpExecArray | undefined {
  re.lastIndex = from;
  return re.exec(text) ?? undefined;
}

/** Matches piece k at or after `from`, no later than `limit`, then the rest of the sequence. */
function matchFrom(seq: Sequence, text: string, k: number, from: number, limit: number): boolean {
  const re = seq.pieces[k]!;
  let m = next(re, text, from);
  while (m && m.index <= limit) {
    const end = m.index + m[0].length;
    if (k === seq.pieces.length - 1) return true;
    const gap = seq.gaps[k]!;
    let stop = end;
    while (stop < text.length && stop - end < gap.max && !gap.stops(text.charCodeAt(stop))) stop++;
    if (matchFrom(seq, text, k + 1, end, stop)) return true;
    // Only the first piece is retried at later positions; later pieces take their leftmost match.
    if (k > 0) return false;
    m = next(re, text, m[0].length ? end : end + 1);
  }
  return false;
}

/** True when the rule matches somewhere in the text. */
export function testProximity(rule: ProximityRule, text: string): boolean {
  if (rule.gate && !rule.gate.some((g) => text.includes(g))) return false;
  return rule.alternatives.some((seq) => matchFrom(seq, text, 0, 0, text.length));
}

/** Start offsets of the rule's matches (first piece), at most `limit`, in increasing order per alternative. */
export function matchStarts(rule: ProximityRule, text: string, limit = 64): number[] {
  if (rule.gate && !rule.gate.some((g) => text.includes(g))) return [];
  const starts: number[] = [];
  for (const seq of rule.alternatives) {
    const first = seq.pieces[0]!;
    let m = next(first, text, 0);
    while (m && starts.length < limit) {
      const end = m.index + m[0].length;
      if (seq.pieces.length === 1 || matchRest(seq, text, end)) starts.push(m.index);
      m = next(first, text, m[0].length ? end : end + 1);
    }
  }
  return starts;
}

/** Matches pieces 1.. of a sequence after the first piece ended at `end`. */
function matchRest(seq: Sequence, text: string, end: number): boolean {
  const gap = seq.gaps[0]!;
  let stop = end;
  while (stop < text.length && stop - end < gap.max && !gap.stops(text.charCodeAt(stop))) stop++;
  return matchFrom(seq, text, 1, end, stop);
}
