/**
 * Streaming robust baseline: an exponentially weighted mean and variance whose updates are
 * winsorised (clipped to mean ± clip·sd) so one outlier, or an attack in progress, barely moves it.
 * Hand-written: it is a dozen lines and a library would add a dependency per request.
 */
export interface Baseline {
  mean: number;
  variance: number;
  /** Observations so far; detectors stay quiet until `warmup` is reached. */
  count: number;
}

export function newBaseline(): Baseline {
  return { mean: 0, variance: 0, count: 0 };
}

/** Folds `x` into the baseline with smoothing factor `alpha` (0 < alpha ≤ 1). */
export function updateBaseline(b: Baseline, x: number, alpha: number, clip = 4): void {
  if (b.count === 0) {
    b.mean = x;
    b.count = 1;
    return;
  }
  const sd = Math.sqrt(b.variance);
  const bound = clip * Math.max(sd, Math.abs(b.mean) * 0.5, 1);
  const clipped = Math.min(Math.max(x, b.mean - bound), b.mean + bound);
  const diff = clipped - b.mean;
  const incr = alpha * diff;
  b.mean += incr;
  b.variance = (1 - alpha) * (b.variance + diff * incr);
  b.count += 1;
}

/** How many standard deviations `x` lies above the baseline (sd floored at `floor`). */
export function zScore(b: Baseline, x: number, floor = 1): number {
  return (x - b.mean) / Math.max(Math.sqrt(b.variance), floor);
}
