import { randomUUID } from 'node:crypto';
import type { ReplicaBus, ReplicaBusStatus } from '../storage/index.js';
import { decodeBatch, encodeBatch } from './event-codec.js';
import type { Monitor, MonitorVerdict } from './monitor.js';
import type { MonitorEvent, Signal } from './types.js';

export interface SharedEventsOptions {
  monitor: Monitor;
  bus: ReplicaBus;
  /** Default: a fresh random id per process. */
  replicaId?: string;
  /** Events waiting to be published; past it the oldest are dropped (and counted). */
  maxQueue?: number;
  /** Events per published message. */
  batchSize?: number;
  /** A peer's event stamped further than this from the local clock is re-stamped with local time. */
  maxSkewSeconds?: number;
  /** Copies of one signal raised by several replicas within this window are acted on once. */
  claimSeconds?: number;
  /** Signals that peers' events raised here (the caller acts on them after `claim`, like its own). */
  onPeerVerdicts: (event: MonitorEvent, verdicts: readonly MonitorVerdict[]) => void;
  /** The shared channel went down (detection continues on this replica's own traffic) or came back. */
  onStatus?: (status: ReplicaBusStatus) => void;
  now?: () => number;
}

export interface SharedEventsStats {
  up: boolean;
  published: number;
  received: number;
  /** Events not published: the bus was down, or the queue overflowed. */
  dropped: number;
  /** Peer messages that failed validation. */
  rejected: number;
  /** Peer events re-stamped because their clock was off by more than `maxSkewSeconds`. */
  skewed: number;
}

/** A monitor that sees the whole deployment's traffic: its own requests plus every peer's. */
export interface SharedEvents {
  readonly replicaId: string;
  /** A request served here: detects synchronously, then queues the event for the peers. */
  observe(event: MonitorEvent): MonitorVerdict[];
  /** True when this replica should carry out the signal's actions: the first of the replicas to ask. */
  claim(signal: Signal): Promise<boolean>;
  /** Resolves once everything queued so far has been handed to the bus. */
  flush(): Promise<void>;
  stats(): SharedEventsStats;
  /** Flushes and stops applying peers' events (the bus itself belongs to the caller). */
  close(): Promise<void>;
}

/**
 * Shared detection across gateway replicas. Each replica publishes its `MonitorEvent`s (counts,
 * identifiers, labels and a MinHash sketch: `event-codec.ts`) in batches and applies every peer's
 * events to its own detectors, so each replica's detectors see a principal's whole traffic and
 * throttles apply on every replica; actions on a signal (alert, suspend, audit) are taken by the one
 * replica that wins the `claim` for it. Chosen over keeping detector state in Redis, which would put
 * a round trip (and a failure mode) into every request and every detector; the cost here is that
 * each replica runs the detectors on the whole deployment's traffic (~20 µs per event).
 * `observe` stays synchronous; publishing happens after it, off the request. When the bus is down,
 * events are dropped (not queued: peers are cut off from the same Redis) and each replica detects on
 * its own traffic until the bus is back; claims then succeed locally so nothing goes unactioned.
 */
export function createSharedEvents(options: SharedEventsOptions): SharedEvents {
  const { monitor, bus } = options;
  const replicaId = options.replicaId ?? randomUUID();
  const maxQueue = options.maxQueue ?? 5000;
  const batchSize = options.batchSize ?? 200;
  const maxSkewMs = (options.maxSkewSeconds ?? 30) * 1000;
  const claimMs = (options.claimSeconds ?? 60) * 1000;
  const now = options.now ?? Date.now;
  const stats: SharedEventsStats = {
    up: false,
    published: 0,
    received: 0,
    dropped: 0,
    rejected: 0,
    skewed: 0,
  };
  let queue: MonitorEvent[] = [];
  let sending: Promise<void> | undefined;
  let scheduled = false;
  let closed = false;

  let known = false;
  const setUp = (status: ReplicaBusStatus): void => {
    // The first report always goes out: a bus that is down from the start is an outage too.
    if (known && status.up === stats.up) return;
    known = true;
    stats.up = status.up;
    options.onStatus?.(status);
  };
  const failed = (error: unknown): void =>
    setUp({ up: false, reason: error instanceof Error ? error.message : 'replica bus failed' });

  const drain = (): Promise<void> => {
    sending ??= (async () => {
      while (queue.length > 0) {
        const batch = queue.length <= batchSize ? queue : queue.slice(0, batchSize);
        queue = queue.length <= batchSize ? [] : queue.slice(batchSize);
        try {
          await bus.publish(encodeBatch(replicaId, batch));
          stats.published += batch.length;
          setUp({ up: true });
        } catch (error) {
          stats.dropped += batch.length;
          failed(error);
        }
      }
    })().finally(() => {
      sending = undefined;
      // An event queued between the loop's last check and here would otherwise wait for the next one.
      if (queue.length > 0) schedule();
    });
    return sending;
  };
  function schedule(): void {
    if (scheduled || sending !== undefined) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void drain();
    });
  }
  const flush = async (): Promise<void> => {
    while (queue.length > 0 || sending !== undefined) await drain();
  };

  const apply = (message: string): void => {
    if (closed) return;
    const batch = decodeBatch(message);
    if (batch === undefined) {
      stats.rejected++;
      return;
    }
    // Our own batches come back on the channel; their events were observed when they were served.
    if (batch.replica === replicaId) return;
    const t = now();
    for (const received of batch.events) {
      let event = received;
      if (Math.abs(event.at - t) > maxSkewMs) {
        event = { ...event, at: t };
        stats.skewed++;
      }
      stats.received++;
      // Peers' events go to the detectors only: they are never queued, so nothing is re-published.
      const verdicts = monitor.observe(event);
      if (verdicts.length === 0) continue;
      try {
        options.onPeerVerdicts(event, verdicts);
      } catch {
        // A failing handler must not stop the rest of the batch from reaching the detectors.
      }
    }
  };

  bus.onStatus(setUp);
  bus.subscribe(apply).catch(failed);

  return {
    replicaId,
    observe(event) {
      const verdicts = monitor.observe(event);
      if (closed) return verdicts;
      if (queue.length >= maxQueue) {
        queue.shift();
        stats.dropped++;
      }
      queue.push(event);
      schedule();
      return verdicts;
    },
    async claim(signal) {
      if (!stats.up) return true;
      try {
        return await bus.claim(`${signal.detector}:${signal.subject.kind}:${signal.subject.id}`, claimMs);
      } catch (error) {
        failed(error);
        return true;
      }
    },
    flush,
    stats: () => ({ ...stats }),
    async close() {
      await flush();
      closed = true;
    },
  };
}
