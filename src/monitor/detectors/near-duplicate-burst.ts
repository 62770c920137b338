import { z } from 'zod';
import { Cooldown, defineDetector } from '../detector.js';
import { sketchSimilarity } from '../sketch.js';
import type { Signal } from '../types.js';
import { LruMap } from '../window.js';

const options = z.strictObject({
  /** Near-identical (not identical) prompts within the window that make an incident. */
  count: z.number().int().min(3).default(8),
  windowSeconds: z.number().positive().default(300),
  /** Estimated Jaccard similarity of 5-gram sketches above which two prompts are near-identical. */
  similarity: z.number().min(0.3).max(0.99).default(0.6),
  /** Recent prompts remembered per principal. */
  memory: z.number().int().min(4).max(256).default(24),
  cooldownSeconds: z.number().positive().default(900),
  /**
   * Also compare per source address, so a burst spread over rotated keys is one burst. An address's
   * signal needs the near-identical prompts to come from two or more principals.
   */
  perSource: z.boolean().default(true),
});

interface Recent {
  at: number;
  sketch: Uint32Array;
  principal: string;
}

function identical(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Bursts of near-identical prompts with varied suffixes (extraction, probing, fuzzing). Exact
 * repeats are ignored: retries and cached questions are benign.
 */
export const nearDuplicateBurst = defineDetector({
  id: 'near-duplicate-burst',
  family: 'probing',
  description: 'A burst of near-identical prompts with varied suffixes from one principal or one address.',
  options,
  create(o: z.infer<typeof options>) {
    const recent = new LruMap<string, Recent[]>(50_000);
    const bySource = new LruMap<string, Recent[]>(50_000);
    const cooldown = new Cooldown(o.cooldownSeconds * 1000);
    const windowMs = o.windowSeconds * 1000;
    /** Prompts in `list` near-identical (not identical) to `sketch`; then remembers this one. */
    function nearIn(list: Recent[], r: Recent): { near: number; principals: number } {
      while (list.length > 0 && (list[0]?.at ?? 0) <= r.at - windowMs) list.shift();
      let near = 0;
      const who = new Set([r.principal]);
      for (const x of list) {
        if (sketchSimilarity(x.sketch, r.sketch) >= o.similarity && !identical(x.sketch, r.sketch)) {
          near++;
          who.add(x.principal);
        }
      }
      list.push(r);
      if (list.length > o.memory) list.shift();
      return { near: near + 1, principals: who.size };
    }

    const signal = (
      subject: Signal['subject'],
      near: number,
      at: number,
      extra: Signal['evidence'] = {},
    ): Signal => ({
      detector: 'near-duplicate-burst',
      severity: 'high',
      subject,
      score: 8,
      summary: `${near} near-identical prompts in ${o.windowSeconds}s`,
      evidence: { nearIdentical: near, windowSeconds: o.windowSeconds, similarity: o.similarity, ...extra },
      at,
    });

    return {
      observe(e) {
        if (e.sketch === undefined) return undefined;
        const r = { at: e.at, sketch: e.sketch, principal: e.principal };
        const own = nearIn(
          recent.get(e.principal, () => []),
          r,
        );
        const fromSource =
          o.perSource && e.source !== undefined
            ? nearIn(
                bySource.get(e.source, () => []),
                r,
              )
            : undefined;
        if (own.near >= o.count && cooldown.take(e.principal, e.at))
          return signal({ kind: 'principal', id: e.principal }, own.near, e.at);
        if (
          e.source !== undefined &&
          fromSource !== undefined &&
          fromSource.near >= o.count &&
          fromSource.principals >= 2 &&
          cooldown.take(`source:${e.source}`, e.at)
        )
          return signal({ kind: 'source', id: e.source }, fromSource.near, e.at, {
            principals: fromSource.principals,
          });
        return undefined;
      },
    };
  },
});
