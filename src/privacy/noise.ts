import { epsilonOf } from './rdp.js';

export interface NoiseSearchOptions {
  epsilon: number;
  delta: number;
  sampleRate: number;
  steps: number;
  /** Stop when the ε reached is within this of the target (Opacus's default 0.01). */
  tolerance?: number;
}

const MAX_NOISE = 1e6;

/**
 * The smallest noise multiplier (within tolerance) whose ε at δ meets the budget: doubling to find an
 * upper bound, then bisection, as Opacus's `get_noise_multiplier` does, so results agree with it.
 */
export function noiseForBudget(options: NoiseSearchOptions): number {
  const { epsilon, delta, sampleRate, steps } = options;
  const tolerance = options.tolerance ?? 0.01;
  if (!(epsilon > 0)) throw new RangeError('epsilon must be positive');
  const eps = (noise: number): number => epsilonOf([{ noise, sampleRate, steps }], delta).epsilon;
  let low = 0;
  let high = 10;
  let epsHigh = Infinity;
  while (epsHigh > epsilon) {
    high *= 2;
    if (high > MAX_NOISE) throw new RangeError('the privacy budget is too small for any noise multiplier');
    epsHigh = eps(high);
  }
  while (epsilon - epsHigh > tolerance) {
    const mid = (low + high) / 2;
    const e = eps(mid);
    if (e < epsilon) {
      high = mid;
      epsHigh = e;
    } else low = mid;
  }
  return high;
}
