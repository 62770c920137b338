import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import type { ContextWords } from '../context.js';
import {
  defineRecognizer,
  type EntityDescriptor,
  type ScanContext,
  type SyncRecognizerDescriptor,
} from '../recognizer.js';
import { alignedLower, contextRegions, eachMatchIn, finding, hasDigit, withContext } from './span-tools.js';

/** One regex for an entity, with how to validate and score what it matches. */
export interface PatternRule {
  /** Global regex; the whole match (or the `value` named group) is the span. */
  pattern: RegExp;
  /** Base score of a validated match, before context; a function may grade by shape. */
  score: number | ((raw: string) => number);
  /** Receives the match with separators removed; false drops the match. */
  validate?: (compact: string, raw: string) => boolean;
  /** Evidence label when the validator passed, e.g. 'checksum'. */
  evidence?: string;
  /**
   * Match against the lower-cased text (same offsets) instead of using the `i` flag: V8 scans a
   * case-sensitive regex several times faster.
   */
  lower?: boolean;
}

export interface PatternEntity extends EntityDescriptor {
  rules: readonly PatternRule[];
  context: ContextWords;
  /** Emit only when a positive context word is near (weak formats such as MRN). */
  requireContext?: boolean;
}

export interface PatternRecognizerSpec {
  id: string;
  entities: readonly PatternEntity[];
  languages?: readonly string[] | 'any';
  keywords?: readonly string[];
  /** Characters of context looked at before and after a span. */
  window?: { before?: number; after?: number };
}

const SEPARATORS = /[\s.\-/]/g;

/** Removes the separators people print inside numbers (spaces, dots, dashes, slashes). */
export function compact(raw: string): string {
  return raw.replace(SEPARATORS, '');
}

/**
 * Scans with each rule's regex, validates, then applies context. Shared by the format-and-checksum
 * recognisers so that each family file holds only its data: patterns, validators, scores, words.
 */
export function scanPatterns(spec: PatternRecognizerSpec, text: string, ctx: ScanContext): Finding[] {
  const out: Finding[] = [];
  // Every pattern-spec recogniser matches numbers or identifiers with digits.
  if (!hasDigit(text, ctx)) return out;
  const lower = alignedLower(text, ctx);
  for (const entity of spec.entities) {
    // Weak formats that only count with context scan only near context words.
    const regions = entity.requireContext
      ? contextRegions(
          lower,
          entity.context.positive ?? [],
          spec.window?.before ?? 48,
          spec.window?.after ?? 16,
        )
      : [[0, text.length] as [number, number]];
    for (const rule of entity.rules) {
      const subject = rule.lower === true ? lower : text;
      for (const [from, to] of regions) {
        eachMatchIn(rule.pattern, subject, from, to, (m) => {
          const value = m.groups?.['value'];
          const start = m.index + (value !== undefined ? m[0].indexOf(value) : 0);
          const raw = text.slice(start, start + (value ?? m[0]).length);
          const end = start + raw.length;
          const evidence: string[] = [];
          if (rule.validate) {
            if (!rule.validate(compact(raw), raw)) return;
            if (rule.evidence) evidence.push(rule.evidence);
          }
          const base = typeof rule.score === 'number' ? rule.score : rule.score(raw);
          const scored = withContext(lower, start, end, base, entity.context, evidence, spec.window);
          if (entity.requireContext && !scored.evidence.includes('context+')) return;
          out.push(finding(entity.type, start, end, scored, spec.id));
        });
      }
    }
  }
  return out;
}

/** Builds a synchronous span recogniser from a pattern spec. */
export function definePatternRecognizer(spec: PatternRecognizerSpec): SyncRecognizerDescriptor<object> {
  return defineRecognizer({
    id: spec.id,
    mode: 'sync',
    entities: spec.entities.map(({ type, category, level }) => ({ type, category, level })),
    languages: spec.languages ?? 'any',
    scope: 'span',
    streaming: true,
    ...(spec.keywords ? { keywords: spec.keywords } : {}),
    patterns: spec.entities.flatMap((e) => e.rules.map((r) => r.pattern)),
    options: z.object({}),
    create: () => ({ scan: (text, ctx) => scanPatterns(spec, text, ctx) }),
  });
}
