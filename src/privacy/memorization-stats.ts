import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { logErfc } from './log-math.js';

/** A two-sided confidence interval for a binomial proportion. */
export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Exact (Clopper–Pearson) interval for `successes` out of `trials` at `confidence` (default 0.95).
 * @example clopperPearson(0, 10) // { lower: 0, upper: 0.3085 }
 */
export function clopperPearson(successes: number, trials: number, confidence = 0.95): Interval {
  if (!Number.isInteger(trials) || trials <= 0) throw new RangeError('trials must be a positive integer');
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError('successes must be an integer in [0, trials]');
  }
  if (!(confidence > 0 && confidence < 1)) throw new RangeError('confidence must be in (0, 1)');
  const tail = (1 - confidence) / 2;
  const lower = successes === 0 ? 0 : betaQuantile(tail, successes, trials - successes + 1);
  const upper = successes === trials ? 1 : betaQuantile(1 - tail, successes + 1, trials - successes);
  return { lower, upper };
}

/** Skew-normal distribution: location ξ, scale ω > 0, shape α. */
export interface SkewNormal {
  location: number;
  scale: number;
  shape: number;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
// Largest |skewness| a skew-normal can reach is ≈ 0.9953; clip the sample value just inside it.
const MAX_SKEWNESS = 0.995;

/** Fits a skew-normal to a sample by the method of moments (mean, variance, skewness). */
export function fitSkewNormal(sample: readonly number[]): SkewNormal {
  const n = sample.length;
  if (n < 3) throw new RangeError('a skew-normal fit needs at least 3 values');
  const mean = sample.reduce((a, b) => a + b, 0) / n;
  let m2 = 0;
  let m3 = 0;
  for (const x of sample) {
    const d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  if (m2 === 0) throw new RangeError('a skew-normal fit needs values that differ');
  const skew = Math.max(-MAX_SKEWNESS, Math.min(MAX_SKEWNESS, m3 / m2 ** 1.5));
  const g = Math.abs(skew) ** (2 / 3);
  const delta = Math.sign(skew) * Math.sqrt((Math.PI / 2) * (g / (g + ((4 - Math.PI) / 2) ** (2 / 3))));
  const variance = (m2 * n) / (n - 1);
  const scale = Math.sqrt(variance / (1 - (2 * delta * delta) / Math.PI));
  return {
    location: mean - scale * delta * SQRT_2_OVER_PI,
    scale,
    shape: delta / Math.sqrt(1 - delta * delta),
  };
}

/** log Φ(x), accurate far into the lower tail. */
export function logNormalCdf(x: number): number {
  return Math.log(0.5) + logErfc(-x / Math.SQRT2);
}

const LOG_2 = Math.log(2);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log of the standard skew-normal density 2 φ(z) Φ(αz). */
function logStandardDensity(z: number, shape: number): number {
  return LOG_2 - LOG_SQRT_2PI - (z * z) / 2 + logNormalCdf(shape * z);
}

/**
 * log P(X ≤ x) for a skew-normal, in log space so that far-tail values (the very low perplexities of a
 * memorised canary) do not underflow to 0. Integrated numerically (Simpson's rule over 40 standard
 * units below z) because Φ(z) − 2T(z, α) cancels catastrophically in the tail.
 */
export function skewNormalLogCdf(x: number, dist: SkewNormal): number {
  const z = (x - dist.location) / dist.scale;
  // Past 12 units above the bulk every distribution here has CDF 1 to double precision.
  if (z > 12 + Math.abs(dist.shape)) return 0;
  const width = 40;
  const steps = 4000; // even, for Simpson
  const h = width / steps;
  const terms: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const weight = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
    terms.push(Math.log(weight) + logStandardDensity(z - width + i * h, dist.shape));
  }
  const peak = Math.max(...terms);
  if (peak === -Infinity) return -Infinity;
  const sum = terms.reduce((acc, t) => acc + Math.exp(t - peak), 0);
  return Math.min(0, peak + Math.log(sum) + Math.log(h / 3));
}

/**
 * Exposure in bits by rank among sampled references (The Secret Sharer, Carlini et al. 2019):
 * −log2 of the interpolated fraction of references at least as likely as the canary. Lower scores
 * (log-perplexities) are more likely. Capped at log2(n + 1): a sample of n cannot show rarer.
 */
export function exposureByRank(canaryScore: number, referenceScores: readonly number[]): number {
  const sorted = [...referenceScores].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) throw new RangeError('exposure needs reference scores');
  // Continuous count of references below: linear between neighbours so the estimate moves smoothly.
  let below = 0;
  while (below < n && sorted[below]! < canaryScore) below++;
  let count = below;
  if (below > 0 && below < n) {
    const lo = sorted[below - 1]!;
    const hi = sorted[below]!;
    count = below - 0.5 + (canaryScore - lo) / (hi - lo);
  }
  const rank = 1 + count;
  return Math.log2(n + 1) - Math.log2(rank);
}

/** Exposure in bits from the skew-normal fitted to the references: −log2 P(score ≤ canary's). */
export function exposureBySkewNormal(canaryScore: number, fit: SkewNormal): number {
  return -skewNormalLogCdf(canaryScore, fit) / Math.log(2);
}
