import { z } from 'zod';
import { Cooldown, defineDetector } from '../detector.js';
import type { Signal } from '../types.js';
import { LruMap, SlidingCount } from '../window.js';

const options = z.strictObject({
  /** Blocked injection attempts that make an incident. */
  count: z.number().int().min(2).default(5),
  windowSeconds: z.number().positive().default(600),
  /** Error codes that count as a blocked injection attempt. */
  codes: z.array(z.string()).default(['PROMPT_INJECTION_BLOCKED']),
  cooldownSeconds: z.number().positive().default(900),
  /**
   * Also count per source address, so rotating keys (or principals) from one address does not
   * reset the count. An address's signal needs its attempts to span two or more principals: one
   * principal's run is that principal's incident, not a second alert for it.
   */
  perSource: z.boolean().default(true),
});

/** Attempts in the window from one address, and which principals made them (bounded per address). */
interface SourceWindow {
  attempts: SlidingCount;
  principals: Map<string, number>;
}

/** Repeated blocked prompt-injection attempts: N in T by one principal, or from one address. */
export const injectionRepeat = defineDetector({
  id: 'injection-repeat',
  family: 'injection',
  description: 'N blocked prompt-injection attempts by one principal, or from one address, within T seconds.',
  options,
  create(o: z.infer<typeof options>) {
    const codes = new Set(o.codes);
    const windowMs = o.windowSeconds * 1000;
    const windows = new LruMap<string, SlidingCount>(100_000);
    const sources = new LruMap<string, SourceWindow>(100_000);
    const cooldown = new Cooldown(o.cooldownSeconds * 1000);
    const signal = (
      subject: Signal['subject'],
      n: number,
      at: number,
      extra: Signal['evidence'] = {},
    ): Signal => ({
      detector: 'injection-repeat',
      severity: 'high',
      subject,
      score: 10,
      summary: `${n} blocked injection attempts in ${o.windowSeconds}s`,
      evidence: { attempts: n, windowSeconds: o.windowSeconds, ...extra },
      at,
    });

    /** Counts the attempt against its address; returns the count and how many principals made them. */
    function countSource(source: string, principal: string, at: number) {
      const w = sources.get(source, () => ({ attempts: new SlidingCount(windowMs), principals: new Map() }));
      const n = w.attempts.push(at);
      w.principals.delete(principal); // re-inserted last: the map stays in last-seen order
      w.principals.set(principal, at);
      for (const [p, seen] of w.principals) {
        if (seen > at - windowMs && w.principals.size <= 1_000) break;
        w.principals.delete(p);
      }
      return { n, principals: w.principals.size };
    }

    return {
      observe(e) {
        if (e.blockedCode === undefined || !codes.has(e.blockedCode)) return undefined;
        const n = windows.get(e.principal, () => new SlidingCount(windowMs)).push(e.at);
        const fromSource =
          o.perSource && e.source !== undefined ? countSource(e.source, e.principal, e.at) : undefined;
        if (n >= o.count && cooldown.take(e.principal, e.at))
          return signal({ kind: 'principal', id: e.principal }, n, e.at);
        if (
          fromSource !== undefined &&
          fromSource.n >= o.count &&
          fromSource.principals >= 2 &&
          cooldown.take(`source:${e.source}`, e.at)
        )
          return signal({ kind: 'source', id: e.source! }, fromSource.n, e.at, {
            principals: fromSource.principals,
          });
        return undefined;
      },
    };
  },
});
