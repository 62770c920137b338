import { describe, expect, it } from 'vitest';
import { quantile, rates, rocAuc, tprAtFpr } from './metrics.js';

describe('metrics', () => {
  it('computes ROC AUC with ties counted half', () => {
    expect(rocAuc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.9, 0.8], [1, 1, 0, 0])).toBe(0);
    expect(rocAuc([0.5, 0.5], [1, 0])).toBe(0.5);
    expect(rocAuc([0.9, 0.4, 0.6, 0.1], [1, 1, 0, 0])).toBe(0.75);
  });

  it('computes TPR at a bounded FPR', () => {
    const negatives = Array.from({ length: 100 }, (_, i) => i / 100);
    const scores = [...negatives, 0.995, 0.985, 0.5];
    const labels = [...negatives.map(() => 0 as const), 1 as const, 1 as const, 1 as const];
    // 1% of 100 negatives may be flagged: the threshold sits at the second-highest negative (0.98).
    expect(tprAtFpr(scores, labels, 0.01)).toBeCloseTo(2 / 3);
  });

  it('computes rates, balanced accuracy and quantiles', () => {
    expect(rates([true, false, true, false], [1, 1, 0, 0])).toMatchObject({
      tpr: 0.5,
      fpr: 0.5,
      balancedAccuracy: 0.5,
    });
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 100], 0.99)).toBe(100);
  });
});
