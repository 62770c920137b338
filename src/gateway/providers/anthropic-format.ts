import { BulwarkError } from '../../core/index.js';
import type {
  ChatChunk,
  ChatCompletion,
  ChatMessage,
  ChatRequest,
  ToolCallOut,
} from '../chat/openai-types.js';

/** Anthropic Messages API shapes, only the fields Bulwark converts. */
export interface AnthropicBlock {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: string | AnthropicBlock[];
  [k: string]: unknown;
}
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string | AnthropicBlock[];
}
export interface AnthropicResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicBlock[];
  stop_reason: string | null;
  stop_sequence?: string | null;
  usage?: { input_tokens?: number; output_tokens?: number };
}

const STOP_TO_FINISH: Record<string, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};
const FINISH_TO_STOP: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

export const finishFromStop = (stop: string | null | undefined): string | null =>
  stop == null ? null : (STOP_TO_FINISH[stop] ?? 'stop');
export const stopFromFinish = (finish: string | null | undefined): string | null =>
  finish == null ? null : (FINISH_TO_STOP[finish] ?? 'end_turn');

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => p.text ?? '').join('');
}

function parseArgs(args: string | undefined): unknown {
  try {
    return args ? (JSON.parse(args) as unknown) : {};
  } catch {
    return {};
  }
}

/**
 * Anthropic has no JSON mode: the instruction OpenAI's `response_format` implies goes into the system
 * prompt (a JSON schema is spelled out), which is how JSON mode is emulated for such models.
 */
function jsonInstruction(format: unknown): string | undefined {
  const f = format as { type?: string; json_schema?: { name?: string; schema?: unknown } } | undefined;
  if (f?.type === 'json_object') return 'Respond with one valid JSON object and nothing else.';
  if (f?.type === 'json_schema')
    return `Respond with one valid JSON value and nothing else. It must conform to this JSON Schema: ${JSON.stringify(f.json_schema?.schema ?? {})}`;
  return undefined;
}

/** OpenAI chat request → Anthropic Messages request. */
export function toAnthropicRequest(request: ChatRequest, model: string): Record<string, unknown> {
  const r = request as Record<string, unknown>;
  // One completion per call is all the Messages API returns; refusing is clearer than silently giving one.
  if (request.n !== undefined && request.n > 1)
    throw new BulwarkError('BAD_REQUEST', { message: 'n > 1 is not supported for this model.' });
  const system = [
    ...request.messages
      .filter((m) => m.role === 'system' || m.role === 'developer')
      .map((m) => textOf(m.content)),
    jsonInstruction(r.response_format) ?? '',
  ]
    .filter((t) => t !== '')
    .join('\n\n');
  const messages: AnthropicMessage[] = [];
  const push = (role: AnthropicMessage['role'], blocks: AnthropicBlock[]): void => {
    const last = messages.at(-1);
    if (last && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const m of request.messages) {
    if (m.role === 'system' || m.role === 'developer') continue;
    if (m.role === 'tool' || m.role === 'function') {
      push('user', [
        { type: 'tool_result', tool_use_id: m.tool_call_id ?? m.name ?? '', content: textOf(m.content) },
      ]);
    } else if (m.role === 'assistant') {
      const blocks: AnthropicBlock[] = [];
      const text = textOf(m.content);
      if (text) blocks.push({ type: 'text', text });
      for (const call of m.tool_calls ?? [])
        blocks.push({
          type: 'tool_use',
          id: call.id ?? '',
          name: call.function?.name ?? '',
          input: parseArgs(call.function?.arguments),
        });
      push('assistant', blocks);
    } else {
      push('user', [{ type: 'text', text: textOf(m.content) }]);
    }
  }
  const body: Record<string, unknown> = {
    model,
    messages,
    max_tokens: r.max_tokens ?? r.max_completion_tokens ?? 4096,
  };
  if (system) body.system = system;
  if (request.stream) body.stream = true;
  for (const key of ['temperature', 'top_p'] as const) if (r[key] !== undefined) body[key] = r[key];
  if (r.stop !== undefined) body.stop_sequences = Array.isArray(r.stop) ? r.stop : [r.stop];
  if (Array.isArray(r.tools)) {
    body.tools = (
      r.tools as { function?: { name?: string; description?: string; parameters?: unknown } }[]
    ).map((t) => ({
      name: t.function?.name,
      ...(t.function?.description ? { description: t.function.description } : {}),
      input_schema: t.function?.parameters ?? { type: 'object', properties: {} },
    }));
  }
  const choice = r.tool_choice as string | { function?: { name?: string } } | undefined;
  if (choice === 'auto' || choice === 'none') body.tool_choice = { type: choice };
  else if (choice === 'required') body.tool_choice = { type: 'any' };
  else if (typeof choice === 'object' && choice.function?.name)
    body.tool_choice = { type: 'tool', name: choice.function.name };
  return body;
}

/** Anthropic response → OpenAI chat completion. */
export function fromAnthropicResponse(response: AnthropicResponse): ChatCompletion {
  const text = response.content
    .filter((b) => b.type === 'text')
    .map((b) => b.text ?? '')
    .join('');
  const toolCalls: ToolCallOut[] = response.content
    .filter((b) => b.type === 'tool_use')
    .map((b) => ({
      id: b.id ?? '',
      type: 'function',
      function: { name: b.name ?? '', arguments: JSON.stringify(b.input ?? {}) },
    }));
  const input = response.usage?.input_tokens ?? 0;
  const output = response.usage?.output_tokens ?? 0;
  return {
    id: response.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: response.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: finishFromStop(response.stop_reason),
      },
    ],
    usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
  };
}

