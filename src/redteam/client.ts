import { BulwarkError } from '../core/index.js';
import type { ChatMessage, TargetReply, ToolSpec } from './types.js';

export interface ClientOptions {
  /** Base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8000/v1. */
  baseUrl: string;
  /** Sent as a bearer token; never logged or put in errors. */
  apiKey?: string;
  /** Per-request timeout. Default 60 s. */
  timeoutMs?: number;
  /** Retries after a 408/409/429/5xx or network error. Default 3. */
  retries?: number;
  /** First backoff delay; doubles per retry (with jitter), capped at 30 s. Default 500 ms. */
  backoffMs?: number;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  tools?: ToolSpec[];
  seed?: number;
}

export interface CompletionRequest {
  model: string;
  prompt: string;
  temperature?: number;
  maxTokens?: number;
}

/** An OpenAI-compatible client: chat, legacy completions, and prompt log-probabilities. */
export interface ChatClient {
  chat(request: ChatRequest): Promise<TargetReply>;
  complete(request: CompletionRequest): Promise<string>;
  /** Natural-log probability of `text` under the model, or undefined when the endpoint gives none. */
  promptLogprob(model: string, text: string): Promise<number | undefined>;
  /** The same for several texts in one request (legacy completions take a prompt array). */
  promptLogprobs(model: string, texts: string[]): Promise<(number | undefined)[]>;
}

const RETRYABLE = new Set([408, 409, 425, 429, 500, 502, 503, 504]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface CompletionChoice {
  index?: number;
  text?: string;
  logprobs?: { token_logprobs?: (number | null)[]; text_offset?: number[] } | null;
  prompt_logprobs?: (Record<string, { logprob: number }> | null)[] | null;
}

/** The error code of a guardrail refusal (`{ error: { type: 'guardrail_error', code } }`), if it is one. */
function guardrailCode(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body.slice(0, 65_536)) as { error?: { type?: unknown; code?: unknown } };
    const { type, code } = parsed.error ?? {};
    if (type !== 'guardrail_error') return undefined;
    return typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : 'GUARDRAIL';
  } catch {
    return undefined;
  }
}

/** Creates a client; requests go through global fetch (undici). */
export function createClient(options: ClientOptions): ChatClient {
  const base = options.baseUrl.replace(/\/+$/, '').replace(/\/chat\/completions$/, '');
  const timeoutMs = options.timeoutMs ?? 60_000;
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  let logprobStyle: 'echo' | 'vllm' | 'none' | undefined;
  let batching = true;

  async function post(path: string, body: unknown): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      let status = 0;
      let retryAfter: number | undefined;
      try {
        const response = await fetch(base + path, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (response.ok) return await response.json();
        status = response.status;
        retryAfter = Number(response.headers.get('retry-after')) * 1000 || undefined;
        const guardrail = guardrailCode(await response.text().catch(() => ''));
        // A guarding gateway refused the request on purpose: a result, not a fault to retry.
        if (guardrail) throw new BulwarkError('UPSTREAM_ERROR', { details: { status, path, guardrail } });
      } catch (error) {
        if (error instanceof BulwarkError) throw error;
        if (attempt >= retries) {
          const timedOut = error instanceof Error && error.name === 'TimeoutError';
          throw new BulwarkError(timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE', { cause: error });
        }
      }
      if (status !== 0 && (!RETRYABLE.has(status) || attempt >= retries)) {
        throw new BulwarkError('UPSTREAM_ERROR', { details: { status, path } });
      }
      const delay = Math.min(30_000, retryAfter ?? backoffMs * 2 ** attempt * (0.5 + Math.random()));
      await sleep(delay);
    }
  }

  async function completion(body: Record<string, unknown>): Promise<CompletionChoice | undefined> {
    return (await completions(body))[0];
  }

  /** Choices in prompt order (a batched prompt array gets one choice per prompt). */
  async function completions(body: Record<string, unknown>): Promise<CompletionChoice[]> {
    const json = (await post('/completions', body)) as { choices?: CompletionChoice[] };
    return [...(json.choices ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  }

  async function scoreBatch(model: string, texts: string[]): Promise<(number | undefined)[]> {
    const none = texts.map(() => undefined);
    if (logprobStyle === undefined || logprobStyle === 'echo') {
      // Legacy completions: echo the prompt with its token log-probs; the generated token is dropped by offset.
      const choices = await completions({
        model,
        prompt: texts.length === 1 ? texts[0] : texts,
        max_tokens: 1,
        echo: true,
        logprobs: 0,
      }).catch(() => []);
      const sums = texts.map((text, i) => {
        const lps = choices[i]?.logprobs?.token_logprobs;
        const offsets = choices[i]?.logprobs?.text_offset;
        if (!lps || !offsets || lps.length !== offsets.length) return undefined;
        return lps.reduce<number>(
          (sum, lp, j) => (lp !== null && offsets[j]! < text.length ? sum + lp : sum),
          0,
        );
      });
      if (sums.every((x) => x !== undefined)) {
        logprobStyle = 'echo';
        return sums;
      }
      if (logprobStyle === 'echo') return none;
    }
    if (logprobStyle === undefined || logprobStyle === 'vllm') {
      // vLLM: prompt_logprobs=0 returns, per prompt token, only that token's own log-prob.
      const choices = await completions({
        model,
        prompt: texts.length === 1 ? texts[0] : texts,
        max_tokens: 1,
        prompt_logprobs: 0,
      }).catch(() => []);
      if (choices.length === texts.length && choices.every((c) => Array.isArray(c.prompt_logprobs))) {
        logprobStyle = 'vllm';
        return choices.map((c) =>
          c.prompt_logprobs!.reduce<number>(
            (sum, entry) => sum + (entry ? (Object.values(entry)[0]?.logprob ?? 0) : 0),
            0,
          ),
        );
      }
    }
    logprobStyle = 'none';
    return none;
  }

  /** Scores texts in one request when the server takes prompt arrays, else one request per text. */
  async function promptLogprobs(model: string, texts: string[]): Promise<(number | undefined)[]> {
    const single = (text: string) => scoreBatch(model, [text]).then((r) => r[0]);
    if (!batching || texts.length === 1) return Promise.all(texts.map(single));
    const scored = await scoreBatch(model, texts);
    if (scored.some((x) => x !== undefined)) return scored;
    // Some servers take one prompt per request: retry singly before concluding there are no log-probs.
    batching = false;
    logprobStyle = undefined;
    return Promise.all(texts.map(single));
  }

  return {
    async chat(request) {
      const json = (await post('/chat/completions', {
        model: request.model,
        messages: request.messages,
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        ...(request.tools
          ? {
              tools: request.tools.map((t) => ({
                type: 'function',
                function: { name: t.name, description: t.description, parameters: { type: 'object' } },
              })),
            }
          : {}),
      })) as {
        choices?: {
          message?: {
            content?: string | null;
            tool_calls?: { function?: { name?: string; arguments?: string } }[];
          };
        }[];
      };
      const message = json.choices?.[0]?.message;
      if (!message) throw new BulwarkError('UPSTREAM_ERROR', { message: 'The target returned no choices.' });
      return {
        content: typeof message.content === 'string' ? message.content : '',
        toolCalls: (message.tool_calls ?? []).map((c) => ({
          name: c.function?.name ?? '',
          arguments: c.function?.arguments ?? '',
        })),
      };
    },

    async complete(request) {
      const choice = await completion({
        model: request.model,
        prompt: request.prompt,
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      });
      return choice?.text ?? '';
    },

    promptLogprob: async (model, text) => (await scoreBatch(model, [text]))[0],
    promptLogprobs,
  };
}
