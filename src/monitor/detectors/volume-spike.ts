import { z } from 'zod';
import { BucketMix } from '../bucket-mix.js';
import { BucketSeries, isSpike } from '../bucket-series.js';
import { Cooldown, defineDetector } from '../detector.js';
import type { MonitorEvent, SubjectKind } from '../types.js';
import { LruMap } from '../window.js';

const KINDS = ['principal', 'tenant', 'source'] as const;
type Kind = (typeof KINDS)[number];

const options = z.strictObject({
  bucketSeconds: z.number().int().positive().default(60),
  /** EWMA smoothing per bucket. */
  alpha: z.number().min(0.001).max(1).default(0.05),
  ratio: z.number().min(1).default(5),
  z: z.number().min(1).default(6),
  /** Buckets observed before a subject's own baseline is trusted. */
  warmup: z.number().int().min(1).default(30),
  cooldownSeconds: z.number().positive().default(900),
  /** Requests per bucket below which nothing is a spike. */
  minRequests: z.number().positive().default(30),
  /** Tokens (in + out) per bucket below which nothing is a spike. */
  minTokens: z.number().positive().default(60_000),
  /** Whose volume is baselined: each principal, each tenant, each source address. */
  subjects: z
    .array(z.enum(KINDS))
    .min(1)
    .default([...KINDS]),
  /**
   * A tenant- or address-wide spike counts only when no single principal (and, for a tenant, no
   * single address) carries more than this share of the bucket: a narrower subject's spike is that
   * subject's signal, not a second alert for the same incident.
   */
  maxPrincipalShare: z.number().min(0.05).max(1).default(0.5),
  /** Subjects remembered per kind (the least recently seen are forgotten). */
  maxSubjects: z.number().int().min(100).default(100_000),
});

interface State {
  requests: BucketSeries;
  tokens: BucketSeries;
  /** Aggregate subjects only: who made up the current bucket (principals; for a tenant, addresses too). */
  mix?: Mix;
}

interface Mix {
  requests: BucketMix;
  tokens: BucketMix;
  sourceRequests?: BucketMix;
  sourceTokens?: BucketMix;
}

/** No single principal (nor, for a tenant, a single address) carries more than `max` of the bucket. */
function spread(mix: Mix | undefined, requests: boolean, max: number): boolean {
  if (mix === undefined) return true;
  const bySource = requests ? mix.sourceRequests : mix.sourceTokens;
  return (
    (requests ? mix.requests : mix.tokens).topShare() <= max &&
    (bySource === undefined || bySource.topShare() <= max)
  );
}

const WHERE: Record<Kind, string> = {
  principal: '',
  tenant: ' across a tenant',
  source: ' from one address',
};

const idOf = (kind: Kind, e: MonitorEvent): string | undefined =>
  kind === 'principal' ? e.principal : kind === 'tenant' ? e.tenant : e.source;

/**
 * Request-rate or token-volume spikes against a subject's own baseline: per principal, per tenant
 * and per source address (one address spreading a burst over many keys, each of them unremarkable).
 */
export const volumeSpike = defineDetector({
  id: 'volume-spike',
  family: 'volume',
  description: 'Request or token volume far above the own baseline of a principal, tenant or source address.',
  options,
  create(o: z.infer<typeof options>) {
    const ms = o.bucketSeconds * 1000;
    const kinds = KINDS.filter((k) => o.subjects.includes(k));
    const states = new Map(kinds.map((k) => [k, new LruMap<string, State>(o.maxSubjects)]));
    const cooldown = new Cooldown(o.cooldownSeconds * 1000);
    const base = { ratio: o.ratio, z: o.z, warmup: o.warmup };
    const sourcesTracked = kinds.includes('source');
    const newMix = (kind: Kind): Mix | undefined => {
      if (kind === 'principal') return undefined;
      const mix: Mix = { requests: new BucketMix(ms), tokens: new BucketMix(ms) };
      if (kind === 'tenant' && sourcesTracked) {
        mix.sourceRequests = new BucketMix(ms);
        mix.sourceTokens = new BucketMix(ms);
      }
      return mix;
    };
    return {
      observe(e) {
        const tokens = e.tokensIn + e.tokensOut;
        let found: { kind: Kind; id: string; s: State; byRequests: boolean; value: number } | undefined;
        for (const kind of kinds) {
          const id = idOf(kind, e);
          if (id === undefined) continue;
          const s = states.get(kind)!.get(id, () => {
            const mix = newMix(kind);
            return {
              requests: new BucketSeries(ms, o.alpha),
              tokens: new BucketSeries(ms, o.alpha),
              ...(mix ? { mix } : {}),
            };
          });
          const requests = s.requests.add(e.at, 1);
          const volume = s.tokens.add(e.at, tokens);
          if (s.mix) {
            s.mix.requests.add(e.at, e.principal, 1);
            s.mix.tokens.add(e.at, e.principal, tokens);
            s.mix.sourceRequests?.add(e.at, e.source ?? '', 1);
            s.mix.sourceTokens?.add(e.at, e.source ?? '', tokens);
          }
          if (found !== undefined) continue;
          const byRequests =
            isSpike(s.requests, requests, { ...base, minimum: o.minRequests }) &&
            spread(s.mix, true, o.maxPrincipalShare);
          const byTokens =
            !byRequests &&
            isSpike(s.tokens, volume, { ...base, minimum: o.minTokens }) &&
            spread(s.mix, false, o.maxPrincipalShare);
          if ((byRequests || byTokens) && cooldown.take(`${kind}:${id}`, e.at))
            found = { kind, id, s, byRequests, value: byRequests ? requests : volume };
        }
        if (found === undefined) return undefined;
        const { kind, id, s, byRequests, value } = found;
        const series = byRequests ? s.requests : s.tokens;
        const mix = byRequests ? s.mix?.requests : s.mix?.tokens;
        return {
          detector: 'volume-spike',
          severity: 'medium',
          subject: { kind: kind as SubjectKind, id },
          score: 5,
          summary: `${byRequests ? 'request rate' : 'token volume'} spike${WHERE[kind]}`,
          evidence: {
            measure: byRequests ? 'requests' : 'tokens',
            bucketSeconds: o.bucketSeconds,
            value,
            baselineMean: Math.round(series.baseline.mean * 100) / 100,
            ...(mix
              ? { principals: mix.principals(), topShare: Math.round(mix.topShare() * 100) / 100 }
              : {}),
          },
          at: e.at,
        };
      },
    };
  },
});
