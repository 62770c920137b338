import { countTokens } from 'gpt-tokenizer';

/** Tokens the chat format adds per message (role and separators), as OpenAI documents for its models. */
const PER_MESSAGE = 4;

/**
 * Prompt tokens of a chat request, counted with a real BPE tokenizer (o200k, the encoding of current
 * OpenAI models) before forwarding. Other vendors' tokenizers differ by a few percent; limits are
 * budgets, and the completion is charged from the upstream's own usage figures.
 */
export function countPromptTokens(texts: readonly string[]): number {
  let total = 3;
  for (const text of texts) total += PER_MESSAGE + countTokens(text);
  return total;
}

/** Completion tokens from an OpenAI-shaped `usage` object; 0 when absent or malformed. */
export function completionTokensOf(usage: unknown): number {
  if (typeof usage !== 'object' || usage === null) return 0;
  const n =
    (usage as { completion_tokens?: unknown; output_tokens?: unknown }).completion_tokens ??
    (usage as { output_tokens?: unknown }).output_tokens;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0;
}
