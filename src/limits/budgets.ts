import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { BulwarkError } from '../core/index.js';
import { createCounterStore, type CounterStoreOptions } from './counter-store.js';
import type { LimitScope, LimitSubjects } from './limits.js';

/** Price per million tokens, in the budget's currency. */
export interface ModelPrice {
  prompt: number;
  completion: number;
}

/** A spending cap per scope for the calendar day and/or month (UTC). */
export interface BudgetRule {
  scope: LimitScope;
  daily?: number;
  monthly?: number;
}

export interface BudgetsOptions extends CounterStoreOptions {
  rules: readonly BudgetRule[];
  /** Model alias → price; `*` applies to models not listed. A model without a price costs nothing. */
  prices: Readonly<Record<string, ModelPrice>>;
  keyPrefix?: string;
  now?: () => number;
}

// Counters hold micro-units of currency so that sub-cent prices stay integral.
const MICRO = 1_000_000;

type Period = 'daily' | 'monthly';

function periodOf(period: Period, at: number): { label: string; secondsLeft: number } {
  const d = new Date(at);
  const end =
    period === 'daily'
      ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)
      : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  const label = d.toISOString().slice(0, period === 'daily' ? 10 : 7);
  return { label, secondsLeft: Math.max(1, Math.ceil((end - at) / 1000)) };
}

/**
 * Daily and monthly currency budgets from the config's price table. A request is refused (429
 * BUDGET_EXCEEDED, Retry-After = until the period ends) once the period's spend reached the cap;
 * costs are charged after the upstream reports usage, so one request may overshoot by its own cost.
 */
export function createBudgets(options: BudgetsOptions) {
  const prefix = options.keyPrefix ?? 'bulwark:budget';
  const now = options.now ?? Date.now;
  const counters = createCounterStore(options);
  // Counters live for two periods at most: each calendar period gets its own key.
  const store = (period: Period): RateLimiterAbstract =>
    counters.counter(
      `${prefix}:${period}`,
      Number.MAX_SAFE_INTEGER,
      period === 'daily' ? 2 * 86_400 : 62 * 86_400,
    );
  const stores: Record<Period, RateLimiterAbstract> = { daily: store('daily'), monthly: store('monthly') };

  const caps = (subjects: LimitSubjects) =>
    options.rules.flatMap((rule, i) => {
      const subject = subjects[rule.scope];
      if (subject === undefined) return [];
      return (['daily', 'monthly'] as const)
        .filter((p) => rule[p] !== undefined)
        .map((p) => {
          const { label, secondsLeft } = periodOf(p, now());
          return {
            period: p,
            key: `${i}:${rule.scope}:${subject}:${label}`,
            cap: rule[p]! * MICRO,
            secondsLeft,
          };
        });
    });

  const price = (model: string): ModelPrice | undefined => options.prices[model] ?? options.prices['*'];

  return {
    /** Throws BUDGET_EXCEEDED when any applicable budget is spent (LIMITS_UNAVAILABLE if the store fails). */
    async check(subjects: LimitSubjects): Promise<void> {
      for (const c of caps(subjects)) {
        let spent: number;
        try {
          spent = (await stores[c.period].get(c.key))?.consumedPoints ?? 0;
        } catch (error) {
          counters.alert(error);
          throw new BulwarkError('LIMITS_UNAVAILABLE', { cause: error });
        }
        if (spent >= c.cap)
          throw new BulwarkError('BUDGET_EXCEEDED', {
            headers: {
              'retry-after': String(c.secondsLeft),
              'x-ratelimit-reset-budget': `${c.secondsLeft}s`,
            },
            details: { period: c.period },
          });
      }
    },
    /** The cost of a call at the model's price, in currency units. */
    cost(model: string, promptTokens: number, completionTokens: number): number {
      const p = price(model);
      if (!p) return 0;
      return (promptTokens * p.prompt + completionTokens * p.completion) / 1_000_000;
    },
    /** Adds a finished call's cost to every applicable budget. */
    async charge(subjects: LimitSubjects, amount: number): Promise<void> {
      const micro = Math.round(amount * MICRO);
      if (!(micro > 0)) return;
      await Promise.all(
        caps(subjects).map((c) => stores[c.period].penalty(c.key, micro).catch(() => undefined)),
      );
    },
  };
}
export type Budgets = ReturnType<typeof createBudgets>;
