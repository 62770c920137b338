import type { Finding, Level } from '../core/index.js';
import { classify as classifyWith, type ClassificationRules } from './classify.js';
import { createScanner, type ScanOptions, type Scanner } from './engine.js';
import { builtinRecognizers } from './registry.js';

export * from './recognizer.js';
export * from './engine.js';
export * from './classify.js';
export { resolveOverlaps } from './merge.js';
export { contextSignal, type ContextWords } from './context.js';
export { builtinRecognizers } from './registry.js';
export { checkCustomPatterns, customRecognizers, type CustomPatternSpec, type SpecIssue } from './custom.js';
export {
  checkDetectSettings,
  createConfiguredScanner,
  entityCatalog,
  type DetectSettings,
} from './configured.js';

let defaultScanner: Scanner | undefined;

/** The scanner with every built-in recogniser at its default options (built on first use). */
export function getDefaultScanner(): Scanner {
  defaultScanner ??= createScanner({ recognizers: builtinRecognizers });
  return defaultScanner;
}

/**
 * Scans text with the built-in recognisers.
 * @example scan('mail me at ana@example.com') // [{ type: 'EMAIL', start: 11, end: 26, ... }]
 */
export function scan(text: string, options?: ScanOptions): Finding[] {
  return getDefaultScanner().scan(text, options);
}

/** Classifies findings with the built-in entity defaults, overridable by rules. */
export function classify(findings: readonly Finding[], rules?: ClassificationRules): Level {
  return classifyWith(findings, getDefaultScanner().entities, rules);
}
