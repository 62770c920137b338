import { BulwarkError, type NamedStage } from '../../core/index.js';
import type { ChatChunk, ChatMessage } from '../chat/openai-types.js';
import type { RequestContext } from '../context.js';
import { required } from './required.js';

/**
 * Server-side history for `conversation_id`: prepends the caller's stored turns (their originals,
 * so the input guardrails scan and mask them like any other message) and, once the answer has been
 * guarded and restored, stores the new turn. Keyed by tenant + principal + id: another principal's
 * conversation with the same id is simply a different conversation.
 */
export const conversation: NamedStage<RequestContext> = {
  name: 'conversation',
  async run(ctx, next) {
    const conversationId = ctx.request.conversation_id;
    if (conversationId === undefined) return next();
    const store = ctx.services.conversations;
    if (!store)
      throw new BulwarkError('BAD_REQUEST', { message: 'Conversations are not enabled on this gateway.' });
    const principal = required(ctx.principal, 'principal');
    const key = { tenant: principal.tenant, principal: principal.id, conversationId };
    const loaded = await store.load(key);
    const incoming = structuredClone(ctx.request.messages);
    ctx.request.messages.unshift(...structuredClone(loaded.messages));
    await next();
    const result = required(ctx.result, 'result');
    const save = async (answer: ChatMessage): Promise<void> => {
      const saved = await store.save(key, [...loaded.messages, ...incoming, answer], loaded.version);
      if (!saved) ctx.log.warn('conversation changed concurrently; this turn was not stored');
    };
    if (result.kind === 'stream') {
      ctx.result = { kind: 'stream', chunks: tap(result.chunks, save) };
      return;
    }
    // Stored before the client has the answer, so its next turn sees this one.
    const message = result.body.choices[0]?.message;
    if (message) await save(assistantMessage(message.content ?? null, message.tool_calls));
  },
};

function assistantMessage(content: string | null, toolCalls: ChatMessage['tool_calls']): ChatMessage {
  return {
    role: 'assistant',
    content,
    ...(toolCalls && toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
}

/** Passes chunks through, collecting choice 0; stores the turn once the stream completes cleanly. */
async function* tap(
  chunks: AsyncIterable<ChatChunk>,
  save: (answer: ChatMessage) => Promise<void>,
): AsyncGenerator<ChatChunk> {
  let content = '';
  const calls = new Map<
    number,
    { id?: string; type: string; function: { name: string; arguments: string } }
  >();
  for await (const chunk of chunks) {
    const delta = chunk.choices.find((c) => c.index === 0)?.delta;
    if (typeof delta?.content === 'string') content += delta.content;
    for (const call of delta?.tool_calls ?? []) {
      const entry = calls.get(call.index) ?? { type: 'function', function: { name: '', arguments: '' } };
      if (call.id) entry.id = call.id;
      entry.function.name += call.function?.name ?? '';
      entry.function.arguments += call.function?.arguments ?? '';
      calls.set(call.index, entry);
    }
    yield chunk;
  }
  await save(assistantMessage(content, [...calls.values()]));
}
