/**
 * Literal prefilters for regexes. A rule such as /(?:ignore|forget)[^.]{0,48}(?:rules)/ can only
 * match where one of its leading literals ('ignore', 'forget') occurs, and `includes` is far cheaper
 * than running the regex, so each rule runs only when one of its gate literals is present.
 */

/** Splits at `|` that are not inside a group or a character class. */
function topLevelAlternatives(source: string): string[] {
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
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(last, i));
      last = i + 1;
    }
  }
  parts.push(source.slice(last));
  return parts;
}

/** Index of the `)` closing the group opened at `open`. */
function closing(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

const META = new Set(['[', ']', '(', ')', '{', '}', '?', '*', '+', '|', '\\', '.', '^', '$']);

/** The literal every match of `source` must start with, or undefined when there is none. */
function literalPrefix(source: string): string | undefined {
  let prefix = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '?' || c === '*' || c === '{') return prefix.length > 1 ? prefix.slice(0, -1) : undefined;
    if (META.has(c)) break;
    prefix += c;
  }
  return prefix.length > 0 ? prefix : undefined;
}

/** Literals of which at least one must occur for `source` to match; undefined = no gate. */
export function gateLiterals(source: string): string[] | undefined {
  const alternatives = topLevelAlternatives(source);
  if (alternatives.length > 1) {
    const all: string[] = [];
    for (const alt of alternatives) {
      const g = gateLiterals(alt);
      if (!g) return undefined;
      all.push(...g);
    }
    return all;
  }
  if (source.startsWith('(?:')) {
    const end = closing(source, 0);
    if (end < 0) return undefined;
    // An optional leading group gives no guarantee.
    if (/^[?*]|^\{0/.test(source.slice(end + 1))) return undefined;
    return gateLiterals(source.slice(3, end));
  }
  const prefix = literalPrefix(source);
  return prefix === undefined ? undefined : [prefix];
}

/** A regex with its gate: `test` runs the regex only when a gate literal occurs in the text. */
export interface GatedPattern {
  readonly re: RegExp;
  readonly gate: readonly string[] | undefined;
}

export function gated(re: RegExp): GatedPattern {
  return { re, gate: gateLiterals(re.source) };
}

export function testGated(p: GatedPattern, text: string): boolean {
  if (p.gate && !p.gate.some((g) => text.includes(g))) return false;
  return p.re.test(text);
}
