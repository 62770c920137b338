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
  /** A new source is watched this long after its first request. */
  burstWindowSeconds: z.number().positive().default(900),
  /**
   * Requests from a watched new source that make it high severity, when they are also `burstRatio`×
   * what the key itself normally sends in such a window at this hour: traffic added to the key's,
   * not the owner's traffic moving to a new address.
   */
  burstRequests: z.number().int().min(2).default(5),
  burstRatio: z.number().min(1).default(4),
  cooldownSeconds: z.number().positive().default(3600),
});

interface Watched {
  source: string;
  since: number;
  count: number;
}

interface State {
  sources: Set<string>;
  hours: Uint32Array;
  total: number;
  firstAt: number;
  /** New sources still within their burst window (a few per key). */
  watched: Watched[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * First use of a key from a new source address or at an hour the key is never used. Either alone is
 * low severity (roaming, late nights); both together look like a stolen key and are high, and so is
 * a new source that soon carries several times the key's own norm for the hour (a second user).
 */
export const newSource = defineDetector({
  id: 'new-source',
  family: 'key-misuse',
  description: 'A key used from a new source address or at unusual hours (UTC).',
  options,
  create(o: z.infer<typeof options>) {
    const states = new LruMap<string, State>(100_000);
    const cooldown = new Cooldown(o.cooldownSeconds * 1000);
    const windowMs = o.burstWindowSeconds * 1000;
    /** Counts a request from a source first seen within the window; starts watching a fresh one. */
    const watch = (s: State, source: string | undefined, fresh: boolean, at: number): Watched | undefined => {
      while (s.watched.length > 0 && (s.watched[0]?.since ?? 0) <= at - windowMs) s.watched.shift();
      if (source === undefined) return undefined;
      let w = fresh ? undefined : s.watched.find((x) => x.source === source);
      if (fresh) {
        w = { source, since: at, count: 0 };
        s.watched.push(w);
        if (s.watched.length > 4) s.watched.shift();
      }
      if (w !== undefined) w.count++;
      return w;
    };
    return {
      observe(e) {
        const id = e.keyId ?? e.principal;
        const s = states.get(id, () => ({
          sources: new Set(),
          hours: new Uint32Array(24),
          total: 0,
          firstAt: e.at,
          watched: [],
        }));
        const hour = Math.floor(e.at / HOUR) % 24;
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
        const burst = warmed ? watch(s, e.source, fresh, e.at) : undefined;
        // The key's usual requests in one burst window at this hour (±1) over the days it has been
        // seen, not counting the watched source's own.
        const own = near - (burst === undefined ? 0 : burst.count - 1);
        const norm = ((Math.max(0, own) / 3) * windowMs) / HOUR / Math.max(1, (e.at - s.firstAt) / DAY);
        const burstHigh =
          burst !== undefined && burst.count >= o.burstRequests && burst.count >= o.burstRatio * norm;
        if (!warmed || (!fresh && !oddHour && !burstHigh)) return undefined;
        const severity: Severity = (fresh && oddHour) || burstHigh ? 'high' : 'low';
        if (!cooldown.take(`${id}:${severity}`, e.at)) return undefined;
        return {
          detector: 'new-source',
          severity,
          subject: { kind: 'key', id },
          score: severity === 'high' ? 8 : 1,
          summary: burstHigh
            ? 'new source sending far more than the key does at this hour'
            : fresh && oddHour
              ? 'new source at an unusual hour'
              : fresh
                ? 'new source'
                : 'unusual hour',
          evidence: {
            newSource: fresh || burstHigh,
            unusualHour: oddHour,
            hourUtc: hour,
            knownSources: s.sources.size,
            ...(burstHigh ? { burstRequests: burst.count, keyNorm: Math.round(norm * 100) / 100 } : {}),
          },
          at: e.at,
        };
      },
    };
  },
});
