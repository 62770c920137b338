import { builtinRecognizers, createScanner, type ScanOptions, type Scanner } from '../../detect/index.js';

/** What a worker needs to build the same scanner as the main thread (plain data: it crosses threads). */
export interface DatasetScanOptions {
  types?: string[];
  minScore?: number;
  language?: string;
  /** Recogniser ids to turn off, e.g. the tagger for a pattern-only pass. */
  disabled?: string[];
}

export function buildScanner(options: DatasetScanOptions): Scanner {
  return createScanner({ recognizers: builtinRecognizers, disabled: options.disabled ?? [] });
}

/** The per-call scan options implied by the dataset options. */
export function scanOptionsOf(options: DatasetScanOptions): ScanOptions {
  return {
    ...(options.types ? { types: options.types } : {}),
    ...(options.minScore !== undefined ? { minScore: options.minScore } : {}),
    ...(options.language ? { language: options.language } : {}),
  };
}
