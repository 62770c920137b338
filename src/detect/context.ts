/** Context words near a span raise or lower its score (Presidio-style), in several languages. */
export interface ContextWords {
  /** Words or short phrases (lower case) that make the entity more likely. */
  positive?: readonly string[];
  /** Words that make it less likely (e.g. 'order', 'invoice' before a number that looks like a phone). */
  negative?: readonly string[];
}

export interface ContextOptions {
  /** Characters before the span to look at. */
  before?: number;
  /** Characters after the span to look at. */
  after?: number;
}

/**
 * Returns +1 when a positive word is near the span, -1 when only a negative one is, 0 otherwise.
 * Words must sit on word boundaries, so 'ssn' matches in 'SSN:' but not in 'lessnet'.
 */
export function contextSignal(
  lower: string,
  start: number,
  end: number,
  words: ContextWords,
  options: ContextOptions = {},
): -1 | 0 | 1 {
  const from = Math.max(0, start - (options.before ?? 48));
  const to = Math.min(lower.length, end + (options.after ?? 16));
  const window = lower.slice(from, start) + ' ' + lower.slice(end, to);
  if (words.positive && hasWord(window, words.positive)) return 1;
  if (words.negative && hasWord(window, words.negative)) return -1;
  return 0;
}

function hasWord(window: string, words: readonly string[]): boolean {
  for (const word of words) {
    let at = window.indexOf(word);
    while (at !== -1) {
      const before = at === 0 ? '' : window[at - 1]!;
      const after = window[at + word.length] ?? '';
      if (!isWordChar(before) && !isWordChar(after)) return true;
      at = window.indexOf(word, at + 1);
    }
  }
  return false;
}

function isWordChar(ch: string): boolean {
  return ch !== '' && /[\p{L}\p{N}_]/u.test(ch);
}
