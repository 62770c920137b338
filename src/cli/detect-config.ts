import { existsSync } from 'node:fs';
import { loadConfig } from '../config/index.js';
import type { ClassificationRules, DetectSettings } from '../detect/index.js';
import { configChecks } from '../gateway/config-checks.js';

/** What a gateway config says about detection: recognisers, custom patterns and classification. */
export interface DetectConfig {
  detect: DetectSettings;
  classification: ClassificationRules;
}

const DEFAULTS: DetectConfig = {
  detect: { disabled: [], enabled: [], options: {}, custom: [] },
  classification: {},
};

/**
 * The `detect` section and `policy.classification` of the config file, so the CLI finds what the
 * gateway finds (custom patterns included); the defaults when the file does not exist. A bad file
 * throws its ConfigError (with lines), like `bulwark config validate`.
 */
export function detectConfigOf(file: string | undefined): DetectConfig {
  if (file === undefined || !existsSync(file)) return DEFAULTS;
  const config = loadConfig(file, { check: configChecks });
  return { detect: config.detect, classification: config.policy.classification };
}
