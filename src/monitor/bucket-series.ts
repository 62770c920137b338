import { newBaseline, updateBaseline, type Baseline } from './baseline.js';

/**
 * A per-subject quantity summed over fixed time buckets, with a robust baseline of past buckets.
 * Empty buckets count as zeros (folded in closed form, so long idle gaps cost nothing).
 */
export class BucketSeries {
  private start = -1;
  current = 0;
  readonly baseline: Baseline = newBaseline();

  constructor(
    private readonly bucketMs: number,
    private readonly alpha: number,
  ) {}

  /** Adds `amount` at time `at` and returns the running total of the current bucket. */
  add(at: number, amount: number): number {
    const bucket = Math.floor(at / this.bucketMs);
    if (this.start < 0) this.start = bucket;
    if (bucket > this.start) {
      updateBaseline(this.baseline, this.current, this.alpha);
      const gaps = bucket - this.start - 1;
      if (gaps > 0) {
        // n zero observations: mean and variance shrink by (1-α)^n (the variance term is approximate).
        const keep = Math.pow(1 - this.alpha, gaps);
        this.baseline.variance = keep * this.baseline.variance + (1 - keep) * keep * this.baseline.mean ** 2;
        this.baseline.mean *= keep;
        this.baseline.count += gaps;
      }
      this.start = bucket;
      this.current = 0;
    }
    this.current += amount;
    return this.current;
  }
}

/** Spike test against the subject's own baseline: above `minimum`, `ratio`× the mean and `z` sds. */
export function isSpike(
  series: BucketSeries,
  value: number,
  opts: { minimum: number; ratio: number; z: number; warmup: number },
): boolean {
  const b = series.baseline;
  // Before a baseline exists only a doubled absolute floor applies.
  if (b.count < opts.warmup) return value >= opts.minimum * 2;
  const sd = Math.sqrt(b.variance);
  return value >= opts.minimum && value >= opts.ratio * b.mean && value >= b.mean + opts.z * Math.max(sd, 1);
}
