import type { ReplicaBus, ReplicaBusStatus } from '../ports/replica-bus.js';

/** Several replicas in one process sharing one bus (tests); `setDown` simulates an outage. */
export interface MemoryReplicaHub {
  /** A bus handle for one replica. */
  connect(): ReplicaBus;
  setDown(down: boolean): void;
}

/** An in-process stand-in for Redis pub/sub and `SET NX PX`, delivering asynchronously like a network. */
export function createMemoryReplicaHub(now: () => number = Date.now): MemoryReplicaHub {
  const subscribers = new Set<(message: string) => void>();
  const listeners = new Set<(status: ReplicaBusStatus) => void>();
  const claims = new Map<string, number>();
  let down = false;
  const unavailable = () => Promise.reject(new Error('replica bus down'));

  return {
    setDown(value) {
      if (value === down) return;
      down = value;
      const status: ReplicaBusStatus = down ? { up: false, reason: 'replica bus down' } : { up: true };
      for (const l of listeners) l(status);
    },
    connect() {
      const mine = new Set<(message: string) => void>();
      const statusListeners = new Set<(status: ReplicaBusStatus) => void>();
      return {
        publish(message) {
          if (down) return unavailable();
          for (const deliver of subscribers) setImmediate(() => deliver(message));
          return Promise.resolve();
        },
        subscribe(onMessage) {
          // While the bus is down nothing is delivered (messages published then are lost, as in pub/sub).
          const deliver = (m: string) => {
            if (!down) onMessage(m);
          };
          mine.add(deliver);
          subscribers.add(deliver);
          return Promise.resolve();
        },
        claim(key, ttlMs) {
          if (down) return unavailable();
          const t = now();
          const until = claims.get(key);
          if (until !== undefined && until > t) return Promise.resolve(false);
          claims.set(key, t + ttlMs);
          if (claims.size > 10_000) for (const [k, u] of claims) if (u <= t) claims.delete(k);
          return Promise.resolve(true);
        },
        onStatus(listener) {
          statusListeners.add(listener);
          listeners.add(listener);
          listener(down ? { up: false, reason: 'replica bus down' } : { up: true });
        },
        close() {
          for (const d of mine) subscribers.delete(d);
          for (const l of statusListeners) listeners.delete(l);
          return Promise.resolve();
        },
      };
    },
  };
}
