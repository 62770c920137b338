import { z } from 'zod';

/** A content part; text parts are scanned, others (images, audio) pass through untouched. */
const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });

const toolCall = z.looseObject({
  id: z.string().optional(),
  type: z.string().optional(),
  function: z.looseObject({ name: z.string().optional(), arguments: z.string().optional() }).optional(),
});

export const chatMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCall).optional(),
  tool_call_id: z.string().optional(),
});

/**
 * The OpenAI chat request, validated only where Bulwark reads it; every other field (tools, n,
 * response_format, temperature...) passes through unchanged.
 */
export const chatRequestSchema = z.looseObject({
  model: z.string().min(1).max(256),
  messages: z.array(chatMessageSchema).min(1).max(10_000),
  stream: z.boolean().optional(),
  n: z.number().int().min(1).max(128).optional(),
  /** Bulwark extension: server-side conversation state. */
  conversation_id: z.string().min(1).max(128).optional(),
});

export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export const embeddingsRequestSchema = z.looseObject({
  model: z.string().min(1).max(256),
  input: z.union([
    z.string(),
    z.array(z.string()).max(2048),
    z.array(z.number()),
    z.array(z.array(z.number())),
  ]),
});
export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;

/** The parts of a chat completion Bulwark reads; the rest is forwarded as received. */
export interface ChatCompletion {
  id?: string;
  object?: string;
  model?: string;
  choices: {
    index: number;
    message: { role: string; content: string | null; tool_calls?: ToolCallOut[]; [k: string]: unknown };
    finish_reason: string | null;
    [k: string]: unknown;
  }[];
  usage?: unknown;
  [k: string]: unknown;
}

export interface ToolCallOut {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
  [k: string]: unknown;
}

export interface ToolCallDelta extends ToolCallOut {
  index: number;
}

/** One streamed chunk (`chat.completion.chunk`). */
export interface ChatChunk {
  id?: string;
  object?: string;
  model?: string;
  choices: {
    index: number;
    delta: { role?: string; content?: string | null; tool_calls?: ToolCallDelta[]; [k: string]: unknown };
    finish_reason: string | null;
    [k: string]: unknown;
  }[];
  usage?: unknown;
  [k: string]: unknown;
}

/** What a provider returns: one JSON body or a stream of chunks, both in OpenAI shape. */
export type ChatResult =
  { kind: 'json'; body: ChatCompletion } | { kind: 'stream'; chunks: AsyncIterable<ChatChunk> };
