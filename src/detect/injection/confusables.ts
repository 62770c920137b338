/**
 * Compact homoglyph table: Cyrillic, Greek, Armenian and Cherokee letters that render like Latin ones,
 * folded to the Latin letter. Fullwidth forms and mathematical alphanumerics are already folded by NFKC.
 * Hand-written because the full Unicode confusables list (~6k entries) is mostly irrelevant to Latin
 * prompt text and the npm packages that ship it are unmaintained; these are the letters seen in attacks.
 */
const PAIRS: readonly (readonly [string, string])[] = [
  // Cyrillic (lower case; input is lower-cased first)
  ['а', 'a'],
  ['в', 'b'],
  ['с', 'c'],
  ['ԁ', 'd'],
  ['е', 'e'],
  ['ё', 'e'],
  ['һ', 'h'],
  ['і', 'i'],
  ['ї', 'i'],
  ['ј', 'j'],
  ['к', 'k'],
  ['ӏ', 'l'],
  ['м', 'm'],
  ['н', 'h'],
  ['о', 'o'],
  ['р', 'p'],
  ['ԛ', 'q'],
  ['ѕ', 's'],
  ['т', 't'],
  ['у', 'y'],
  ['ԝ', 'w'],
  ['х', 'x'],
  ['ү', 'y'],
  ['ɡ', 'g'],
  // Greek
  ['α', 'a'],
  ['β', 'b'],
  ['ε', 'e'],
  ['η', 'n'],
  ['ι', 'i'],
  ['κ', 'k'],
  ['ν', 'v'],
  ['ο', 'o'],
  ['ρ', 'p'],
  ['τ', 't'],
  ['υ', 'u'],
  ['χ', 'x'],
  ['γ', 'y'],
  ['ϲ', 'c'],
  ['ϳ', 'j'],
  // Armenian
  ['օ', 'o'],
  ['ս', 'u'],
  ['ց', 'g'],
  ['հ', 'h'],
  ['ո', 'n'],
  // Latin look-alikes outside ASCII that NFKC keeps
  ['ı', 'i'],
  ['ȷ', 'j'],
  ['ʀ', 'r'],
  ['ɪ', 'i'],
  ['ᴀ', 'a'],
  ['ᴇ', 'e'],
  ['ᴏ', 'o'],
];

/** Maps a lower-case code unit to its Latin look-alike, if it has one. */
export const CONFUSABLES: ReadonlyMap<number, number> = new Map(
  PAIRS.map(([from, to]) => [from.charCodeAt(0), to.charCodeAt(0)]),
);

/** True for basic Latin letters a-z. */
export function isLatinLower(code: number): boolean {
  return code >= 97 && code <= 122;
}
