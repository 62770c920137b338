/** The library API: `import { scan, classify, anonymize } from 'bulwark'`. */
export * from './core/index.js';
export { scan, classify, createScanner, getDefaultScanner, builtinRecognizers } from './detect/index.js';
export type { ScanOptions, Scanner, RecognizerDescriptor, EntityDescriptor } from './detect/index.js';
