import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { redisProblem, TEST_REDIS_URL } from '../contract/redis.js';
import type { ReplicaBus, ReplicaBusStatus } from '../ports/replica-bus.js';
import { openRedisReplicaBus } from './redis-replica-bus.js';

const problem = await redisProblem('Redis replica bus tests');
const target = new URL(TEST_REDIS_URL);
const opened: ReplicaBus[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.close()));
});

async function open(prefix: string, url = TEST_REDIS_URL): Promise<ReplicaBus> {
  const bus = await openRedisReplicaBus({ url, prefix, topic: 'monitor', connectTimeoutMs: 500 });
  opened.push(bus);
  return bus;
}

function collect(bus: ReplicaBus): string[] {
  const got: string[] = [];
  void bus.subscribe((m) => got.push(m));
  return got;
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A TCP relay in front of Redis that the test can cut and restore: a Redis outage without touching Redis. */
async function relay(): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  const listen = () =>
    new Promise<void>((ok) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 6379), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => undefined);
          s.on('close', () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        ok();
      });
    });
  await listen();
  return {
    url: `redis://127.0.0.1:${port}`,
    cut: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
    restore: listen,
  };
}

describe.skipIf(problem !== undefined)('Redis replica bus', () => {
  it('delivers every message to every replica on the prefix, the sender included', async () => {
    const prefix = 'bulwark-test-bus-' + randomBytes(4).toString('hex');
    const [a, b, other] = [await open(prefix), await open(prefix), await open(prefix + '-other')];
    const [gotA, gotB, gotOther] = [collect(a), collect(b), collect(other)];
    await a.publish('one');
    await b.publish('two');
    await until(() => gotA.length === 2 && gotB.length === 2);
    expect(gotA).toEqual(['one', 'two']);
    expect(gotB).toEqual(['one', 'two']);
    expect(gotOther).toEqual([]);
  });

  it('grants a claim to exactly one replica until it expires', async () => {
    const prefix = 'bulwark-test-bus-' + randomBytes(4).toString('hex');
    const buses = [await open(prefix), await open(prefix), await open(prefix)];
    const first = await Promise.all(buses.map((b) => b.claim('injection-repeat:principal:p1', 300)));
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(await buses[0]!.claim('injection-repeat:principal:p2', 300)).toBe(true);
    await new Promise((r) => setTimeout(r, 350));
    expect(await buses[1]!.claim('injection-repeat:principal:p1', 300)).toBe(true);
  });

  it('fails fast while Redis is unreachable and reports the bus down', async () => {
    const bus = await open('bulwark-test-bus', 'redis://127.0.0.1:1');
    const statuses: ReplicaBusStatus[] = [];
    bus.onStatus((s) => statuses.push(s));
    expect(statuses).toEqual([{ up: false, reason: expect.stringMatching(/ECONNREFUSED/) as string }]);
    const started = Date.now();
    await expect(bus.publish('x')).rejects.toThrow();
    await expect(bus.claim('k', 1000)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('comes back by itself when Redis does: down, then up, then messages flow again', async () => {
    const prefix = 'bulwark-test-bus-' + randomBytes(4).toString('hex');
    const link = await relay();
    const far = await open(prefix, link.url);
    const near = await open(prefix);
    const statuses: boolean[] = [];
    far.onStatus((s) => statuses.push(s.up));
    const got = collect(far);
    await near.publish('before');
    await until(() => got.length === 1);

    await link.cut();
    await until(() => statuses.at(-1) === false);
    await expect(far.publish('lost')).rejects.toThrow();
    await near.publish('missed while down');

    await link.restore();
    await until(() => statuses.at(-1) === true, 10_000);
    await near.publish('after');
    await until(() => got.includes('after'));
    expect(got).toEqual(['before', 'after']);
    expect(statuses).toEqual([true, false, true]);
    await link.cut();
  }, 20_000);
});
