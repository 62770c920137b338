/** The library API: `import { scan, classify, anonymize } from 'bulwark'`. */
export * from './core/index.js';
export { scan, classify, createScanner, getDefaultScanner, builtinRecognizers } from './detect/index.js';
export type { ScanOptions, Scanner, RecognizerDescriptor, EntityDescriptor } from './detect/index.js';
export {
  anonymize,
  createAnonymizer,
  tokenize,
  createRestorer,
  restore,
  OPERATOR_NAMES,
} from './transform/index.js';
export type {
  Anonymizer,
  AnonymizeOptions,
  AnonymizeResult,
  AppliedOperation,
  OperatorName,
  OperatorSpec,
  OperatorMap,
  TokenizeOptions,
  TokenizeResult,
  TokenStyle,
  TokenMapping,
  Restorer,
} from './transform/index.js';
