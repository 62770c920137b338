import { z } from 'zod';
import { Cooldown, defineDetector } from '../detector.js';
import { LruMap, SlidingCount } from '../window.js';

const options = z.strictObject({
  /** Blocked injection attempts that make an incident. */
  count: z.number().int().min(2).default(5),
  windowSeconds: z.number().positive().default(600),
  /** Error codes that count as a blocked injection attempt. */
  codes: z.array(z.string()).default(['PROMPT_INJECTION_BLOCKED']),
  cooldownSeconds: z.number().positive().default(900),
});

/** Repeated blocked prompt-injection attempts by one principal: N in T. */
export const injectionRepeat = defineDetector({
  id: 'injection-repeat',
  family: 'injection',
  description: 'N blocked prompt-injection attempts by one principal within T seconds.',
  options,
  create(o: z.infer<typeof options>) {
    const codes = new Set(o.codes);
    const windows = new LruMap<string, SlidingCount>(100_000);
    const cooldown = new Cooldown(o.cooldownSeconds * 1000);
    return {
      observe(e) {
        if (e.blockedCode === undefined || !codes.has(e.blockedCode)) return undefined;
        const n = windows.get(e.principal, () => new SlidingCount(o.windowSeconds * 1000)).push(e.at);
        if (n < o.count || !cooldown.take(e.principal, e.at)) return undefined;
        return {
          detector: 'injection-repeat',
          severity: 'high',
          subject: { kind: 'principal', id: e.principal },
          score: 10,
          summary: `${n} blocked injection attempts in ${o.windowSeconds}s`,
          evidence: { attempts: n, windowSeconds: o.windowSeconds },
          at: e.at,
        };
      },
    };
  },
});
