import {
  builtinRecognizers,
  createConfiguredScanner,
  createScanner,
  type ClassificationRules,
  type DetectSettings,
  type ScanOptions,
  type Scanner,
} from '../../detect/index.js';

/** What a worker needs to build the same scanner as the main thread (plain data: it crosses threads). */
export interface DatasetScanOptions {
  /** Entity types to report; default: every PII and secret type (injection only when asked for). */
  types?: string[];
  minScore?: number;
  language?: string;
  /** Recogniser ids to turn off, e.g. the tagger for a pattern-only pass. */
  disabled?: string[];
  /** A gateway config's `detect` section (custom patterns included), so datasets see what prompts see. */
  detect?: DetectSettings;
  /** The config's classification overrides, for levels in reports and level rules. */
  classification?: ClassificationRules;
}

/**
 * Just the scan settings, copied field by field: callers pass richer option objects (progress
 * callbacks, paths) and only plain data can be cloned into a worker.
 */
export function scanSettings(options: DatasetScanOptions): DatasetScanOptions {
  const { types, minScore, language, disabled, detect, classification } = options;
  return {
    ...(types ? { types: [...types] } : {}),
    ...(minScore !== undefined ? { minScore } : {}),
    ...(language !== undefined ? { language } : {}),
    ...(disabled ? { disabled: [...disabled] } : {}),
    // Plain JSON from the config: structured clone copies it into the worker.
    ...(detect ? { detect: JSON.parse(JSON.stringify(detect)) as DetectSettings } : {}),
    ...(classification
      ? { classification: JSON.parse(JSON.stringify(classification)) as ClassificationRules }
      : {}),
  };
}

export function buildScanner(options: DatasetScanOptions): Scanner {
  const disabled = options.disabled ?? [];
  if (!options.detect) return createScanner({ recognizers: builtinRecognizers, disabled });
  return createConfiguredScanner({ ...options.detect, disabled: [...options.detect.disabled, ...disabled] });
}

/** The per-call scan options implied by the dataset options; by default every non-injection type. */
export function scanOptionsOf(options: DatasetScanOptions, scanner: Scanner): ScanOptions {
  const dataTypes = [...scanner.entities.values()]
    .filter((e) => e.category !== 'injection')
    .map((e) => e.type);
  return {
    types: options.types ?? dataTypes,
    ...(options.minScore !== undefined ? { minScore: options.minScore } : {}),
    ...(options.language ? { language: options.language } : {}),
  };
}
