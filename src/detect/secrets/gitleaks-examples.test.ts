import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanner } from './test-secrets.js';

const FILE = fileURLToPath(
  new URL('../../../../shared/datasets/secrets/gitleaks/gitleaks_rule_examples.jsonl', import.meta.url),
);
const present = existsSync(FILE);
if (!present) {
  if (process.env.CI === 'true') throw new Error(`gitleaks examples missing at ${FILE}`);
  console.warn(`[skip] gitleaks examples not found at ${FILE}; precision/recall not measured`);
}

describe.skipIf(!present)('gitleaks rule examples (86 true, 283 false positives)', () => {
  it('reaches precision >= 0.95 and recall >= 0.95, counting any secret or credential finding', () => {
    const rows = readFileSync(FILE, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { rule_id: string; label: 0 | 1; text: string });
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const misses: string[] = [];
    for (const row of rows) {
      const predicted = scanner.scan(row.text).some((f) => {
        const category = scanner.entities.get(f.type)?.category;
        return category === 'secret' || category === 'credential';
      });
      if (predicted && row.label === 1) tp++;
      else if (predicted) {
        fp++;
        misses.push(`FP ${row.rule_id}`);
      } else if (row.label === 1) {
        fn++;
        misses.push(`FN ${row.rule_id}`);
      }
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      `gitleaks examples: tp=${tp} fp=${fp} fn=${fn} precision=${precision.toFixed(3)} recall=${recall.toFixed(3)}\n  ${misses.join('\n  ')}`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});
