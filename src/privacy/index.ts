export { DEFAULT_ORDERS, composeRdp, epsilonOf, rdpOfStep, rdpToEpsilon } from './rdp.js';
export type { EpsilonResult, Phase } from './rdp.js';
export { noiseForBudget, type NoiseSearchOptions } from './noise.js';
export {
  clopperPearson,
  exposureByRank,
  exposureBySkewNormal,
  fitSkewNormal,
  skewNormalLogCdf,
  type Interval,
  type SkewNormal,
} from './memorization-stats.js';
export {
  parseCanaries,
  parseFillFormat,
  referenceFillings,
  seededRandom,
  type CanaryRecord,
  type FillFormat,
} from './memorization-canaries.js';
export {
  auditMemorization,
  matchSecret,
  type CanaryAuditResult,
  type ExposureResult,
  type MemorizationAuditOptions,
  type MemorizationAuditResult,
  type MemorizationModel,
} from './memorization.js';
export { formatMemorizationReport } from './memorization-report.js';
