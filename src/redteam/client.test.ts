import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from './client.js';

let server: Server | undefined;

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const ok = (content: string) => JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] });

describe('createClient', () => {
  it('retries 429 and 5xx with backoff, honouring Retry-After, then succeeds', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      if (calls === 1) res.writeHead(429, { 'retry-after': '0' }).end('{}');
      else if (calls === 2) res.writeHead(503).end('{}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(ok('fine'));
    });
    const client = createClient({ baseUrl: url, backoffMs: 5 });
    const reply = await client.chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.content).toBe('fine');
    expect(calls).toBe(3);
  });

  it('does not retry a 400 and keeps the API key out of the error', async () => {
    let calls = 0;
    let auth = '';
    const url = await serve((req, res) => {
      calls++;
      auth = req.headers.authorization ?? '';
      res.writeHead(400).end('{"error":{"message":"bad"}}');
    });
    const apiKey = `test-${Math.random().toString(36).slice(2)}`;
    const client = createClient({ baseUrl: url, apiKey, backoffMs: 1 });
    const error = await client.chat({ model: 'm', messages: [] }).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(auth).toBe(`Bearer ${apiKey}`);
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 400 } });
    expect(JSON.stringify(error) + String(error)).not.toContain(apiKey);
  });

  it('times out slow requests and reports UPSTREAM_TIMEOUT after its retries', async () => {
    let calls = 0;
    const url = await serve(() => {
      calls++; // never answers
    });
    const client = createClient({ baseUrl: url, timeoutMs: 50, retries: 1, backoffMs: 1 });
    await expect(client.chat({ model: 'm', messages: [] })).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
    });
    expect(calls).toBe(2);
  });

  it('returns tool calls and accepts a full /chat/completions URL as the target', async () => {
    const url = await serve((req, res) => {
      expect(req.url).toBe('/v1/chat/completions');
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          choices: [
            {
              message: {
                content: null,
                tool_calls: [{ function: { name: 'send_email', arguments: '{"to":"x"}' } }],
              },
            },
          ],
        }),
      );
    });
    const client = createClient({ baseUrl: `${url}/chat/completions` });
    const reply = await client.chat({
      model: 'm',
      messages: [],
      tools: [{ name: 'send_email', description: 'd' }],
    });
    expect(reply).toEqual({ content: '', toolCalls: [{ name: 'send_email', arguments: '{"to":"x"}' }] });
  });

  it('reads vLLM prompt_logprobs when echo log-probs are missing, and reports none when neither exists', async () => {
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { prompt_logprobs?: number };
        const choice =
          parsed.prompt_logprobs === 0
            ? { text: 'x', prompt_logprobs: [null, { '5': { logprob: -1.5 } }, { '9': { logprob: -0.5 } }] }
            : { text: 'x', logprobs: null };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [choice] }));
      });
    });
    expect(await createClient({ baseUrl: url }).promptLogprob('m', 'abc')).toBe(-2);
  });
});

describe('guardrail refusals', () => {
  it('are not retried and carry the guardrail code', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      res
        .writeHead(502, { 'content-type': 'application/json' })
        .end(
          JSON.stringify({ error: { type: 'guardrail_error', code: 'CANARY_LEAKED', message: 'blocked' } }),
        );
    });
    const error = await createClient({ baseUrl: url, backoffMs: 1 })
      .chat({ model: 'm', messages: [] })
      .catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toMatchObject({ details: { status: 502, guardrail: 'CANARY_LEAKED' } });
  });
});

describe('batched log-probabilities', () => {
  it('fall back to one prompt per request when the server rejects prompt arrays', async () => {
    let arrays = 0;
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { prompt: unknown };
        if (Array.isArray(parsed.prompt)) {
          arrays++;
          res.writeHead(400).end('{"error":{"message":"prompt must be a string"}}');
          return;
        }
        const text = String(parsed.prompt);
        const tokens = [...text, '!'];
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            choices: [
              {
                text: text + '!',
                logprobs: {
                  token_logprobs: tokens.map((_, i) => (i === 0 ? null : -1)),
                  text_offset: tokens.map((_, i) => i),
                },
              },
            ],
          }),
        );
      });
    });
    const client = createClient({ baseUrl: url, backoffMs: 1 });
    expect(await client.promptLogprobs('m', ['abc', 'abcd'])).toEqual([-2, -3]);
    expect(await client.promptLogprobs('m', ['ab', 'a'])).toEqual([-1, 0]);
    expect(arrays).toBeGreaterThanOrEqual(1);
  });
});
