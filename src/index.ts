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
export { openStorage } from './storage/index.js';
export type { Storage, OpenStorageOptions } from './storage/index.js';
export { createKeyRing, createLocalKms, loadRootKey, createFf1String, subjects } from './crypto/index.js';
export type { KeyRing, KmsAdapter } from './crypto/index.js';
export { openAuditLog, verifyAuditLog, proveInclusion, exportAuditLog } from './audit/index.js';
export type { AuditLog, AuditInput, VerifyResult } from './audit/index.js';
export { doRedteam, probes, strategies, planAttacks, createClient } from './redteam/index.js';
export type { RedteamOptions, RedteamResult, RunReport, AttemptRecord } from './redteam/index.js';
export {
  auditMemorization,
  parseCanaries,
  clopperPearson,
  exposureByRank,
  exposureBySkewNormal,
} from './privacy/index.js';
export type { MemorizationAuditOptions, MemorizationAuditResult, CanaryRecord } from './privacy/index.js';
