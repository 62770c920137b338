import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatPresidioResults, runPresidioCases } from './presidio-cases.js';

const CASES = new URL(
  '../../../../shared/datasets/pii/presidio-recognizer-tests/presidio_recognizer_cases.json',
  import.meta.url,
);
const present = existsSync(CASES);
if (!present) console.warn(`Presidio recogniser cases not found at ${CASES.pathname}: skipping`);

describe.skipIf(!present && process.env['CI'] !== 'true')('Presidio recogniser test cases', () => {
  it('finds the positives and rejects the hard negatives of every type we support', () => {
    const results = runPresidioCases(CASES.pathname);
    console.log(formatPresidioResults(results));
    const sum = (key: 'positives' | 'foundAnyScore' | 'negatives' | 'rejected') =>
      results.reduce((n, r) => n + r[key], 0);
    expect(results.length).toBeGreaterThanOrEqual(25);
    expect(sum('foundAnyScore') / sum('positives')).toBeGreaterThanOrEqual(0.95);
    expect(sum('rejected') / sum('negatives')).toBeGreaterThanOrEqual(0.98);
    // Checksummed and strongly formatted types: every positive and every hard negative.
    for (const r of results.filter((x) =>
      ['IBAN', 'CREDIT_CARD', 'EMAIL', 'MAC_ADDRESS', 'ES_NIE', 'ES_NIF'].includes(x.type),
    )) {
      expect(r.foundAtThreshold, r.type).toBe(r.positives);
      expect(r.rejected, r.type).toBe(r.negatives);
    }
  });
});
