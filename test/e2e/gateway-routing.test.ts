import OpenAI from 'openai';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeReply, type FakeUpstream } from '../../src/testing/fake-upstream.js';
import { createTestGateway, type TestGateway } from '../../src/testing/gateway-harness.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function upstreamOf(handler: (n: number) => FakeReply): Promise<FakeUpstream> {
  let n = 0;
  const u = await startFakeUpstream('openai', () => handler(n++));
  open.push(u);
  return u;
}

async function gatewayOf(
  options: Parameters<typeof createTestGateway>[0],
): Promise<{ gw: TestGateway; client: OpenAI }> {
  const gw = await createTestGateway(options);
  open.unshift(gw);
  const client = new OpenAI({
    baseURL: `${await gw.listen()}/v1`,
    apiKey: 'unused',
    maxRetries: 0,
    timeout: 10_000,
  });
  return { gw, client };
}

const ask = (client: OpenAI, model = 'smart') =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] });
const fail = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as InstanceType<typeof OpenAI.APIError>,
  );

const MODELS = `  smart: { upstream: primary, model: big-model, fallbacks: [backup] }
  backup: { upstream: secondary, model: small-model }`;

describe('routing resilience', () => {
  it('resolves an alias to the upstream model name and lists aliases', async () => {
    const primary = await upstreamOf(() => ({ content: 'from primary' }));
    const secondary = await upstreamOf(() => ({ content: 'from secondary' }));
    const { client } = await gatewayOf({
      upstreams: { primary: { url: primary.url }, secondary: { url: secondary.url } },
      modelsYaml: MODELS,
    });
    const answer = await ask(client);
    expect(answer.choices[0]?.message.content).toBe('from primary');
    expect(primary.requests[0]?.body.model).toBe('big-model');
    expect(primary.requests[0]?.headers.authorization).toBe('Bearer upstream-test-key');
    expect((await client.models.list()).data.map((m) => m.id)).toEqual(['smart', 'backup']);
    expect((await fail(ask(client, 'unknown')))?.code).toBe('MODEL_NOT_FOUND');
  });

  it('retries a 5xx then falls back on 429', async () => {
    const primary = await upstreamOf((n) => (n === 0 ? { status: 503 } : { status: 429 }));
    const secondary = await upstreamOf(() => ({ content: 'fallback answer' }));
    const { client } = await gatewayOf({
      upstreams: { primary: { url: primary.url }, secondary: { url: secondary.url } },
      modelsYaml: MODELS,
    });
    const answer = await ask(client);
    expect(answer.choices[0]?.message.content).toBe('fallback answer');
    expect(primary.requests).toHaveLength(2);
    expect(secondary.requests[0]?.body.model).toBe('small-model');
  });

  it('does not retry a 4xx and reports the upstream status without its body', async () => {
    const primary = await upstreamOf(() => ({ status: 400 }));
    const secondary = await upstreamOf(() => ({ content: 'never' }));
    const { client } = await gatewayOf({
      upstreams: { primary: { url: primary.url }, secondary: { url: secondary.url } },
      modelsYaml: MODELS,
    });
    const error = await fail(ask(client));
    expect(error?.status).toBe(502);
    expect(error?.code).toBe('UPSTREAM_ERROR');
    expect(JSON.stringify(error?.error)).not.toContain('fake upstream error');
    expect(primary.requests).toHaveLength(1);
    expect(secondary.requests).toHaveLength(0);
  });

  it('times out a slow first byte and falls back', async () => {
    const primary = await upstreamOf(() => ({ hang: true }));
    const secondary = await upstreamOf(() => ({ content: 'fast' }));
    const { client } = await gatewayOf({
      upstreams: {
        primary: { url: primary.url, retries: 0, extra: '    timeouts: { firstByteMs: 150 }\n' },
        secondary: { url: secondary.url },
      },
      modelsYaml: MODELS,
    });
    const started = Date.now();
    expect((await ask(client)).choices[0]?.message.content).toBe('fast');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('answers 504 when every candidate times out', async () => {
    const primary = await upstreamOf(() => ({ hang: true }));
    const { client } = await gatewayOf({
      upstreams: { primary: { url: primary.url, retries: 0, extra: '    timeouts: { firstByteMs: 100 }\n' } },
      modelsYaml: `  smart: { upstream: primary }`,
    });
    const error = await fail(ask(client));
    expect(error?.status).toBe(504);
    expect(error?.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('opens the circuit after repeated failures and stops calling the upstream', async () => {
    const primary = await upstreamOf(() => ({ status: 500 }));
    const { client } = await gatewayOf({
      upstreams: {
        primary: {
          url: primary.url,
          retries: 0,
          extra: '    circuitBreaker: { failureThreshold: 2, resetMs: 60000 }\n',
        },
      },
      modelsYaml: `  smart: { upstream: primary }`,
    });
    await fail(ask(client));
    await fail(ask(client));
    const third = await fail(ask(client));
    expect(third?.status).toBe(503);
    expect(third?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(primary.requests).toHaveLength(2);
  });

  it('cancels the upstream request when the client disconnects', async () => {
    const primary = await upstreamOf(() => ({ hang: true }));
    const { client } = await gatewayOf({
      upstreams: { primary: { url: primary.url } },
      modelsYaml: `  smart: { upstream: primary }`,
    });
    const controller = new AbortController();
    const pending = client.chat.completions.create(
      { model: 'smart', messages: [{ role: 'user', content: 'hi' }] },
      { signal: controller.signal },
    );
    while (primary.requests.length === 0) await sleep(10);
    controller.abort();
    await pending.catch(() => undefined);
    for (let i = 0; i < 100 && primary.aborted === 0; i++) await sleep(20);
    expect(primary.aborted).toBe(1);
    expect(primary.requests).toHaveLength(1);
  });

  it('cancels a streaming upstream when the client stops reading', async () => {
    const primary = await upstreamOf(() => ({
      chunks: Array.from({ length: 400 }, (_, i) => `word${i} `),
      chunkDelayMs: 10,
    }));
    const { client } = await gatewayOf({
      upstreams: { primary: { url: primary.url } },
      modelsYaml: `  smart: { upstream: primary }`,
    });
    const stream = await client.chat.completions.create({
      model: 'smart',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    let seen = 0;
    for await (const _ of stream) if (++seen > 3) break;
    for (let i = 0; i < 100 && primary.aborted === 0; i++) await sleep(20);
    expect(primary.aborted).toBe(1);
  });

  it('refuses an upstream on a private address unless configured (SSRF guard)', async () => {
    const primary = await upstreamOf(() => ({ content: 'should not be reached' }));
    const { client } = await gatewayOf({
      upstreams: { primary: { url: primary.url, allowPrivate: false } },
      modelsYaml: `  smart: { upstream: primary }`,
    });
    const error = await fail(ask(client));
    expect(error?.code).toBe('UPSTREAM_FORBIDDEN_HOST');
    expect(primary.requests).toHaveLength(0);
  });

  it('keeps route-classified content on trusted upstreams only', async () => {
    const cloud = await upstreamOf(() => ({ content: 'cloud' }));
    const onPrem = await upstreamOf(() => ({ content: 'on-prem' }));
    const policy = 'policy:\n  input:\n    categories: { secret: route }\n';
    const { client } = await gatewayOf({
      upstreams: { cloud: { url: cloud.url }, onprem: { url: onPrem.url, trusted: true } },
      modelsYaml: `  smart: { upstream: cloud, fallbacks: [local] }\n  local: { upstream: onprem }\n  cloudonly: { upstream: cloud }`,
      extraYaml: policy,
    });
    const secret = 'tsk_' + 'a1b2c3d4e5f6g7h8i9j0k1l2';
    const routed = await client.chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: `check ${secret}` }],
    });
    expect(routed.choices[0]?.message.content).toBe('on-prem');
    expect(cloud.requests).toHaveLength(0);
    const refused = await fail(
      client.chat.completions.create({
        model: 'cloudonly',
        messages: [{ role: 'user', content: `check ${secret}` }],
      }),
    );
    expect(refused?.code).toBe('NO_TRUSTED_UPSTREAM');
  });
});
