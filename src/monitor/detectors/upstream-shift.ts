import { z } from 'zod';
import { newBaseline, updateBaseline, type Baseline } from '../baseline.js';
import { Cooldown, defineDetector } from '../detector.js';
import { LruMap } from '../window.js';

const options = z.strictObject({
  /** Recent calls compared against the upstream's baseline. */
  recent: z.number().int().min(5).max(200).default(20),
  alpha: z.number().min(0.001).max(1).default(0.02),
  /** Calls before the baseline is trusted. */
  warmup: z.number().int().min(10).default(200),
  latencyRatio: z.number().min(1).default(3),
  latencyZ: z.number().min(1).default(6),
  /** Recent error share that is a shift when the baseline error rate is below a third of it. */
  errorShare: z.number().min(0.05).max(1).default(0.3),
  cooldownSeconds: z.number().positive().default(900),
});

interface State {
  latency: Baseline;
  errors: Baseline;
  recentMs: number[];
  recentErr: boolean[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}

/** Sudden upstream latency or error-rate shifts (an upstream under attack, or being abused). */
export const upstreamShift = defineDetector({
  id: 'upstream-shift',
  family: 'upstream',
  description: 'Median latency or error share of recent upstream calls far above the baseline.',
  options,
  create(o: z.infer<typeof options>) {
    const states = new LruMap<string, State>(1_000);
    const cooldown = new Cooldown(o.cooldownSeconds * 1000);
    return {
      observe(e) {
        if (e.upstream === undefined || (e.upstreamMs === undefined && e.upstreamError === undefined))
          return undefined;
        const s = states.get(e.upstream, () => ({
          latency: newBaseline(),
          errors: newBaseline(),
          recentMs: [],
          recentErr: [],
        }));
        const failed = e.upstreamError === true;
        // The baseline only learns calls that left the recent window, so a shift cannot dilute itself.
        s.recentErr.push(failed);
        if (s.recentErr.length > o.recent) updateBaseline(s.errors, s.recentErr.shift() ? 1 : 0, o.alpha);
        if (e.upstreamMs !== undefined && !failed) {
          s.recentMs.push(e.upstreamMs);
          if (s.recentMs.length > o.recent) updateBaseline(s.latency, s.recentMs.shift() ?? 0, o.alpha);
        }
        const warmed = s.latency.count >= o.warmup && s.recentErr.length >= o.recent;
        let measure: 'latency' | 'errors' | undefined;
        let value = 0;
        if (warmed) {
          const med = s.recentMs.length >= o.recent / 2 ? median(s.recentMs) : 0;
          const sd = Math.sqrt(s.latency.variance);
          const share = s.recentErr.filter(Boolean).length / s.recentErr.length;
          if (med > o.latencyRatio * s.latency.mean && med > s.latency.mean + o.latencyZ * Math.max(sd, 1)) {
            measure = 'latency';
            value = med;
          } else if (share >= o.errorShare && s.errors.mean < o.errorShare / 3) {
            measure = 'errors';
            value = share;
          }
        }
        if (measure === undefined || !cooldown.take(e.upstream, e.at)) return undefined;
        return {
          detector: 'upstream-shift',
          severity: 'medium',
          subject: { kind: 'upstream', id: e.upstream },
          score: 0,
          summary: measure === 'latency' ? 'upstream latency shift' : 'upstream error shift',
          evidence: {
            measure,
            recent: Math.round(value * 1000) / 1000,
            baseline: Math.round((measure === 'latency' ? s.latency.mean : s.errors.mean) * 1000) / 1000,
          },
          at: e.at,
        };
      },
    };
  },
});
