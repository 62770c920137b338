import { describe, expect, it } from 'vitest';
import { createBudgets } from './budgets.js';

describe('budgets', () => {
  it('prices calls from the table and refuses once the day’s cap is spent, until the next UTC day', async () => {
    let clock = Date.parse('2026-11-23T22:00:00Z');
    const budgets = createBudgets({
      rules: [{ scope: 'tenant', daily: 0.003, monthly: 0.005 }],
      prices: { m: { prompt: 1, completion: 2 }, '*': { prompt: 10, completion: 10 } },
      keyPrefix: 'b' + Math.random().toString(36).slice(2),
      now: () => clock,
    });
    expect(budgets.cost('m', 1_000, 500)).toBeCloseTo(0.002, 10);
    expect(budgets.cost('other', 1_000, 0)).toBeCloseTo(0.01, 10);
    const t = { tenant: 'acme' };
    await budgets.check(t);
    await budgets.charge(t, 0.002);
    await budgets.check(t); // 0.002 < 0.003
    await budgets.charge(t, 0.002);
    const refusal = await budgets.check(t).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: 'BUDGET_EXCEEDED', details: { period: 'daily' } });
    expect(Number((refusal as { headers: Record<string, string> }).headers['retry-after'])).toBe(2 * 3600);
    await budgets.check({ tenant: 'other' }); // budgets are per subject
    clock += 3 * 3600_000; // next UTC day: the daily budget resets, the month's 0.004 of 0.005 remains
    await budgets.check(t);
    await budgets.charge(t, 0.002);
    await expect(budgets.check(t)).rejects.toMatchObject({
      code: 'BUDGET_EXCEEDED',
      details: { period: 'monthly' },
    });
  });
});
