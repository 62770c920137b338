import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { BulwarkError, type ErrorCode } from '../core/index.js';
import { createCounterStore, type CounterStoreOptions } from './counter-store.js';

export type { LimitAlert } from './counter-store.js';

/** Who a limit counts against. */
export type LimitScope = 'key' | 'user' | 'tenant' | 'ip';

/** One limit rule: per scope, any of requests / tokens per window and concurrent requests. */
export interface LimitRule {
  scope: LimitScope;
  windowSeconds: number;
  requests?: number;
  /** Prompt tokens (counted before forwarding) plus completion tokens (charged from usage). */
  tokens?: number;
  concurrent?: number;
  /** `throttle` delays a request up to `maxDelayMs` instead of refusing it. Default `reject`. */
  onExceed?: 'reject' | 'throttle';
  maxDelayMs?: number;
}

/** The values a request is counted under; a scope whose value is absent is not limited. */
export type LimitSubjects = Partial<Record<LimitScope, string>>;

export interface LimitsOptions extends CounterStoreOptions {
  rules: readonly LimitRule[];
  /** Namespaces the Redis keys (e.g. per deployment). */
  keyPrefix?: string;
  /** How long a concurrency slot survives a crashed holder before the counter expires. */
  concurrencyTtlSeconds?: number;
}

/** An admitted request: release its concurrency slot and charge its completion tokens when done. */
export interface Admission {
  charge(completionTokens: number): Promise<void>;
  release(): Promise<void>;
}

type Kind = 'requests' | 'tokens' | 'concurrent';
const CODES: Record<Kind, ErrorCode> = {
  requests: 'RATE_LIMITED',
  tokens: 'TOKEN_LIMITED',
  concurrent: 'CONCURRENCY_LIMITED',
};

interface Counter {
  rule: LimitRule;
  kind: Kind;
  limiter: RateLimiterAbstract;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The 429 headers: `Retry-After` plus OpenAI-style `x-ratelimit-*` for the counter that refused. */
function limitHeaders(counter: Counter, res: RateLimiterRes): Record<string, string> {
  const suffix = counter.kind === 'concurrent' ? 'requests' : counter.kind;
  const limit = counter.rule[counter.kind] ?? 0;
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return {
    'retry-after': String(seconds),
    [`x-ratelimit-limit-${suffix}`]: String(limit),
    [`x-ratelimit-remaining-${suffix}`]: String(Math.max(0, res.remainingPoints)),
    [`x-ratelimit-reset-${suffix}`]: `${seconds}s`,
  };
}

/**
 * Request, token and concurrency limits over rate-limiter-flexible (atomic Lua counters on Redis, so
 * the limit is global across replicas rather than multiplied by their number).
 */
export function createLimits(options: LimitsOptions) {
  const prefix = options.keyPrefix ?? 'bulwark:limits';
  const concurrencyTtl = options.concurrencyTtlSeconds ?? 600;
  const store = createCounterStore(options);
  const limiter = (name: string, points: number, duration: number): RateLimiterAbstract =>
    store.counter(`${prefix}:${name}`, points, duration);

  const counters: Counter[] = options.rules.flatMap((rule, i) => {
    const name = `${i}:${rule.scope}:${rule.windowSeconds}`;
    const out: Counter[] = [];
    if (rule.requests !== undefined)
      out.push({
        rule,
        kind: 'requests',
        limiter: limiter(`${name}:req`, rule.requests, rule.windowSeconds),
      });
    if (rule.tokens !== undefined)
      out.push({ rule, kind: 'tokens', limiter: limiter(`${name}:tok`, rule.tokens, rule.windowSeconds) });
    if (rule.concurrent !== undefined)
      out.push({
        rule,
        kind: 'concurrent',
        limiter: limiter(`${name}:conc`, rule.concurrent, concurrencyTtl),
      });
    return out;
  });

  function storeFailed(error: unknown): never {
    store.alert(error);
    throw new BulwarkError('LIMITS_UNAVAILABLE', { cause: error });
  }

  async function consumeOne(counter: Counter, key: string, points: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await counter.limiter.consume(key, points);
        return;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) storeFailed(rejection);
        // rate-limiter-flexible counts refused attempts too; undo that so a refusal costs nothing
        // (otherwise a freed concurrency slot or an oversized prompt would keep the counter full).
        await refund(counter, key, points);
        // A single prompt larger than the whole token window can never pass: refuse, do not wait.
        const fits = points <= (counter.rule[counter.kind] ?? 0);
        const wait = rejection.msBeforeNext;
        if (
          counter.rule.onExceed === 'throttle' &&
          counter.kind !== 'concurrent' &&
          fits &&
          attempt < 3 &&
          wait <= (counter.rule.maxDelayMs ?? 0)
        ) {
          // The wait carries us into a fresh window.
          await sleep(wait + 5);
          continue;
        }
        throw new BulwarkError(CODES[counter.kind], { headers: limitHeaders(counter, rejection) });
      }
    }
  }

  /** Undoes a consumption after a later counter refused (best effort: a failure only over-counts). */
  async function refund(counter: Counter, key: string, points: number): Promise<void> {
    await counter.limiter.reward(key, points).catch(() => undefined);
  }

  return {
    /**
     * Counts one request with `promptTokens` against every rule whose subject is present. Throws
     * RATE_LIMITED, TOKEN_LIMITED or CONCURRENCY_LIMITED (429 with Retry-After) or LIMITS_UNAVAILABLE.
     */
    async admit(subjects: LimitSubjects, promptTokens: number): Promise<Admission> {
      const taken: { counter: Counter; key: string; points: number }[] = [];
      try {
        for (const counter of counters) {
          const key = subjects[counter.rule.scope];
          if (key === undefined) continue;
          const points = counter.kind === 'tokens' ? promptTokens : 1;
          if (points <= 0) continue;
          await consumeOne(counter, key, points);
          taken.push({ counter, key, points });
        }
      } catch (error) {
        await Promise.all(taken.map((t) => refund(t.counter, t.key, t.points)));
        throw error;
      }
      let released = false;
      return {
        async charge(completionTokens) {
          if (!(completionTokens > 0)) return;
          await Promise.all(
            counters
              .filter((c) => c.kind === 'tokens' && subjects[c.rule.scope] !== undefined)
              // penalty never refuses: the next request pays for this one's completion.
              .map((c) =>
                c.limiter.penalty(subjects[c.rule.scope]!, completionTokens).catch(() => undefined),
              ),
          );
        },
        async release() {
          if (released) return;
          released = true;
          await Promise.all(
            taken.filter((t) => t.counter.kind === 'concurrent').map((t) => refund(t.counter, t.key, 1)),
          );
        },
      };
    },
  };
}
export type Limits = ReturnType<typeof createLimits>;
