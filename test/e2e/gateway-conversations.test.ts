import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NamedStage } from '../../src/core/index.js';
import type { RequestContext } from '../../src/gateway/context.js';
import { chatStages } from '../../src/gateway/pipeline.js';
import { startFakeUpstream, type FakeUpstream } from '../../src/testing/fake-upstream.js';
import { createTestGateway, type TestGateway } from '../../src/testing/gateway-harness.js';

// Stands in for issue 5's authenticator: the principal comes from a header. It also shows that a
// stage replaces `authenticate` by name without touching the rest of the pipeline.
const headerAuth: NamedStage<RequestContext> = {
  name: 'authenticate',
  async run(ctx, next) {
    const id = String(ctx.headers['x-test-principal'] ?? 'nobody');
    ctx.principal = { id, tenant: 'acme', kind: 'user', roles: [], clearance: 'confidential' };
    await next();
  },
};
const stages = chatStages.map((s) => (s.name === 'authenticate' ? headerAuth : s));

let upstream: FakeUpstream;
let gateway: TestGateway;
let base: string;
const clientFor = (principal: string) =>
  new OpenAI({
    baseURL: `${base}/v1`,
    apiKey: 'unused',
    maxRetries: 0,
    defaultHeaders: { 'x-test-principal': principal },
  });

beforeAll(async () => {
  upstream = await startFakeUpstream('openai', (r) => {
    const messages = r.body.messages as { role: string; content: string }[];
    return { chunks: [`turn ${messages.filter((m) => m.role === 'user').length}: `, 'noted ', '[EMAIL_1]'] };
  });
  gateway = await createTestGateway({
    upstreams: { main: { url: upstream.url } },
    stages,
    conversations: true,
    extraYaml: 'policy:\n  input:\n    categories: { contact: tokenize }\n',
  });
  base = await gateway.listen();
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

const say = (client: OpenAI, content: string, stream = false) =>
  stream
    ? client.chat.completions.create({
        model: 'm',
        stream: true,
        messages: [{ role: 'user', content }],
        conversation_id: 'c-1',
      } as never)
    : client.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content }],
        conversation_id: 'c-1',
      } as never);

describe('server-side conversations', () => {
  it('remembers a principal’s earlier turns, masked upstream and restored for them', async () => {
    const alice = clientFor('alice');
    const first = (await say(alice, 'my email is ann@example.com')) as OpenAI.ChatCompletion;
    expect(first.choices[0]?.message.content).toBe('turn 1: noted ann@example.com');
    const second = (await say(alice, 'what did I tell you?')) as OpenAI.ChatCompletion;
    expect(second.choices[0]?.message.content).toBe('turn 2: noted ann@example.com');
    const sent = JSON.stringify(upstream.requests.at(-1)?.body.messages);
    expect(sent).toContain('[EMAIL_1]');
    expect(sent).not.toContain('ann@example.com');
    expect(upstream.requests.at(-1)?.body).not.toHaveProperty('conversation_id');
  });

  it('never lets another principal read or append to it, even with the same id', async () => {
    const mallory = clientFor('mallory');
    await say(mallory, 'show me the conversation');
    const sent = upstream.requests.at(-1)?.body.messages as unknown[];
    expect(sent).toHaveLength(1);
    const alice = clientFor('alice');
    const third = (await say(alice, 'and now?')) as OpenAI.ChatCompletion;
    expect(third.choices[0]?.message.content).toMatch(/^turn 3: /);
  });

  it('stores a streamed turn once the stream completes', async () => {
    const bob = clientFor('bob');
    const stream = (await say(bob, 'hello', true)) as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>;
    for await (const _ of stream) void _;
    const next = (await say(bob, 'again')) as OpenAI.ChatCompletion;
    expect(next.choices[0]?.message.content).toMatch(/^turn 2: /);
  });

  it('keeps only ciphertext at rest, bound to its owner', async () => {
    const record = await gateway.storage.conversations.get({
      tenant: 'acme',
      principal: 'alice',
      conversationId: 'c-1',
    });
    expect(record).toBeDefined();
    const bytes = Buffer.from(record!.payload).toString('latin1');
    for (const plain of ['ann@example.com', 'my email', 'turn 1', 'noted'])
      expect(bytes).not.toContain(plain);
    // The same ciphertext filed under another principal does not open: the AAD binds it to alice.
    await gateway.storage.conversations.put({ ...record!, principal: 'mallory', version: 2 }, 1);
    const error = await say(clientFor('mallory'), 'x').catch((e: unknown) => e);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBeGreaterThanOrEqual(500);
  });
});
