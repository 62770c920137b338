// Most credentials are a literal prefix followed by runs of one alphabet with fixed or bounded lengths
// (`ghp_` + 36 alphanumerics). Such a regex is recognised here and matched as a "shape": greedy runs over
// 128-entry character tables, accepted only when greediness cannot change the outcome (a variable run is
// never followed by a character it could also consume). Matching is linear by construction, needs no
// regex engine and no ReDoS audit; anything richer stays a regex and is audited.

/** A run of characters from one set, `min` to `max` long. A literal is a run of one character. */
interface Segment {
  set: Uint8Array;
  min: number;
  max: number;
}

/** What must hold around a match. `token`: the neighbour is not `[A-Za-z0-9_-]`; `term`: gitleaks' value end. */
type Edge = 'none' | 'word' | 'token' | 'term';

export interface Shape {
  segments: readonly Segment[];
  start: Edge;
  end: Edge;
  /** Lower-cased literal characters the shape starts with. */
  prefix: string;
}

const TERMINATOR = String.raw`(?:[\x60'"\s;]|\\[nr]|$)`;
const TOKEN_START = '(?<![A-Za-z0-9_-])';
const TOKEN_END = '(?![A-Za-z0-9_-])';

function table(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
}
const WORD = table('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_');
const TOKEN = table('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-');
const TERM = table('`\'"; \t\n\r\v\f');
const SPACE = ' \t\n\r\v\f';

function inSet(set: Uint8Array, code: number): boolean {
  return code < 128 && set[code] === 1;
}

function overlaps(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 128; i++) if (a[i] === 1 && b[i] === 1) return true;
  return false;
}

const ESCAPES: Record<string, string> = {
  w: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_',
  d: '0123456789',
  s: SPACE,
};

/** Parses `[...]` at `at`; returns the member characters and the index after `]`, or undefined. */
function parseClass(src: string, at: number): [string, number] | undefined {
  let i = at + 1;
  if (src[i] === '^') return undefined;
  let chars = '';
  while (i < src.length && src[i] !== ']') {
    let c = src[i] ?? '';
    if (c === '\\') {
      const e = src[i + 1] ?? '';
      if (ESCAPES[e] !== undefined) {
        chars += ESCAPES[e];
        i += 2;
        continue;
      }
      if (e === 'x') {
        c = String.fromCharCode(parseInt(src.slice(i + 2, i + 4), 16));
        i += 4;
      } else if (/[A-Za-z0-9]/.test(e)) return undefined;
      else {
        c = e;
        i += 2;
      }
    } else i++;
    if (src[i] === '-' && src[i + 1] !== ']' && src[i + 1] !== undefined && src[i + 1] !== '\\') {
      const to = src[i + 1] ?? '';
      for (let code = c.charCodeAt(0); code <= to.charCodeAt(0); code++) chars += String.fromCharCode(code);
      i += 2;
    } else chars += c;
  }
  return i < src.length ? [chars, i + 1] : undefined;
}

function withCase(chars: string, ignoreCase: boolean): string {
  return ignoreCase ? chars + chars.toUpperCase() + chars.toLowerCase() : chars;
}

