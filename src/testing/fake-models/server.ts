import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fake endpoint listening on an ephemeral 127.0.0.1 port. */
export interface FakeServer {
  /** Base URL ending in /v1. */
  url: string;
  /** Requests received, by path. */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

export type JsonHandler = (path: string, body: Record<string, unknown>) => { status?: number; json: unknown };

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Starts a JSON-over-HTTP fake; the handler sees the path below /v1 and the parsed body. */
export async function startJsonServer(handler: JsonHandler): Promise<FakeServer> {
  const hits = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').replace(/^\/v1/, '').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    readJson(req)
      .then((body) => {
        const { status = 200, json } = handler(path, body);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      })
      .catch(() => {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad request"}}');
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    hits,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** An OpenAI chat.completion body. */
export function chatCompletion(
  model: string,
  content: string,
  toolCalls: { name: string; arguments: string }[] = [],
): unknown {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
        message: {
          role: 'assistant',
          content: toolCalls.length > 0 ? null : content,
          ...(toolCalls.length > 0
            ? {
                tool_calls: toolCalls.map((c, i) => ({
                  id: `call_${i}`,
                  type: 'function',
                  function: c,
                })),
              }
            : {}),
        },
      },
    ],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}
