import { builtinRecognizers, createScanner, type ScanOptions, type Scanner } from '../../detect/index.js';

/** What a worker needs to build the same scanner as the main thread (plain data: it crosses threads). */
export interface DatasetScanOptions {
  /** Entity types to report; default: every PII and secret type (injection only when asked for). */
  types?: string[];
  minScore?: number;
  language?: string;
  /** Recogniser ids to turn off, e.g. the tagger for a pattern-only pass. */
  disabled?: string[];
}

/**
 * Just the scan settings, copied field by field: callers pass richer option objects (progress
 * callbacks, paths) and only plain data can be cloned into a worker.
 */
export function scanSettings(options: DatasetScanOptions): DatasetScanOptions {
  const { types, minScore, language, disabled } = options;
  return {
    ...(types ? { types: [...types] } : {}),
    ...(minScore !== undefined ? { minScore } : {}),
    ...(language !== undefined ? { language } : {}),
    ...(disabled ? { disabled: [...disabled] } : {}),
  };
}

export function buildScanner(options: DatasetScanOptions): Scanner {
  return createScanner({ recognizers: builtinRecognizers, disabled: options.disabled ?? [] });
}

/** The data-protection types: everything the built-in recognisers emit except injection signals. */
const DATA_TYPES = builtinRecognizers.flatMap((d) =>
  d.entities.filter((e) => e.category !== 'injection').map((e) => e.type),
);

/** The per-call scan options implied by the dataset options. */
export function scanOptionsOf(options: DatasetScanOptions): ScanOptions {
  return {
    types: options.types ?? DATA_TYPES,
    ...(options.minScore !== undefined ? { minScore: options.minScore } : {}),
    ...(options.language ? { language: options.language } : {}),
  };
}
