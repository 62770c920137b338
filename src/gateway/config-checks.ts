import type { BulwarkConfig, LoadConfigOptions } from '../config/index.js';
import { checkDetectSettings } from '../detect/index.js';

/**
 * The checks the config module cannot make itself (it imports no detector): custom patterns compile
 * and are ReDoS-safe, recogniser ids exist, their options pass their schemas. `bulwark start`, SIGHUP
 * reload and `bulwark config validate` all load with these, so a bad pattern is named with its line.
 */
export const configChecks: NonNullable<LoadConfigOptions['check']> = (config: BulwarkConfig) =>
  checkDetectSettings(config.detect).map((issue) => ({
    path: ['detect', ...issue.path],
    message: issue.message,
  }));
