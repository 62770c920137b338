import { describe, expect, it } from 'vitest';
import { addCounts, fBeta, iou, matchSpans, pool, scores } from './metrics.js';

const s = (type: string, start: number, end: number) => ({ type, start, end });

describe('metrics', () => {
  it('computes IoU of character ranges', () => {
    expect(iou(s('A', 0, 10), s('A', 0, 10))).toBe(1);
    expect(iou(s('A', 0, 10), s('A', 5, 15))).toBeCloseTo(5 / 15);
    expect(iou(s('A', 0, 4), s('A', 4, 8))).toBe(0);
  });

  it('computes F-beta, weighting recall for beta 2', () => {
    expect(fBeta(1, 1, 1)).toBe(1);
    expect(fBeta(0, 0, 2)).toBe(0);
    expect(fBeta(0.5, 1, 1)).toBeCloseTo(2 / 3);
    expect(fBeta(0.5, 1, 2)).toBeCloseTo((5 * 0.5) / (4 * 0.5 + 1));
    expect(fBeta(1, 0.5, 2)).toBeLessThan(fBeta(0.5, 1, 2));
  });

  it('matches at IoU >= 0.5 one to one, with types', () => {
    const gold = [s('PERSON', 0, 10), s('EMAIL', 20, 30)];
    const pred = [s('PERSON', 0, 6), s('PERSON', 2, 10), s('PHONE', 20, 30)];
    const counts = matchSpans(gold, pred, { kind: 'iou', threshold: 0.5 });
    // PERSON 0-6 has IoU .6, 2-10 has .8: the better one matches, the other is a false positive.
    expect(counts.get('PERSON')).toEqual({ tp: 1, fp: 1, fn: 0 });
    expect(counts.get('EMAIL')).toEqual({ tp: 0, fp: 0, fn: 1 });
    expect(counts.get('PHONE')).toEqual({ tp: 0, fp: 1, fn: 0 });
    const untyped = matchSpans(gold, pred, { kind: 'iou', threshold: 0.5 }, false);
    expect(untyped.get('*')).toEqual({ tp: 2, fp: 1, fn: 0 });
  });

  it('exact mode needs both boundaries', () => {
    const counts = matchSpans([s('A', 0, 10)], [s('A', 0, 9)], { kind: 'exact' });
    expect(counts.get('A')).toEqual({ tp: 0, fp: 1, fn: 1 });
  });

  it('rejects an overlap below the threshold', () => {
    const counts = matchSpans([s('A', 0, 10)], [s('A', 0, 4)], { kind: 'iou', threshold: 0.5 });
    expect(counts.get('A')).toEqual({ tp: 0, fp: 1, fn: 1 });
  });

  it('pools and scores counts', () => {
    const total = new Map();
    addCounts(total, new Map([['A', { tp: 3, fp: 1, fn: 0 }]]));
    addCounts(
      total,
      new Map([
        ['A', { tp: 1, fp: 0, fn: 2 }],
        ['B', { tp: 0, fp: 0, fn: 2 }],
      ]),
    );
    expect(pool(total)).toEqual({ tp: 4, fp: 1, fn: 4 });
    const sc = scores(pool(total));
    expect(sc.precision).toBeCloseTo(0.8);
    expect(sc.recall).toBeCloseTo(0.5);
    expect(sc.f2).toBeCloseTo(fBeta(0.8, 0.5, 2));
    expect(scores({ tp: 0, fp: 0, fn: 0 }).f1).toBe(0);
  });
});
