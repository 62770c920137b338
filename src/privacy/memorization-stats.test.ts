import { describe, expect, it } from 'vitest';
import { seededRandom } from './memorization-canaries.js';
import {
  clopperPearson,
  exposureByRank,
  exposureBySkewNormal,
  fitSkewNormal,
  logNormalCdf,
  skewNormalLogCdf,
} from './memorization-stats.js';

describe('clopperPearson', () => {
  it('matches published exact intervals', () => {
    const zero = clopperPearson(0, 10);
    expect(zero.lower).toBe(0);
    expect(zero.upper).toBeCloseTo(0.3085, 4);
    // x = n: lower bound is (α/2)^(1/n) in closed form.
    expect(clopperPearson(10, 10).lower).toBeCloseTo(0.025 ** (1 / 10), 10);
    const half = clopperPearson(5, 10);
    expect(half.lower).toBeCloseTo(0.1871, 4);
    expect(half.upper).toBeCloseTo(0.8129, 4);
    const rare = clopperPearson(1, 100);
    expect(rare.lower).toBeCloseTo(0.000253, 6);
    expect(rare.upper).toBeCloseTo(0.05446, 4);
  });

  it('upper bound for zero successes equals 1 − (α/2)^(1/n) at any n and confidence', () => {
    for (const n of [1, 7, 50, 1000]) {
      for (const c of [0.9, 0.95, 0.99]) {
        expect(clopperPearson(0, n, c).upper).toBeCloseTo(1 - ((1 - c) / 2) ** (1 / n), 9);
      }
    }
  });

  it('rejects impossible counts', () => {
    expect(() => clopperPearson(11, 10)).toThrow(RangeError);
    expect(() => clopperPearson(0, 0)).toThrow(RangeError);
    expect(() => clopperPearson(1, 10, 1)).toThrow(RangeError);
  });
});

describe('skew-normal', () => {
  it('reduces to the normal CDF when the shape is 0', () => {
    const dist = { location: 2, scale: 3, shape: 0 };
    for (const x of [-10, -1, 2, 5]) {
      expect(skewNormalLogCdf(x, dist)).toBeCloseTo(logNormalCdf((x - 2) / 3), 6);
    }
  });

  it('has CDF(ξ) = 1/2 − arctan(α)/π', () => {
    for (const shape of [-4, -1, 0.5, 3, 10]) {
      const value = Math.exp(skewNormalLogCdf(1, { location: 1, scale: 2, shape }));
      expect(value).toBeCloseTo(0.5 - Math.atan(shape) / Math.PI, 6);
    }
  });

  it('stays finite far in the lower tail', () => {
    const logCdf = skewNormalLogCdf(-30, { location: 0, scale: 1, shape: 2 });
    expect(Number.isFinite(logCdf)).toBe(true);
    expect(logCdf).toBeLessThan(-400);
  });

  it('recovers the parameters of a skew-normal sample by the method of moments', () => {
    const random = seededRandom('fit');
    const truth = { location: 10, scale: 2, shape: 4 };
    const delta = truth.shape / Math.sqrt(1 + truth.shape ** 2);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const sample = Array.from({ length: 20000 }, () => {
      const [u0, v] = [gauss(), gauss()];
      return truth.location + truth.scale * (delta * Math.abs(u0) + Math.sqrt(1 - delta ** 2) * v);
    });
    const fit = fitSkewNormal(sample);
    expect(fit.location).toBeCloseTo(10, 0);
    expect(fit.scale).toBeCloseTo(2, 0);
    expect(fit.shape).toBeGreaterThan(2);
  });
});

describe('exposure', () => {
  const refs = Array.from({ length: 1023 }, (_, i) => 100 + i);

  it('is log2(n+1) for a canary likelier than every reference and ~0 for the least likely', () => {
    expect(exposureByRank(50, refs)).toBeCloseTo(10, 10);
    expect(exposureByRank(5000, refs)).toBeCloseTo(0, 10);
  });

  it('is about 1 bit at the median and grows as the rank falls', () => {
    expect(exposureByRank(611, refs)).toBeCloseTo(1, 1);
    expect(exposureByRank(130, refs)).toBeGreaterThan(exposureByRank(400, refs));
  });

  it('extrapolates past the rank cap with the fitted distribution', () => {
    const random = seededRandom('normal');
    const normal = Array.from(
      { length: 5000 },
      () => 50 + 5 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()),
    );
    const fit = fitSkewNormal(normal);
    // 8 standard deviations below the mean: Φ(−8) ≈ 6.2e-16 → ≈ 50.5 bits.
    expect(exposureBySkewNormal(10, fit)).toBeGreaterThan(45);
    expect(exposureByRank(10, normal)).toBeCloseTo(Math.log2(5001), 6);
    expect(exposureBySkewNormal(50, fit)).toBeCloseTo(1, 0);
  });
});
