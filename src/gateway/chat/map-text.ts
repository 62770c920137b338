import type { ChatChunk, ChatCompletion } from './openai-types.js';

/** Which text a channel carries: prose, or a tool call's `arguments` (a JSON document as a string). */
export type TextKind = 'content' | 'arguments';

/** A stateful text transformer for one streamed channel (a choice's content or a tool call's arguments). */
export interface TextChannel {
  push(text: string): Promise<string> | string;
  flush(): Promise<string> | string;
}

/** Rewrites every text of a completion (choice contents and tool-call arguments). */
export async function mapCompletionText(
  body: ChatCompletion,
  map: (text: string, kind: TextKind) => Promise<string> | string,
): Promise<ChatCompletion> {
  for (const choice of body.choices) {
    const message = choice.message;
    if (typeof message?.content === 'string') message.content = await map(message.content, 'content');
    for (const call of message?.tool_calls ?? []) {
      if (typeof call.function?.arguments === 'string')
        call.function.arguments = await map(call.function.arguments, 'arguments');
    }
  }
  return body;
}

/**
 * Runs each text channel of a chunk stream through its own `TextChannel`. Channels are flushed when
 * their choice finishes (and at the end of the stream), so held-back text is emitted before the
 * finish chunk. Chunks left with nothing to say are dropped.
 */
export async function* mapStreamText(
  chunks: AsyncIterable<ChatChunk>,
  open: (kind: TextKind) => TextChannel,
): AsyncGenerator<ChatChunk> {
  const channels = new Map<string, TextChannel>();
  const get = (key: string): TextChannel => {
    let channel = channels.get(key);
    if (!channel) channels.set(key, (channel = open(key.includes(':tool:') ? 'arguments' : 'content')));
    return channel;
  };
  let template: ChatChunk | undefined;

  async function flushChoice(
    choiceIndex: number,
    delta: ChatChunk['choices'][number]['delta'],
  ): Promise<void> {
    for (const [key, channel] of channels) {
      const [c, kind, tool] = key.split(':');
      if (Number(c) !== choiceIndex) continue;
      const rest = await channel.flush();
      channels.delete(key);
      if (rest === '') continue;
      if (kind === 'content') delta.content = (delta.content ?? '') + rest;
      else {
        delta.tool_calls ??= [];
        const existing = delta.tool_calls.find((t) => t.index === Number(tool));
        if (existing?.function) existing.function.arguments = (existing.function.arguments ?? '') + rest;
        else delta.tool_calls.push({ index: Number(tool), function: { arguments: rest } });
      }
    }
  }

  for await (const chunk of chunks) {
    template ??= { ...chunk, choices: [] };
    const kept: ChatChunk['choices'] = [];
    for (const choice of chunk.choices) {
      const delta = choice.delta ?? {};
      choice.delta = delta;
      if (typeof delta.content === 'string' && delta.content !== '')
        delta.content = await get(`${choice.index}:content`).push(delta.content);
      for (const call of delta.tool_calls ?? []) {
        const args = call.function?.arguments;
        if (call.function && typeof args === 'string' && args !== '')
          call.function.arguments = await get(`${choice.index}:tool:${call.index}`).push(args);
      }
      if (choice.finish_reason != null) await flushChoice(choice.index, delta);
      if (hasNews(choice)) kept.push(choice);
    }
    if (kept.length > 0 || chunk.usage != null || chunk.choices.length === 0)
      yield { ...chunk, choices: kept };
  }
  if (channels.size > 0) {
    const tail: ChatChunk = { ...(template ?? { choices: [] }), choices: [] };
    const indices = new Set([...channels.keys()].map((k) => Number(k.split(':')[0])));
    for (const index of indices) {
      const delta: ChatChunk['choices'][number]['delta'] = {};
      await flushChoice(index, delta);
      const choice = { index, delta, finish_reason: null };
      if (hasNews(choice)) tail.choices.push(choice);
    }
    if (tail.choices.length > 0) yield tail;
  }
}

function hasNews(choice: ChatChunk['choices'][number]): boolean {
  const { delta } = choice;
  if (choice.finish_reason != null || delta.role !== undefined) return true;
  if (typeof delta.content === 'string' && delta.content !== '') return true;
  if (
    delta.tool_calls?.some(
      (t) => t.id !== undefined || t.function?.name !== undefined || (t.function?.arguments ?? '') !== '',
    )
  )
    return true;
  return Object.keys(delta).some((k) => k !== 'content' && k !== 'tool_calls' && k !== 'role');
}
