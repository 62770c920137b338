import { z } from 'zod';
import { Cooldown, defineDetector } from '../detector.js';
import type { Severity } from '../types.js';
import { LruMap } from '../window.js';

const options = z.strictObject({
  /** Requests seen for a key before its sources and hours count as known. */
  warmup: z.number().int().min(1).default(20),
  /** An hour (±1) holding less than this share of the key's traffic is unusual. */
  unusualHourShare: z.number().min(0).max(0.5).default(0.05),
  /** Sources remembered per key. */
  maxSources: z.number().int().min(1).default(32),
  cooldownSeconds: z.number().positive().default(3600),
});

interface State {
  sources: Set<string>;
  hours: Uint32Array;
  total: number;
}

/**
 * First use of a key from a new source address or at an hour the key is never used. Either alone is
 * low severity (roaming, late nights); both together look like a stolen key and are high.
 */
export const newSource = defineDetector({
  id: 'new-source',
  family: 'key-misuse',
  description: 'A key used from a new source address or at unusual hours (UTC).',
  options,
  create(o: z.infer<typeof options>) {
    const states = new LruMap<string, State>(100_000);
    const cooldown = new Cooldown(o.cooldownSeconds * 1000);
    return {
      observe(e) {
        const id = e.keyId ?? e.principal;
        const s = states.get(id, () => ({ sources: new Set(), hours: new Uint32Array(24), total: 0 }));
        const hour = Math.floor(e.at / 3_600_000) % 24;
        const warmed = s.total >= o.warmup;
        const fresh = e.source !== undefined && !s.sources.has(e.source);
        const near =
          (s.hours[hour] ?? 0) + (s.hours[(hour + 1) % 24] ?? 0) + (s.hours[(hour + 23) % 24] ?? 0);
        const oddHour = near / Math.max(s.total, 1) < o.unusualHourShare;
        if (e.source !== undefined && (fresh || s.sources.size === 0)) {
          if (s.sources.size >= o.maxSources) s.sources.delete(s.sources.values().next().value as string);
          s.sources.add(e.source);
        }
        s.hours[hour] = (s.hours[hour] ?? 0) + 1;
        s.total++;
        if (!warmed || (!fresh && !oddHour)) return undefined;
        const severity: Severity = fresh && oddHour ? 'high' : 'low';
        if (!cooldown.take(`${id}:${severity}`, e.at)) return undefined;
        return {
          detector: 'new-source',
          severity,
          subject: { kind: 'key', id },
          score: severity === 'high' ? 8 : 1,
          summary: fresh && oddHour ? 'new source at an unusual hour' : fresh ? 'new source' : 'unusual hour',
          evidence: { newSource: fresh, unusualHour: oddHour, hourUtc: hour, knownSources: s.sources.size },
          at: e.at,
        };
      },
    };
  },
});
