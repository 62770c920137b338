import type { ChatChunk, ChatCompletion, ChatRequest } from '../chat/openai-types.js';
import { authHeaders, type Provider, type ProviderCall } from './provider.js';
import { readSse } from './sse.js';
import { UpstreamFailure } from './upstream-failure.js';

// Bulwark's own request fields never leave the gateway.
const LOCAL_FIELDS = new Set(['conversation_id']);

function upstreamBody(call: ProviderCall<ChatRequest>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(call.request)) if (!LOCAL_FIELDS.has(k)) body[k] = v;
  body.model = call.target.model;
  if (call.request.stream && !call.target.config.quirks.noStreamOptions) {
    body.stream_options = { ...(body.stream_options as object | undefined), include_usage: true };
  }
  return body;
}

/** The OpenAI-compatible adapter (OpenAI, Azure OpenAI, vLLM, Ollama, LM Studio, Groq...), written once. */
export const openAiCompatible: Provider = {
  async chat(call) {
    const response = await call.http.post({
      upstream: call.target.upstream,
      config: call.target.config,
      path: '/chat/completions',
      headers: authHeaders(call.target.config, 'authorization'),
      body: upstreamBody(call),
      signal: call.signal,
    });
    if (!call.request.stream) {
      const body = (await response.body.json()) as ChatCompletion;
      if (!Array.isArray(body?.choices))
        throw new UpstreamFailure('protocol', 'upstream body has no choices');
      return { kind: 'json', body };
    }
    return { kind: 'stream', chunks: chunksOf(response.body) };
  },

  async embeddings(call) {
    const response = await call.http.post({
      upstream: call.target.upstream,
      config: call.target.config,
      path: '/embeddings',
      headers: authHeaders(call.target.config, 'authorization'),
      body: { ...call.request, model: call.target.model },
      signal: call.signal,
    });
    return response.body.json();
  },
};

async function* chunksOf(body: AsyncIterable<Uint8Array>): AsyncGenerator<ChatChunk> {
  for await (const event of readSse(body)) {
    if (event.data === '[DONE]') return;
    let chunk: ChatChunk;
    try {
      chunk = JSON.parse(event.data) as ChatChunk;
    } catch (cause) {
      throw new UpstreamFailure('protocol', 'upstream sent malformed SSE data', { cause });
    }
    if ((chunk as { error?: unknown }).error !== undefined)
      throw new UpstreamFailure('status', 'upstream stream reported an error', { status: 502 });
    if (!Array.isArray(chunk.choices)) chunk.choices = [];
    yield chunk;
  }
}
