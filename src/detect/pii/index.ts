import type { RecognizerDescriptor } from '../recognizer.js';

/** Pattern- and checksum-based PII recognisers. */
export const piiRecognizers: readonly RecognizerDescriptor[] = [];
