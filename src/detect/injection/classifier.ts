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
    /** Longer texts are scored on their first and last halves of this many characters. */
    maxChars: z.number().int().min(1024).max(4_194_304).optional(),
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

/** Default cap on scored characters: beyond it, the head and the tail are scored (bounded cost per request). */
export const DEFAULT_MAX_CHARS = 262_144;

/** Scores a text and returns the PROMPT_INJECTION finding when it passes the source's threshold. */
export function detectInjection(
  model: InjectionModel,
  text: string,
  source: 'trusted' | 'untrusted',
  thresholds = model.meta.thresholds,
  maxChars = DEFAULT_MAX_CHARS,
): Finding[] {
  if (text.length === 0) return [];
  const parts =
    text.length <= maxChars
      ? [{ offset: 0, text }]
      : [
          { offset: 0, text: text.slice(0, maxChars / 2) },
          { offset: text.length - maxChars / 2, text: text.slice(-maxChars / 2) },
        ];
  let best: { offset: number; score: TextScore } | undefined;
  for (const part of parts) {
    const score = scoreText(model, part.text);
    if (!best || score.probability > best.score.probability) best = { offset: part.offset, score };
  }
  const { score, offset } = best!;
  const threshold = source === 'untrusted' ? thresholds.untrusted : thresholds.trusted;
  if (score.probability < threshold) return [];
  const chunk = score.prepared.chunks[score.best];
  const evidence = evidenceOf(score, threshold, source);
  if (parts.length > 1) evidence.push('truncated');
  return [
    {
      type: 'PROMPT_INJECTION',
      start: offset + (chunk?.start ?? 0),
      end: offset + (chunk?.end ?? score.prepared.length),
      score: score.probability,
      recognizer: 'injection.classifier',
      evidence,
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
    const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
    return {
      scan: (text, ctx) => detectInjection(model, text, ctx.source, thresholds, maxChars),
    };
  },
});
