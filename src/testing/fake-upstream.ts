import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** What the fake answers to one request. */
export interface FakeReply {
  /** HTTP status; non-2xx sends an error body. Default 200. */
  status?: number;
  /** Text of the answer; streamed as `chunks` when given, else in one piece. */
  content?: string;
  /** Streamed pieces (joined they are the content). */
  chunks?: string[];
  toolCalls?: { id: string; name: string; arguments: string }[];
  /** Delay before the response headers. */
  delayMs?: number;
  /** Delay between streamed chunks. */
  chunkDelayMs?: number;
  /** Never answer (for timeouts and disconnects). */
  hang?: boolean;
  /** Number of choices (`n`). */
  n?: number;
}

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface FakeUpstream {
  /** Base URL including `/v1`. */
  url: string;
  requests: RecordedRequest[];
  /** Requests whose client went away before the response finished. */
  readonly aborted: number;
  close(): Promise<void>;
}

export type FakeKind = 'openai' | 'anthropic';

/**
 * A real HTTP server on an ephemeral loopback port speaking the OpenAI or Anthropic wire format,
 * streaming included. Tests script its answers with `handler`.
 */
export async function startFakeUpstream(
  kind: FakeKind,
  handler: (request: RecordedRequest) => FakeReply,
): Promise<FakeUpstream> {
  const requests: RecordedRequest[] = [];
  let aborted = 0;
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      void (async () => {
        let finished = false;
        res.on('close', () => {
          if (!finished) aborted++;
        });
        const recorded: RecordedRequest = {
          path: req.url ?? '',
          headers: req.headers,
          body: parts.length
            ? (JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>)
            : {},
        };
        requests.push(recorded);
        const reply = handler(recorded);
        if (reply.hang) return;
        if (reply.delayMs) await sleep(reply.delayMs);
        if (res.destroyed) return;
        const status = reply.status ?? 200;
        if (status >= 300) {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'fake upstream error', type: 'server_error' } }));
          finished = true;
          return;
        }
        if (recorded.path.endsWith('/embeddings')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              object: 'list',
              data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
              model: recorded.body.model,
            }),
          );
          finished = true;
          return;
        }
        const model = String(recorded.body.model ?? 'fake');
        if (recorded.body.stream === true) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          const includeUsage =
            (recorded.body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
          const frames =
            kind === 'openai' ? openAiFrames(reply, model, includeUsage) : anthropicFrames(reply, model);
          for (const frame of frames) {
            if (res.destroyed) return;
            res.write(frame);
            if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
          }
          res.end();
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(kind === 'openai' ? openAiBody(reply, model) : anthropicBody(reply, model)));
        }
        finished = true;
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get aborted() {
      return aborted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function openAiBody(reply: FakeReply, model: string): unknown {
  const content = reply.content ?? reply.chunks?.join('') ?? '';
  const toolCalls = reply.toolCalls?.map((t) => ({
    id: t.id,
    type: 'function',
    function: { name: t.name, arguments: t.arguments },
  }));
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1,
    model,
    choices: Array.from({ length: reply.n ?? 1 }, (_, index) => ({
      index,
      message: { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
      finish_reason: toolCalls ? 'tool_calls' : 'stop',
    })),
    usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
  };
}

function* openAiFrames(reply: FakeReply, model: string, includeUsage: boolean): Generator<string> {
  const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model };
  const frame = (choices: unknown[]): string => `data: ${JSON.stringify({ ...base, choices })}\n\n`;
  yield frame([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
  for (const piece of reply.chunks ?? (reply.content ? [reply.content] : []))
    yield frame([{ index: 0, delta: { content: piece }, finish_reason: null }]);
  for (const [index, t] of (reply.toolCalls ?? []).entries()) {
    yield frame([
      {
        index: 0,
        delta: {
          tool_calls: [{ index, id: t.id, type: 'function', function: { name: t.name, arguments: '' } }],
        },
        finish_reason: null,
      },
    ]);
    // Arguments arrive in two pieces to exercise reassembly.
    const half = Math.floor(t.arguments.length / 2);
    for (const part of [t.arguments.slice(0, half), t.arguments.slice(half)])
      yield frame([
        { index: 0, delta: { tool_calls: [{ index, function: { arguments: part } }] }, finish_reason: null },
      ]);
  }
  yield frame([{ index: 0, delta: {}, finish_reason: reply.toolCalls ? 'tool_calls' : 'stop' }]);
  // As OpenAI does with stream_options.include_usage: one last chunk with no choices and the usage.
  if (includeUsage)
    yield `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } })}\n\n`;
  yield 'data: [DONE]\n\n';
}

function anthropicBody(reply: FakeReply, model: string): unknown {
  const content: unknown[] = [{ type: 'text', text: reply.content ?? reply.chunks?.join('') ?? '' }];
  for (const t of reply.toolCalls ?? [])
    content.push({ type: 'tool_use', id: t.id, name: t.name, input: JSON.parse(t.arguments) as unknown });
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: reply.toolCalls ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 5, output_tokens: 7 },
  };
}

function* anthropicFrames(reply: FakeReply, model: string): Generator<string> {
  const ev = (type: string, data: Record<string, unknown>): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  yield ev('message_start', {
    message: {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      usage: { input_tokens: 5, output_tokens: 0 },
    },
  });
  yield ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  for (const piece of reply.chunks ?? (reply.content ? [reply.content] : []))
    yield ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } });
  yield ev('content_block_stop', { index: 0 });
  for (const [i, t] of (reply.toolCalls ?? []).entries()) {
    yield ev('content_block_start', {
      index: i + 1,
      content_block: { type: 'tool_use', id: t.id, name: t.name, input: {} },
    });
    yield ev('content_block_delta', {
      index: i + 1,
      delta: { type: 'input_json_delta', partial_json: t.arguments },
    });
    yield ev('content_block_stop', { index: i + 1 });
  }
  yield ev('message_delta', {
    delta: { stop_reason: reply.toolCalls ? 'tool_use' : 'end_turn' },
    usage: { output_tokens: 7 },
  });
  yield ev('message_stop', {});
}
