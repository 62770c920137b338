import { authHeaders, type Provider } from './provider.js';
import {
  anthropicStreamConverter,
  fromAnthropicResponse,
  toAnthropicRequest,
  type AnthropicResponse,
} from './anthropic-format.js';
import type { ChatChunk } from '../chat/openai-types.js';
import { readSse } from './sse.js';
import { UpstreamFailure } from './upstream-failure.js';

/** The Anthropic Messages adapter: converts the gateway's OpenAI-shaped request and result at its edge. */
export const anthropicProvider: Provider = {
  async chat(call) {
    const { config } = call.target;
    const response = await call.http.post({
      upstream: call.target.upstream,
      config,
      path: '/messages',
      headers: { ...authHeaders(config, 'x-api-key'), 'anthropic-version': config.quirks.anthropicVersion },
      body: toAnthropicRequest(call.request, call.target.model),
      signal: call.signal,
    });
    if (!call.request.stream) {
      const body = (await response.body.json()) as AnthropicResponse;
      if (!Array.isArray(body?.content))
        throw new UpstreamFailure('protocol', 'upstream body has no content');
      return { kind: 'json', body: fromAnthropicResponse(body) };
    }
    return { kind: 'stream', chunks: chunksOf(response.body) };
  },
};

async function* chunksOf(body: AsyncIterable<Uint8Array>): AsyncGenerator<ChatChunk> {
  const convert = anthropicStreamConverter();
  for await (const event of readSse(body)) {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(event.data) as Record<string, unknown>;
    } catch (cause) {
      throw new UpstreamFailure('protocol', 'upstream sent malformed SSE data', { cause });
    }
    const name = event.event ?? (typeof data.type === 'string' ? data.type : '');
    if (name === 'error')
      throw new UpstreamFailure('status', 'upstream stream reported an error', { status: 502 });
    if (name === 'message_stop') return;
    const chunk = convert(name, data);
    if (chunk) yield chunk;
  }
}
