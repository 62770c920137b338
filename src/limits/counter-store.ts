import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Something went wrong with the shared store (the gateway raises an alert). */
export interface LimitAlert {
  kind: 'store-unavailable';
  fallback: 'fail-closed' | 'local';
  message: string;
}

export interface CounterStoreOptions {
  /** An ioredis client: N gateways on one Redis share one counter. Absent = this process only. */
  redis?: unknown;
  /** Redis unreachable: refuse (default) or count locally per process; an alert is raised either way. */
  onStoreError?: 'fail-closed' | 'local';
  onAlert?: (alert: LimitAlert) => void;
}

/** Alerts at most this often per store while it stays down (the alert store dedupes the incident). */
const ALERT_EVERY_MS = 30_000;

/** Builds counters over one Redis (or memory) with the store-error policy and its alert applied. */
export function createCounterStore(options: CounterStoreOptions) {
  const onStoreError = options.onStoreError ?? 'fail-closed';
  let lastAlert = -Infinity;
  const alert = (error: unknown): void => {
    if (Date.now() - lastAlert < ALERT_EVERY_MS) return;
    lastAlert = Date.now();
    options.onAlert?.({
      kind: 'store-unavailable',
      fallback: onStoreError,
      message: error instanceof Error ? error.message : 'limit store failed',
    });
  };

  return {
    onStoreError,
    /** Called by fail-closed callers when the store threw. */
    alert,
    counter(keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
      if (options.redis === undefined) return new RateLimiterMemory({ keyPrefix, points, duration });
      return new RateLimiterRedis({
        storeClient: options.redis,
        keyPrefix,
        points,
        duration,
        // Without this ioredis queues commands while disconnected and requests hang instead of failing.
        rejectIfRedisNotReady: true,
        ...(onStoreError === 'local'
          ? { insuranceLimiter: new AlertingMemory({ keyPrefix, points, duration }, alert) }
          : {}),
      });
    },
  };
}

/**
 * rate-limiter-flexible falls back to its insurance limiter silently; every use of this one means the
 * shared store just failed, so it raises the alert before counting locally.
 */
class AlertingMemory extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly notify: (error: unknown) => void,
  ) {
    super(options);
  }
  override consume(...args: Parameters<RateLimiterMemory['consume']>) {
    this.notify(new Error('limits store unavailable; counting in this process'));
    return super.consume(...args);
  }
  override get(...args: Parameters<RateLimiterMemory['get']>) {
    this.notify(new Error('limits store unavailable; counting in this process'));
    return super.get(...args);
  }
}
