import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Makes the counters that slow guessing per source address (failed logins, setup tokens, API keys):
 * `name` keeps each budget apart, `points` failures per `durationSeconds`.
 */
export type FailureCounters = (name: string, points: number, durationSeconds: number) => RateLimiterAbstract;

/** This process only: with several replicas an address gets each replica's budget. */
export const memoryFailureCounters: FailureCounters = (name, points, duration) =>
  new RateLimiterMemory({ keyPrefix: name, points, duration });

/**
 * Over one Redis (an ioredis client), so every replica draws on the same budget. If Redis is down
 * the count goes on in this process: an outage must not lock everyone out of the console, and the
 * limits store's own alert already reports it.
 */
export function redisFailureCounters(redis: unknown, prefix: string): FailureCounters {
  return (name, points, duration) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:${name}`,
      points,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }),
    });
}
