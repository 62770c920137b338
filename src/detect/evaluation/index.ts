export * from './metrics.js';
export {
  evaluateSpans,
  PRESIDIO_TYPES,
  PREDICTION_ALIASES,
  type SpanEvalResult,
  type TypeScores,
} from './pii.js';
export { evaluateCases, CASE_TYPES, type CasesEvalResult, type CaseTypeResult } from './recognizer-cases.js';
export { evaluateSecrets, type SecretsEvalResult } from './secrets.js';
export { runPiiEval, runSecretsEval, type EvalOptions, type PiiEvalResult } from './run.js';
