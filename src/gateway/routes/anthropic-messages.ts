import type { FastifyInstance } from 'fastify';
import type { ServicesRef } from '../app.js';
import {
  fromMessagesRequest,
  messagesRequestSchema,
  toMessagesEvents,
  toMessagesResponse,
} from '../chat/anthropic-inbound.js';
import type { RequestContext } from '../context.js';
import { validationError } from '../errors.js';
import { runChat } from './run-chat.js';

/** `POST /v1/messages` (Anthropic Messages API): converted at the edge, guarded by the same pipeline. */
export function registerAnthropicRoutes(
  app: FastifyInstance,
  services: ServicesRef,
  pipeline: (ctx: RequestContext) => Promise<void>,
): void {
  app.post('/v1/messages', async (request, reply) => {
    const parsed = messagesRequestSchema.safeParse(request.body);
    if (!parsed.success) throw validationError(parsed.error);
    const model = parsed.data.model;
    await runChat(request, reply, services, pipeline, fromMessagesRequest(parsed.data), 'messages', {
      json: (body) => toMessagesResponse(body, model),
      stream: (chunks) => toMessagesEvents(chunks, model),
      errorEvent: 'error',
    });
  });
}
