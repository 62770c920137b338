import { BulwarkError, type NamedStage } from '../../core/index.js';
import type { EmbeddingsRequest } from '../chat/openai-types.js';
import type { EmbeddingsCall, RequestContext } from '../context.js';
import { forwardWithFallbacks } from '../routing/forward.js';
import { required } from './required.js';

/**
 * The input as the provider gets it. Untouched inputs go as they came (token ids stay token ids);
 * once a transform changed any of them, every input goes as text, because the API does not accept
 * text and token arrays mixed in one request. One input in (a string or one token array), one out.
 */
export function embeddingsInput(call: EmbeddingsCall, texts: readonly string[]): EmbeddingsRequest['input'] {
  const { input } = call.body;
  const original = (i: number): unknown => call.decoded[i] ?? (typeof input === 'string' ? input : input[i]);
  if (texts.every((text, i) => text === original(i))) return input;
  return typeof input === 'string' || typeof input[0] === 'number' ? texts[0]! : [...texts];
}

/** The embeddings route's `forward`: the guarded inputs go to the first upstream that embeds. */
export const forwardEmbeddings: NamedStage<RequestContext> = {
  name: 'forward',
  async run(ctx, next) {
    const call = required(ctx.embeddings, 'embeddings');
    const { services } = ctx;
    const candidates = required(ctx.candidates, 'candidates').filter(
      (c) => services.providerFor(c).embeddings !== undefined,
    );
    if (candidates.length === 0) throw new BulwarkError('MODEL_NOT_FOUND');
    const texts = ctx.request.messages.map((m) => (typeof m.content === 'string' ? m.content : ''));
    const { value, candidate } = await forwardWithFallbacks({
      candidates,
      request: { ...call.body, input: embeddingsInput(call, texts) },
      signal: ctx.signal,
      http: services.http,
      providerFor: (c) => services.providerFor(c),
      breakerFor: (u) => services.breakerFor(u),
      call: (provider, c) => provider.embeddings!(c),
    });
    ctx.served = candidate;
    call.response = value;
    await next();
  },
};