/** Converts Anthropic stream events to OpenAI chunks; stateful per stream. */
export function anthropicStreamConverter(): (
  event: string,
  data: Record<string, unknown>,
) => ChatChunk | undefined {
  let id = '';
  let model = '';
  let inputTokens = 0;
  const toolIndex = new Map<number, number>();
  const chunk = (delta: ChatChunk['choices'][number]['delta'], finish: string | null = null): ChatChunk => ({
    id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  return (event, data) => {
    if (event === 'message_start') {
      const message = data.message as
        { id?: string; model?: string; usage?: { input_tokens?: number } } | undefined;
      id = message?.id ?? '';
      model = message?.model ?? '';
      inputTokens = message?.usage?.input_tokens ?? 0;
      return chunk({ role: 'assistant', content: '' });
    }
    if (event === 'content_block_start') {
      const block = data.content_block as AnthropicBlock | undefined;
      if (block?.type !== 'tool_use') return undefined;
      const index = toolIndex.size;
      toolIndex.set(Number(data.index), index);
      return chunk({
        tool_calls: [
          {
            index,
            id: block.id ?? '',
            type: 'function',
            function: { name: block.name ?? '', arguments: '' },
          },
        ],
      });
    }
    if (event === 'content_block_delta') {
      const delta = data.delta as { type?: string; text?: string; partial_json?: string } | undefined;
      if (delta?.type === 'text_delta') return chunk({ content: delta.text ?? '' });
      if (delta?.type === 'input_json_delta') {
        const index = toolIndex.get(Number(data.index)) ?? 0;
        return chunk({ tool_calls: [{ index, function: { arguments: delta.partial_json ?? '' } }] });
      }
      return undefined;
    }
    if (event === 'message_delta') {
      const delta = data.delta as { stop_reason?: string } | undefined;
      // Usage arrives split (input at the start, output here); OpenAI clients expect it on the last chunk.
      const output = (data.usage as { output_tokens?: number } | undefined)?.output_tokens ?? 0;
      return {
        ...chunk({}, finishFromStop(delta?.stop_reason) ?? 'stop'),
        usage: { prompt_tokens: inputTokens, completion_tokens: output, total_tokens: inputTokens + output },
      };
    }
    return undefined;
  };
}
