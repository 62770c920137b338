/**
 * Runs recheck over every built-in pattern and records the verdicts in src/detect/redos-audit.json,
 * so the test suite re-checks only new or changed patterns (plus a sample of recorded ones).
 *   npm run audit:redos
 */
import { writeFileSync } from 'node:fs';
import { checkRegexSafety } from '../src/detect/redos.js';
import { declaredPatterns, patternKey } from '../src/detect/redos-audit.js';
import { builtinRecognizers } from '../src/detect/registry.js';

const record: Record<string, { recognizer: string; status: string }> = {};
let unsafe = 0;
for (const { id, pattern } of declaredPatterns(builtinRecognizers)) {
  const verdict = checkRegexSafety(pattern);
  if (!verdict.safe) {
    unsafe++;
    console.error(
      `UNSAFE ${id}: /${pattern.source.slice(0, 80)}/ ${verdict.status} ${verdict.complexity ?? ''}`,
    );
    continue;
  }
  record[patternKey(pattern)] = { recognizer: id, status: verdict.status };
}
const sorted = Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync('src/detect/redos-audit.json', JSON.stringify(sorted, null, 1) + '\n');
console.log(`${Object.keys(sorted).length} patterns recorded safe, ${unsafe} unsafe`);
process.exitCode = unsafe > 0 ? 1 : 0;
