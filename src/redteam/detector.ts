import { getDefaultScanner } from '../detect/index.js';
import type { Detector } from './graders/planted-data.js';

// Graders and masking need contact, financial, identity and secret data. Injection classifiers and the
// person/age taggers are skipped: they cost most of the scan time and names are not what a leak test plants.
const CATEGORIES = new Set(['contact', 'financial', 'national_id', 'health', 'credential', 'secret']);

/** The detection engine's built-in recognisers, limited to PII and secret types. */
export function engineDetector(): Detector {
  const scanner = getDefaultScanner();
  const types = [...scanner.entities.values()].filter((e) => CATEGORIES.has(e.category)).map((e) => e.type);
  return {
    scan: (text) => (types.length === 0 ? [] : scanner.scan(text, { types })),
    categoryOf: (type) => scanner.entities.get(type)?.category,
  };
}