/** Parses a regex source into a shape, or returns undefined when it needs a real regex. */
export function parseShape(source: string, flags: string): Shape | undefined {
  if (/[^i]/.test(flags.replace(/[gdy]/g, ''))) return undefined;
  const ignoreCase = flags.includes('i');
  let src = source;
  let start: Edge = 'none';
  let end: Edge = 'none';
  if (src.startsWith(TOKEN_START)) [src, start] = [src.slice(TOKEN_START.length), 'token'];
  else if (src.startsWith('\\b')) [src, start] = [src.slice(2), 'word'];
  if (src.endsWith(TOKEN_END)) [src, end] = [src.slice(0, -TOKEN_END.length), 'token'];
  else if (src.endsWith(TERMINATOR)) [src, end] = [src.slice(0, -TERMINATOR.length), 'term'];
  else if (src.endsWith('\\b') && !src.endsWith('\\\\b')) [src, end] = [src.slice(0, -2), 'word'];
  if (src.startsWith('(') && src.endsWith(')')) src = src.slice(src.startsWith('(?:') ? 3 : 1, -1);
  const segments: Segment[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    let chars: string;
    if (c === '[') {
      const parsed = parseClass(src, i);
      if (!parsed) return undefined;
      [chars, i] = parsed;
    } else if (c === '\\') {
      const e = src[i + 1] ?? '';
      if (ESCAPES[e] !== undefined) chars = ESCAPES[e];
      else if (/[A-Za-z0-9]/.test(e)) return undefined;
      else chars = e;
      i += 2;
    } else if (
      /^\(\?:[\w-]{1,64}\)/.test(src.slice(i)) &&
      !/^[?*+{]/.test(src.slice(src.indexOf(')', i) + 1))
    ) {
      // a non-capturing group of plain characters, e.g. `(?:atlasv1)`, is just those literals
      const close = src.indexOf(')', i);
      for (const ch of src.slice(i + 3, close))
        segments.push({ set: table(withCase(ch, ignoreCase)), min: 1, max: 1 });
      i = close + 1;
      continue;
    } else if ('()|.^$*+?{}'.includes(c)) return undefined;
    else {
      chars = c;
      i++;
    }
    let min = 1;
    let max = 1;
    const q = /^\{(\d+)(?:,(\d+))?\}|^\?/.exec(src.slice(i));
    if (q) {
      if (q[0] === '?') [min, max] = [0, 1];
      else [min, max] = [Number(q[1]), Number(q[2] ?? q[1])];
      i += q[0].length;
    }
    segments.push({ set: table(withCase(chars, ignoreCase)), min, max });
  }
  if (segments.length === 0) return undefined;
  // Greedy runs are exact only if no character the run could take may start what follows it: check
  // every following segment up to the first one that must match at least once.
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    if (!seg || seg.min === seg.max) continue;
    let k = s + 1;
    for (; k < segments.length; k++) {
      const next = segments[k];
      if (next && overlaps(seg.set, next.set)) return undefined;
      if (next && next.min > 0) break;
    }
    if (k < segments.length) continue;
    if (end === 'term' && overlaps(seg.set, TERM)) return undefined;
    if (end === 'token' && !isSubset(seg.set, TOKEN)) return undefined;
    if (end === 'word' && !isSubset(seg.set, WORD)) return undefined;
  }
  let prefix = '';
  for (const seg of segments) {
    const members = [...seg.set.keys()].filter((k) => seg.set[k] === 1).map((k) => String.fromCharCode(k));
    const distinct = new Set(members.map((m) => m.toLowerCase()));
    if (seg.min !== 1 || seg.max !== 1 || distinct.size !== 1) break;
    prefix += [...distinct][0] ?? '';
  }
  return { segments, start, end, prefix };
}

/**
 * Where a keyword sits inside the shape: the number of characters before it when only fixed-length
 * segments precede it (so a hit on the keyword fixes the match start), or -1.
 */
export function keywordOffset(shape: Shape, keyword: string): number {
  let offset = 0;
  for (let s = 0; s < shape.segments.length; s++) {
    let ok = true;
    for (let j = 0; j < keyword.length && ok; j++) {
      const seg = shape.segments[s + j];
      ok = seg !== undefined && seg.min === 1 && seg.max === 1 && only(seg.set, keyword[j] ?? '');
    }
    if (ok) return offset;
    const seg = shape.segments[s];
    if (!seg || seg.min !== seg.max) return -1;
    offset += seg.min;
  }
  return -1;
}

function only(set: Uint8Array, c: string): boolean {
  for (let i = 0; i < 128; i++) {
    const ch = String.fromCharCode(i).toLowerCase();
    if (set[i] === 1 && ch !== c) return false;
  }
  return set[c.charCodeAt(0)] === 1 || set[c.toUpperCase().charCodeAt(0)] === 1;
}

function isSubset(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 128; i++) if (a[i] === 1 && b[i] !== 1) return false;
  return true;
}

function edgeHolds(edge: Edge, text: string, inside: number, outside: number, after: boolean): boolean {
  if (edge === 'none') return true;
  const code = outside >= 0 && outside < text.length ? text.charCodeAt(outside) : -1;
  if (edge === 'token') return code === -1 || !inSet(TOKEN, code);
  if (edge === 'word') return (code !== -1 && inSet(WORD, code)) !== inSet(WORD, text.charCodeAt(inside));
  if (!after) return true;
  if (code === -1 || inSet(TERM, code)) return true;
  const next = text[outside + 1];
  return text[outside] === '\\' && (next === 'n' || next === 'r');
}

/** Matches the shape at `at`; returns the end offset, or -1. */
export function matchShape(shape: Shape, text: string, at: number): number {
  if (!edgeHolds(shape.start, text, at, at - 1, false)) return -1;
  let i = at;
  for (const seg of shape.segments) {
    const limit = Math.min(text.length, i + seg.max);
    const from = i;
    while (i < limit && inSet(seg.set, text.charCodeAt(i))) i++;
    if (i - from < seg.min) return -1;
  }
  if (i === at || !edgeHolds(shape.end, text, i - 1, i, true)) return -1;
  return i;
}
