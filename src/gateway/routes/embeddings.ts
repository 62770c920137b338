import type { FastifyInstance } from 'fastify';
import { decode } from 'gpt-tokenizer/encoding/cl100k_base';
import { BulwarkError } from '../../core/index.js';
import type { ServicesRef } from '../app.js';
import { embeddingsRequestSchema, type EmbeddingsRequest } from '../chat/openai-types.js';
import type { RequestContext } from '../context.js';
import { validationError } from '../errors.js';
import { requestContext, runAudited } from './run-chat.js';

/**
 * Each input as text. Token ids are decoded with cl100k_base, the encoding of OpenAI's embedding
 * models (clients such as LangChain send ids by default): what cannot be read cannot be guarded, so
 * ids that do not decode are refused rather than forwarded unscanned.
 */
function inputTexts(input: EmbeddingsRequest['input']): { texts: string[]; decoded: (string | undefined)[] } {
  const items: (string | number[])[] =
    typeof input === 'string'
      ? [input]
      : typeof input[0] === 'number'
        ? [input as number[]]
        : (input as (string | number[])[]);
  if (items.length === 0) throw new BulwarkError('BAD_REQUEST', { message: 'input must not be empty.' });
  const decoded = items.map((item) => {
    if (typeof item === 'string') return undefined;
    try {
      return decode(item);
    } catch {
      throw new BulwarkError('BAD_REQUEST', {
        message: 'input holds token ids that do not decode with cl100k_base; send text instead.',
      });
    }
  });
  return { texts: items.map((item, i) => decoded[i] ?? (item as string)), decoded };
}

/**
 * `POST /v1/embeddings` through the embeddings pipeline: authenticated, limited, monitored and
 * audited like a chat request; every input is scanned with the input rules, blocked input is refused
 * and redacted/tokenised spans are replaced before the provider sees them.
 */
export function registerEmbeddingsRoute(
  app: FastifyInstance,
  services: ServicesRef,
  pipeline: (ctx: RequestContext) => Promise<void>,
): void {
  app.post('/v1/embeddings', async (request, reply) => {
    const parsed = embeddingsRequestSchema.safeParse(request.body);
    if (!parsed.success) throw validationError(parsed.error);
    const body = parsed.data;
    const { texts, decoded } = inputTexts(body.input);
    const messages = texts.map((content) => ({ role: 'user' as const, content }));
    const { ctx, record } = requestContext(
      request,
      reply,
      services,
      { model: body.model, messages },
      'embeddings',
    );
    ctx.embeddings = { body, decoded };
    await runAudited(ctx, pipeline, record);
    const response = ctx.embeddings.response;
    await record({ status: 200, usage: (response as { usage?: unknown } | null)?.usage });
    return reply.code(200).send(response);
  });
}
