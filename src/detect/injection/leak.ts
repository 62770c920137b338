/** How much of a system prompt a response reproduces. */
export interface LeakSimilarityResult {
  /** Share of the prompt's distinct character 4-grams that occur in the response (0..1). */
  containment: number;
  /** Distinct 4-grams of the prompt. */
  promptGrams: number;
  /** Of those, how many the response contains. */
  matchedGrams: number;
}

export interface LeakOptions {
  /** n-gram length in characters. Default 4. */
  n?: number;
}

/** Lower case, NFKC, whitespace and punctuation runs collapsed to one space. */
function canonical(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}]{1,64}/gu, ' ')
    .trim();
}

function grams(text: string, n: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= text.length; i++) out.add(text.slice(i, i + n));
  return out;
}

/**
 * Character n-gram containment of the system prompt in a response: 1 means every piece of the prompt
 * appears; paraphrase-resistant enough to catch reformatted copies, cheap enough to run on every reply.
 */
export function leakSimilarity(
  response: string,
  systemPrompt: string,
  options: LeakOptions = {},
): LeakSimilarityResult {
  const n = options.n ?? 4;
  const promptGrams = grams(canonical(systemPrompt), n);
  if (promptGrams.size === 0) return { containment: 0, promptGrams: 0, matchedGrams: 0 };
  const responseGrams = grams(canonical(response), n);
  let matched = 0;
  for (const g of promptGrams) if (responseGrams.has(g)) matched++;
  return { containment: matched / promptGrams.size, promptGrams: promptGrams.size, matchedGrams: matched };
}

/** Regexes used here, for the ReDoS audit. */
export const LEAK_PATTERNS: readonly RegExp[] = [/[\s\p{P}]{1,64}/gu];
