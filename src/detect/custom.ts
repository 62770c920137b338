import { z } from 'zod';
import type { Finding, Level } from '../core/index.js';
import { alignedLower, eachMatch, finding, withContext } from './pii/span-tools.js';
import {
  ENTITY_CATEGORIES,
  defineRecognizer,
  type EntityCategory,
  type RecognizerDescriptor,
} from './recognizer.js';
import { checkRegexSafety } from './redos.js';

/** A user-defined pattern (the config's `detect.custom[]`, already shape-checked there). */
export interface CustomPatternSpec {
  id: string;
  type: string;
  category: string;
  level: Level;
  pattern: string;
  flags: string;
  score: number;
  context: { positive: readonly string[]; negative: readonly string[] };
  requireContext: boolean;
  keywords?: readonly string[] | undefined;
}

/** A problem with one spec, by its path under `detect.custom`; never the pattern itself. */
export interface SpecIssue {
  path: (string | number)[];
  message: string;
}

/**
 * What is wrong with the specs: unknown categories, duplicate ids, patterns that do not compile, and
 * patterns that could backtrack catastrophically (checked with recheck, exactly as the built-in
 * patterns are in the tests), so a hostile or careless pattern cannot stall every request.
 */
export function checkCustomPatterns(specs: readonly CustomPatternSpec[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const seen = new Set<string>();
  specs.forEach((spec, i) => {
    if (seen.has(spec.id)) issues.push({ path: [i, 'id'], message: 'duplicate recogniser id' });
    seen.add(spec.id);
    if (!(ENTITY_CATEGORIES as readonly string[]).includes(spec.category))
      issues.push({ path: [i, 'category'], message: `must be one of ${ENTITY_CATEGORIES.join(', ')}` });
    let re: RegExp;
    try {
      re = new RegExp(spec.pattern, spec.flags);
    } catch {
      issues.push({ path: [i, 'pattern'], message: 'is not a valid regular expression' });
      return;
    }
    if (re.exec('') !== null) issues.push({ path: [i, 'pattern'], message: 'matches the empty string' });
    const safety = checkRegexSafety(re);
    if (!safety.safe)
      issues.push({
        path: [i, 'pattern'],
        message: `may backtrack catastrophically (${safety.complexity ?? safety.status}); bound every quantifier, e.g. {1,64}`,
      });
  });
  return issues;
}

/** Descriptors for valid specs; call `checkCustomPatterns` first (this throws on an invalid one). */
export function customRecognizers(specs: readonly CustomPatternSpec[]): RecognizerDescriptor[] {
  const issues = checkCustomPatterns(specs);
  if (issues.length > 0) throw new Error(`detect.custom.${issues[0]!.path.join('.')} ${issues[0]!.message}`);
  return specs.map(customRecognizer);
}

function customRecognizer(spec: CustomPatternSpec): RecognizerDescriptor {
  const pattern = new RegExp(spec.pattern, `g${spec.flags}`);
  const context = { positive: [...spec.context.positive], negative: [...spec.context.negative] };
  return defineRecognizer({
    id: spec.id,
    mode: 'sync',
    entities: [{ type: spec.type, category: spec.category as EntityCategory, level: spec.level }],
    languages: 'any',
    scope: 'span',
    streaming: true,
    ...(spec.keywords ? { keywords: spec.keywords.map((k) => k.toLowerCase()) } : {}),
    patterns: [pattern],
    options: z.object({}),
    create: () => ({
      scan(text, ctx): Finding[] {
        const out: Finding[] = [];
        const lower = alignedLower(text, ctx);
        eachMatch(pattern, text, (m) => {
          if (m[0].length === 0) return;
          const end = m.index + m[0].length;
          const scored = withContext(lower, m.index, end, spec.score, context, ['pattern']);
          if (spec.requireContext && !scored.evidence.includes('context+')) return;
          out.push(finding(spec.type, m.index, end, scored, spec.id));
        });
        return out;
      },
    }),
  });
}
