import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyService, createApiKeyVerifier } from '../../src/auth/index.js';
import { openRuntime } from '../../src/gateway/runtime.js';
import { startGateway } from '../../src/gateway/server.js';
import { identityStages } from '../../src/gateway/stages/authenticate-pipeline.js';
import { createBudgets, createLimits, type LimitAlert, type LimitRule } from '../../src/limits/index.js';
import { openMemoryStorage } from '../../src/storage/index.js';
import { startFakeUpstream, type FakeUpstream } from '../../src/testing/fake-upstream.js';
import { createTestGateway, type TestGateway } from '../../src/testing/gateway-harness.js';
import { createTestScanner } from '../../src/testing/test-recognizers.js';
import { startGatewayProcess } from './helpers/gateway-process.js';

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

/** `token` '' sends no key (an anonymous gateway would refuse a key it cannot verify). */
async function hammer(urls: string[], token: string, total: number): Promise<number[]> {
  const statuses: number[] = [];
  const batch = 25;
  for (let i = 0; i < total; i += batch) {
    const round = Array.from({ length: Math.min(batch, total - i) }, (_, j) =>
      fetch(`${urls[(i + j) % urls.length]}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
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
const processes: (() => void)[] = [];
afterAll(async () => {
  for (const stop of processes) stop();
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

  it('two `bulwark start` processes on one Redis admit one global limit (within 1%)', async () => {
    const limit = 100;
    const prefix = 'bulwark-test-proc-' + randomBytes(4).toString('hex');
    const yaml = `upstreams:\n  main: { kind: openai-compatible, baseUrl: '${upstream.url}', allowPrivateNetwork: true }\nmodels:\n  m: { upstream: main }\nauth: { mode: anonymous }\npolicy: { canary: false }\nlimits:\n  backend: redis\n  redisUrl: '${REDIS_URL}'\n  keyPrefix: ${prefix}\n  rules:\n    - { scope: ip, requests: ${limit}, windowSeconds: 120 }\n`;
    const urls: string[] = [];
    for (let i = 0; i < 2; i++) {
      // Each replica has its own data directory; only Redis is shared.
      const dir = mkdtempSync(join(tmpdir(), `bulwark-replica-${i}-`));
      writeFileSync(join(dir, 'bulwark.yaml'), yaml);
      const proc = await startGatewayProcess(dir, join(dir, 'bulwark.yaml'), join(dir, 'data'));
      processes.push(() => {
        proc.child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      });
      urls.push(proc.url);
    }
    const statuses = await hammer(urls, '', 2 * limit + 50);
    const admitted = statuses.filter((s) => s === 200).length;
    console.log(`2 processes: admitted ${admitted} of ${statuses.length} against a global limit of ${limit}`);
    expect(Math.abs(admitted - limit)).toBeLessThanOrEqual(limit * 0.01);
    expect([...new Set(statuses.filter((s) => s !== 200))]).toEqual([429]);
  }, 90_000);
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

  it('falls back to local limits where the policy says so, and raises an alert (once, not per request)', async () => {
    const alerts: LimitAlert[] = [];
    const limits = createLimits({
      rules,
      redis: dead(),
      onStoreError: 'local',
      onAlert: (a) => alerts.push(a),
    });
    for (let i = 0; i < 5; i++) await limits.admit({ key: 'k' }, 1);
    await expect(limits.admit({ key: 'k' }, 1)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(alerts).toEqual([expect.objectContaining({ kind: 'store-unavailable', fallback: 'local' })]);
  });

  it('applies the same policy to budgets: local fallback with an alert, or fail closed with one', async () => {
    const alerts: LimitAlert[] = [];
    const budgetRules = [{ scope: 'key' as const, daily: 1 }];
    const prices = { '*': { prompt: 1_000_000, completion: 0 } };
    const local = createBudgets({
      rules: budgetRules,
      prices,
      redis: dead(),
      onStoreError: 'local',
      onAlert: (a) => alerts.push(a),
    });
    await local.check({ key: 'k' });
    await local.charge({ key: 'k' }, 2);
    await expect(local.check({ key: 'k' })).rejects.toMatchObject({ code: 'BUDGET_EXCEEDED' });
    const closed = createBudgets({
      rules: budgetRules,
      prices,
      redis: dead(),
      onAlert: (a) => alerts.push(a),
    });
    await expect(closed.check({ key: 'k' })).rejects.toMatchObject({ code: 'LIMITS_UNAVAILABLE' });
    expect(alerts.map((a) => a.fallback)).toEqual(['local', 'fail-closed']);
  });

  it('a running gateway stores the outage as an alert and keeps serving on local limits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-limits-alert-'));
    try {
      const file = join(dir, 'bulwark.yaml');
      writeFileSync(
        file,
        `upstreams:\n  main: { kind: openai-compatible, baseUrl: '${upstream.url}', allowPrivateNetwork: true }\nmodels:\n  m: { upstream: main }\nauth: { mode: anonymous }\nlimits:\n  backend: redis\n  redisUrl: 'redis://127.0.0.1:1'\n  onStoreError: local\n  rules:\n    - { scope: ip, requests: 3, windowSeconds: 60 }\n`,
      );
      const gw = await startGateway({
        configFile: file,
        port: 0,
        dataDir: join(dir, 'data'),
        logger: false,
        scanner: createTestScanner(),
      });
      const send = () =>
        fetch(`${gw.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
        }).then((r) => r.status);
      expect([await send(), await send(), await send(), await send()]).toEqual([200, 200, 200, 429]);
      await gw.close();
      const runtime = await openRuntime({ dataDir: join(dir, 'data'), env: {} });
      try {
        const alerts = await runtime.storage.alerts.list();
        expect(alerts).toEqual([
          expect.objectContaining({ detector: 'limits.store', subjectKind: 'service', severity: 'medium' }),
        ]);
      } finally {
        await runtime.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
