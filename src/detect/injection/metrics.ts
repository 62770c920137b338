/** Binary-classification metrics over scores; labels 1 = attack. */

export interface RateSummary {
  tpr: number;
  fpr: number;
  balancedAccuracy: number;
  positives: number;
  negatives: number;
}

/** TPR, FPR and balanced accuracy of per-row decisions. NaN where a class is absent. */
export function rates(flagged: readonly boolean[], labels: readonly (0 | 1)[]): RateSummary {
  let tp = 0;
  let fp = 0;
  let pos = 0;
  let neg = 0;
  flagged.forEach((f, i) => {
    if (labels[i] === 1) {
      pos++;
      if (f) tp++;
    } else {
      neg++;
      if (f) fp++;
    }
  });
  const tpr = pos ? tp / pos : NaN;
  const fpr = neg ? fp / neg : NaN;
  return { tpr, fpr, balancedAccuracy: (tpr + (1 - fpr)) / 2, positives: pos, negatives: neg };
}

/** ROC AUC by the rank-sum (Mann-Whitney) formula, ties counted half. */
export function rocAuc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++)
      if (order[k]![1] === 1) {
        rankSum += rank;
        pos++;
      }
    i = j;
  }
  const neg = order.length - pos;
  if (!pos || !neg) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** TPR at the lowest threshold whose FPR does not exceed `maxFpr`. */
export function tprAtFpr(scores: readonly number[], labels: readonly (0 | 1)[], maxFpr: number): number {
  const negatives = scores.filter((_, i) => labels[i] === 0).sort((a, b) => b - a);
  const positives = scores.filter((_, i) => labels[i] === 1);
  if (!negatives.length || !positives.length) return NaN;
  const allowed = Math.floor(maxFpr * negatives.length);
  // Flag scores strictly above the (allowed+1)-th highest negative score.
  const threshold = negatives[allowed] ?? -Infinity;
  return positives.filter((s) => s > threshold).length / positives.length;
}

/** The q-quantile (0..1) of a list of numbers, by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
