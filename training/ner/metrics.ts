/** Span-level precision / recall / F1 / F2 on the dev split, with IoU ≥ 0.5 or exact matching. */
export interface Span {
  type: string;
  start: number;
  end: number;
}
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export function iou(a: Span, b: Span): number {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  return inter / (Math.max(a.end, b.end) - Math.min(a.start, b.start));
}

/** Greedy one-to-one matching of predictions to gold spans of the same type. */
export function matchSpans(gold: readonly Span[], predicted: readonly Span[], exact: boolean): boolean[] {
  const used = new Set<number>();
  const correct: boolean[] = [];
  for (const p of predicted) {
    let hit = -1;
    gold.forEach((g, i) => {
      if (hit >= 0 || used.has(i) || g.type !== p.type) return;
      if (exact ? g.start === p.start && g.end === p.end : iou(g, p) >= 0.5) hit = i;
    });
    if (hit >= 0) used.add(hit);
    correct.push(hit >= 0);
  }
  return correct;
}

export function addCounts(
  byType: Map<string, Counts>,
  gold: readonly Span[],
  predicted: readonly Span[],
  exact: boolean,
): void {
  const get = (t: string): Counts => {
    let c = byType.get(t);
    if (!c) byType.set(t, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  const correct = matchSpans(gold, predicted, exact);
  predicted.forEach((p, i) => (correct[i] ? get(p.type).tp++ : get(p.type).fp++));
  for (const g of gold) get(g.type);
  const tpByType = new Map<string, number>();
  predicted.forEach((p, i) => correct[i] && tpByType.set(p.type, (tpByType.get(p.type) ?? 0) + 1));
  for (const g of gold) get(g.type).fn++;
  for (const [t, n] of tpByType) get(t).fn -= n;
}

function fBeta(p: number, r: number, beta: number): number {
  const b2 = beta * beta;
  return p + r === 0 ? 0 : ((1 + b2) * p * r) / (b2 * p + r);
}

/** A fixed-width table: type, support, P, R, F1, F2, plus a pooled row. */
export function formatTable(byType: Map<string, Counts>): string {
  const rows = [...byType.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const pooled = rows.reduce((acc, [, c]) => ({ tp: acc.tp + c.tp, fp: acc.fp + c.fp, fn: acc.fn + c.fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });
  const line = (name: string, c: Counts): string => {
    const p = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
    const r = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
    return [
      name.padEnd(14),
      String(c.tp + c.fn).padStart(6),
      ...[p, r, fBeta(p, r, 1), fBeta(p, r, 2)].map((v) => v.toFixed(3).padStart(7)),
    ].join(' ');
  };
  return [
    ['type'.padEnd(14), 'gold'.padStart(6), ...['P', 'R', 'F1', 'F2'].map((h) => h.padStart(7))].join(' '),
    ...rows.map(([t, c]) => line(t, c)),
    line('POOLED', pooled),
  ].join('\n');
}
