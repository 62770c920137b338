import type { ChatChunk, ChatResult } from './openai-types.js';

/** Token counts an upstream reported; absent fields were not reported. */
export interface TokenUsage {
  input?: number;
  output?: number;
}

const count = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;

/** Reads an OpenAI-shaped (`prompt_tokens`) or Anthropic-shaped (`input_tokens`) usage object. */
export function tokenUsage(raw: unknown): TokenUsage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const u = raw as Record<string, unknown>;
  const input = count(u.prompt_tokens ?? u.input_tokens);
  const output = count(u.completion_tokens ?? u.output_tokens);
  if (input === undefined && output === undefined) return undefined;
  return { ...(input !== undefined ? { input } : {}), ...(output !== undefined ? { output } : {}) };
}

/**
 * Calls `then` once the request's usage is known: now for a JSON answer (or none), when the stream
 * ends for a streamed one (usage comes in its last chunk; the stream is wrapped in place so the
 * callback runs as the client reads it).
 */
export function whenUsageKnown(
  ctx: { result?: ChatResult },
  then: (usage: TokenUsage | undefined) => void,
): void {
  const { result } = ctx;
  if (result?.kind === 'stream') ctx.result = { kind: 'stream', chunks: tapUsage(result.chunks, then) };
  else then(result ? tokenUsage(result.body.usage) : undefined);
}

async function* tapUsage(
  chunks: AsyncIterable<ChatChunk>,
  then: (usage: TokenUsage | undefined) => void,
): AsyncGenerator<ChatChunk> {
  let usage: TokenUsage | undefined;
  try {
    for await (const chunk of chunks) {
      if (chunk.usage !== undefined) usage = tokenUsage(chunk.usage) ?? usage;
      yield chunk;
    }
  } finally {
    // Also when the client leaves or a guard ends the stream: what was used so far still counts.
    then(usage);
  }
}
