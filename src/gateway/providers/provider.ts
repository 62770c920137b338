import type { UpstreamConfig } from '../../config/index.js';
import type { ChatRequest, ChatResult, EmbeddingsRequest } from '../chat/openai-types.js';
import type { UpstreamHttpClient } from './http-client.js';

/** Where one call goes: an upstream and the model name it knows. */
export interface UpstreamTarget {
  upstream: string;
  config: UpstreamConfig;
  model: string;
}

export interface ProviderCall<R> {
  request: R;
  target: UpstreamTarget;
  signal: AbortSignal;
  http: UpstreamHttpClient;
}

/**
 * A provider adapter speaks one upstream protocol. Requests and results are in OpenAI shape, the
 * gateway's neutral format; an adapter converts at its edge.
 */
export interface Provider {
  chat(call: ProviderCall<ChatRequest>): Promise<ChatResult>;
  embeddings?(call: ProviderCall<EmbeddingsRequest>): Promise<unknown>;
}

/** The auth header for an upstream: `authorization` gets a Bearer scheme, other headers the bare key. */
export function authHeaders(config: UpstreamConfig, fallbackHeader: string): Record<string, string> {
  if (!config.apiKey) return {};
  const header = (config.authHeader ?? fallbackHeader).toLowerCase();
  return { [header]: header === 'authorization' ? `Bearer ${config.apiKey}` : config.apiKey };
}
