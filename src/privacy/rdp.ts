import { logAdd, logErfc, logSub } from './log-math.js';

/**
 * Rényi-DP accounting of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar, Zhang 2019,
 * "Rényi Differential Privacy of the Sampled Gaussian Mechanism"), with integer and fractional orders.
 */

/** Opacus's default orders: 1.1, 1.2, …, 10.9 and 12 … 63. */
export const DEFAULT_ORDERS: readonly number[] = [
  ...Array.from({ length: 99 }, (_, x) => 1 + (x + 1) / 10),
  ...Array.from({ length: 52 }, (_, x) => 12 + x),
];

/** log A_α for integer α: the binomial expansion of the Rényi divergence (Mironov et al. §3.3). */
function logAInt(q: number, sigma: number, alpha: number): number {
  let logA = -Infinity;
  let logBinom = 0;
  for (let i = 0; i <= alpha; i++) {
    if (i > 0) logBinom += Math.log((alpha - i + 1) / i);
    const s = logBinom + i * Math.log(q) + (alpha - i) * Math.log1p(-q) + (i * i - i) / (2 * sigma * sigma);
    logA = logAdd(logA, s);
  }
  return logA;
}

/** log A_α for fractional α: the two-sided series of Mironov et al. §3.3, summed until terms vanish. */
function logAFrac(q: number, sigma: number, alpha: number): number {
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
  let coef = 1; // generalised binomial C(α, i), built iteratively to keep its sign exact
  for (let i = 0; ; i++) {
    if (i > 0) coef *= (alpha - i + 1) / i;
    const logCoef = Math.log(Math.abs(coef));
    const j = alpha - i;
    const logT0 = logCoef + i * Math.log(q) + j * Math.log1p(-q);
    const logT1 = logCoef + j * Math.log(q) + i * Math.log1p(-q);
    const logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
    const logS0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0;
    const logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
    if (coef > 0) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < -30 || i > 10_000) break;
  }
  return logAdd(logA0, logA1);
}

/** RDP of one step of the sampled Gaussian mechanism at order α. */
export function rdpOfStep(q: number, sigma: number, alpha: number): number {
  if (q === 0) return 0;
  if (sigma === 0 || !Number.isFinite(alpha)) return Infinity;
  if (q === 1) return alpha / (2 * sigma * sigma);
  const logA = Number.isInteger(alpha) ? logAInt(q, sigma, alpha) : logAFrac(q, sigma, alpha);
  return logA / (alpha - 1);
}

/** One training phase: `steps` steps at sample rate `sampleRate` with noise multiplier `noise`. */
export interface Phase {
  noise: number;
  sampleRate: number;
  steps: number;
}

/** RDP at each order of several phases composed (RDP adds up). */
export function composeRdp(phases: readonly Phase[], orders: readonly number[] = DEFAULT_ORDERS): number[] {
  return orders.map((alpha) =>
    phases.reduce((sum, p) => sum + p.steps * rdpOfStep(p.sampleRate, p.noise, alpha), 0),
  );
}

export interface EpsilonResult {
  epsilon: number;
  /** The order at which the bound is tightest. */
  order: number;
}

/**
 * Converts RDP to (ε, δ)-DP with the improved conversion of Balle et al. 2020 ("Hypothesis testing
 * interpretations and Rényi DP", Thm 21): ε = rdp − (log δ + log α)/(α − 1) + log((α − 1)/α).
 */
export function rdpToEpsilon(
  rdp: readonly number[],
  delta: number,
  orders: readonly number[] = DEFAULT_ORDERS,
): EpsilonResult {
  if (!(delta > 0 && delta < 1)) throw new RangeError('delta must be in (0, 1)');
  let best: EpsilonResult = { epsilon: Infinity, order: Number.NaN };
  orders.forEach((alpha, k) => {
    const r = rdp[k]!;
    const eps = r - (Math.log(delta) + Math.log(alpha)) / (alpha - 1) + Math.log((alpha - 1) / alpha);
    if (Number.isFinite(eps) && eps < best.epsilon) best = { epsilon: Math.max(0, eps), order: alpha };
  });
  return best;
}

/** ε spent by the given phases at δ. */
export function epsilonOf(
  phases: readonly Phase[],
  delta: number,
  orders: readonly number[] = DEFAULT_ORDERS,
): EpsilonResult {
  return rdpToEpsilon(composeRdp(phases, orders), delta, orders);
}
