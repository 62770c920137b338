import { getDefaultScanner } from '../detect/index.js';
import type { Detector } from './graders/planted-data.js';

/** The detection engine's built-in recognisers, as graders and masking use them. */
export function engineDetector(): Detector {
  const scanner = getDefaultScanner();
  return {
    scan: (text) => scanner.scan(text),
    categoryOf: (type) => scanner.entities.get(type)?.category,
  };
}
