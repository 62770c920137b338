import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyService, createApiKeyVerifier } from '../../src/auth/index.js';
import { compose } from '../../src/core/index.js';
import type { RequestContext } from '../../src/gateway/context.js';
import { identityStages } from '../../src/gateway/stages/authenticate-pipeline.js';
import { createRateLimit } from '../../src/gateway/stages/rate-limit.js';
import { countPromptTokens, createLimits, type LimitRule } from '../../src/limits/index.js';
import { openMemoryStorage } from '../../src/storage/index.js';
import { startFakeUpstream, type FakeUpstream } from '../../src/testing/fake-upstream.js';
import { createTestGateway, type TestGateway } from '../../src/testing/gateway-harness.js';

const pepper = randomBytes(32);
const storage = openMemoryStorage();
const keys = createApiKeyService(storage.apiKeys, pepper);
const gateways: TestGateway[] = [];
let upstream: FakeUpstream;

beforeAll(async () => {
  upstream = await startFakeUpstream('openai', () => ({ content: 'ok' })); // usage: 7 completion tokens
});
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await upstream.close();
});

async function gatewayWith(rules: LimitRule[]) {
  const limits = createLimits({ rules, keyPrefix: randomBytes(4).toString('hex') });
  const verifier = createApiKeyVerifier({ store: storage.apiKeys, pepper });
  const g = await createTestGateway({
    upstreams: { main: { url: upstream.url } },
    stages: identityStages({ verifier, mode: 'required', limits }),
  });
  gateways.push(g);
  const url = await g.listen();
  const { token } = await keys.create({ name: 'n', tenant: 't', role: 'app', clearance: 'internal' });
  return (content = 'hi') =>
    fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content }] }),
    });
}

describe('limits in the gateway', () => {
  it('refuses over the request limit with 429, Retry-After and x-ratelimit-* headers, before forwarding', async () => {
    const post = await gatewayWith([{ scope: 'key', requests: 2, windowSeconds: 60 }]);
    const before = upstream.requests.length;
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(refused.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(upstream.requests.length - before).toBe(2);
  });

  it('charges prompt tokens before and the upstream’s completion tokens after', async () => {
    const prompt = countPromptTokens(['hi']);
    const perRequest = prompt + 7;
    // Room for exactly three requests when completions are charged (five if they were not).
    const budget = 3 * perRequest + prompt - 1;
    const post = await gatewayWith([{ scope: 'tenant', tokens: budget, windowSeconds: 60 }]);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post()).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});

describe('rateLimit stage with a streamed response', () => {
  it('charges usage from the stream’s last chunk and frees the concurrency slot when the stream ends', async () => {
    const limits = createLimits({
      rules: [{ scope: 'tenant', tokens: 1_000, concurrent: 1, windowSeconds: 60 }],
      keyPrefix: randomBytes(4).toString('hex'),
    });
    const charged: number[] = [];
    const forward = {
      name: 'forward',
      async run(ctx: RequestContext) {
        ctx.result = {
          kind: 'stream' as const,
          chunks: (async function* () {
            yield { choices: [{ index: 0, delta: { content: 'a' }, finish_reason: null }] };
            yield { choices: [], usage: { completion_tokens: 400 } };
          })(),
        };
        await Promise.resolve();
      },
    };
    const run = compose<RequestContext>([createRateLimit(limits), forward]);
    const ctx = () =>
      ({
        principal: { id: 'p', tenant: 'T', kind: 'service', roles: ['app'], clearance: 'internal' },
        request: { model: 'm', messages: [{ role: 'user', content: 'hello' }] },
      }) as unknown as RequestContext;
    const first = ctx();
    await run(first);
    // The stream is still open: the single concurrency slot is taken.
    await expect(run(ctx())).rejects.toMatchObject({ code: 'CONCURRENCY_LIMITED' });
    if (first.result?.kind !== 'stream') throw new Error('expected a stream');
    for await (const chunk of first.result.chunks) charged.push(chunk.choices.length);
    const second = ctx();
    await run(second); // slot freed
    if (second.result?.kind !== 'stream') throw new Error('expected a stream');
    for await (const _ of second.result.chunks) void _;
    // 2 × (prompt + 400) charged; a third request's prompt still fits, a fourth stream's usage won't matter.
    await expect(
      limits.admit({ tenant: 'T' }, 1_000 - 2 * (countPromptTokens(['hello']) + 400) + 1),
    ).rejects.toMatchObject({
      code: 'TOKEN_LIMITED',
    });
    expect(charged).toEqual([1, 0]);
  });
});
