import { describe, expect, it } from 'vitest';
import { createRateLimiter, pool } from './rate-limit.js';

describe('createRateLimiter', () => {
  it('spaces starts at 1/rate seconds', async () => {
    const acquire = createRateLimiter(50);
    const started = Date.now();
    for (let i = 0; i < 6; i++) await acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90); // 5 gaps of 20 ms
  });

  it('is a no-op without a rate', async () => {
    const acquire = createRateLimiter(undefined);
    const started = Date.now();
    for (let i = 0; i < 100; i++) await acquire();
    expect(Date.now() - started).toBeLessThan(50);
  });
});

describe('pool', () => {
  it('never runs more than the concurrency at once and runs everything', async () => {
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    await pool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      done.push(n);
      active--;
    });
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
