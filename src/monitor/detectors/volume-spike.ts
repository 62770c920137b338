import { z } from 'zod';
import { BucketSeries, isSpike } from '../bucket-series.js';
import { Cooldown, defineDetector } from '../detector.js';
import { LruMap } from '../window.js';

const spike = {
  bucketSeconds: z.number().int().positive().default(60),
  /** EWMA smoothing per bucket. */
  alpha: z.number().min(0.001).max(1).default(0.05),
  ratio: z.number().min(1).default(5),
  z: z.number().min(1).default(6),
  /** Buckets observed before the principal's own baseline is trusted. */
  warmup: z.number().int().min(1).default(30),
  cooldownSeconds: z.number().positive().default(900),
};
const options = z.strictObject({
  ...spike,
  /** Requests per bucket below which nothing is a spike. */
  minRequests: z.number().positive().default(30),
  /** Tokens (in + out) per bucket below which nothing is a spike. */
  minTokens: z.number().positive().default(60_000),
});

interface State {
  requests: BucketSeries;
  tokens: BucketSeries;
}

/** Request-rate or token-volume spikes against the principal's own baseline. */
export const volumeSpike = defineDetector({
  id: 'volume-spike',
  family: 'volume',
  description: "Request or token volume far above the principal's own baseline.",
  options,
  create(o: z.infer<typeof options>) {
    const ms = o.bucketSeconds * 1000;
    const states = new LruMap<string, State>(100_000);
    const cooldown = new Cooldown(o.cooldownSeconds * 1000);
    return {
      observe(e) {
        const s = states.get(e.principal, () => ({
          requests: new BucketSeries(ms, o.alpha),
          tokens: new BucketSeries(ms, o.alpha),
        }));
        const requests = s.requests.add(e.at, 1);
        const tokens = s.tokens.add(e.at, e.tokensIn + e.tokensOut);
        const base = { ratio: o.ratio, z: o.z, warmup: o.warmup };
        const byRequests = isSpike(s.requests, requests, { ...base, minimum: o.minRequests });
        const byTokens = isSpike(s.tokens, tokens, { ...base, minimum: o.minTokens });
        if ((!byRequests && !byTokens) || !cooldown.take(e.principal, e.at)) return undefined;
        const series = byRequests ? s.requests : s.tokens;
        return {
          detector: 'volume-spike',
          severity: 'medium',
          subject: { kind: 'principal', id: e.principal },
          score: 5,
          summary: byRequests ? 'request rate spike' : 'token volume spike',
          evidence: {
            measure: byRequests ? 'requests' : 'tokens',
            bucketSeconds: o.bucketSeconds,
            value: byRequests ? requests : tokens,
            baselineMean: Math.round(series.baseline.mean * 100) / 100,
          },
          at: e.at,
        };
      },
    };
  },
});
