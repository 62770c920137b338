import { z } from 'zod';
import { BucketSeries, isSpike } from '../bucket-series.js';
import { Cooldown, defineDetector } from '../detector.js';
import { LruMap } from '../window.js';

const options = z.strictObject({
  bucketSeconds: z.number().int().positive().default(600),
  alpha: z.number().min(0.001).max(1).default(0.05),
  /** Restricted findings per bucket below which nothing is unusual. */
  minimum: z.number().positive().default(15),
  ratio: z.number().min(1).default(5),
  z: z.number().min(1).default(6),
  warmup: z.number().int().min(1).default(12),
  cooldownSeconds: z.number().positive().default(3600),
});

/** Insider pattern: a principal touching restricted data far beyond its own norm. */
export const restrictedReads = defineDetector({
  id: 'restricted-reads',
  family: 'insider',
  description: "Restricted-data findings far above the principal's own norm.",
  options,
  create(o: z.infer<typeof options>) {
    const series = new LruMap<string, BucketSeries>(100_000);
    const cooldown = new Cooldown(o.cooldownSeconds * 1000);
    return {
      observe(e) {
        const s = series.get(e.principal, () => new BucketSeries(o.bucketSeconds * 1000, o.alpha));
        const value = s.add(e.at, e.restrictedFindings);
        if (e.restrictedFindings === 0 || !isSpike(s, value, o) || !cooldown.take(e.principal, e.at))
          return undefined;
        return {
          detector: 'restricted-reads',
          severity: 'high',
          subject: { kind: 'principal', id: e.principal },
          score: 8,
          summary: 'restricted-data reads far above norm',
          evidence: {
            restrictedFindings: value,
            bucketSeconds: o.bucketSeconds,
            baselineMean: Math.round(s.baseline.mean * 100) / 100,
          },
          at: e.at,
        };
      },
    };
  },
});
