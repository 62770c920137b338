import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyService, createApiKeyVerifier } from '../../src/auth/index.js';
import { identityStages } from '../../src/gateway/stages/authenticate-pipeline.js';
import { createLimits, type LimitAlert, type LimitRule } from '../../src/limits/index.js';
import { openMemoryStorage } from '../../src/storage/index.js';
import { startFakeUpstream, type FakeUpstream } from '../../src/testing/fake-upstream.js';
import { createTestGateway, type TestGateway } from '../../src/testing/gateway-harness.js';

const REDIS_URL = process.env.BULWARK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisProblem(): Promise<string | undefined> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1500 });
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    probe.disconnect();
  }
}

const problem = await redisProblem();
if (problem !== undefined) {
  if (process.env.CI === 'true') throw new Error(`Redis is required under CI=true: ${problem}`);
  console.warn(`\n  ⚠ Redis at ${REDIS_URL} unreachable (${problem}): Redis limit tests SKIPPED\n`);
}

const pepper = randomBytes(32);
const storage = openMemoryStorage();
const clients: Redis[] = [];
const gateways: TestGateway[] = [];
let upstream: FakeUpstream;

/** One gateway "replica": its own Redis connection and its own limiter objects. */
async function replica(rules: LimitRule[], keyPrefix: string, redis?: Redis): Promise<string> {
  const limits = createLimits({ rules, keyPrefix, ...(redis ? { redis } : {}) });
  const verifier = createApiKeyVerifier({ store: storage.apiKeys, pepper });
  const gateway = await createTestGateway({
    upstreams: { main: { url: upstream.url } },
    stages: identityStages({ verifier, mode: 'required', limits }),
  });
  gateways.push(gateway);
  return gateway.listen();
}

/** Connected before use: a limiter refuses (fails closed) while its client is not ready. */
async function connect(): Promise<Redis> {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  clients.push(client);
  await client.connect();
  return client;
}

async function hammer(urls: string[], token: string, total: number): Promise<number[]> {
  const statuses: number[] = [];
  const batch = 25;
  for (let i = 0; i < total; i += batch) {
    const round = Array.from({ length: Math.min(batch, total - i) }, (_, j) =>
      fetch(`${urls[(i + j) % urls.length]}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
      }).then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      }),
    );
    statuses.push(...(await Promise.all(round)));
  }
  return statuses;
}

beforeAll(async () => {
  upstream = await startFakeUpstream('openai', () => ({ content: 'ok' }));
});
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  for (const c of clients) c.disconnect();
  await upstream.close();
});

const keys = createApiKeyService(storage.apiKeys, pepper);
const newKey = async () =>
  (
    await keys.create({
      name: 'load',
      tenant: 't-' + randomBytes(3).toString('hex'),
      role: 'app',
      clearance: 'internal',
    })
  ).token;

describe.skipIf(problem !== undefined)('limits on Redis across replicas', () => {
  it('two gateways with separate limiters on one Redis admit one global limit (within 1%)', async () => {
    const limit = 150;
    const prefix = 'bulwark-test:' + randomBytes(4).toString('hex');
    const rules: LimitRule[] = [{ scope: 'tenant', requests: limit, windowSeconds: 120 }];
    const urls = [
      await replica(rules, prefix, await connect()),
      await replica(rules, prefix, await connect()),
    ];
    const statuses = await hammer(urls, await newKey(), 2 * limit + 50);
    const admitted = statuses.filter((s) => s === 200).length;
    console.log(`Redis: admitted ${admitted} of ${statuses.length} against a global limit of ${limit}`);
    expect(Math.abs(admitted - limit)).toBeLessThanOrEqual(limit * 0.01);
    expect([...new Set(statuses.filter((s) => s !== 200))]).toEqual([429]);

    // The contrast: per-process memory counters let the effective limit grow with the replicas.
    const local = [await replica(rules, prefix + 'm'), await replica(rules, prefix + 'm')];
    const localAdmitted = (await hammer(local, await newKey(), 2 * limit + 50)).filter(
      (s) => s === 200,
    ).length;
    console.log(`memory: admitted ${localAdmitted} across two replicas against a limit of ${limit}`);
    expect(localAdmitted).toBe(2 * limit);
  }, 60_000);
});

describe('Redis unreachable', () => {
  const rules: LimitRule[] = [{ scope: 'key', requests: 5, windowSeconds: 60 }];
  const dead = () => {
    // Port 1 on loopback: nothing listens, so the client never becomes ready.
    const client = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, maxRetriesPerRequest: 0 });
    clients.push(client);
    return client;
  };

  it('fails closed by default and raises an alert', async () => {
    const alerts: LimitAlert[] = [];
    const limits = createLimits({ rules, redis: dead(), onAlert: (a) => alerts.push(a) });
    await expect(limits.admit({ key: 'k' }, 1)).rejects.toMatchObject({
      code: 'LIMITS_UNAVAILABLE',
      status: 503,
    });
    expect(alerts).toEqual([expect.objectContaining({ kind: 'store-unavailable', fallback: 'fail-closed' })]);
  });

  it('falls back to local limits where the policy says so', async () => {
    const limits = createLimits({ rules, redis: dead(), onStoreError: 'local' });
    for (let i = 0; i < 5; i++) await limits.admit({ key: 'k' }, 1);
    await expect(limits.admit({ key: 'k' }, 1)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});
