import { createHash } from 'node:crypto';
import { startJsonServer, type FakeServer } from './server.js';

export interface MemorizingModelOptions {
  /** `prefix + secret` pairs the fake memorised: their secrets get near-certain log-probs and are completed. */
  memorised: { prefix: string; secret: string }[];
  /** Return log-probabilities with `echo` (legacy completions). Default true. */
  logprobs?: boolean;
  /** Share of sampled completions that reproduce a memorised secret. Default 0.6. */
  sampleRecall?: number;
}

/** A deterministic number in [0, 1) from a string. */
function unit(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

/** The fake's language model, usable in-process (fast unit tests) or behind HTTP. */
export interface FakeLanguageModel {
  /** Natural-log probability of each character after the first, as the HTTP fake reports it. */
  tokenLogprob(text: string, index: number): number;
  /** Greedy (temperature 0) or sampled continuation. */
  continuation(prompt: string, temperature: number, maxTokens: number): string;
}

/**
 * A character-level fake language model. Each character costs about log(1/10) nats, jittered by a
 * hash of its context; characters of a memorised secret after its prefix cost almost nothing. Greedy
 * and (with probability `sampleRecall`) sampled continuations of a memorised prefix reproduce the secret.
 */
export function createFakeLanguageModel(options: MemorizingModelOptions): FakeLanguageModel {
  let calls = 0;
  const recall = options.sampleRecall ?? 0.6;
  return {
    tokenLogprob(text, i) {
      for (const { prefix, secret } of options.memorised) {
        if (text.startsWith(prefix + secret) && i >= prefix.length && i < prefix.length + secret.length)
          return -0.01;
      }
      return Math.log(1 / 10) + (unit(text.slice(0, i + 1)) - 0.5) * 1.5;
    },
    continuation(prompt, temperature, maxTokens) {
      const memory = options.memorised.find((m) => m.prefix === prompt);
      if (memory && (temperature === 0 || unit(`${prompt}:${calls++}`) < recall)) return memory.secret + '.';
      const salt = temperature === 0 ? 'greedy' : String(calls++);
      return Array.from({ length: Math.min(maxTokens, 12) }, (_, i) =>
        String(Math.floor(unit(`${prompt}:${salt}:${i}`) * 10)),
      ).join('');
    },
  };
}

/** The fake language model behind legacy /completions (`echo` + `logprobs` when enabled). */
export function startMemorizingModel(options: MemorizingModelOptions): Promise<FakeServer> {
  const lm = createFakeLanguageModel(options);
  return startJsonServer((path, body) => {
    if (path !== '/completions') return { status: 404, json: { error: { message: 'not found' } } };
    // Legacy completions take a string or an array of prompts (one choice per prompt).
    const prompts = Array.isArray(body.prompt) ? body.prompt.map(String) : [String(body.prompt ?? '')];
    const echo = body.echo === true && options.logprobs !== false && body.logprobs !== undefined;
    const choices = prompts.map((prompt, index) => {
      const text = lm.continuation(prompt, Number(body.temperature ?? 1), Number(body.max_tokens ?? 16));
      if (!echo) return { index, text, logprobs: null };
      const full = prompt + text.slice(0, 1);
      const tokens = [...full];
      return {
        index,
        text: full,
        logprobs: {
          tokens,
          token_logprobs: tokens.map((_, i) => (i === 0 ? null : lm.tokenLogprob(full, i))),
          text_offset: tokens.map((_, i) => i),
        },
      };
    });
    return { json: { object: 'text_completion', choices } };
  });
}
