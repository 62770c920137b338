/** One token with its UTF-16 offsets in the original text. */
export interface Token {
  start: number;
  end: number;
  text: string;
  /** Whitespace before the token contained a line break (address lines, headings). */
  newlineBefore: boolean;
}

/**
 * Words (with underscores, so code identifiers stay whole) keep inner apostrophes, hyphens and dots between letters ("O'Brien", "Jean-Luc", "U.S");
 * every other non-space character is a token of its own. Bounded so no token can be pathological.
 */
export const TOKEN_PATTERN =
  /[\p{L}\p{M}\p{N}_]{1,64}(?:['’.-][\p{L}\p{M}\p{N}_]{1,64}){0,8}|[^\s\p{L}\p{M}\p{N}_]/gu;

/** Splits text into tokens with exact offsets; whitespace is dropped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = new RegExp(TOKEN_PATTERN.source, TOKEN_PATTERN.flags);
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index;
    const word = m[0];
    const newlineBefore = text.slice(last, start).includes('\n');
    last = start + word.length;
    // A possessive "'s" is its own token so "Anna's" tags as the name "Anna".
    const possessive = word.length > 3 && /['’][sS]$/.test(word) ? word.length - 2 : word.length;
    tokens.push({ start, end: start + possessive, text: word.slice(0, possessive), newlineBefore });
    if (possessive < word.length)
      tokens.push({
        start: start + possessive,
        end: last,
        text: word.slice(possessive),
        newlineBefore: false,
      });
  }
  return tokens;
}
