import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { defineRecognizer } from '../recognizer.js';
import { DECODE_PATTERNS } from './decode.js';
import { FAMILIES, HEURISTIC_PATTERNS } from './heuristics.js';
import { loadBundledModel, type InjectionModel } from './model.js';
import { scoreText, type TextScore } from './score.js';

const probability = z.number().min(0.5).max(1);

/** Options of the built-in classifier; thresholds below 0.5 would be dropped by the engine's floor. */
export const classifierOptions = z
  .object({
    thresholds: z.object({ trusted: probability, untrusted: probability }).strict().optional(),
  })
  .strict();
export type ClassifierOptions = z.infer<typeof classifierOptions>;

/** Evidence for a verdict: families, decoded-segment kinds, hidden characters; never the text itself. */
export function evidenceOf(score: TextScore, threshold: number, source: string): string[] {
  const p = score.prepared;
  const evidence = FAMILIES.filter((f) => p.families[f] > 0).map((f) => `family:${f}`);
  for (const e of p.encodings) evidence.push(`decoded:${e}`);
  for (const h of p.hiddenKinds) evidence.push(`hidden:${h}`);
  for (const o of p.obfuscations) evidence.push(`obfuscation:${o}`);
  const best = p.chunks[score.best];
  if (best?.encodings) evidence.push(`strongest:decoded-${best.encodings.join('>')}`);
  evidence.push(`source:${source}`, `threshold:${threshold.toFixed(2)}`);
  return evidence;
}

/** Scores a text and returns the PROMPT_INJECTION finding when it passes the source's threshold. */
export function detectInjection(
  model: InjectionModel,
  text: string,
  source: 'trusted' | 'untrusted',
  thresholds = model.meta.thresholds,
  recognizer = 'injection.classifier',
): Finding[] {
  if (text.length === 0) return [];
  const score = scoreText(model, text);
  const threshold = source === 'untrusted' ? thresholds.untrusted : thresholds.trusted;
  if (score.probability < threshold) return [];
  const best = score.prepared.chunks[score.best];
  return [
    {
      type: 'PROMPT_INJECTION',
      start: best?.start ?? 0,
      end: best?.end ?? text.length,
      score: score.probability,
      recognizer,
      evidence: evidenceOf(score, threshold, source),
    },
  ];
}

/**
 * The local prompt-injection classifier: normalisation, decoding, heuristics and a logistic model over
 * chunks. One `PROMPT_INJECTION` finding per text, spanning its most suspicious chunk, scored with the
 * calibrated probability.
 */
export const injectionClassifier = defineRecognizer<ClassifierOptions>({
  id: 'injection.classifier',
  entities: [{ type: 'PROMPT_INJECTION', category: 'injection', level: 'internal' }],
  languages: 'any',
  scope: 'document',
  streaming: false,
  patterns: [...HEURISTIC_PATTERNS, ...DECODE_PATTERNS],
  options: classifierOptions,
  mode: 'sync',
  create(options) {
    // Loading at creation makes a missing or mismatched model fail when the scanner is built, not per request.
    const model = loadBundledModel();
    const thresholds = options.thresholds ?? model.meta.thresholds;
    return {
      scan: (text, ctx) => detectInjection(model, text, ctx.source, thresholds),
    };
  },
});
