import { Redis } from 'ioredis';
import type { ReplicaBus, ReplicaBusStatus } from '../ports/replica-bus.js';

export interface RedisReplicaBusOptions {
  url: string;
  /** Namespaces the channel and the claim keys, so deployments sharing one Redis stay apart. */
  prefix: string;
  /** What the bus carries: the channel is `<prefix>:<topic>:events`, claims `<prefix>:<topic>:claim:<key>`. */
  topic: string;
  connectTimeoutMs?: number;
}

/**
 * A replica bus on Redis: PUBLISH/SUBSCRIBE on one channel and `SET key 1 PX ttl NX` for claims.
 * Two connections (a subscribed connection can run nothing else). Neither queues commands while
 * disconnected, so a publish or claim fails at once instead of hanging a caller; ioredis keeps
 * reconnecting, and the channel is subscribed again each time the subscriber becomes ready.
 * Resolves once both connections were tried (and the channel subscribed); an unreachable Redis is
 * not an error here but a `down` status, and the bus comes up by itself when Redis does.
 */
export async function openRedisReplicaBus(options: RedisReplicaBusOptions): Promise<ReplicaBus> {
  const base = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: options.connectTimeoutMs ?? 2000,
  };
  const commands = new Redis(options.url, base);
  const subscriber = new Redis(options.url, { ...base, autoResubscribe: false });
  const channel = `${options.prefix}:${options.topic}:events`;
  const claimPrefix = `${options.prefix}:${options.topic}:claim:`;
  const handlers = new Set<(message: string) => void>();
  const listeners = new Set<(status: ReplicaBusStatus) => void>();
  let up = false;
  let subscribed = false;
  let reason = 'not connected yet';
  let closed = false;

  const report = () => {
    const now = commands.status === 'ready' && subscribed;
    if (now === up || closed) return;
    up = now;
    const status: ReplicaBusStatus = up ? { up } : { up, reason };
    for (const l of listeners) l(status);
  };
  for (const client of [commands, subscriber]) {
    // Without a listener ioredis would throw connection errors as unhandled 'error' events.
    client.on('error', (error: Error) => {
      reason = `redis: ${error.message}`;
    });
    client.on('close', () => {
      if (client === subscriber) subscribed = false;
      report();
    });
  }
  commands.on('ready', report);
  let subscribing: Promise<void> | undefined;
  subscriber.on('ready', () => {
    subscribing = subscriber
      .subscribe(channel)
      .then(() => {
        subscribed = true;
        report();
      })
      .catch((error: unknown) => {
        reason = `redis subscribe: ${error instanceof Error ? error.message : String(error)}`;
      });
  });
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    for (const h of handlers) h(message);
  });
  await Promise.allSettled([commands.connect(), subscriber.connect()]);
  await subscribing;

  return {
    async publish(message) {
      await commands.publish(channel, message);
    },
    subscribe(onMessage) {
      handlers.add(onMessage);
      return Promise.resolve();
    },
    async claim(key, ttlMs) {
      return (
        (await commands.set(claimPrefix + key, '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK'
      );
    },
    onStatus(listener) {
      listeners.add(listener);
      listener(up ? { up } : { up, reason });
    },
    async close() {
      closed = true;
      handlers.clear();
      listeners.clear();
      await Promise.all(
        [commands, subscriber].map((c) =>
          c.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c.disconnect(),
        ),
      );
    },
  };
}
