import { z } from 'zod';
import { stopFromFinish } from '../providers/anthropic-format.js';
import type { ChatChunk, ChatCompletion, ChatMessage, ChatRequest } from './openai-types.js';

const block = z.looseObject({ type: z.string() });

/** The Anthropic Messages request, validated where Bulwark reads it. */
export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1).max(256),
  max_tokens: z.number().int().positive(),
  messages: z
    .array(
      z.looseObject({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(block)]) }),
    )
    .min(1)
    .max(10_000),
  system: z.union([z.string(), z.array(block)]).optional(),
  stream: z.boolean().optional(),
  /** Bulwark extension: server-side conversation state. */
  conversation_id: z.string().min(1).max(128).optional(),
});
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;

type Block = z.infer<typeof block> & {
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: unknown;
};

function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as Block[]).map((b) => (typeof b.text === 'string' ? b.text : '')).join('');
}

/** Anthropic request → the gateway's OpenAI-shaped request (tool results become `tool` messages). */
export function fromMessagesRequest(request: MessagesRequest): ChatRequest {
  const messages: ChatMessage[] = [];
  if (request.system !== undefined) messages.push({ role: 'system', content: blockText(request.system) });
  for (const m of request.messages) {
    if (typeof m.content === 'string') {
      messages.push({ role: m.role, content: m.content });
      continue;
    }
    const blocks = m.content as Block[];
    for (const b of blocks.filter((x) => x.type === 'tool_result'))
      messages.push({ role: 'tool', tool_call_id: b.tool_use_id ?? '', content: blockText(b.content) });
    const text = blocks.filter((x) => x.type === 'text').map((x) => ({ type: 'text', text: x.text ?? '' }));
    const calls = blocks
      .filter((x) => x.type === 'tool_use')
      .map((x) => ({
        id: x.id ?? '',
        type: 'function',
        function: { name: x.name ?? '', arguments: JSON.stringify(x.input ?? {}) },
      }));
    if (text.length > 0 || calls.length > 0)
      messages.push({
        role: m.role,
        content: text.length > 0 ? text : null,
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
      });
  }
  const r = request as Record<string, unknown>;
  const out: ChatRequest = { model: request.model, messages, max_tokens: request.max_tokens };
  if (request.stream) out.stream = true;
  if (typeof r.conversation_id === 'string') out.conversation_id = r.conversation_id;
  for (const key of ['temperature', 'top_p'] as const) if (r[key] !== undefined) out[key] = r[key];
  if (Array.isArray(r.stop_sequences)) out.stop = r.stop_sequences;
  if (Array.isArray(r.tools)) {
    out.tools = (r.tools as { name?: string; description?: string; input_schema?: unknown }[]).map((t) => ({
      type: 'function',
      function: { name: t.name, description: t.description, parameters: t.input_schema },
    }));
  }
  return out;
}

/** The gateway's completion → an Anthropic Messages response. */
export function toMessagesResponse(body: ChatCompletion, model: string): Record<string, unknown> {
  const choice = body.choices[0];
  const content: Record<string, unknown>[] = [];
  if (choice?.message.content) content.push({ type: 'text', text: choice.message.content });
  for (const call of choice?.message.tool_calls ?? []) {
    let input: unknown;
    try {
      input = JSON.parse(call.function?.arguments ?? '{}');
    } catch {
      input = {};
    }
    content.push({ type: 'tool_use', id: call.id ?? '', name: call.function?.name ?? '', input });
  }
  const usage = body.usage as { prompt_tokens?: number; completion_tokens?: number } | undefined;
  return {
    id: body.id ?? '',
    type: 'message',
    role: 'assistant',
    model: body.model ?? model,
    content,
    stop_reason: stopFromFinish(choice?.finish_reason) ?? 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: usage?.prompt_tokens ?? 0, output_tokens: usage?.completion_tokens ?? 0 },
  };
}

/** The gateway's chunks → Anthropic stream events (`message_start` ... `message_stop`). */
export async function* toMessagesEvents(
  chunks: AsyncIterable<ChatChunk>,
  model: string,
): AsyncGenerator<{ event: string; data: unknown }> {
  let started = false;
  let open: { index: number; kind: 'text' | 'tool'; tool?: number } | undefined;
  let nextIndex = 0;
  let stop: string | null = null;
  let outputTokens = 0;
  const ev = (event: string, data: Record<string, unknown>): { event: string; data: unknown } => ({
    event,
    data: { type: event, ...data },
  });
  for await (const chunk of chunks) {
    if (!started) {
      started = true;
      yield ev('message_start', {
        message: {
          id: chunk.id ?? '',
          type: 'message',
          role: 'assistant',
          model: chunk.model ?? model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      });
    }
    const usage = chunk.usage as { completion_tokens?: number } | undefined;
    if (usage?.completion_tokens) outputTokens = usage.completion_tokens;
    const choice = chunk.choices.find((c) => c.index === 0);
    if (!choice) continue;
    const { delta } = choice;
    if (typeof delta.content === 'string' && delta.content !== '') {
      if (open?.kind !== 'text') {
        if (open) yield ev('content_block_stop', { index: open.index });
        open = { index: nextIndex++, kind: 'text' };
        yield ev('content_block_start', { index: open.index, content_block: { type: 'text', text: '' } });
      }
      yield ev('content_block_delta', {
        index: open.index,
        delta: { type: 'text_delta', text: delta.content },
      });
    }
    for (const call of delta.tool_calls ?? []) {
      if (open?.kind !== 'tool' || open.tool !== call.index) {
        if (open) yield ev('content_block_stop', { index: open.index });
        open = { index: nextIndex++, kind: 'tool', tool: call.index };
        yield ev('content_block_start', {
          index: open.index,
          content_block: { type: 'tool_use', id: call.id ?? '', name: call.function?.name ?? '', input: {} },
        });
      }
      const partial = call.function?.arguments ?? '';
      if (partial !== '')
        yield ev('content_block_delta', {
          index: open.index,
          delta: { type: 'input_json_delta', partial_json: partial },
        });
    }
    if (choice.finish_reason != null) stop = stopFromFinish(choice.finish_reason);
  }
  if (!started) return;
  if (open) yield ev('content_block_stop', { index: open.index });
  yield ev('message_delta', {
    delta: { stop_reason: stop ?? 'end_turn', stop_sequence: null },
    usage: { output_tokens: outputTokens },
  });
  yield ev('message_stop', {});
}
