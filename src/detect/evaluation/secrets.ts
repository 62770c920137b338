import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Scanner } from '../engine.js';
import { scores, type Counts, type Scores } from './metrics.js';

export const GITLEAKS_EXAMPLES = join('secrets', 'gitleaks', 'gitleaks_rule_examples.jsonl');

/** Entity categories that make an example a predicted positive. */
const SECRET_CATEGORIES = new Set(['secret', 'credential']);

export interface SecretsEvalResult {
  file: string;
  examples: number;
  positives: number;
  negatives: number;
  msPerExample: number;
  overall: Scores;
  /** Documented false positives flagged, over all negatives. */
  falsePositiveRate: number;
  /** Per gitleaks rule id; a rule's negatives are its documented false positives. */
  perRule: Record<string, Scores & { negatives: number }>;
}

/**
 * Scores secret detection on gitleaks' literal rule examples: an example is predicted positive when
 * any finding of category 'secret' or 'credential' appears in it, whatever its rule.
 */
export async function evaluateSecrets(file: string, scanner: Scanner): Promise<SecretsEvalResult> {
  const overall: Counts = { tp: 0, fp: 0, fn: 0 };
  const perRule = new Map<string, Counts>();
  const ruleNegatives = new Map<string, number>();
  let examples = 0;
  let positives = 0;
  let elapsed = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { rule_id: string; label: 0 | 1; text: string };
    examples++;
    if (row.label === 1) positives++;
    else ruleNegatives.set(row.rule_id, (ruleNegatives.get(row.rule_id) ?? 0) + 1);
    const started = performance.now();
    const findings = await scanner.scanAsync(row.text);
    elapsed += performance.now() - started;
    const predicted = findings.some((f) => {
      const category = scanner.entities.get(f.type)?.category;
      return category !== undefined && SECRET_CATEGORIES.has(category);
    });
    const rule = perRule.get(row.rule_id) ?? { tp: 0, fp: 0, fn: 0 };
    const key = predicted ? (row.label === 1 ? 'tp' : 'fp') : row.label === 1 ? 'fn' : undefined;
    if (key) {
      overall[key]++;
      rule[key]++;
    }
    perRule.set(row.rule_id, rule);
  }
  return {
    file,
    examples,
    positives,
    negatives: examples - positives,
    msPerExample: examples === 0 ? 0 : elapsed / examples,
    overall: scores(overall),
    falsePositiveRate: examples === positives ? 0 : overall.fp / (examples - positives),
    perRule: Object.fromEntries(
      [...perRule]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([id, c]) => [id, { ...scores(c), negatives: ruleNegatives.get(id) ?? 0 }]),
    ),
  };
}
