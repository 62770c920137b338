import { z } from 'zod';
import { Cooldown, defineDetector } from '../detector.js';
import { sketchSimilarity } from '../sketch.js';
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
});

interface Recent {
  at: number;
  sketch: Uint32Array;
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
  description: 'A burst of near-identical prompts with varied suffixes from one principal.',
  options,
  create(o: z.infer<typeof options>) {
    const recent = new LruMap<string, Recent[]>(50_000);
    const cooldown = new Cooldown(o.cooldownSeconds * 1000);
    const windowMs = o.windowSeconds * 1000;
    return {
      observe(e) {
        if (e.sketch === undefined) return undefined;
        const list = recent.get(e.principal, () => []);
        while (list.length > 0 && (list[0]?.at ?? 0) <= e.at - windowMs) list.shift();
        let near = 0;
        for (const r of list) {
          if (sketchSimilarity(r.sketch, e.sketch) >= o.similarity && !identical(r.sketch, e.sketch)) near++;
        }
        list.push({ at: e.at, sketch: e.sketch });
        if (list.length > o.memory) list.shift();
        if (near + 1 < o.count || !cooldown.take(e.principal, e.at)) return undefined;
        return {
          detector: 'near-duplicate-burst',
          severity: 'high',
          subject: { kind: 'principal', id: e.principal },
          score: 8,
          summary: `${near + 1} near-identical prompts in ${o.windowSeconds}s`,
          evidence: { nearIdentical: near + 1, windowSeconds: o.windowSeconds, similarity: o.similarity },
          at: e.at,
        };
      },
    };
  },
});
