/** A labelled or predicted span. Offsets are UTF-16 indices, end exclusive. */
export interface Span {
  type: string;
  start: number;
  end: number;
}

/** True/false positives and false negatives. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Scores extends Counts {
  precision: number;
  recall: number;
  f1: number;
  /** Recall-weighted, as presidio-research reports it. */
  f2: number;
}

/** How a prediction must line up with a gold span to count. */
export type MatchMode = { kind: 'iou'; threshold: number } | { kind: 'exact' };

/** Intersection over union of two spans' character ranges. */
export function iou(a: Span, b: Span): number {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return union === 0 ? 0 : inter / union;
}

/** F-beta; 0 when precision and recall are both 0. */
export function fBeta(precision: number, recall: number, beta: number): number {
  const b2 = beta * beta;
  const denominator = b2 * precision + recall;
  return denominator === 0 ? 0 : ((1 + b2) * precision * recall) / denominator;
}

export function scores(counts: Counts): Scores {
  const precision = counts.tp + counts.fp === 0 ? 0 : counts.tp / (counts.tp + counts.fp);
  const recall = counts.tp + counts.fn === 0 ? 0 : counts.tp / (counts.tp + counts.fn);
  return { ...counts, precision, recall, f1: fBeta(precision, recall, 1), f2: fBeta(precision, recall, 2) };
}

/**
 * One-to-one matching of predictions to gold spans of the same type (pass `typed: false` to ignore
 * types). Greedy by best overlap first, so each gold span is matched at most once; returns counts per
 * gold/predicted type.
 */
export function matchSpans(
  gold: readonly Span[],
  predicted: readonly Span[],
  mode: MatchMode,
  typed = true,
): Map<string, Counts> {
  const pairs: { g: number; p: number; overlap: number }[] = [];
  gold.forEach((g, gi) => {
    predicted.forEach((p, pi) => {
      if (typed && g.type !== p.type) return;
      const overlap = iou(g, p);
      const ok = mode.kind === 'exact' ? g.start === p.start && g.end === p.end : overlap >= mode.threshold;
      if (ok) pairs.push({ g: gi, p: pi, overlap });
    });
  });
  pairs.sort((a, b) => b.overlap - a.overlap || a.g - b.g || a.p - b.p);
  const goldUsed = new Set<number>();
  const predUsed = new Set<number>();
  const counts = new Map<string, Counts>();
  const bump = (type: string, key: keyof Counts): void => {
    const c = counts.get(type) ?? { tp: 0, fp: 0, fn: 0 };
    c[key]++;
    counts.set(type, c);
  };
  for (const pair of pairs) {
    if (goldUsed.has(pair.g) || predUsed.has(pair.p)) continue;
    goldUsed.add(pair.g);
    predUsed.add(pair.p);
    bump(typed ? gold[pair.g]!.type : '*', 'tp');
  }
  gold.forEach((g, i) => goldUsed.has(i) || bump(typed ? g.type : '*', 'fn'));
  predicted.forEach((p, i) => predUsed.has(i) || bump(typed ? p.type : '*', 'fp'));
  return counts;
}

/** Adds `more` into `into`, type by type. */
export function addCounts(into: Map<string, Counts>, more: ReadonlyMap<string, Counts>): void {
  for (const [type, c] of more) {
    const t = into.get(type) ?? { tp: 0, fp: 0, fn: 0 };
    t.tp += c.tp;
    t.fp += c.fp;
    t.fn += c.fn;
    into.set(type, t);
  }
}

/** Sums counts over all types. */
export function pool(counts: ReadonlyMap<string, Counts>): Counts {
  const total = { tp: 0, fp: 0, fn: 0 };
  for (const c of counts.values()) {
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  return total;
}
