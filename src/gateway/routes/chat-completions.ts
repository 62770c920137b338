import type { FastifyInstance } from 'fastify';
import type { ServicesRef } from '../app.js';
import { chatRequestSchema } from '../chat/openai-types.js';
import type { RequestContext } from '../context.js';
import { validationError } from '../errors.js';
import { runChat, type ChatRenderer } from './run-chat.js';

const openAiRenderer: ChatRenderer = {
  json: (body) => body,
  async *stream(chunks) {
    for await (const chunk of chunks) yield { data: chunk };
  },
  done: '[DONE]',
};

/** `POST /v1/chat/completions`, stream and non-stream; tools, `n` and JSON mode pass through. */
export function registerChatRoutes(
  app: FastifyInstance,
  services: ServicesRef,
  pipeline: (ctx: RequestContext) => Promise<void>,
): void {
  app.post('/v1/chat/completions', async (request, reply) => {
    const parsed = chatRequestSchema.safeParse(request.body);
    if (!parsed.success) throw validationError(parsed.error);
    await runChat(request, reply, services, pipeline, parsed.data, 'chat', openAiRenderer);
  });
}
